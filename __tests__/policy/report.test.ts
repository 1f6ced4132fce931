import { checkStack } from "../../policy/check";
import { flowDiagram } from "../../policy/diagram";
import { parseExceptionsFile } from "../../policy/exceptions";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DrillRecord } from "../../policy/drill-records";
import { controlsDocument, markdownReport, restoreEvidence, restoreTargets } from "../../policy/report";
import type { StackReport } from "../../policy/model";
import { compliantStack } from "./fixtures";

const TODAY = "2026-06-01";
const EXCEPTION = `exceptions:
  - control: UPS-5
    resource: upstash_redis_database.sessions
    reason: Sessions database is a pure cache; evicting keys only logs users out.
    owner: platform@example.com
    expires: "2026-09-30"
`;

function report(pack?: "hipaa"): StackReport {
  const json = compliantStack({ pack });
  json.resource.upstash_redis_database.sessions.eviction = true;
  return checkStack(json as unknown as Record<string, unknown>, {
    file: "cdktf.out/stacks/baseline-test/cdk.tf.json",
    today: TODAY,
    exceptions: parseExceptionsFile("config/exceptions/test.yaml", EXCEPTION),
  });
}

describe("compliance report", () => {
  let md: string;
  let doc: ReturnType<typeof controlsDocument>;
  beforeAll(() => {
    const r = report();
    md = markdownReport(r);
    doc = controlsDocument(r);
  });

  it("controls.json: every control with status, resources that satisfy it, mappings and exceptions", () => {
    expect(doc.stack).toBe("baseline-test");
    expect(doc.pack).toBe("baseline");
    const gcs1 = doc.controls.find((c) => c.id === "GCS-1")!;
    expect(gcs1.status).toBe("pass");
    expect(gcs1.satisfiedBy).toEqual(
      expect.arrayContaining(["google_storage_bucket.data", "google_storage_bucket.access-logs"]),
    );
    expect(gcs1.mappings.checkov).toEqual(["CKV_GCP_114"]);
    const ups5 = doc.controls.find((c) => c.id === "UPS-5")!;
    expect(ups5.status).toBe("suppressed");
    expect(ups5.exceptions).toEqual([
      expect.objectContaining({
        resource: "upstash_redis_database.sessions",
        reason: "Sessions database is a pure cache; evicting keys only logs users out.",
        owner: "platform@example.com",
        expires: "2026-09-30",
      }),
    ]);
    expect(doc.summary.fail).toBe(0);
  });

  it("markdown: a row per control with status, satisfying resources, source-document line, CIS, Checkov, HIPAA and SOC 2", () => {
    expect(md).toMatch(/^# Compliance report: baseline-test/);
    expect(md).toContain(
      '| GCS-1 Public access prevention enforced | pass | error | `google_storage_bucket.access-logs`<br>`google_storage_bucket.audit-archive`<br>`google_storage_bucket.data`<br>`google_storage_bucket.tfstate` | Company security practices (Google Cloud), line 30: "Uniform public access prevention is applied to buckets with customer data" |  | CKV_GCP_114 | 164.312(a)(1) access control | CC6.1 |',
    );
    expect(md).toMatch(
      /\| LOG-1 Data Access audit logs for all services \| pass \| error \| `google_project_iam_audit_config\.all` \| .* \| 2\.1 \| CKV2_GCP_5 \| 164\.312\(b\) audit controls \| CC7\.2 \|/,
    );
    expect(md).toMatch(
      /\| UPS-1 Prod Pack on \| pass .*Upstash shared-responsibility model \(HIPAA duties\), line 35: "Enabling Prod Pack/,
    );
  });

  it("markdown: exceptions with reason, owner and expiry", () => {
    expect(md).toContain(
      "| UPS-5 | `upstash_redis_database.sessions` | eviction is true | Sessions database is a pure cache; evicting keys only logs users out. | platform@example.com | 2026-09-30 | config/exceptions/test.yaml: exceptions[0] |",
    );
  });

  it("markdown: manual duties no provider can enforce", () => {
    for (const duty of [
      "Business Associate Agreement (BAA)",
      "Mark each PHI database as a HIPAA database",
      "Enable MFA on every Upstash account",
      "Enable Credential Protection",
      "Never transfer a PHI database to a non-HIPAA Upstash organization",
      "runbooks",
      "Test restoration periodically",
      "security and privacy training",
    ]) {
      expect(md).toContain(duty);
    }
  });

  it("markdown: a Mermaid diagram of the main flows derived from the resources", () => {
    expect(md).toContain("```mermaid\nflowchart LR");
  });

  it("diagram: network → router → NAT ← egress IP → Redis allowlist; keys → buckets, secrets, database, logs; Redis credential → secret", () => {
    const r = report();
    const diagram = flowDiagram(r.resources, r.stack)!;
    const id = (label: string) =>
      new RegExp(`(n\\d+)\\["${label.replace(/[()]/g, "\\$&")}"\\]`).exec(diagram)?.[1];
    const edge = (from: string, via: string, to: string) => `  ${id(from)} -->|${via}| ${id(to)}`;
    expect(diagram.split("\n")).toEqual(
      expect.arrayContaining([
        edge("VPC network: vpc", "network", "Cloud Router: router"),
        edge("VPC network: vpc", "private_network", "Cloud SQL: postgres"),
        edge("Cloud Router: router", "router", "Cloud NAT: nat"),
        edge("Egress IP: nat-ip", "nat_ips", "Cloud NAT: nat"),
        edge("Egress IP: nat-ip", "ip_allowlist", "Upstash Redis: prod-sessions"),
        edge("KMS key: storage", "default_kms_key_name", "Bucket: acme-data"),
        edge("KMS key: storage", "kms_key_name", "Secret: redis-password"),
        edge("KMS key: storage", "encryption_key_name", "Cloud SQL: postgres"),
        edge("KMS key: storage", "kms_key_name", "Log bucket: audit-logs"),
        edge("Upstash Redis: prod-sessions", "credential", "Secret: redis-password"),
        edge("Log sink: audit-logs-sink", "destination", "Log bucket: audit-logs"),
        edge("Bucket: acme-data", "log_bucket", "Bucket: acme-access-logs"),
      ]),
    );
  });

  it("hipaa pack: only HIPAA-mapped controls, with the seed 000 duties", () => {
    const hipaa = controlsDocument(report("hipaa"));
    expect(hipaa.pack).toBe("hipaa");
    expect(hipaa.controls.map((c) => c.id)).not.toContain("UPS-9");
    expect(
      hipaa.controls.every((c) => c.mappings.hipaa?.length || c.mappings.seed?.some((s) => s.file === "000")),
    ).toBe(true);
    expect(hipaa.manualDuties.map((d) => d.id)).toEqual(
      expect.arrayContaining(["MAN-1", "MAN-2", "MAN-3", "MAN-4", "MAN-5"]),
    );
  });
});

describe("restore evidence in the compliance report (npm run drill's records)", () => {
  const NOW = new Date("2026-06-01T12:00:00Z");
  const drills = mkdtempSync(join(tmpdir(), "drills-"));
  const r = report();
  const [sql] = restoreTargets(r).filter((t) => t.type === "cloud-sql");
  const record = (finishedAt: string, result: "passed" | "failed", rehearsal = false): DrillRecord => ({
    kind: "restore-drill",
    environment: "test",
    target: sql,
    action: "clone",
    startedAt: finishedAt,
    finishedAt,
    durationSeconds: 300,
    result,
    checks: [],
    rehearsal,
  });

  it("lists every Cloud SQL instance and Upstash database of the stack by its literal name", () => {
    expect(
      restoreTargets(r)
        .map((t) => t.type)
        .sort(),
    ).toEqual(["cloud-sql", "upstash-redis"]);
    expect(sql.name).toMatch(/^[a-z]/);
  });

  it("flags a database with no passed drill, and does not count a rehearsal or a failed drill", () => {
    mkdirSync(join(drills, "test"), { recursive: true });
    writeFileSync(
      join(drills, "test", "a.json"),
      JSON.stringify(record("2026-05-20T10:00:00Z", "passed", true)),
    );
    writeFileSync(join(drills, "test", "b.json"), JSON.stringify(record("2026-05-25T10:00:00Z", "failed")));
    const md = markdownReport(r, restoreEvidence(r, drills, NOW));
    expect(md).toContain("## Restore evidence");
    expect(md).toMatch(
      new RegExp(
        `\\| cloud-sql \\| \`${sql.name}\` \\| 2026-05-25T10:00:00Z \\| failed \\| \\*\\*no passed drill\\*\\* \\|`,
      ),
    );
  });

  it("shows the age of the latest passed drill and marks it overdue after 90 days", () => {
    writeFileSync(join(drills, "test", "c.json"), JSON.stringify(record("2026-05-31T12:00:00Z", "passed")));
    expect(markdownReport(r, restoreEvidence(r, drills, NOW))).toMatch(/\| passed \| 1 days ago \|/);
    const later = new Date("2026-09-15T12:00:00Z");
    expect(markdownReport(r, restoreEvidence(r, drills, later))).toMatch(
      /\| 107 days ago \(\*\*overdue\*\*\) \|/,
    );
  });

  it("has no section for a stack without databases", () => {
    expect(markdownReport(r)).not.toContain("## Restore evidence");
  });
});
