import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffFindings, loadPolicyChecker } from "../../../tools/plan-diff/findings";
import { app, baseResources, edited } from "./fixtures";

/** A stand-in checker module: one GCS-1 finding per bucket without public_access_prevention. */
const FAKE_CHECKER = `
exports.checkStack = (json, { fallbackStackName: stack }) => ({
  stack,
  findings: Object.keys((json.resource || {}).google_storage_bucket || {})
    .filter((name) => json.resource.google_storage_bucket[name].public_access_prevention !== "enforced")
    .map((name) => ({ control: "GCS-1", stack, resource: "google_storage_bucket." + name, severity: "error",
      message: "public access prevention is not enforced", fix: "set it", path: name })),
  suppressed: [{ control: "GCS-9", resource: "x", severity: "error", message: "waived" }],
});
`;

describe("control findings", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "plan-diff-policy-"));
    writeFileSync(join(dir, "check.js"), FAKE_CHECKER);
    writeFileSync(join(dir, "empty.js"), "exports.notAFunction = 1;\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reports the policy check as not available when its module does not exist", () => {
    const checker = loadPolicyChecker(join(dir, "missing"));
    expect(checker).toBeUndefined();
    expect(diffFindings(checker, app(baseResources()), app(baseResources()))).toEqual({
      available: false,
      reason: "policy check not available",
    });
  });

  it("finds the repository's policy/check module or reports it absent, without throwing", () => {
    expect(() => loadPolicyChecker()).not.toThrow();
  });

  it("loads a checker module and diffs introduced and resolved findings (suppressed ones are not findings)", () => {
    const base = app(edited((r) => (r.google_storage_bucket.logs.public_access_prevention = "enforced")));
    const head = app(edited((r) => (r.google_storage_bucket.data.public_access_prevention = "enforced")));
    const result = diffFindings(loadPolicyChecker(join(dir, "check")), base, head);
    expect(result).toEqual({
      available: true,
      introduced: [
        {
          stack: "baseline-dev",
          control: "GCS-1",
          resource: "google_storage_bucket.logs",
          severity: "error",
          message: "public access prevention is not enforced",
        },
      ],
      resolved: [expect.objectContaining({ control: "GCS-1", resource: "google_storage_bucket.data" })],
    });
  });

  it("refuses a module that exports no check function", () => {
    expect(() => loadPolicyChecker(join(dir, "empty"))).toThrow(/exports none of checkStack, check, default/);
  });
});
