import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const WORKFLOWS = join(__dirname, "..", "..", ".github", "workflows");

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function workflow(name: string): Json {
  return parse(readFileSync(join(WORKFLOWS, name), "utf8")) as Json;
}

const steps = (job: Json): Json[] => job.steps as Json[];
const runs = (job: Json): string =>
  steps(job)
    .map((s) => String(s.run ?? ""))
    .join("\n");
const usesOf = (job: Json, action: string): Json | undefined =>
  steps(job).find((s) => String(s.uses ?? "").startsWith(`${action}@`));

describe("deploy.yml", () => {
  const deploy = workflow("deploy.yml");

  it("runs on pushes to main and on demand, one run at a time without cancelling an apply", () => {
    expect(deploy.on.push).toEqual({ branches: ["main"] });
    expect(deploy.on.workflow_dispatch.inputs.environments.required).toBe(false);
    expect(deploy.concurrency).toEqual({ group: "deploy", "cancel-in-progress": false });
    expect(deploy.permissions).toEqual({ contents: "read" });
  });

  it("takes every environment and its stacks from npm run deploy -- --targets (promotion order)", () => {
    expect(runs(deploy.jobs.targets)).toContain("npm run --silent deploy -- --targets $ONLY");
    expect(steps(deploy.jobs.targets).find((s) => s.id === "list")?.env.ONLY).toBe(
      "${{ inputs.environments }}",
    );
  });

  it("deploys the environments one at a time, in that order, stopping at the first failure", () => {
    const job = deploy.jobs.environment;
    expect(job.uses).toBe("./.github/workflows/deploy-environment.yml");
    expect(job.strategy).toEqual({
      "max-parallel": 1,
      "fail-fast": true,
      matrix: { include: "${{ fromJSON(needs.targets.outputs.environments) }}" },
    });
    expect(job.with).toEqual({
      environment: "${{ matrix.environment }}",
      stacks: "${{ toJSON(matrix.stacks) }}",
      foundation: "${{ toJSON(matrix.foundation) }}",
      teams: "${{ toJSON(matrix.teams) }}",
    });
    expect(job.permissions).toEqual({ "id-token": "write", contents: "read" });
  });
});

describe("deploy-environment.yml", () => {
  const flow = workflow("deploy-environment.yml");
  const { plan, foundation, team } = flow.jobs as Record<string, Json>;

  it("is called with the environment and its stacks", () => {
    expect(Object.keys(flow.on)).toEqual(["workflow_call"]);
    expect(Object.keys(flow.on.workflow_call.inputs)).toEqual([
      "environment",
      "stacks",
      "foundation",
      "teams",
    ]);
  });

  it("plans every stack into a saved plan in the <env>-plan environment, with the planner identity", () => {
    expect(plan.strategy.matrix.stack).toBe("${{ fromJSON(inputs.stacks) }}");
    expect(plan.environment).toEqual({ name: "${{ inputs.environment }}-plan" });
    expect(usesOf(plan, "google-github-actions/auth")?.with.service_account).toBe(
      "${{ vars.GCP_PLAN_SERVICE_ACCOUNT }}",
    );
    const order = [
      "npm run synth",
      'scripts/ci/plan-stack.sh "$STACK"',
      'npm run check -- "cdktf.out/stacks/$STACK/plan.json"',
      'scripts/ci/summarize-plan.sh "$STACK" >> "$GITHUB_STEP_SUMMARY"',
      'scripts/ci/package-plan.sh "$STACK" "$RUNNER_TEMP/plan.tar.gz.enc"',
    ];
    const at = order.map((command) => steps(plan).findIndex((s) => String(s.run ?? "").includes(command)));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const upload = usesOf(plan, "actions/upload-artifact");
    expect(upload?.with).toMatchObject({
      name: "plan-${{ matrix.stack }}-${{ github.sha }}",
      path: "${{ runner.temp }}/plan.tar.gz.enc",
      "if-no-files-found": "error",
    });
    expect(steps(plan).indexOf(upload!)).toBeGreaterThan(at[at.length - 1]);
  });

  it("applies after the environment's protection rules, foundation in order, then teams in parallel", () => {
    expect(foundation.needs).toBe("plan");
    expect(foundation.environment).toEqual({ name: "${{ inputs.environment }}" });
    expect(runs(foundation)).toContain("for stack in $(jq -r '.[]' <<<\"$FOUNDATION\")");
    expect(runs(foundation)).toContain(
      'scripts/ci/apply-plan.sh "$stack" "$RUNNER_TEMP/plans/plan-$stack-$GITHUB_SHA/plan.tar.gz.enc"',
    );
    expect(usesOf(foundation, "actions/download-artifact")?.with.pattern).toBe("plan-*-${{ github.sha }}");
    expect(team.needs).toBe("foundation");
    expect(team.environment).toEqual({ name: "${{ inputs.environment }}" });
    expect(team.strategy.matrix.stack).toBe("${{ fromJSON(inputs.teams) }}");
    expect(usesOf(team, "actions/download-artifact")?.with.name).toBe(
      "plan-${{ matrix.stack }}-${{ github.sha }}",
    );
    expect(runs(team)).toContain('scripts/ci/apply-plan.sh "$STACK" "$RUNNER_TEMP/plan/plan.tar.gz.enc"');
    // Nothing re-plans at deploy time: no synth, no plan, no cdktf deploy.
    for (const job of [foundation, team]) expect(runs(job)).not.toMatch(/synth|terraform plan|cdktf deploy/);
  });

  it("refuses team plans made against foundation outputs that this run's apply changed", () => {
    expect(foundation.outputs.outputs_changed).toBe("${{ steps.apply.outputs.outputs_changed }}");
    const guard = steps(team)[0];
    expect(guard.if).toBe("${{ needs.foundation.outputs.outputs_changed == 'true' }}");
    expect(guard.run).toContain("exit 1");
  });

  it("deploys with the deployer identity of the environment, never a key", () => {
    for (const job of [foundation, team]) {
      expect(usesOf(job, "google-github-actions/auth")?.with).toEqual({
        workload_identity_provider: "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}",
        service_account: "${{ vars.GCP_SERVICE_ACCOUNT }}",
      });
    }
  });

  it("uses Terraform 1.11 without the wrapper, and Node 22, everywhere", () => {
    for (const job of [plan, foundation, team]) {
      expect(usesOf(job, "hashicorp/setup-terraform")?.with).toEqual({
        terraform_version: "1.11.4",
        terraform_wrapper: false,
      });
      expect(usesOf(job, "actions/setup-node")?.with["node-version"]).toBe(22);
    }
  });

  it("gives secrets only to the steps that need them", () => {
    const withUpstash = [plan, foundation, team].flatMap((job) =>
      steps(job).filter((s) => s.env?.UPSTASH_API_KEY),
    );
    expect(withUpstash.map((s) => s.name)).toEqual([
      "terraform plan",
      "terraform apply (saved plans, in order)",
      "terraform apply (saved plan)",
    ]);
    const withKey = [plan, foundation, team].flatMap((job) =>
      steps(job).filter((s) => s.env?.PLAN_ENCRYPTION_KEY),
    );
    expect(withKey.map((s) => s.name)).toEqual([
      "pack the plan",
      "terraform apply (saved plans, in order)",
      "terraform apply (saved plan)",
    ]);
    expect(flow.env).not.toHaveProperty("UPSTASH_API_KEY");
  });
});

describe("drift.yml", () => {
  const drift = workflow("drift.yml");
  const job = drift.jobs.drift as Json;

  it("runs on a schedule over every environment, with the planner identity of <env>-plan", () => {
    expect(drift.on.schedule).toEqual([{ cron: expect.any(String) }]);
    expect(runs(drift.jobs.targets)).toContain("npm run --silent deploy -- --targets");
    expect(job.strategy.matrix.include).toBe("${{ fromJSON(needs.targets.outputs.environments) }}");
    expect(job.environment).toEqual({ name: "${{ matrix.environment }}-plan" });
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write", issues: "write" });
  });

  it("plans every stack with -detailed-exitcode and tells drift (2) from failure", () => {
    const plan = steps(job).find((s) => s.id === "plan")!;
    expect(plan.run).toContain('scripts/ci/plan-stack.sh "$stack" -detailed-exitcode -lock=false');
    expect(plan.run).toContain('if [ "$code" -eq 2 ]; then');
  });

  it("keeps one issue per environment: found by its marker, updated, closed when clean", () => {
    const script = String(usesOf(job, "actions/github-script")?.with.script);
    expect(script).toContain("const marker = `<!-- drift:${env} -->`");
    expect(script).toContain("issues.update");
    expect(script).toContain('state: "closed"');
    expect(script).toContain('labels: ["drift"]');
  });
});
