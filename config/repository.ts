/**
 * The repository's own governance (`config/repository.yaml`): who owns which paths (`.github/CODEOWNERS`,
 * written by `npm run codeowners`) and which branch `npm run protect-branch` protects. Validated like an
 * environment file: a mistake names the field, the bad value and what is allowed.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ConfigError, describeValue, formatIssue } from "./errors";

export const DEFAULT_REPOSITORY_CONFIG = join(__dirname, "repository.yaml");

/**
 * A code owner as CODEOWNERS accepts it: `@org/team`, `@user`, or an e-mail address. Teams are preferred:
 * people change, and GitHub requires a team to have write access to the repository.
 */
const OWNER = /^(@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[a-z]{2,})$/;

const ownersSchema = z
  .array(z.string().regex(OWNER, "must be a GitHub team (@org/team), a user (@user) or an e-mail address"))
  .min(1, "must list at least one owner");

const TEAM = /^[a-z][a-z0-9-]{1,19}$/;

export const repositorySchema = z
  .object({
    owners: z
      .object({
        /** Owns every path no other rule names: stacks, scripts, tools, docs, dependencies. */
        platform: ownersSchema,
        /**
         * Own what decides security: the policy check, the shared rules, the constructs, exceptions,
         * state, CI and this file (their review is required for any change there).
         */
        security: ownersSchema,
      })
      .strict(),
    /** Each team's owners, by team name (every team of `teams/index.ts`, and no other). */
    teams: z.record(
      z.string().regex(TEAM, "must be a team name: 2-20 lowercase letters, digits or hyphens"),
      ownersSchema,
    ),
    /**
     * The branch `npm run protect-branch` protects.
     * @default "main"
     */
    branch: z
      .string()
      .regex(/^[A-Za-z0-9._/-]{1,100}$/, "must be a branch name")
      .default("main"),
  })
  .strict();

export type RepositoryConfig = z.infer<typeof repositorySchema>;

/** Parses and validates the repository configuration's text; `file` is only used in messages. */
export function parseRepositoryConfig(file: string, text: string): RepositoryConfig {
  let input: unknown;
  try {
    input = parseYaml(text, { uniqueKeys: true });
  } catch (err) {
    throw new ConfigError([`${file}: not valid YAML: ${(err as Error).message.split("\n")[0]}`]);
  }
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new ConfigError([
      `${file}: (top level): got ${describeValue(input)}; expected a mapping of fields`,
    ]);
  }
  const result = repositorySchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => formatIssue(file, repositorySchema, input, issue)),
    );
  }
  return result.data;
}

/** Reads and validates `config/repository.yaml` (or `path`). */
export function loadRepositoryConfig(path = DEFAULT_REPOSITORY_CONFIG): RepositoryConfig {
  const shown = relative(process.cwd(), path) || path;
  if (!existsSync(path)) throw new ConfigError([`${shown}: file not found`]);
  return parseRepositoryConfig(shown, readFileSync(path, "utf8"));
}
