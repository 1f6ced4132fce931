import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join, relative } from "node:path";
import { parse as parseYaml } from "yaml";
import { ConfigError, describeValue, formatIssue } from "./errors";
import { environmentSchema, type EnvironmentConfig } from "./schema/environment";

export const DEFAULT_ENVIRONMENTS_DIR = join(__dirname, "environments");
const EXTENSIONS = [".yaml", ".yml", ".json"];

/** Parses and validates one environment's file contents; `file` is only used in messages. */
export function parseEnvironment(file: string, text: string): EnvironmentConfig {
  let input: unknown;
  try {
    input = extname(file) === ".json" ? JSON.parse(text) : parseYaml(text, { uniqueKeys: true });
  } catch (err) {
    const detail = (err as Error).message.split("\n")[0];
    throw new ConfigError([`${file}: not valid ${extname(file) === ".json" ? "JSON" : "YAML"}: ${detail}`]);
  }
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new ConfigError([
      `${file}: (top level): got ${describeValue(input)}; expected a mapping of fields`,
    ]);
  }
  const result = environmentSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => formatIssue(file, environmentSchema, input, issue)),
    );
  }
  const expectedName = basename(file, extname(file));
  if (result.data.name !== expectedName) {
    throw new ConfigError([
      `${file}: name: got ${describeValue(result.data.name)}; must equal the file name "${expectedName}"`,
    ]);
  }
  return result.data;
}

/** Reads and validates one environment file. */
export function loadEnvironmentFile(path: string): EnvironmentConfig {
  const shown = relative(process.cwd(), path) || path;
  if (!existsSync(path)) throw new ConfigError([`${shown}: file not found`]);
  let text: string;
  try {
    if (!statSync(path).isFile())
      throw new ConfigError([
        `${shown}: is ${statSync(path).isDirectory() ? "a directory" : "not a regular file"}; expected an environment file`,
      ]);
    text = readFileSync(path, "utf8");
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError([`${shown}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
  }
  return parseEnvironment(shown, text);
}

export interface LoadEnvironmentsOptions {
  /**
   * Directory holding one file per environment.
   * @default config/environments
   */
  readonly dir?: string;
  /**
   * Names of the environments to load (from `ENV=dev,prod`).
   * @default every environment in `dir`
   */
  readonly only?: readonly string[];
}

/** Loads every environment file in a directory; collects the problems of all files before failing. */
export function loadEnvironments(options: LoadEnvironmentsOptions = {}): EnvironmentConfig[] {
  const dir = options.dir ?? DEFAULT_ENVIRONMENTS_DIR;
  const shownDir = relative(process.cwd(), dir) || dir;
  if (!existsSync(dir)) throw new ConfigError([`${shownDir}: environments directory not found`]);
  if (!statSync(dir).isDirectory())
    throw new ConfigError([`${shownDir}: not a directory of environment files`]);
  const files = readdirSync(dir)
    .filter((f) => EXTENSIONS.includes(extname(f)))
    .sort();
  const available = files.map((f) => basename(f, extname(f)));
  const duplicates = available.filter((name, i) => available.indexOf(name) !== i);
  if (duplicates.length) {
    throw new ConfigError([`${shownDir}: environment ${duplicates[0]} is defined by more than one file`]);
  }
  const wanted = options.only?.length ? options.only : available;
  const unknown = wanted.filter((name) => !available.includes(name));
  if (unknown.length) {
    throw new ConfigError([
      `ENV: got ${describeValue(unknown.join(","))}; allowed environments: ${available.join(", ") || "(none found)"}`,
    ]);
  }
  const problems: string[] = [];
  const configs: EnvironmentConfig[] = [];
  for (const name of wanted) {
    try {
      configs.push(loadEnvironmentFile(join(dir, files[available.indexOf(name)])));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return configs;
}

/** Parses the `ENV` switch: a comma-separated list of environment names, empty for all. */
export function selectedEnvironments(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
}
