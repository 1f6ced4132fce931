/**
 * `npm run protect-branch`: applies `.github/branch-protection.json` to the protected branch of
 * `config/repository.yaml` with GitHub's REST API.
 *
 *   npm run protect-branch -- --repo <owner>/<name> --dry-run   # prints the request, sends nothing
 *   GITHUB_TOKEN=... npm run protect-branch -- --repo <owner>/<name>
 *
 * `--repo` defaults to `GITHUB_REPOSITORY` (set in GitHub Actions). The token (a fine-grained token with
 * the repository's Administration: write permission) is read from `GITHUB_TOKEN` only, never an argument,
 * and never printed. Exit 0 applied (or printed), 1 refused or invalid, 2 bad usage.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../config/errors";
import { loadRepositoryConfig } from "../config/repository";
import {
  applyProtection,
  branchProtectionProblems,
  protectionRequest,
  type BranchProtection,
  type Fetch,
} from "./governance/branch-protection";
import { missingCheckProblems, workflowCheckNames } from "./governance/workflow-checks";

export const BRANCH_PROTECTION_FILE = join(__dirname, "..", ".github", "branch-protection.json");
const WORKFLOWS_DIR = join(__dirname, "..", ".github", "workflows");

const USAGE = "usage: npm run protect-branch -- [--repo <owner>/<name>] [--branch <name>] [--dry-run]";

/** Reads and checks the committed protection; throws with every problem. */
export function loadBranchProtection(file = BRANCH_PROTECTION_FILE): BranchProtection {
  let body: unknown;
  try {
    body = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigError([`${file}: ${(err as Error).message.split("\n")[0]}`]);
  }
  const problems = branchProtectionProblems(body);
  if (problems.length) throw new ConfigError(problems.map((p) => `.github/branch-protection.json: ${p}`));
  return body as BranchProtection;
}

export interface ProtectBranchIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: Fetch;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export async function main(args: string[], io: ProtectBranchIo): Promise<number> {
  let values: { repo?: string; branch?: string; "dry-run"?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { repo: { type: "string" }, branch: { type: "string" }, "dry-run": { type: "boolean" } },
      strict: true,
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const repository = values.repo ?? io.env.GITHUB_REPOSITORY;
  if (!repository) {
    io.err(`--repo: missing, and GITHUB_REPOSITORY is not set; name the repository as owner/name\n${USAGE}`);
    return 2;
  }
  let protection: BranchProtection;
  let branch: string;
  try {
    protection = loadBranchProtection();
    branch = values.branch ?? loadRepositoryConfig().branch;
    const missing = missingCheckProblems(
      protection.required_status_checks.checks.map((c) => c.context),
      workflowCheckNames(WORKFLOWS_DIR, branch),
    );
    if (missing.length) throw new ConfigError(missing.map((p) => `.github/branch-protection.json: ${p}`));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.err(err.problems.join("\n"));
    return 1;
  }
  const token = io.env.GITHUB_TOKEN;
  let request;
  try {
    request = protectionRequest(repository, branch, protection, values["dry-run"] ? undefined : token);
  } catch (err) {
    io.err((err as Error).message);
    return 2;
  }
  if (values["dry-run"]) {
    io.out(`${request.method} ${request.url}`);
    for (const [name, value] of Object.entries(request.headers)) io.out(`${name}: ${value}`);
    io.out("Authorization: Bearer <GITHUB_TOKEN>");
    io.out("");
    io.out(JSON.stringify(protection, null, 2));
    return 0;
  }
  if (!token) {
    io.err(
      "GITHUB_TOKEN is not set: export a token with the repository's Administration: write permission (or use --dry-run)",
    );
    return 2;
  }
  try {
    await applyProtection(request, io.fetch);
  } catch (err) {
    io.err((err as Error).message);
    return 1;
  }
  io.out(
    `Protected ${branch} of ${repository}: ${protection.required_status_checks.checks.map((c) => c.context).join(", ")} required, code owner review required.`,
  );
  return 0;
}

if (require.main === module) {
  void main(process.argv.slice(2), {
    env: process.env,
    fetch: (url, init) => fetch(url, init),
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  }).then((code) => {
    process.exitCode = code;
  });
}
