/** Finds synthesized stacks on disk and checks them with their environment's exceptions. */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { ConfigError } from "../config/errors";
import { checkStack } from "./check";
import { loadEnvironmentExceptions, today } from "./exceptions";
import type { Exception, PackName, StackReport } from "./model";
import { stackNameOf, stackSettings } from "./stack";

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

/** The `cdk.tf.json` files named by `paths` (files as given, directories searched recursively). */
export function findStackFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.name === "node_modules" || entry.name === ".terraform") continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === STACK_FILE) files.push(full);
    }
  };
  for (const path of paths) {
    if (!existsSync(path)) throw new PolicyInputError(`${shown(path)}: no such file or directory`);
    if (statSync(path).isDirectory()) {
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

/** Parses a synthesized stack file; PolicyInputError when it is unreadable or not Terraform JSON. */
export function readStackFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new PolicyInputError(
      `${shown(file)}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PolicyInputError(`${shown(file)}: not valid JSON: ${(err as Error).message}`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new PolicyInputError(`${shown(file)}: not a synthesized Terraform stack (expected a JSON object)`);
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
  const reports = files.map((file) => {
    const json = read(file);
    const fallback = basename(dirname(file));
    // Stack names are `<kind>-<environment>` (baseline-dev, payments-prod) when no environment is recorded.
    const environment =
      stackSettings(json).environment ?? stackNameOf(json, fallback).replace(/^[a-z]+-/, "");
    return checkStack(json, {
      file: shown(file),
      fallbackStackName: fallback,
      exceptions: exceptionsOf(environment),
      today: options.today ?? today(),
      pack: options.pack,
    });
  });
  const used = new Set(reports.flatMap((r) => r.suppressed.map((x) => x.exception)));
  const listed = new Set<Exception>();
  return reports.map((r) => ({
    ...r,
    // Listed once, on the first stack where it matched nothing.
    unusedExceptions: r.unusedExceptions.filter(
      (e) => !used.has(e) && !listed.has(e) && Boolean(listed.add(e)),
    ),
  }));
}
