/**
 * Scaffolding: `npm run new:team -- <name>` and `npm run new:env -- <name> [--project-id ID] [--region R]
 * [--email E] [--production]`. Writes the files the README describes, validates them as synthesis would,
 * and prints the next steps. Exit 0 written, 2 bad input (nothing written).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, extname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../config/errors";
import { DEFAULT_ENVIRONMENTS_DIR, parseEnvironment } from "../config/load";
import { environmentFileSource, environmentNameProblem } from "./scaffold/environment";
import { registerTeam, registeredTeams, teamFileSource, teamNameProblem } from "./scaffold/team";
import { DEFAULT_REPOSITORY_CONFIG } from "../config/repository";
import { registerTeamOwners } from "./governance/codeowners";
import { CODEOWNERS_FILE, generatedCodeowners } from "./codeowners";

const ROOT = join(__dirname, "..");
const USAGE = `usage: npm run new:team -- <name>
       npm run new:env -- <name> [--project-id ID] [--region REGION] [--email ADDRESS] [--production]`;

class UsageError extends Error {}

function newTeam(name: string): string[] {
  const index = join(ROOT, "teams", "index.ts");
  const source = readFileSync(index, "utf8");
  const problem = teamNameProblem(name, registeredTeams(source));
  if (problem) throw new UsageError(`team name: ${problem}`);
  const file = join(ROOT, "teams", `${name}.ts`);
  if (existsSync(file)) throw new UsageError(`team name: got "${name}"; teams/${name}.ts already exists`);
  const registered = registerTeam(source, name);
  writeFileSync(file, teamFileSource(name));
  writeFileSync(index, registered);
  // The team owns its file (CODEOWNERS): a placeholder owner to replace with the team's GitHub team.
  writeFileSync(
    DEFAULT_REPOSITORY_CONFIG,
    registerTeamOwners(readFileSync(DEFAULT_REPOSITORY_CONFIG, "utf8"), name),
  );
  writeFileSync(CODEOWNERS_FILE, generatedCodeowners());
  return [
    `wrote teams/${name}.ts and registered it in teams/index.ts`,
    `added the owner @your-org/${name} to config/repository.yaml (replace it with the team's GitHub team) and wrote .github/CODEOWNERS`,
    "next steps:",
    `  1. add the team's resources in teams/${name}.ts (README.md, "Adding a team")`,
    "  2. npm run pin-addresses   # pins the new stateful addresses (buckets, secrets, ...) after you review them",
    "  3. npm test",
    `  4. npm run synth           # writes cdktf.out/stacks/${name}-<env>/ with its compliance report`,
  ];
}

function newEnvironment(name: string, values: Record<string, string | boolean | undefined>): string[] {
  const existing = readdirSync(DEFAULT_ENVIRONMENTS_DIR)
    .filter((f) => [".yaml", ".yml", ".json"].includes(extname(f)))
    .map((f) => basename(f, extname(f)));
  const problem = environmentNameProblem(name, existing);
  if (problem) throw new UsageError(`environment name: ${problem}`);
  const file = join(DEFAULT_ENVIRONMENTS_DIR, `${name}.yaml`);
  const source = environmentFileSource({
    name,
    projectId: values["project-id"] as string | undefined,
    region: values.region as string | undefined,
    email: values.email as string | undefined,
    production: values.production === true,
  });
  // Validated exactly as synthesis will read it: a bad option names the field before anything is written.
  const environment = parseEnvironment(relative(process.cwd(), file), source);
  writeFileSync(file, source);
  return [
    `wrote ${relative(process.cwd(), file)}`,
    "next steps:",
    environment.projectId.startsWith("replace-me-")
      ? `  1. set projectId in ${relative(process.cwd(), file)} to your Google Cloud project`
      : `  1. review ${relative(process.cwd(), file)} (config/README.md documents every field)`,
    "  2. npm run pin-addresses   # pins the new environment's stateful addresses after you review them",
    "  3. npm test",
    `  4. ENV=${name} npm run synth`,
    `  5. deploy: docs/runbook.md, "A first environment"`,
  ];
}

function main(argv: readonly string[]): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        "project-id": { type: "string" },
        region: { type: "string" },
        email: { type: "string" },
        production: { type: "boolean" },
      },
    });
    const [kind, name, ...extra] = positionals;
    if (!name || extra.length || (kind !== "team" && kind !== "env")) throw new UsageError(USAGE);
    if (kind === "team" && Object.keys(values).length)
      throw new UsageError(`new:team takes no options\n${USAGE}`);
    const lines = kind === "team" ? newTeam(name) : newEnvironment(name, values);
    console.log(lines.join("\n"));
    return 0;
  } catch (err) {
    if (err instanceof ConfigError)
      console.error(`new:env: nothing written:\n${err.problems.map((p) => `  - ${p}`).join("\n")}`);
    else if (err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"))
      console.error((err as Error).message);
    else throw err;
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
