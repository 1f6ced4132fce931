/**
 * CODEOWNERS and branch protection as code (issue 17): the committed CODEOWNERS is what the generator writes
 * from config/repository.yaml and the team registry; the committed protection is complete and strict, names
 * only checks the workflows report, and `npm run protect-branch` sends exactly it (a fake fetch: no network).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { loadRepositoryConfig, parseRepositoryConfig, type RepositoryConfig } from "../../config/repository";
import { CODEOWNERS_FILE, generatedCodeowners } from "../../scripts/codeowners";
import {
  GITHUB_ACTIONS_APP_ID,
  branchProtectionProblems,
  type Fetch,
} from "../../scripts/governance/branch-protection";
import {
  SECURITY_PATHS,
  registerTeamOwners,
  renderCodeowners,
  teamPaths,
} from "../../scripts/governance/codeowners";
import {
  missingCheckProblems,
  pullRequestCheckNames,
  workflowCheckNames,
} from "../../scripts/governance/workflow-checks";
import { BRANCH_PROTECTION_FILE, loadBranchProtection, main } from "../../scripts/protect-branch";
import { registeredTeams } from "../../scripts/scaffold/team";

const ROOT = join(__dirname, "..", "..");
const WORKFLOWS = join(ROOT, ".github", "workflows");
const TEAMS = registeredTeams(readFileSync(join(ROOT, "teams", "index.ts"), "utf8"));

describe("CODEOWNERS from config/repository.yaml and teams/index.ts", () => {
  const config = loadRepositoryConfig();

  it("the committed .github/CODEOWNERS is what `npm run codeowners` writes", () => {
    expect(readFileSync(CODEOWNERS_FILE, "utf8")).toBe(generatedCodeowners());
  });

  /** The owners of each pattern line, in order. */
  function rules(text: string): [string, string[]][] {
    return text
      .split("\n")
      .filter((line) => line.trim() && !line.startsWith("#"))
      .map((line) => {
        const [path, ...owners] = line.trim().split(/\s+/);
        return [path, owners];
      });
  }

  it("platform owns everything by default; security owns what decides security; each team its own files", () => {
    const parsed = rules(generatedCodeowners());
    expect(parsed[0]).toEqual(["*", config.owners.platform]);
    for (const path of [
      "/policy/",
      "/constructs/",
      "/config/exceptions/",
      "/state/",
      "/.github/",
      "/core/",
    ]) {
      expect(parsed).toContainEqual([path, config.owners.security]);
    }
    for (const team of TEAMS) {
      expect(parsed).toContainEqual([`/teams/${team}.ts`, config.teams[team]]);
    }
    // The last matching pattern wins: the default comes first, so nothing later is overridden by it.
    expect(parsed.findIndex(([p]) => p === "*")).toBe(0);
    // The file that names the owners is itself owned by security.
    expect(parsed).toContainEqual(["/config/repository.yaml", config.owners.security]);
  });

  it("ships placeholders, never real people: every owner is @your-org/<team>", () => {
    const owners = rules(generatedCodeowners()).flatMap(([, o]) => o);
    expect(owners.length).toBeGreaterThan(0);
    expect(owners.every((o) => /^@your-org\/[a-z-]+$/.test(o))).toBe(true);
  });

  const base: RepositoryConfig = {
    owners: { platform: ["@acme/platform"], security: ["@acme/security"] },
    teams: { payments: ["@acme/payments"] },
    branch: "main",
  };

  it("refuses a registered team without owners and an owner entry for no team", () => {
    expect(() => renderCodeowners(base, ["payments", "ledger"])).toThrow(
      "teams.ledger: missing; every team of teams/index.ts needs its owners in config/repository.yaml",
    );
    expect(() => renderCodeowners(base, [])).toThrow("teams.payments: no such team in teams/index.ts");
  });

  it("a new team's paths follow the security paths (so a team never owns policy/)", () => {
    const text = renderCodeowners({ ...base, teams: { ...base.teams, ledger: ["@acme/ledger"] } }, [
      "payments",
      "ledger",
    ]);
    const paths = rules(text).map(([p]) => p);
    expect(paths).toEqual(["*", ...SECURITY_PATHS, ...teamPaths("ledger"), ...teamPaths("payments")]);
  });

  it("config/repository.yaml is validated, naming the field and what is allowed", () => {
    const problems = (text: string) => {
      try {
        parseRepositoryConfig("repository.yaml", text);
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    expect(
      problems("owners: {platform: ['@acme/platform'], security: ['not an owner']}\nteams: {}\n"),
    ).toEqual([
      expect.stringContaining(
        'owners.security[0]: got "not an owner"; must be a GitHub team (@org/team), a user (@user) or an e-mail address',
      ),
    ]);
    expect(problems("owners: {platform: [], security: ['@a/b']}\nteams: {}\n")).toEqual([
      expect.stringContaining("owners.platform: got []; must list at least one owner"),
    ]);
    expect(problems("owners: {platform: ['@a/p'], security: ['@a/s']}\nteams: {}\nreviewers: 2\n")).toEqual([
      expect.stringContaining("reviewers: unknown field"),
    ]);
  });
});

describe(".github/branch-protection.json", () => {
  const protection = loadBranchProtection();

  it("requires code owner reviews, dismisses stale ones, forbids force pushes and deletion, keeps history linear", () => {
    expect(branchProtectionProblems(protection)).toEqual([]);
    expect(protection.required_pull_request_reviews).toMatchObject({
      require_code_owner_reviews: true,
      dismiss_stale_reviews: true,
    });
    expect(protection.required_pull_request_reviews.required_approving_review_count).toBeGreaterThanOrEqual(
      1,
    );
    expect(protection).toMatchObject({
      allow_force_pushes: false,
      allow_deletions: false,
      required_linear_history: true,
      enforce_admins: true,
    });
    expect(protection.required_status_checks.checks.every((c) => c.app_id === GITHUB_ACTIONS_APP_ID)).toBe(
      true,
    );
  });

  it.each([
    ["allow_force_pushes", { allow_force_pushes: true }, "allow_force_pushes: got true; must be false"],
    ["required_linear_history", { required_linear_history: false }, "required_linear_history: got false"],
    ["allow_deletions", { allow_deletions: true }, "allow_deletions: got true"],
    ["enforce_admins", { enforce_admins: false }, "enforce_admins: got false"],
  ])("refuses %s set the unsafe way", (_, change, problem) => {
    expect(branchProtectionProblems({ ...protection, ...change })).toEqual([
      expect.stringContaining(problem),
    ]);
  });

  it.each([
    ["require_code_owner_reviews", false, "require_code_owner_reviews: got false; must be true"],
    ["dismiss_stale_reviews", false, "dismiss_stale_reviews: got false; must be true"],
    ["required_approving_review_count", 0, "required_approving_review_count: got 0; must be a whole number"],
  ])("refuses required_pull_request_reviews.%s = %s", (field, value, problem) => {
    const reviews = { ...protection.required_pull_request_reviews, [field]: value };
    expect(branchProtectionProblems({ ...protection, required_pull_request_reviews: reviews })).toEqual([
      expect.stringContaining(problem),
    ]);
  });

  it("refuses missing reviews, missing or unpinned checks, and a non-strict status check", () => {
    const { required_pull_request_reviews: _, ...noReviews } = protection;
    expect(branchProtectionProblems(noReviews)).toEqual([
      expect.stringContaining("required_pull_request_reviews: missing"),
    ]);
    const checks = (c: unknown) => ({ ...protection, required_status_checks: c });
    expect(branchProtectionProblems(checks({ strict: true, checks: [] }))).toEqual([
      "required_status_checks.checks: must name at least one required check",
    ]);
    expect(branchProtectionProblems(checks({ strict: true, checks: [{ context: "review" }] }))).toEqual([
      expect.stringContaining("required_status_checks.checks[0].app_id: got nothing; must be 15368"),
    ]);
    expect(
      branchProtectionProblems(checks({ strict: false, checks: protection.required_status_checks.checks })),
    ).toEqual([expect.stringContaining("required_status_checks.strict: got false")]);
    expect(branchProtectionProblems([])).toEqual(["(top level): expected a JSON object (the request body)"]);
  });

  it("every required check is a job the workflows run on pull requests into the protected branch", () => {
    const reported = workflowCheckNames(WORKFLOWS, loadRepositoryConfig().branch);
    const required = protection.required_status_checks.checks.map((c) => c.context);
    expect(missingCheckProblems(required, reported)).toEqual([]);
    // The plan review, the dependency scan and Checkov are all required.
    expect(required).toEqual(expect.arrayContaining(["review", "dependency-review", "checkov"]));
  });

  it("a check no workflow reports is found (it would block every merge)", () => {
    expect(missingCheckProblems(["review", "tests"], new Set(["review"]))).toEqual([
      expect.stringContaining('required check "tests" is reported by no workflow job on pull requests'),
    ]);
    const workflow = (on: string) =>
      `on: ${on}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: []\n  m:\n    name: "t \${{ matrix.x }}"\n    runs-on: ubuntu-latest\n    steps: []\n`;
    expect(pullRequestCheckNames(workflow("pull_request"), "main")).toEqual(["build"]);
    expect(pullRequestCheckNames(workflow("{pull_request: {branches: [develop]}}"), "main")).toEqual([]);
    expect(pullRequestCheckNames(workflow("push"), "main")).toEqual([]);
  });
});

describe("the dependency vulnerability scan in the pull-request workflow", () => {
  const text = readFileSync(join(WORKFLOWS, "pull-request.yml"), "utf8");

  it("runs dependency review (pinned to a commit) and npm audit of the production tree at high severity", () => {
    expect(text).toMatch(/uses: actions\/dependency-review-action@[0-9a-f]{40} # v\d+\.\d+\.\d+/);
    expect(text).toMatch(/fail-on-severity: high/);
    expect(text).toContain("run: npm audit --omit=dev --audit-level=high --package-lock-only");
    expect(pullRequestCheckNames(text, "main")).toContain("dependency-review");
  });
});

describe("npm run protect-branch (fake fetch, no network)", () => {
  const body = JSON.parse(readFileSync(BRANCH_PROTECTION_FILE, "utf8")) as unknown;

  function harness(
    response: { ok: boolean; status: number; text: string } = { ok: true, status: 200, text: "{}" },
  ) {
    const calls: { url: string; init: Parameters<Fetch>[1] }[] = [];
    const out: string[] = [];
    const err: string[] = [];
    const fetch: Fetch = async (url, init) => {
      calls.push({ url, init });
      return { ok: response.ok, status: response.status, text: async () => response.text };
    };
    return {
      calls,
      out,
      err,
      io: (env: Record<string, string | undefined>) => ({
        env,
        fetch,
        out: (l: string) => out.push(l),
        err: (l: string) => err.push(l),
      }),
    };
  }

  it("PUTs the committed protection to the branch with the token from GITHUB_TOKEN", async () => {
    const h = harness();
    const code = await main(["--repo", "acme/baseline"], h.io({ GITHUB_TOKEN: "t0ken" }));
    expect(code).toBe(0);
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0].url).toBe("https://api.github.com/repos/acme/baseline/branches/main/protection");
    expect(h.calls[0].init.method).toBe("PUT");
    expect(h.calls[0].init.headers).toMatchObject({
      Authorization: "Bearer t0ken",
      Accept: "application/vnd.github+json",
      "X-GitHub-Api-Version": "2022-11-28",
    });
    expect(JSON.parse(h.calls[0].init.body)).toEqual(body);
    expect(h.out.join("\n")).not.toContain("t0ken");
  });

  it("takes the repository from GITHUB_REPOSITORY and the branch from --branch", async () => {
    const h = harness();
    const code = await main(["--branch", "main"], h.io({ GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "acme/x" }));
    expect(code).toBe(0);
    expect(h.calls[0].url).toBe("https://api.github.com/repos/acme/x/branches/main/protection");
  });

  it("--dry-run prints the request without the token and sends nothing", async () => {
    const h = harness();
    const code = await main(["--repo", "acme/baseline", "--dry-run"], h.io({ GITHUB_TOKEN: "secret-value" }));
    expect(code).toBe(0);
    expect(h.calls).toEqual([]);
    const printed = h.out.join("\n");
    expect(printed).toContain("PUT https://api.github.com/repos/acme/baseline/branches/main/protection");
    expect(printed).toContain("Authorization: Bearer <GITHUB_TOKEN>");
    expect(printed).not.toContain("secret-value");
    expect(JSON.parse(printed.slice(printed.indexOf("{")))).toEqual(body);
  });

  it("refuses to run without a token, a repository, or with a bad repository name, naming what is missing", async () => {
    let h = harness();
    expect(await main(["--repo", "acme/baseline"], h.io({}))).toBe(2);
    expect(h.err.join("\n")).toContain("GITHUB_TOKEN is not set");
    expect(h.calls).toEqual([]);
    h = harness();
    expect(await main([], h.io({ GITHUB_TOKEN: "t" }))).toBe(2);
    expect(h.err.join("\n")).toContain("--repo: missing, and GITHUB_REPOSITORY is not set");
    h = harness();
    expect(await main(["--repo", "../etc"], h.io({ GITHUB_TOKEN: "t" }))).toBe(2);
    expect(h.err.join("\n")).toContain('repository: got "../etc"; must be owner/name');
    h = harness();
    expect(await main(["--repo", "acme/.."], h.io({ GITHUB_TOKEN: "t" }))).toBe(2);
    expect(h.calls).toEqual([]);
  });

  it("refuses a branch whose pull requests run none of the required checks", async () => {
    const h = harness();
    expect(await main(["--repo", "acme/baseline", "--branch", "develop"], h.io({ GITHUB_TOKEN: "t" }))).toBe(
      1,
    );
    expect(h.err.join("\n")).toContain('required check "review" is reported by no workflow job');
    expect(h.calls).toEqual([]);
  });

  it("reports GitHub's refusal with its status and message, and a hint for permissions", async () => {
    const h = harness({
      ok: false,
      status: 403,
      text: '{"message":"Resource not accessible by integration"}',
    });
    expect(await main(["--repo", "acme/baseline"], h.io({ GITHUB_TOKEN: "t" }))).toBe(1);
    expect(h.err).toEqual([
      "GitHub refused the branch protection: HTTP 403: Resource not accessible by integration (the token needs the repository's Administration: write permission)",
    ]);
  });
});

describe("npm run new:team adds the team's owners", () => {
  it("adds a placeholder owner for the new team and keeps the file's comments", () => {
    const source = readFileSync(join(ROOT, "config", "repository.yaml"), "utf8");
    const updated = registerTeamOwners(source, "ledger");
    expect(parseRepositoryConfig("repository.yaml", updated).teams).toEqual({
      ...parseRepositoryConfig("repository.yaml", source).teams,
      ledger: ["@your-org/ledger"],
    });
    expect(updated).toContain("PLACEHOLDERS");
    // Only the new line changes (formatted as prettier writes it: npm test checks formatting).
    expect(updated).toBe(source.replace(/(teams:\n(?: {2}.*\n)*)/, `$1  ledger: ["@your-org/ledger"]\n`));
    expect(registerTeamOwners(updated, "ledger")).toBe(updated);
  });
});
