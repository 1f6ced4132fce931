/**
 * GCS-7 and RET-1 take their bounds from the validated configuration, never from the synthesized JSON: a
 * forged `//.policy.retention` changes nothing, and the termination bound is never looser than 60 days.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnvironment } from "../../config/load";
import type { StackReport } from "../../policy/model";
import { checkFiles } from "../../policy/run";
import { clone, compliantStack, type StackJson } from "./fixtures";

const TODAY = "2026-06-01";
const NO_EXCEPTIONS = join(tmpdir(), "policy-no-exceptions");

function environment(retention: Record<string, number> = {}) {
  return parseEnvironment(
    "test.yaml",
    JSON.stringify({
      name: "test",
      projectId: "acme-test",
      region: "europe-west1",
      production: true,
      kms: { protectionLevel: "HSM" },
      logging: { locked: true },
      database: { availability: "REGIONAL" },
      notifications: {
        emails: ["alerts@example.com"],
        pagerduty: { serviceKeySecret: { secretId: "pagerduty-service-key" } },
      },
      monitoring: { uptimeChecks: [{ name: "app", url: "https://app.example.com/healthz" }] },
      // A tighter termination bound needs settings that fit it.
      storage: { deleteAfterTerminationDays: 10, noncurrentVersionRetentionDays: 10 },
      retention,
    }),
  );
}

function check(json: StackJson, retention: Record<string, number> = {}): StackReport {
  const dir = mkdtempSync(join(tmpdir(), "retention-trust-"));
  mkdirSync(join(dir, "baseline-test"));
  const file = join(dir, "baseline-test", "cdk.tf.json");
  writeFileSync(file, JSON.stringify(json));
  return checkFiles([file], {
    today: TODAY,
    exceptionsDir: NO_EXCEPTIONS,
    environments: [environment(retention)],
  })[0];
}

const messages = (report: StackReport, control: string) =>
  report.findings.filter((f) => f.control === control).map((f) => f.message);

type Json = Record<string, unknown>;
const bucket = (json: StackJson) =>
  ((json.resource as Json).google_storage_bucket as Record<string, Json>).data;

describe("retention bounds come from the configuration", () => {
  it("the environment's tighter termination bound applies (30 + 23 + 7 passes 60 but not 40)", () => {
    expect(messages(check(compliantStack()), "GCS-7")).toEqual([]);
    const tighter = messages(check(compliantStack(), { customerDataDeletionDays: 40 }), "GCS-7");
    expect(tighter.length).toBeGreaterThan(0);
    for (const message of tighter)
      expect(message).toMatch(
        /up to 60 days \(30 after custom time \+ 23 noncurrent \+ 7 soft delete\); the bound is 40 days/,
      );
  });

  it("a forged //.policy.retention in the JSON is not believed", () => {
    const forged = clone(compliantStack());
    ((forged["//"] as Json).policy as Json).retention = {
      customerDataDeletionDays: 365,
      maxSoftDeleteDays: 90,
    };
    bucket(forged).soft_delete_policy = { retention_duration_seconds: 90 * 86400 };
    const report = check(forged);
    expect(messages(report, "GCS-7")).toEqual([expect.stringMatching(/143 days .*the bound is 60 days/)]);
    expect(messages(report, "RET-1")).toEqual([
      expect.stringMatching(
        /soft delete keeps deleted objects 90 days, more than retention.maxSoftDeleteDays \(30\)/,
      ),
    ]);
  });

  it("a raised bound in the configuration lets a store keep data longer, where the reviewer sees it", () => {
    const longer = clone(compliantStack());
    bucket(longer).soft_delete_policy = { retention_duration_seconds: 30 * 86400 };
    bucket(longer).lifecycle_rule = [
      { action: { type: "Delete" }, condition: { days_since_noncurrent_time: 10, with_state: "ARCHIVED" } },
      { action: { type: "Delete" }, condition: { days_since_custom_time: 20 } },
    ];
    expect(messages(check(longer, { maxSoftDeleteDays: 20 }), "RET-1")).toEqual([
      expect.stringMatching(/30 days, more than retention.maxSoftDeleteDays \(20\)/),
    ]);
    expect(messages(check(longer, { maxSoftDeleteDays: 30 }), "RET-1")).toEqual([]);
  });
});
