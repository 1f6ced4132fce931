import type { Exception } from "../../../policy/model";
import { diffStackSets, type StackSet } from "../../../tools/plan-diff/diff";
import {
  controlsJudging,
  reviewControls,
  typesReadByStackRules,
  type CheckSide,
  type ControlsReview,
} from "../../../tools/plan-diff/findings";
import { app, edited } from "./fixtures";

const TODAY = "2026-06-01";

/** Both buckets enforce public access prevention: GCS-1 passes in the base. */
const base = app(
  edited((r) => {
    r.google_storage_bucket.data.public_access_prevention = "enforced";
    r.google_storage_bucket.logs.public_access_prevention = "enforced";
  }),
);

function side(stacks: StackSet, exceptions: Exception[] = []): CheckSide {
  return { stacks, exceptionsByEnvironment: new Map([["dev", exceptions]]) };
}

function review(head: StackSet, headExceptions: Exception[] = []): ControlsReview {
  return reviewControls(side(base), side(head, headExceptions), diffStackSets(base, head), TODAY);
}

const inherited = () =>
  app(
    edited((r) => {
      r.google_storage_bucket.data.public_access_prevention = "inherited";
      r.google_storage_bucket.logs.public_access_prevention = "enforced";
    }),
  );

describe("reviewControls", () => {
  it("reports the introduced finding and the control whose status changed", () => {
    const result = review(inherited());
    expect(result.introduced).toEqual([
      {
        stack: "baseline-dev",
        control: "GCS-1",
        resource: "google_storage_bucket.data",
        severity: "error",
        message: 'public_access_prevention is "inherited"',
      },
    ]);
    expect(result.resolved).toEqual([]);
    expect(result.statusChanges).toEqual([
      {
        stack: "baseline-dev",
        control: "GCS-1",
        title: "Public access prevention enforced",
        before: "pass",
        after: "fail",
      },
    ]);
  });

  it("names the controls that judge a changed resource, the changed verdict first", () => {
    const result = review(inherited());
    const bucket = result.resources.find((r) => r.address === "google_storage_bucket.data");
    expect(bucket?.controls[0]).toEqual({
      control: "GCS-1",
      scope: "resource",
      before: "pass",
      after: "fail",
    });
    expect(bucket?.controls.map((c) => c.control)).toEqual(
      expect.arrayContaining(controlsJudging("google_storage_bucket")),
    );
    expect(bucket?.controls.slice(1).every((c) => c.before === c.after)).toBe(true);
  });

  it("shows a control waived by an exception added on the head side as fail → suppressed", () => {
    const exception: Exception = {
      control: "GCS-1",
      reason: "Public website assets, reviewed by security.",
      owner: "web-team",
      expires: "2026-09-30",
      source: "config/exceptions/dev.yaml: exceptions[0]",
      target: "google_storage_bucket.data",
    };
    const result = review(inherited(), [exception]);
    expect(result.introduced).toEqual([]);
    expect(result.statusChanges.map((c) => [c.control, c.before, c.after])).toEqual([
      ["GCS-1", "pass", "suppressed"],
    ]);
    const bucket = result.resources.find((r) => r.address === "google_storage_bucket.data");
    expect(bucket?.controls[0]).toEqual({
      control: "GCS-1",
      scope: "resource",
      before: "pass",
      after: "suppressed",
    });
  });

  it("names the network controls a widened firewall range touches", () => {
    const withRule = (ranges: string[]) =>
      app(
        edited((r) => {
          r.google_storage_bucket.data.public_access_prevention = "enforced";
          r.google_storage_bucket.logs.public_access_prevention = "enforced";
          r.google_compute_firewall["allow-iap"].allow = [{ protocol: "tcp", ports: ["22"] }];
          r.google_compute_firewall["allow-iap"].source_ranges = ranges;
        }),
      );
    const before = withRule(["35.235.240.0/20"]);
    const after = withRule(["35.235.240.0/20", "0.0.0.0/0"]);
    const result = reviewControls(side(before), side(after), diffStackSets(before, after), TODAY);
    const firewall = result.resources.find((r) => r.address === "google_compute_firewall.allow-iap");
    expect(firewall?.controls.filter((c) => c.before !== c.after)).toEqual([
      { control: "NET-4", scope: "resource", before: "pass", after: "fail" },
      { control: "NET-5", scope: "resource", before: "pass", after: "fail" },
    ]);
    expect(result.statusChanges.map((c) => [c.control, c.before, c.after])).toEqual([
      ["NET-4", "pass", "fail"],
      ["NET-5", "pass", "fail"],
    ]);
    // NET-3 (deny-all egress) is a stack-level rule that reads every firewall: listed with its stack status
    // (n/a here: the fixture has no network).
    expect(firewall?.controls).toContainEqual({
      control: "NET-3",
      scope: "stack",
      before: "n/a",
      after: "n/a",
    });
  });

  it("marks a removed resource's verdicts as absent on the head side", () => {
    const head = app(
      edited((r) => {
        r.google_storage_bucket.logs.public_access_prevention = "enforced";
        delete r.google_storage_bucket.data;
      }),
    );
    const bucket = review(head).resources.find((r) => r.address === "google_storage_bucket.data");
    expect(bucket?.controls.find((c) => c.control === "GCS-1")).toEqual({
      control: "GCS-1",
      scope: "resource",
      before: "pass",
      after: "absent",
    });
  });

  it("finds the types a stack-level rule reads by running it", () => {
    const read = typesReadByStackRules("baseline-dev", base["baseline-dev"]);
    expect([...(read.get("NET-3") ?? [])]).toEqual(
      expect.arrayContaining(["google_compute_network", "google_compute_firewall"]),
    );
    expect(read.has("GCS-1")).toBe(false); // a resource rule: its types are declared
  });

  it("lists the controls each resource type is judged by from the catalogue's rule types", () => {
    expect(controlsJudging("google_storage_bucket")).toEqual(expect.arrayContaining(["GCS-1", "GCS-2"]));
    expect(controlsJudging("time_sleep")).toEqual([]);
  });
});
