import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffStackSets, type StackDiff } from "../../../tools/plan-diff/diff";
import { PlanDiffInputError } from "../../../tools/plan-diff/errors";
import {
  KNOWN_AFTER_APPLY,
  displayValue,
  loadPlans,
  planNotes,
  planStackDiff,
  withPlans,
} from "../../../tools/plan-diff/plan";
import { app, baseResources, edited } from "./fixtures";

/** A plan in Terraform's documented JSON format covering every action (plans/baseline-dev/plan.json). */
const PLANS = join(__dirname, "plans");

describe("planStackDiff on a plan with every kind of action", () => {
  let stack: StackDiff;
  let review: ReturnType<typeof planStackDiff>;
  beforeAll(() => {
    const [plan] = loadPlans([PLANS], __dirname);
    review = planStackDiff(plan);
    stack = review.diff;
  });

  it("names the stack from its cdk.tf.json and says the actions come from the plan", () => {
    expect(stack.stack).toBe("baseline-dev");
    expect(stack.source).toBe("plan");
    expect(stack.planFile).toBe("plans/baseline-dev/plan.json");
  });

  it("lists creates and imports as added; no-op and data-source reads as nothing", () => {
    expect(stack.added.map((r) => [r.address, r.importedId])).toEqual([
      ["google_pubsub_topic.alerts", undefined],
      ["google_pubsub_topic.legacy_events", "projects/acme-dev/topics/legacy-events"],
    ]);
    const everything = JSON.stringify(stack);
    expect(everything).not.toContain("google_compute_network.vpc");
    expect(everything).not.toContain("data.google_project.current");
  });

  it("lists updates with old and new values; unknown values as known after apply, sensitive ones masked", () => {
    expect(stack.changed.map((r) => [r.address, r.changes])).toEqual([
      ["google_sql_user.app", [{ path: "password", before: "(sensitive)", after: "(sensitive)" }]],
      [
        "google_storage_bucket.logs",
        [
          { path: "force_destroy", before: false, after: true },
          // Not a sensitive name: masked because the plan marks it (a label from a sensitive variable).
          { path: "labels.owner", before: "(sensitive)", after: "(sensitive)" },
          { path: "updated", before: "2026-05-01T00:00:00Z", after: KNOWN_AFTER_APPLY },
        ],
      ],
    ]);
    expect(JSON.stringify(review)).not.toMatch(/pw-new1|pw-old1|lbl-new1|lbl-old1/);
  });

  it("takes replacements from the plan in either order, with replace_paths and action_reason", () => {
    expect(stack.replaced.map((r) => [r.address, r.forcedBy, r.order, r.reason, r.movedFrom])).toEqual([
      [
        "google_compute_firewall.allow-iap",
        ["name"],
        "create-before-destroy",
        "replace_because_cannot_update",
        undefined,
      ],
      [
        "google_kms_key_ring.ring",
        ["location"],
        "delete-before-create",
        "replace_because_cannot_update",
        undefined,
      ],
      [
        "google_secret_manager_secret.signing",
        ["secret_id"],
        "delete-before-create",
        "replace_because_cannot_update",
        "google_secret_manager_secret.app",
      ],
    ]);
    const ring = stack.replaced.find((r) => r.address === "google_kms_key_ring.ring");
    expect(ring?.constructPath).toBe("baseline-dev/kms/ring");
    expect(ring?.changes).toContainEqual({
      path: "location",
      before: "europe-west1",
      after: "europe-west4",
      forcesReplacement: "location",
    });
    // An attribute only Terraform computes is unknown after the replacement, not a reason for it.
    expect(ring?.changes.find((c) => c.path === "id")).toEqual({
      path: "id",
      before: "projects/acme-dev/locations/europe-west1/keyRings/baseline-dev",
      after: KNOWN_AFTER_APPLY,
    });
  });

  it("shows a moved resource that is also replaced as replaced, and a moved no-op as moved", () => {
    expect(stack.moved).toEqual([
      {
        stack: "baseline-dev",
        from: "google_storage_bucket.archive",
        to: "google_storage_bucket.customer_data",
        changes: [],
      },
    ]);
    expect(stack.moved.map((m) => m.to)).not.toContain("google_secret_manager_secret.signing");
  });

  it("lists deletes with their reason, deposed objects, and forgotten resources (not destroyed)", () => {
    expect(stack.removed.map((r) => [r.address, r.reason, r.forgotten])).toEqual([
      ["google_compute_address.nat (deposed 00000001)", undefined, undefined],
      ["google_logging_project_sink.legacy", undefined, true],
      ["google_storage_bucket.data", "delete_because_no_resource_config", undefined],
    ]);
  });

  it("warns for every stateful resource the plan destroys, and for destroy protection turned off", () => {
    expect(review.destroyWarnings.map((w) => [w.address, w.action, w.forcedBy])).toEqual([
      ["google_compute_address.nat (deposed 00000001)", "removed", undefined],
      ["google_kms_key_ring.ring", "replaced", ["location"]],
      ["google_secret_manager_secret.signing", "replaced", ["secret_id"]],
      ["google_storage_bucket.data", "removed", undefined],
    ]);
    expect(review.protectionWarnings.map((w) => [w.address, w.change.path, w.change.after])).toEqual([
      ["google_storage_bucket.logs", "force_destroy", true],
    ]);
  });
});

describe("planNotes", () => {
  it("tells the reviewer about drift and about an incomplete plan", () => {
    const [plan] = loadPlans([PLANS], __dirname);
    expect(planNotes(plan)).toEqual([]);
    const drifted = {
      ...plan,
      plan: { ...plan.plan, resource_drift: [{ address: "google_storage_bucket.logs" }], complete: false },
    };
    expect(planNotes(drifted)).toEqual([
      "baseline-dev: 1 resource(s) changed outside Terraform since the last apply (resource_drift in plans/baseline-dev/plan.json); this plan reverts or adopts them",
      "baseline-dev: the plan is incomplete (complete: false, deferred changes): actions Terraform deferred are not in this review",
    ]);
  });
});

describe("withPlans", () => {
  it("replaces a planned stack's offline estimate and its warnings, keeping the other stacks' estimates", () => {
    const base = {
      ...app(baseResources()),
      "payments-dev": app(baseResources())["baseline-dev"],
    };
    const head = {
      // The offline estimate sees nothing in baseline-dev; the plan sees what live state needs.
      ...app(baseResources()),
      "payments-dev": app(edited((r) => delete r.google_storage_bucket.logs))["baseline-dev"],
    };
    const offline = diffStackSets(base, head);
    const [plan] = loadPlans([join(PLANS, "baseline-dev", "plan.json")], __dirname);
    const merged = withPlans(offline, [plan]);
    expect(merged.stacks.map((s) => [s.stack, s.source, s.status])).toEqual([
      ["baseline-dev", "plan", "changed"],
      ["payments-dev", "synthesized", "changed"],
    ]);
    expect(merged.destroyWarnings.map((w) => `${w.stack} ${w.address}`)).toEqual([
      "baseline-dev google_compute_address.nat (deposed 00000001)",
      "baseline-dev google_kms_key_ring.ring",
      "baseline-dev google_secret_manager_secret.signing",
      "baseline-dev google_storage_bucket.data",
      "payments-dev google_storage_bucket.logs",
    ]);
  });
});

describe("loadPlans", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "plan-diff-plans-"));
    mkdirSync(join(dir, "stacks", "baseline-dev"), { recursive: true });
    writeFileSync(
      join(dir, "stacks", "baseline-dev", "plan.json"),
      JSON.stringify({ format_version: "2.0", resource_changes: [] }),
    );
    writeFileSync(join(dir, "state.json"), JSON.stringify({ format_version: "1.0", values: {} }));
    mkdirSync(join(dir, "empty"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["stacks", 'format_version is "2.0"; supported: 1.x'],
    ["state.json", "not a Terraform plan (expected terraform show -json output"],
    ["empty", "--plan empty: no plan.json in this directory"],
    ["missing", "--plan missing: no such file or directory"],
  ])("refuses %s with a message naming the problem", (spec, message) => {
    expect(() => loadPlans([spec], dir)).toThrow(PlanDiffInputError);
    expect(() => loadPlans([spec], dir)).toThrow(message);
  });

  it("refuses two plans for one stack", () => {
    const file = join(PLANS, "baseline-dev", "plan.json");
    expect(() => loadPlans([file, PLANS], __dirname)).toThrow(/a second plan for stack baseline-dev/);
  });
});

describe("displayValue", () => {
  it("marks unknown leaves inside blocks and lists, masks sensitive ones, and keeps unset values unset", () => {
    expect(
      displayValue({ a: [{ b: 1 }], s: "x", n: null }, { a: [{ c: true }], d: true }, { s: true, n: true }),
    ).toEqual({ a: [{ b: 1, c: KNOWN_AFTER_APPLY }], s: "(sensitive)", d: KNOWN_AFTER_APPLY });
  });
});
