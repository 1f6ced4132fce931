/** What `npm run new:team -- <name>` writes: a team file and its entry in `teams/index.ts`. Pure functions. */

/** Team names as `TeamStack` accepts them (also part of stack, bucket and secret names). */
export const TEAM_NAME = /^[a-z][a-z0-9-]{1,19}$/;
const RESERVED = ["baseline", "bootstrap"];

/** Why `name` cannot be a new team, or undefined when it can. */
export function teamNameProblem(name: string, existing: readonly string[]): string | undefined {
  if (!TEAM_NAME.test(name))
    return `got "${name}"; allowed: 2-20 lowercase letters, digits or '-', starting with a letter`;
  if (RESERVED.includes(name)) return `got "${name}"; ${RESERVED.join(" and ")} are the kit's own stacks`;
  if (existing.includes(name)) return `got "${name}"; that team already exists in teams/index.ts`;
  return undefined;
}

/** The builder function's name: `data-science` → `dataScienceTeam`. */
export function builderName(team: string): string {
  return `${team.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Team`;
}

/** Source of `teams/<team>.ts`; `importRoot` is where `stacks/` lives relative to the file. */
export function teamFileSource(team: string, importRoot = ".."): string {
  return `import type { TeamStack } from "${importRoot}/stacks/team-stack";

/**
 * The ${team} team's resources, created in its own stack (\`${team}-<env>\`) in every environment. Each helper
 * gives the kit's controls for free: CMEK, public access prevention, versioning, access logs, private IP only.
 * See README.md ("Adding a team") for the helpers: bucket, secret, database, redis.
 */
export function ${builderName(team)}(stack: TeamStack): void {
  // A bucket named <projectId>-${team}-reports, encrypted with the baseline's storage key.
  stack.bucket("reports");
  // A secret whose value is added with \`gcloud secrets versions add\`, never in code.
  stack.secret("api-key");
}
`;
}

/** The team names registered in `teams/index.ts`. */
export function registeredTeams(indexSource: string): string[] {
  return [...indexSource.matchAll(/\{\s*team:\s*"([^"]+)"/g)].map((m) => m[1]);
}

/** `teams/index.ts` with the new team imported and listed, one entry per line. */
export function registerTeam(indexSource: string, team: string): string {
  const list = /export const TEAMS: readonly TeamDefinition\[\] = \[([\s\S]*?)\];/.exec(indexSource);
  if (!list)
    throw new Error("teams/index.ts: cannot find `export const TEAMS: readonly TeamDefinition[] = [...]`");
  const entries = [...list[1].matchAll(/\{[^{}]*\}/g)].map((m) => m[0].replace(/\s+/g, " ").trim());
  entries.push(`{ team: "${team}", build: ${builderName(team)} }`);
  const array = `export const TEAMS: readonly TeamDefinition[] = [\n${entries.map((e) => `  ${e},`).join("\n")}\n];`;
  const withArray = indexSource.slice(0, list.index) + array + indexSource.slice(list.index + list[0].length);
  const lines = withArray.split("\n");
  const lastImport = lines.map((l) => l.startsWith("import ")).lastIndexOf(true);
  lines.splice(lastImport + 1, 0, `import { ${builderName(team)} } from "./${team}";`);
  return lines.join("\n");
}
