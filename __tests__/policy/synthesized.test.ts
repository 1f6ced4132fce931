import type { TerraformStack } from "cdktf";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { join } from "node:path";
import { loadEnvironments } from "../../config/load";
import { checkStack } from "../../policy/check";
import { checkFiles, findStackFiles } from "../../policy/run";
import type { StackReport } from "../../policy/model";
import { recordPolicySettings } from "../../policy/record";
import { suppress } from "../../policy/suppress";
import { shippedSynthDir } from "../support/shipped";
import { constructTestStack } from "../support/synth";
import { synthStackFile as synth } from "./support";

const TODAY = "2026-12-01";
const VALID = {
  reason: "Static website assets, reviewed by security in ticket SEC-42",
  owner: "web-team",
  expires: "2026-12-31",
};

function check(stack: TerraformStack, today = TODAY): StackReport {
  return checkStack(synth(stack), { file: "cdk.tf.json", today });
}

/** A team-style raw bucket: deep import, none of SecureBucket's defaults. */
function rawBucket(stack: TerraformStack, id = "raw-bucket"): StorageBucket {
  return new StorageBucket(stack, id, { name: `acme-${id}`, location: "EU", uniformBucketLevelAccess: true });
}

describe("policy on team-style raw resources synthesized with cdktf", () => {
  it("GCS-1: a raw StorageBucket without public_access_prevention is a finding with its address and construct path", () => {
    const stack = constructTestStack();
    rawBucket(stack);
    const finding = check(stack).findings.find((f) => f.control === "GCS-1");
    expect(finding).toMatchObject({
      stack: "test",
      resource: "google_storage_bucket.raw-bucket",
      path: "test/raw-bucket",
      severity: "error",
      message: "public_access_prevention is unset",
    });
    expect(finding?.fix).toMatch(/public_access_prevention = "enforced"/);
  });

  it("NET-4: an addOverride that re-opens a compliant firewall to 0.0.0.0/0 is caught (the check reads what Terraform applies)", () => {
    const stack = constructTestStack();
    const network = new ComputeNetwork(stack, "vpc", {
      name: "vpc",
      autoCreateSubnetworks: false,
      deleteDefaultRoutesOnCreate: true,
    });
    const firewall = new ComputeFirewall(stack, "allow-ssh", {
      name: "allow-ssh",
      network: network.id,
      direction: "INGRESS",
      allow: [{ protocol: "tcp", ports: ["22"] }],
      sourceRanges: ["35.235.240.0/20"],
      logConfig: { metadata: "INCLUDE_ALL_METADATA" },
    });
    expect(check(stack).findings.filter((f) => f.control.startsWith("NET-4"))).toEqual([]);
    firewall.addOverride("source_ranges", ["0.0.0.0/0"]);
    const findings = check(stack).findings.filter((f) => f.resource === "google_compute_firewall.allow-ssh");
    expect(findings.map((f) => `${f.control}: ${f.message}`)).toEqual([
      "NET-4: INGRESS allow rule admits 0.0.0.0/0 (tcp:22)",
      "NET-5: INGRESS allow rule admits public source(s) 0.0.0.0/0",
    ]);
  });

  it("NET-3: a network without a deny-all egress rule is reported on the network", () => {
    const stack = constructTestStack();
    new ComputeNetwork(stack, "vpc", {
      name: "vpc",
      autoCreateSubnetworks: false,
      deleteDefaultRoutesOnCreate: true,
    });
    expect(check(stack).findings.find((f) => f.control === "NET-3")).toMatchObject({
      resource: "google_compute_network.vpc",
      path: "test/vpc",
    });
  });
});

describe("suppress(): justified exceptions stored in the synthesized JSON", () => {
  it("stores the suppression on every resource under the scope and waives its findings", () => {
    const stack = constructTestStack();
    rawBucket(stack, "site");
    suppress(stack.node.findChild("site"), "GCS-1", VALID);
    const json = synth(stack);
    const bucket = (json.resource as Record<string, Record<string, { "//": { suppressions: unknown[] } }>>)
      .google_storage_bucket.site;
    expect(bucket["//"].suppressions).toEqual([{ control: "GCS-1", ...VALID }]);
    const report = checkStack(json, { file: "x", today: TODAY });
    expect(report.findings.filter((f) => f.control === "GCS-1")).toEqual([]);
    expect(report.suppressed.find((s) => s.control === "GCS-1")?.exception).toMatchObject({
      reason: VALID.reason,
      owner: "web-team",
      expires: "2026-12-31",
      source: "suppress() at test/site",
    });
    expect(report.results.find((r) => r.control.id === "GCS-1")?.status).toBe("suppressed");
  });

  it("an expired suppression waives nothing and fails the check", () => {
    const stack = constructTestStack();
    rawBucket(stack, "site");
    suppress(stack, "GCS-1", { ...VALID, expires: "2026-05-31" });
    const findings = check(stack).findings.filter((f) => f.control === "GCS-1");
    expect(findings.map((f) => f.message)).toEqual([
      "public_access_prevention is unset",
      expect.stringMatching(
        /^exception expired on 2026-05-31 \(owner web-team, suppress\(\) at \(stack\)\); fix the finding or renew/,
      ),
    ]);
    expect(findings.every((f) => f.severity === "error")).toBe(true);
  });

  it("on a stack, it also waives stack-level findings (written at the JSON root)", () => {
    const stack = constructTestStack();
    rawBucket(stack);
    suppress(stack, "LOG-1", {
      reason: "Audit config is managed by the organization's central stack",
      owner: "sec@example.com",
      expires: "2026-12-31",
    });
    const json = synth(stack);
    expect((json["//"] as { suppressions: unknown[] }).suppressions).toHaveLength(1);
    const report = checkStack(json, { file: "x", today: TODAY });
    expect(report.findings.filter((f) => f.control === "LOG-1")).toEqual([]);
    expect(report.suppressed.filter((f) => f.control === "LOG-1").map((f) => f.resource)).toEqual([
      "(stack)",
    ]);
  });

  it.each([
    [
      "short reason",
      { ...VALID, reason: "because" },
      'suppress: reason: got "because"; must explain the exception in at least 20 characters',
    ],
    [
      "missing owner",
      { ...VALID, owner: "" },
      'suppress: owner: got ""; must be an email address or a team name',
    ],
    [
      "bad expiry",
      { ...VALID, expires: "31/12/2026" },
      'suppress: expires: got "31/12/2026"; must be a real date YYYY-MM-DD',
    ],
    [
      "impossible date",
      { ...VALID, expires: "2026-02-30" },
      'suppress: expires: got "2026-02-30"; must be a real date YYYY-MM-DD',
    ],
  ])("refuses a %s with a clear message", (_name, props, message) => {
    const stack = constructTestStack();
    expect(() => suppress(stack, "GCS-1", props)).toThrow(message);
  });

  it("refuses an unknown control id", () => {
    expect(() => suppress(constructTestStack(), "GCS-99", VALID)).toThrow(
      'suppress: control: got "GCS-99"; must be a control id from policy/controls',
    );
  });

  it("recordPolicySettings writes the pack for the checker", () => {
    const stack = constructTestStack();
    recordPolicySettings(stack, { pack: "hipaa", environment: "prod", production: true, role: "baseline" });
    const json = synth(stack);
    expect((json["//"] as { policy: unknown }).policy).toEqual({
      pack: "hipaa",
      environment: "prod",
      production: true,
      role: "baseline",
    });
    expect(checkStack(json, { file: "x", today: TODAY }).settings.pack).toBe("hipaa");
  });
});

describe("the kit's own output (shipped environments, every stack, wired as main.ts does)", () => {
  let reports: StackReport[];
  beforeAll(() => {
    reports = checkFiles(findStackFiles([join(shippedSynthDir(), "stacks")]), { today: TODAY });
  });

  it("covers the bootstrap, baseline and team stacks of every environment with their roles", () => {
    const roles = Object.fromEntries(reports.map((r) => [r.stack, r.settings.role]));
    expect(roles).toMatchObject({
      "baseline-dev": "baseline",
      "bootstrap-dev": "bootstrap",
      "payments-dev": "workload",
    });
    expect(reports.find((r) => r.stack === "baseline-prod")?.settings).toMatchObject({
      production: true,
      environment: "prod",
    });
  });

  it("has zero unsuppressed findings and no stale exception", () => {
    expect(reports.flatMap((r) => r.findings)).toEqual([]);
    expect(reports.flatMap((r) => r.unusedExceptions)).toEqual([]);
  });

  it("every waiver is a justified suppression with an owner and an expiry", () => {
    for (const s of reports.flatMap((r) => r.suppressed)) {
      expect(s.exception.reason.length).toBeGreaterThanOrEqual(20);
      expect(s.exception.expires > TODAY).toBe(true);
    }
  });

  it("GCS-9: the access-log buckets pass without suppression; the buckets that log into them pass", () => {
    for (const report of reports.filter((r) => r.stack.startsWith("baseline-"))) {
      const gcs9 = report.results.find((r) => r.control.id === "GCS-9")!;
      expect(gcs9.status).toBe("pass");
      expect(gcs9.suppressed).toEqual([]);
      expect(gcs9.satisfiedBy).toEqual(
        expect.arrayContaining([expect.stringMatching(/^google_storage_bucket\.data-bucket/)]),
      );
    }
  });

  it("the baseline stacks pass every applicable control; project-wide controls are checked there", () => {
    const withRedis = new Set(
      loadEnvironments()
        .filter((env) => env.redis?.databases.length)
        .map((env) => `baseline-${env.name}`),
    );
    expect([...withRedis]).toEqual(expect.arrayContaining(["baseline-dev", "baseline-prod"]));
    for (const report of reports.filter((r) => r.stack.startsWith("baseline-"))) {
      const statuses = Object.fromEntries(report.results.map((r) => [r.control.id, r.status]));
      const redis = withRedis.has(report.stack) ? ["UPS-1", "UPS-3"] : [];
      for (const id of [
        "NET-1",
        "NET-3",
        "KMS-1",
        "GCS-1",
        "SQL-1",
        "LOG-1",
        "LOG-2",
        "MON-1",
        "MON-8",
        "KMS-7",
        ...redis,
        "STATE-1",
      ]) {
        expect(`${id}: ${statuses[id]}`).toBe(`${id}: pass`);
      }
    }
    const prod = reports.find((r) => r.stack === "baseline-prod")!;
    expect(prod.results.find((r) => r.control.id === "LOG-3")?.status).toBe("pass");
    expect(prod.results.find((r) => r.control.id === "SQL-11")?.status).toBe("pass");
  });

  it("bootstrap and team stacks leave project-wide controls to the baseline stack; bootstrap state starts local", () => {
    for (const report of reports.filter((r) => !r.stack.startsWith("baseline-"))) {
      const statuses = Object.fromEntries(report.results.map((r) => [r.control.id, r.status]));
      expect([statuses["LOG-1"], statuses["MON-1"], statuses["KMS-7"]]).toEqual([
        "not-applicable",
        "not-applicable",
        "not-applicable",
      ]);
    }
    const bootstrap = reports.find((r) => r.stack === "bootstrap-dev")!;
    expect(bootstrap.results.find((r) => r.control.id === "STATE-1")?.status).toBe("not-applicable");
    expect(bootstrap.results.find((r) => r.control.id === "STATE-2")?.status).toBe("pass");
  });
});
