import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { lintWorkflow, lintWorkflowDir } from "../../tools/lint-workflows";

const WORKFLOWS = join(__dirname, "..", "..", ".github", "workflows");

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function workflow(name: string): Json {
  return parse(readFileSync(join(WORKFLOWS, name), "utf8")) as Json;
}

function steps(job: Json): Json[] {
  return job.steps as Json[];
}

const VALID = `name: ok
on: pull_request
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0
        with:
          node-version: 22
      - run: npm test
`;

const CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683";

describe("lint:workflows", () => {
  it("accepts the repository's workflows", () => {
    expect(lintWorkflowDir(WORKFLOWS)).toEqual([]);
  });

  it("accepts a minimal valid workflow (so the failures below are about their one defect)", () => {
    expect(lintWorkflow(VALID)).toEqual([]);
  });

  it("fails a workflow that breaks GitHub's schema", () => {
    const problems = lintWorkflow(VALID.replace("runs-on:", "runs_on:"));
    expect(problems).toEqual([expect.stringContaining("Additional property 'runs_on' is not allowed")]);
  });

  it("fails a workflow that is not YAML", () => {
    expect(lintWorkflow(`${VALID}\n  bad: [`)).toEqual([expect.stringMatching(/Parse Error/)]);
  });

  it.each([["v4"], ["main"], ["11bd719"], ["11BD71901BBE5B1630CEEA73D27597364C9AF683"]])(
    "fails an action pinned to %s instead of a full commit SHA, or not pinned",
    (ref) => {
      expect(lintWorkflow(VALID.replace(CHECKOUT, `actions/checkout@${ref}`))).toEqual([
        `jobs.build: actions/checkout@${ref}: pin the action to a full commit SHA with its tag in a comment (uses: owner/action@<40-hex sha> # v1.2.3)`,
      ]);
      expect(lintWorkflow(VALID.replace(CHECKOUT, "actions/checkout"))).toHaveLength(1);
    },
  );

  it("fails a SHA pin without the release tag in a comment", () => {
    expect(lintWorkflow(VALID.replace(`${CHECKOUT} # v4.2.2`, CHECKOUT))).toEqual([
      `jobs.build: ${CHECKOUT}: name the release the SHA is in a comment (# v1.2.3), for review and updates`,
    ]);
  });

  it("accepts Node 22 and newer in setup-node, and fails an older, unset or symbolic version", () => {
    for (const version of ["22", "24", '"22.11.0"', "'24.x'"]) {
      expect(lintWorkflow(VALID.replace("node-version: 22", `node-version: ${version}`))).toEqual([]);
    }
    for (const [version, shown] of [
      ["20", "20"],
      ['"18.20.4"', '"18.20.4"'],
      ["lts/*", '"lts/*"'],
    ]) {
      expect(lintWorkflow(VALID.replace("node-version: 22", `node-version: ${version}`))).toEqual([
        `jobs.build: actions/setup-node: node-version ${shown}; set a major version >= 22 (Node 20 is end of life)`,
      ]);
    }
    expect(lintWorkflow(VALID.replace("        with:\n          node-version: 22\n", ""))).toEqual([
      "jobs.build: actions/setup-node: node-version is not set; set a major version >= 22 (Node 20 is end of life)",
    ]);
  });

  it("fails a workflow without explicit permissions", () => {
    expect(lintWorkflow(VALID.replace("permissions:\n  contents: read\n", ""))).toEqual([
      expect.stringContaining("permissions: set top-level permissions explicitly"),
    ]);
  });

  it("fails a service account key (credentials_json)", () => {
    const withKey = VALID.replace(
      "      - run: npm test",
      "      - uses: google-github-actions/auth@ba79af03959ebeac9769e648f473a284504d9193 # v2.1.10\n        with:\n          credentials_json: ${{ secrets.GCP_KEY }}",
    );
    expect(lintWorkflow(withKey)).toEqual([
      expect.stringContaining("credentials_json: service account keys"),
    ]);
  });
});

describe("pull-request.yml", () => {
  const text = readFileSync(join(WORKFLOWS, "pull-request.yml"), "utf8");
  const pr = workflow("pull-request.yml");
  const job = pr.jobs.review as Json;
  const runs = steps(job).map((s) => String(s.run ?? ""));
  const step = (id: string) => steps(job).find((s) => s.id === id) as Json;

  it("runs on pull requests with least-privilege permissions; the job may mint an OIDC token for the plan identity", () => {
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    expect(pr.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(job.permissions).toEqual({ contents: "read", "pull-requests": "write", "id-token": "write" });
  });

  it("checks out the whole history without leaving a token, and sets up Node 22 with the npm cache", () => {
    expect(steps(job)[0]).toEqual({
      uses: "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
      with: { "fetch-depth": 0, "persist-credentials": false },
    });
    expect(steps(job)[1]).toEqual({
      uses: "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020",
      with: { "node-version": 22, cache: "npm" },
    });
  });

  it("pins every action to a commit with its release tag in a comment", () => {
    const uses = [...text.matchAll(/uses: (\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThanOrEqual(6);
    for (const [, ref, comment] of uses) {
      expect(ref).toMatch(/@[0-9a-f]{40}$/);
      expect(comment).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  it("tests, synthesizes, checks policy, plans, checks the plans and diffs against the base branch, in that order", () => {
    const order = [
      "npm ci",
      "npm test",
      "npm run synth",
      "npm run check -- cdktf.out",
      "terraform -chdir=",
      'npm run check -- "$@"',
      "npm run --silent diff --",
    ];
    const at = order.map((command) => runs.findIndex((run) => run.includes(command)));
    expect(at.every((index) => index >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(step("diff").run).toContain(
      'npm run --silent diff -- "origin/$BASE_REF" cdktf.out "$@" > review/comment.md',
    );
    expect(step("diff").run).toContain("--max-chars 60000 --full-report review/plan-review.md");
    expect(step("diff").run).toContain('set -- "$@" --plan "$plan"');
    expect(step("diff").env.BASE_REF).toBe("${{ github.base_ref }}");
  });

  it("plans only with the read-only plan identity configured, and never for a fork", () => {
    expect(job.env.REAL_PLAN).toBe(
      "${{ vars.GCP_PLAN_SERVICE_ACCOUNT != '' && vars.GCP_WORKLOAD_IDENTITY_PROVIDER != '' && github.event.pull_request.head.repo.full_name == github.repository }}",
    );
    const gated = steps(job).filter((s) => s.if === "env.REAL_PLAN == 'true'");
    expect(gated.map((s) => s.id ?? s.uses.split("@")[0])).toEqual([
      "google-github-actions/auth",
      "hashicorp/setup-terraform",
      "plan",
      "policy-plan",
    ]);
    const auth = gated[0];
    expect(auth.with).toEqual({
      workload_identity_provider: "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}",
      service_account: "${{ vars.GCP_PLAN_SERVICE_ACCOUNT }}",
    });
    expect(step("plan").run).toContain("plan -input=false -lock=false -no-color -out=pr.tfplan");
    expect(step("plan").run).toContain('show -json pr.tfplan > "$dir/plan.json"');
    expect(step("plan").run).toContain('rm -f "$dir/pr.tfplan"');
  });

  it("uploads the full review and compliance reports, never a plan (it holds sensitive values)", () => {
    const upload = steps(job).find((s) =>
      String(s.uses ?? "").startsWith("actions/upload-artifact@"),
    ) as Json;
    expect(upload.if).toBe("always()");
    expect(upload.with.path).toContain("review/");
    expect(upload.with.path).toContain("cdktf.out/stacks/*/compliance-report.md");
    expect(upload.with.path).not.toMatch(/plan\.json|tfplan|cdktf\.out\/?\n/);
  });

  it("appends the full review and the reports to the job summary within its 1 MiB per step", () => {
    const summaries = steps(job).filter((s) => String(s.name ?? "").startsWith("Job summary"));
    expect(summaries).toHaveLength(2);
    for (const s of summaries) {
      expect(s.if).toBe("always()");
      expect(s.run).toContain("1000000");
    }
  });

  it("posts the summarized review as one sticky comment, never cut mid-text", () => {
    const comment = steps(job).find((s) => String(s.uses ?? "").startsWith("actions/github-script@")) as Json;
    expect(comment.if).toContain("always()");
    expect(comment.with.script).toContain("<!-- plan-review:sticky -->");
    expect(comment.with.script).toContain('read("review/comment.md")');
    expect(comment.with.script).toContain("updateComment");
    expect(comment.with.script).not.toMatch(/\.slice\(0, limit\)/);
  });
});

describe("pull-request.yml failure handling", () => {
  const job = workflow("pull-request.yml").jobs.review as Json;
  const soft = ["synth", "policy", "plan", "policy-plan", "diff"];

  it("lets synthesis, plan, policy and diff fail softly so the comment is posted, then fails the job", () => {
    expect(
      steps(job)
        .filter((s) => s["continue-on-error"] === true)
        .map((s) => s.id),
    ).toEqual(soft);
    const last = steps(job)[steps(job).length - 1];
    for (const id of soft) expect(last.if).toContain(`steps.${id}.outcome == 'failure'`);
    expect(last.run).toContain("exit 1");
  });

  it("fails on a destroy unless the PR carries the allow-destroy label", () => {
    const diff = steps(job).find((s) => s.id === "diff") as Json;
    expect(diff.env.ALLOW_DESTROY).toBe(
      "${{ contains(github.event.pull_request.labels.*.name, 'allow-destroy') }}",
    );
    expect(diff.run).toContain('if [ "$ALLOW_DESTROY" != "true" ]; then set -- "$@" --fail-on-destroy; fi');
  });
});
