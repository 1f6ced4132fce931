import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkStack } from "../../policy/check";
import { main } from "../../policy/cli";
import type { StackReport } from "../../policy/model";
import {
  PlanInputError,
  SENSITIVE_LITERAL,
  UNKNOWN_VALUE,
  findPlanFiles,
  isPlanJson,
  overlayMarks,
  planToStackJson,
} from "../../policy/plan-input";
import { shippedStacks } from "../support/shipped";
import { clone, compliantStack, fixtureEnvironmentsDir, stackJson } from "./fixtures";
import { planEntries, planFromStack } from "./plan-fixtures";

type Json = Record<string, unknown>;
const TODAY = "2026-06-01";

function check(json: Json): StackReport {
  return checkStack(json, { file: "plan.json", fallbackStackName: "baseline-test", today: TODAY });
}

function statuses(report: StackReport): Record<string, string> {
  return Object.fromEntries(report.results.map((r) => [r.control.id, r.status]));
}

function findingsOf(report: StackReport, control: string): string[] {
  return report.findings.filter((f) => f.control === control).map((f) => `${f.resource}: ${f.message}`);
}

describe("isPlanJson", () => {
  it("recognizes terraform show -json output and nothing else", () => {
    expect(isPlanJson(planFromStack(compliantStack()))).toBe(true);
    expect(isPlanJson({ format_version: "1.2", resource_changes: [] })).toBe(true);
    expect(isPlanJson(compliantStack())).toBe(false);
    // A state file (terraform show -json <state>) has values, not planned_values.
    expect(isPlanJson({ format_version: "1.0", values: { root_module: {} } })).toBe(false);
    expect(isPlanJson([])).toBe(false);
  });
});

describe("planToStackJson", () => {
  it("judges a planned compliant stack exactly as its synthesized stack when the cdk.tf.json is beside it", () => {
    const stack = compliantStack();
    const json = planToStackJson(planFromStack(stack), { where: "plan.json", companion: stack });
    const synthesized = check(stack);
    const planned = check(json);
    expect(planned.findings).toEqual([]);
    expect(statuses(planned)).toEqual(statuses(synthesized));
    expect(Object.values(statuses(planned)).filter((s) => s === "pass").length).toBeGreaterThan(30);
  });

  it("judges every shipped stack, planned on empty state, exactly as its synthesized stack", () => {
    const stacks = shippedStacks();
    expect(Object.keys(stacks).length).toBeGreaterThanOrEqual(9);
    for (const [name, stack] of Object.entries(stacks)) {
      const json = stack as unknown as Json;
      const planned = check(planToStackJson(planFromStack(stack as never), { where: name, companion: json }));
      expect([name, statuses(planned)]).toEqual([name, statuses(check(json))]);
      expect([name, planned.findings]).toEqual([name, check(json).findings]);
    }
  });

  it("catches a violation that only the resolved value shows (a variable set to inherited)", () => {
    const stack = compliantStack();
    const plan = planFromStack(stack);
    // cdk.tf.json says ${var.public_access}; Terraform resolved the variable to "inherited".
    const { planned, change } = planEntries(plan, "google_storage_bucket.data");
    (planned.values as Json).public_access_prevention = "inherited";
    (change.after as Json).public_access_prevention = "inherited";
    const report = check(planToStackJson(plan, { where: "plan.json", companion: stack }));
    expect(findingsOf(report, "GCS-1")).toEqual([
      'google_storage_bucket.data: public_access_prevention is "inherited"',
    ]);
  });

  it("never passes a security setting Terraform knows only after apply (after_unknown)", () => {
    const stack = compliantStack();
    const plan = planFromStack(stack);
    const { planned, change } = planEntries(plan, "google_storage_bucket.data");
    delete (planned.values as Json).public_access_prevention;
    delete (change.after as Json).public_access_prevention;
    change.after_unknown = { ...(change.after_unknown as Json), public_access_prevention: true };
    // Without the synthesized stack beside it, the stand-in is ${unknown}.
    const withoutCompanion = planToStackJson(plan, { where: "plan.json" });
    const bucket = (withoutCompanion.resource as Record<string, Record<string, Json>>).google_storage_bucket
      .data;
    expect(bucket.public_access_prevention).toBe(UNKNOWN_VALUE);
    expect(findingsOf(check(withoutCompanion), "GCS-1")).toEqual([
      'google_storage_bucket.data: public_access_prevention is "${unknown}"',
    ]);
  });

  it("stands in for an unknown value with the synthesized expression, else the configuration's reference", () => {
    const stack = compliantStack();
    const plan = planFromStack(stack);
    const key = "google_storage_bucket.data";
    const withCompanion = planToStackJson(plan, { where: "plan.json", companion: stack });
    const bucket = (withCompanion.resource as Record<string, Record<string, Json>>).google_storage_bucket
      .data;
    expect(bucket.encryption).toEqual(stack.resource.google_storage_bucket.data.encryption);
    const without = planToStackJson(plan, { where: "plan.json" });
    const bare = (without.resource as Record<string, Record<string, Json>>).google_storage_bucket.data;
    expect(bare.encryption).toEqual({ default_kms_key_name: "${google_kms_crypto_key.storage.id}" });
    expect(planEntries(plan, key).change.after_unknown).toMatchObject({
      encryption: { default_kms_key_name: true },
    });
  });

  it("keeps sensitive values out of the checked JSON and its findings, and fails a sensitive literal credential", () => {
    const stack = compliantStack();
    const secret = ["plaintext", "from", "state", process.pid].join("-");
    const address = "google_secret_manager_secret_version.redis-password";
    // The configuration wrote the password as a literal; the plan marks it sensitive.
    const literalStack = clone(stack);
    literalStack.resource.google_secret_manager_secret_version["redis-password"].secret_data = secret;
    const plan = planFromStack(literalStack, { sensitive: { [address]: { secret_data: true } } });
    const json = planToStackJson(plan, { where: "plan.json" });
    expect(JSON.stringify(json)).not.toContain(secret);
    const report = check(json);
    expect(JSON.stringify(report.findings)).not.toContain(secret);
    expect(findingsOf(report, "SEC-6")).toContainEqual(`${address}: literal credential in secret_data`);
    const version = (json.resource as Record<string, Record<string, Json>>)
      .google_secret_manager_secret_version;
    expect(version["redis-password"].secret_data).toBe(SENSITIVE_LITERAL);
  });

  it("shows a sensitive value that comes from a reference as that reference", () => {
    expect(
      overlayMarks(
        { password: ["s3cr3t", "value"].join("-"), name: "app" },
        {},
        { password: true },
        {
          expressions: { password: { references: ["random_password.db.result", "random_password.db"] } },
        },
      ),
    ).toEqual({ password: "${random_password.db.result}", name: "app" });
    // Unset sensitive attributes stay unset; unknown leaves inside lists and blocks are filled in.
    expect(overlayMarks({ a: null, list: [{ x: 1 }] }, { list: [{ y: true }] }, { a: true })).toEqual({
      list: [{ x: 1, y: UNKNOWN_VALUE }],
    });
  });

  it("judges outputs by their configuration's references, so an output exposing a credential fails", () => {
    const stack = compliantStack();
    const plan = planFromStack(stack);
    const configuration = plan.configuration as { root_module: Json };
    configuration.root_module.outputs = {
      "redis-password": {
        sensitive: true,
        expression: {
          references: ["upstash_redis_database.sessions.password", "upstash_redis_database.sessions"],
        },
      },
    };
    plan.planned_values = {
      ...(plan.planned_values as Json),
      outputs: { "redis-password": { sensitive: true, value: "plaintext-from-plan" } },
    };
    const json = planToStackJson(plan, { where: "plan.json", companion: stack });
    expect(json.output).toEqual({
      "redis-password": { value: "${upstash_redis_database.sessions.password}" },
    });
    expect(JSON.stringify(json)).not.toContain("plaintext-from-plan");
    expect(findingsOf(check(json), "UPS-6")).toEqual([
      'upstash_redis_database.sessions: output "redis-password" exposes its credentials',
    ]);
  });

  it("reads child modules and instance keys, and data sources under data", () => {
    const plan = {
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: [
            {
              address: "google_pubsub_topic.t[0]",
              mode: "managed",
              type: "google_pubsub_topic",
              name: "t",
              index: 0,
              values: { name: "t0" },
            },
            {
              address: "data.google_project.p",
              mode: "data",
              type: "google_project",
              name: "p",
              values: { number: "1" },
            },
          ],
          child_modules: [
            {
              address: "module.net",
              resources: [
                {
                  address: 'module.net.google_compute_firewall.open["a"]',
                  mode: "managed",
                  type: "google_compute_firewall",
                  name: "open",
                  index: "a",
                  values: { name: "open", source_ranges: ["0.0.0.0/0"] },
                },
              ],
            },
          ],
        },
      },
      resource_changes: [],
    };
    const json = planToStackJson(plan, { where: "plan.json", stackName: "baseline-test" });
    expect(json.resource).toEqual({
      google_pubsub_topic: { "t[0]": { name: "t0" } },
      google_compute_firewall: { 'module.net.open["a"]': { name: "open", source_ranges: ["0.0.0.0/0"] } },
    });
    expect(json.data).toEqual({ google_project: { p: { number: "1" } } });
    // A firewall in a child module is judged like any other (NET-4: no ingress from the internet).
    expect(
      check(json).findings.some((f) => f.resource === 'google_compute_firewall.module.net.open["a"]'),
    ).toBe(true);
  });

  it("records the strictest settings when no synthesized stack says otherwise", () => {
    const json = planToStackJson(planFromStack(compliantStack()), { where: "p", stackName: "payments-dev" });
    expect(json["//"]).toEqual({
      policy: { pack: "baseline", production: true, role: "baseline" },
      metadata: { stackName: "payments-dev", source: "terraform plan" },
    });
    // Configuration a plan does not hold (prevent_destroy, the backend) fails closed.
    const report = check(json);
    expect(findingsOf(report, "STATE-1")).toEqual(["(stack): the backend is local (default), not gcs"]);
    expect(findingsOf(report, "GCS-4")).toContain(
      "google_storage_bucket.data: lifecycle.prevent_destroy is not true",
    );
  });

  it("carries suppressions, construct paths and settings over from the synthesized stack", () => {
    const stack = compliantStack({ production: false });
    stack.resource.google_storage_bucket.data["//"] = {
      metadata: { path: "baseline-test/data/resource" },
      suppressions: [
        {
          control: "GCS-1",
          reason: "Public website assets, reviewed by security.",
          owner: "web-team",
          expires: "2026-10-31",
        },
      ],
    };
    const plan = planFromStack(stack);
    const { planned } = planEntries(plan, "google_storage_bucket.data");
    (planned.values as Json).public_access_prevention = "inherited";
    const report = check(planToStackJson(plan, { where: "p", companion: stack }));
    expect(report.settings.production).toBe(false);
    expect(report.suppressed.map((s) => [s.control, s.resource, s.path])).toEqual([
      ["GCS-1", "google_storage_bucket.data", "baseline-test/data/resource"],
    ]);
  });

  it("refuses a plan that was not made from the cdk.tf.json beside it", () => {
    const stack = compliantStack();
    const plan = planFromStack(stack);
    const newer = clone(stack);
    newer.resource.google_pubsub_topic = { ...newer.resource.google_pubsub_topic, extra: { name: "extra" } };
    expect(() =>
      planToStackJson(plan, { where: "stacks/baseline-test/plan.json", companion: newer }),
    ).toThrow(
      /stacks\/baseline-test\/plan.json: was not made from the cdk.tf.json beside it \(stale plan\?\): only in cdk.tf.json: google_pubsub_topic.extra/,
    );
  });

  it("refuses a plan whose planned values lack a resource it keeps, rather than judging without it", () => {
    const stack = compliantStack();
    const plan = planFromStack(stack);
    const root = (plan.planned_values as { root_module: { resources: Json[] } }).root_module;
    root.resources = root.resources.filter((r) => r.address !== "google_storage_bucket.data");
    expect(() => planToStackJson(plan, { where: "plan.json" })).toThrow(
      "plan.json: planned_values lacks google_storage_bucket.data, which resource_changes keeps (create); the plan is inconsistent",
    );
  });

  it("refuses a plan whose configuration wrote another literal than the cdk.tf.json beside it", () => {
    const stack = compliantStack();
    const plan = planFromStack(stack);
    const relocated = clone(stack);
    relocated.resource.google_storage_bucket.data.location = "US";
    expect(() => planToStackJson(plan, { where: "plan.json", companion: relocated })).toThrow(
      "plan.json: was not made from the cdk.tf.json beside it (stale plan?): planned with another value: google_storage_bucket.data.location",
    );
  });

  it.each([
    [{ format_version: "2.0", planned_values: {} }, 'format_version is "2.0"; supported: 1.x'],
    [{ format_version: "1.2", planned_values: {}, errored: true }, "errored is true: terraform plan failed"],
    [{ format_version: "1.2", planned_values: [] }, "planned_values is not an object"],
    [{ format_version: "1.2", resource_changes: [] }, "planned_values is missing"],
    [
      {
        format_version: "1.2",
        planned_values: {},
        resource_changes: [{ address: "a.b", type: "a", change: { actions: "update" } }],
      },
      'resource_changes[0] (a.b): change.actions is "update"; expected a list such as ["update"]',
    ],
  ])("refuses an unusable plan %#", (plan, message) => {
    expect(() => planToStackJson(plan, { where: "plan.json" })).toThrow(PlanInputError);
    expect(() => planToStackJson(plan, { where: "plan.json" })).toThrow(message);
  });
});

describe("npm run check on plan files", () => {
  let dir: string;
  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, TODAY);
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  };
  const configDir = fixtureEnvironmentsDir(
    ["good", "bad", "xyz", "dev"],
    mkdtempSync(join(tmpdir(), "policy-config-")),
  );
  const noExceptions = ["--exceptions", join(tmpdir(), "policy-no-exceptions"), "--config", configDir];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "policy-plan-"));
    // Each stack's metadata names it as cdktf would (the check compares it with the configuration: POL-2).
    const stackNamed = (environment: string) => {
      const json = compliantStack();
      const comment = json["//"] as { metadata: Json; policy: Json };
      comment.metadata.stackName = `baseline-${environment}`;
      comment.policy.environment = environment;
      return json;
    };
    const bad = planFromStack(stackNamed("bad"));
    (planEntries(bad, "google_storage_bucket.data").planned.values as Json).public_access_prevention =
      "inherited";
    for (const [environment, plan] of [
      ["good", planFromStack(stackNamed("good"))],
      ["bad", bad],
    ] as const) {
      const name = `baseline-${environment}`;
      mkdirSync(join(dir, "stacks", name), { recursive: true });
      writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(stackNamed(environment)));
      writeFileSync(join(dir, "stacks", name, "plan.json"), JSON.stringify(plan));
    }
    mkdirSync(join(dir, "loose"));
    writeFileSync(join(dir, "loose", "tfplan.json"), JSON.stringify(bad));
    mkdirSync(join(dir, "unplanned", "stacks", "baseline-xyz"), { recursive: true });
    writeFileSync(
      join(dir, "unplanned", "stacks", "baseline-xyz", "cdk.tf.json"),
      JSON.stringify(stackJson({})),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("recognizes a plan file by its content and judges its planned values", () => {
    const good = run([join(dir, "stacks", "baseline-good", "plan.json"), ...noExceptions]);
    expect([good.code, good.stderr]).toEqual([0, ""]);
    const bad = run([join(dir, "stacks", "baseline-bad", "plan.json"), ...noExceptions]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("ERROR GCS-1 (Public access prevention enforced)");
    expect(bad.stdout).toContain('  problem:  public_access_prevention is "inherited"');
  });

  it("--plan searches directories for plan.json, one per stack", () => {
    expect(findPlanFiles([dir + "/stacks"]).map((f) => f.slice(dir.length))).toEqual([
      "/stacks/baseline-bad/plan.json",
      "/stacks/baseline-good/plan.json",
    ]);
    const result = run(["--plan", join(dir, "stacks"), ...noExceptions]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/policy check FAILED: 2 stack\(s\)/);
  });

  it("--plan refuses a stack directory that was synthesized but not planned", () => {
    const result = run(["--plan", join(dir, "unplanned"), ...noExceptions]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no plan.json beside cdk.tf.json in");
    expect(result.stderr).toContain("baseline-xyz");
  });

  it("--stack names the stack of a plan without a synthesized stack beside it", () => {
    const result = run([
      "--format",
      "json",
      "--stack",
      "payments-dev",
      join(dir, "loose", "tfplan.json"),
      ...noExceptions,
    ]);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc.findings.every((f: { stack: string }) => f.stack === "payments-dev")).toBe(true);
    const synthesized = join(dir, "stacks", "baseline-good", "cdk.tf.json");
    expect(run(["--stack", "x", synthesized, ...noExceptions]).stderr).toContain(
      "--stack x: " + synthesized + " is not a Terraform plan; --stack names a plan's stack",
    );
    expect(run(["--stack", "x", join(dir, "stacks"), ...noExceptions]).stderr).toContain(
      "--stack x: names the stack of one plan file; got 2 files",
    );
  });
});
