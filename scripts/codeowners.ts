/**
 * `npm run codeowners`: writes `.github/CODEOWNERS` from `config/repository.yaml` and `teams/index.ts`.
 * `npm run codeowners -- --check` exits 1 when the committed file differs (npm test checks the same).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../config/errors";
import { loadRepositoryConfig } from "../config/repository";
import { renderCodeowners } from "./governance/codeowners";
import { registeredTeams } from "./scaffold/team";

const ROOT = join(__dirname, "..");
export const CODEOWNERS_FILE = join(ROOT, ".github", "CODEOWNERS");

/** The CODEOWNERS text for this checkout. */
export function generatedCodeowners(): string {
  const teams = registeredTeams(readFileSync(join(ROOT, "teams", "index.ts"), "utf8"));
  return renderCodeowners(loadRepositoryConfig(), teams);
}

function main(args: string[]): number {
  let text: string;
  try {
    text = generatedCodeowners();
  } catch (err) {
    const problems = err instanceof ConfigError ? err.problems : [(err as Error).message];
    console.error(problems.join("\n"));
    return 1;
  }
  if (args.includes("--check")) {
    const current = existsSync(CODEOWNERS_FILE) ? readFileSync(CODEOWNERS_FILE, "utf8") : "";
    if (current === text) {
      console.log(".github/CODEOWNERS is up to date");
      return 0;
    }
    console.error(
      ".github/CODEOWNERS differs from config/repository.yaml and teams/index.ts: run npm run codeowners",
    );
    return 1;
  }
  writeFileSync(CODEOWNERS_FILE, text);
  console.log("wrote .github/CODEOWNERS");
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
