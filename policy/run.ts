/** Finds synthesized stacks on disk and checks them with their environment's exceptions. */
import { existsSync, lstatSync, readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { ConfigError } from "../core/errors";
import { loadEnvironments } from "../config/load";
import type { EnvironmentConfig } from "../config/schema/environment";
import { jsonTextProblem, mergedEntries, objectsOf } from "./terraform-json";
import { trustedCheckOptions, trustedStack } from "./trust";
import { checkStack } from "./check";
import { loadEnvironmentExceptions, today } from "./exceptions";
import type { Exception, Finding, PackName, StackReport } from "./model";

export const STACK_FILE = "cdk.tf.json";
export const DEFAULT_EXCEPTIONS_DIR = join(__dirname, "..", "config", "exceptions");

/** Input the checker cannot read: printed as a message, exit code 2. */
export class PolicyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyInputError";
  }
}

function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}

/**
 * A stack directory holding both `cdk.tf.json` and `cdk.tf`: one is stale from a synthesis in the other
 * format, and Terraform reads both. Refused rather than judging a file Terraform may not apply.
 */
function refuseMixedFormats(file: string): void {
  if (basename(file) !== STACK_FILE || !existsSync(join(dirname(file), "cdk.tf"))) return;
  throw new PolicyInputError(
    `${shown(dirname(file))}: holds both ${STACK_FILE} and cdk.tf (one is stale from a synthesis in the other format); synthesize again and retry`,
  );
}

/**
 * The `cdk.tf.json` files named by `paths` (files as given, directories searched recursively). Symlinked
 * directories are followed (each real directory once); a symlink loop or a dangling link is refused,
 * never skipped.
 */
export function findStackFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const visited = new Set<string>();
  const walk = (dir: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (err) {
      throw new PolicyInputError(
        `${shown(dir)}: cannot resolve: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (a symlink loop or a dangling link?)`,
      );
    }
    if (visited.has(real)) return;
    visited.add(real);
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.name === "node_modules" || entry.name === ".terraform") continue;
      const full = join(dir, entry.name);
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDir = statSync(full).isDirectory();
        } catch (err) {
          throw new PolicyInputError(
            `${shown(full)}: symlink cannot be followed: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
          );
        }
      }
      if (isDir) walk(full);
      else if (entry.name === STACK_FILE) files.push(full);
    }
  };
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new PolicyInputError(
        code === "ENOENT" && !isSymlink(path)
          ? `${shown(path)}: no such file or directory`
          : `${shown(path)}: cannot read: ${code ?? (err as Error).message}`,
      );
    }
    if (stat.isDirectory()) {
      const before = files.length;
      walk(path);
      if (files.length === before)
        throw new PolicyInputError(`${shown(path)}: no ${STACK_FILE} found in this directory`);
    } else {
      files.push(path);
    }
  }
  files.forEach(refuseMixedFormats);
  return files;
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Parses a synthesized stack file; PolicyInputError when it is unreadable or not Terraform JSON. */
export function readStackFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new PolicyInputError(`${shown(file)}: not a regular file`);
    text = readFileSync(file, "utf8");
  } catch (err) {
    if (err instanceof PolicyInputError) throw err;
    throw new PolicyInputError(
      `${shown(file)}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return parseStackText(shown(file), text);
}

/** Parses stack JSON text: refuses what Terraform reads differently (duplicate keys, a BOM) or cannot be a stack. */
export function parseStackText(where: string, text: string): Record<string, unknown> {
  const problem = jsonTextProblem(text);
  if (problem) throw new PolicyInputError(`${where}: ${problem}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PolicyInputError(`${where}: not valid JSON: ${(err as Error).message}`);
  }
  return requireStackObject(where, json);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length ? "a list with non-object entries" : "an empty list";
  return typeof value === "object" ? "an empty object" : `a ${typeof value}`;
}

/** The JSON as a stack object, or PolicyInputError naming what it is instead. */
export function requireStackObject(where: string, json: unknown): Record<string, unknown> {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new PolicyInputError(
      `${where}: not a synthesized Terraform stack (expected a JSON object, got ${json === null ? "null" : Array.isArray(json) ? "a list" : typeof json})`,
    );
  }
  for (const key of ["resource", "data", "output", "provider", "locals", "variable", "terraform"]) {
    const value = (json as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (value === null || typeof value !== "object")
      throw new PolicyInputError(
        `${where}: "${key}" is ${value === null ? "null" : typeof value}; expected an object or a list of objects`,
      );
  }
  // Resource and data blocks Terraform would refuse are refused here too, never skipped.
  for (const section of ["resource", "data"]) {
    for (const [type, byName] of mergedEntries((json as Record<string, unknown>)[section])) {
      if (!objectsOf(byName).length || (Array.isArray(byName) && byName.length !== objectsOf(byName).length))
        throw new PolicyInputError(
          `${where}: ${section}.${type} is ${describe(byName)}; expected an object of named blocks`,
        );
      for (const [name, body] of mergedEntries(byName)) {
        const bodies = objectsOf(body);
        if (!bodies.length || (Array.isArray(body) && body.length !== bodies.length))
          throw new PolicyInputError(
            `${where}: ${section}.${type}.${name} is ${describe(body)}; expected a block body (an object)`,
          );
      }
    }
  }
  return json as Record<string, unknown>;
}

export interface RunOptions {
  /**
   * Directory of exceptions files (`<environment>.yaml`).
   * @default config/exceptions
   */
  readonly exceptionsDir?: string;
  /**
   * Pack to enforce instead of the one each stack records.
   * @default the stack's recorded pack (baseline when none)
   */
  readonly pack?: PackName;
  /**
   * Today's date, YYYY-MM-DD.
   * @default the current UTC date
   */
  readonly today?: string;
  /**
   * The validated environments: they decide each stack's environment, role, production flag, project
   * and exception lifetime (the JSON's own metadata is only compared).
   * @default loaded from `configDir`
   */
  readonly environments?: readonly EnvironmentConfig[];
  /**
   * Directory of environment files, read when `environments` is not given.
   * @default config/environments
   */
  readonly configDir?: string;
  /**
   * The stack of a single file checked outside `stacks/<stack>/` (a plan file named with `--stack`).
   * @default the name of the file's directory
   */
  readonly stack?: string;
  /**
   * The stacks are read from memory and Terraform will read `cdk.tf` beside them (`cdktf synth --hcl`).
   * @default false: Terraform reads the `cdk.tf.json` beside each checked file
   */
  readonly hclOnDisk?: boolean;
}

/**
 * Checks every stack file with its environment's exceptions; invalid exceptions files become
 * PolicyInputError. An environment's file applies to all its stacks, so an exception counts as unused
 * only when it waived nothing in any of them.
 */
export function checkFiles(
  files: readonly string[],
  options: RunOptions = {},
  read: (file: string) => Record<string, unknown> = readStackFile,
): StackReport[] {
  const byEnvironment = new Map<string, Exception[]>();
  const exceptionsOf = (environment: string): Exception[] => {
    let exceptions = byEnvironment.get(environment);
    if (!exceptions) {
      try {
        exceptions = loadEnvironmentExceptions(options.exceptionsDir ?? DEFAULT_EXCEPTIONS_DIR, environment);
      } catch (err) {
        if (err instanceof ConfigError) {
          throw new PolicyInputError(`invalid exceptions file:\n  - ${err.problems.join("\n  - ")}`);
        }
        throw err;
      }
      byEnvironment.set(environment, exceptions);
    }
    return exceptions;
  };
  const environments = options.environments ?? loadConfiguredEnvironments(options.configDir);
  const reports = files.map((file) => {
    // In memory (`cdktf synth --hcl`), Terraform reads cdk.tf; on disk, cdk.tf.json. Nothing else may be there.
    refuseUncheckedTerraformFiles(file, options.hclOnDisk ? "cdk.tf" : STACK_FILE);
    // In-memory JSON (cdktf synth --hcl) gets the same shape checks as a file.
    const json = requireStackObject(shown(file), read(file));
    // The stack's name is its directory (cdktf writes stacks/<name>/cdk.tf.json), never the JSON's claim.
    const stackName = options.stack ?? basename(dirname(file));
    const trusted = trustedStack(stackName, environments, options.pack);
    if (typeof trusted === "string") throw new PolicyInputError(`${shown(file)}: ${trusted}`);
    return checkStack(json, {
      file: shown(file),
      ...trustedCheckOptions(stackName, trusted),
      exceptions: exceptionsOf(trusted.environment.name),
      today: options.today ?? today(),
      pack: options.pack,
    });
  });
  const used = new Set(reports.flatMap((r) => r.suppressed.map((x) => x.exception)));
  const listed = new Set<Exception>();
  const seenProblems = new Set<string>();
  return reports.map((r) => {
    // An exceptions-file entry that expired (or outlives the cap) is one finding, on the first stack.
    const once = (f: Finding) => {
      if (!/\(owner [^,]+, .+: exceptions\[\d+\]\)/.test(f.message)) return true;
      const key = `${f.control}\n${f.message}`;
      return !seenProblems.has(key) && Boolean(seenProblems.add(key));
    };
    const findings = r.findings.filter(once);
    const kept = new Set(findings);
    return {
      ...r,
      findings,
      results: r.results.map((c) => {
        const own = c.findings.filter((f) => kept.has(f));
        if (own.length === c.findings.length) return c;
        const status = own.length
          ? "fail"
          : c.suppressed.length
            ? "suppressed"
            : c.satisfiedBy.length
              ? "pass"
              : "not-applicable";
        return { ...c, findings: own, status };
      }),
      // Listed once, on the first stack where it matched nothing.
      unusedExceptions: r.unusedExceptions.filter(
        (e) => !used.has(e) && !listed.has(e) && Boolean(listed.add(e)),
      ),
    };
  });
}

/**
 * Terraform loads every `*.tf` and `*.tf.json` file of a directory (overrides included): a second file next
 * to the checked one would be applied without being checked, so it is an input error.
 */
export function refuseUncheckedTerraformFiles(file: string, checked: string): void {
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return; // No directory on disk (in-memory stacks of a test): nothing else can be loaded from it.
  }
  const others = names.filter((n) => /\.tf(\.json)?$/.test(n) && n !== checked);
  if (others.length) {
    throw new PolicyInputError(
      `${shown(dirname(file))}: Terraform would also load ${others.join(", ")}, which the check does not read; remove ${others.length > 1 ? "them" : "it"} or synthesize again`,
    );
  }
}

/** The validated environments of `dir`; configuration problems become PolicyInputError (exit 2). */
export function loadConfiguredEnvironments(dir?: string): EnvironmentConfig[] {
  try {
    return loadEnvironments({ dir });
  } catch (err) {
    if (err instanceof ConfigError)
      throw new PolicyInputError(`invalid configuration:\n  - ${err.problems.join("\n  - ")}`);
    throw err;
  }
}
