import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../../tools/verify/cli";
import { DRIFTS } from "../../../tools/verify/stand-in/drifts";
import { shippedStacks, shippedSynthDir } from "../../support/shipped";
import { compliantWorld, StandInServer, type World } from "../../../tools/verify/stand-in/server";

type Json = Record<string, unknown>;

function devStacks(): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(shippedStacks()).filter(([name]) => name.endsWith("-dev")),
  ) as Record<string, Json>;
}

// Generated per run: no credential-shaped literal in the repository.
const ENV = {
  GOOGLE_OAUTH_ACCESS_TOKEN: randomBytes(12).toString("hex"),
  UPSTASH_EMAIL: "ops@example.com",
  UPSTASH_API_KEY: randomBytes(12).toString("hex"),
};

let stub: StandInServer;
let base: string;
/** The waits between retries the client asked for; taken at once, so retry tests do not sleep. */
let waits: number[] = [];
const sleep = async (ms: number) => {
  waits.push(ms);
};

beforeEach(async () => {
  waits = [];
  stub = new StandInServer(compliantWorld(devStacks()));
  base = await stub.start();
});
afterEach(() => stub.stop());

async function verify(...extra: string[]) {
  let stdout = "";
  let stderr = "";
  const started = Date.now();
  const code = await main(
    [
      "dev",
      "--synth-dir",
      shippedSynthDir(),
      "--endpoint",
      `google=${base}`,
      "--endpoint",
      `upstash=${base}`,
      ...extra,
    ],
    ENV,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    { sleep },
  );
  return { code, stdout, stderr, ms: Date.now() - started };
}

async function findings(...extra: string[]) {
  const run = await verify("--format", "json", ...extra);
  const doc = JSON.parse(run.stdout) as {
    findings: { control: string; severity: string; message: string; fix: string; resource: string }[];
  };
  return { ...run, findings: doc.findings, errors: doc.findings.filter((f) => f.severity === "error") };
}

const controls = (fs: { control: string }[]) => [...new Set(fs.map((f) => f.control))].sort();

/** Applies a console change to the stub's world. */
function drift(change: (w: World) => void) {
  change(stub.world);
}

test("a compliant environment (the synthesized dev environment, deployed faithfully) gives zero findings and exit 0", async () => {
  const run = await findings();
  expect(run.findings).toEqual([]);
  expect(run.code).toBe(0);
  const text = await verify();
  expect(text.stdout).toMatch(/live verification passed: environment dev, 9 area\(s\) read/);
  // Credentials went where they belong and nowhere else.
  expect(stub.seen.length).toBeGreaterThan(20);
});

test("every request carries credentials, and reads use only GET (getIamPolicy is a read-only POST)", async () => {
  await verify();
  const writes = stub.seen.filter((s) => s.method !== "GET" && !s.path.endsWith(":getIamPolicy"));
  expect(writes).toEqual([]);
});

describe("each drifted control is named with its control id", () => {
  test.each<[string, string, (w: World) => void]>([
    [
      "bucket made public (allUsers in its IAM policy)",
      "GCS-3",
      (w) => {
        (w.bucketIam["acme-baseline-dev-data"].bindings as Json[]).push({
          role: "roles/storage.objectViewer",
          members: ["allUsers"],
        });
      },
    ],
    [
      "public access prevention back to inherited",
      "GCS-1",
      (w) => {
        (w.buckets["acme-baseline-dev-data"].iamConfiguration as Json).publicAccessPrevention = "inherited";
      },
    ],
    [
      "bucket versioning off",
      "GCS-4",
      (w) => {
        w.buckets["acme-baseline-dev-payments-invoices"].versioning = { enabled: false };
      },
    ],
    [
      "bucket CMEK removed",
      "GCS-5",
      (w) => {
        w.buckets["acme-baseline-dev-payments-invoices"].encryption = undefined;
      },
    ],
    [
      "PITR off",
      "SQL-5",
      (w) => {
        (
          (w.sqlInstances["dev-postgres"].settings as Json).backupConfiguration as Json
        ).pointInTimeRecoveryEnabled = false;
      },
    ],
    [
      "backups off",
      "SQL-4",
      (w) => {
        ((w.sqlInstances["payments-dev-ledger"].settings as Json).backupConfiguration as Json).enabled =
          false;
      },
    ],
    [
      "public IP on Cloud SQL",
      "SQL-1",
      (w) => {
        ((w.sqlInstances["dev-postgres"].settings as Json).ipConfiguration as Json).ipv4Enabled = true;
      },
    ],
    [
      "pgaudit flag removed",
      "SQL-10",
      (w) => {
        const settings = w.sqlInstances["dev-postgres"].settings as Json;
        settings.databaseFlags = (settings.databaseFlags as Json[]).filter(
          (f) => f.name !== "cloudsql.enable_pgaudit",
        );
      },
    ],
    [
      "IAM database authentication turned off",
      "SQL-9",
      (w) => {
        const settings = w.sqlInstances["dev-postgres"].settings as Json;
        settings.databaseFlags = (settings.databaseFlags as Json[]).map((f) =>
          f.name === "cloudsql.iam_authentication" ? { ...f, value: "off" } : f,
        );
      },
    ],
    [
      "egress firewall widened to 0.0.0.0/0",
      "NET-3",
      (w) => {
        w.firewalls.find((f) => f.name === "dev-vpc-allow-egress-cloudsql")!.destinationRanges = [
          "0.0.0.0/0",
        ];
      },
    ],
    [
      "deny-all ingress disabled",
      "NET-4",
      (w) => {
        w.firewalls.find((f) => f.name === "dev-vpc-deny-all-ingress")!.disabled = true;
      },
    ],
    [
      "firewall logging off",
      "NET-7",
      (w) => {
        w.firewalls.find((f) => f.name === "dev-vpc-deny-all-egress")!.logConfig = { enable: false };
      },
    ],
    [
      "subnetwork flow logs off",
      "NET-8",
      (w) => {
        Object.values(w.subnetworks)[0].logConfig = { enable: false };
      },
    ],
    [
      "Private Google Access off",
      "NET-9",
      (w) => {
        Object.values(w.subnetworks)[0].privateIpGoogleAccess = false;
      },
    ],
    [
      "KMS key made public in its IAM policy",
      "KMS-6",
      (w) => {
        const id = Object.keys(w.keys).find((k) => k.endsWith("/cryptoKeys/secrets"))!;
        w.iamPolicies[id] = {
          bindings: [{ role: "roles/cloudkms.cryptoKeyDecrypter", members: ["allAuthenticatedUsers"] }],
        };
      },
    ],
    [
      "secret readable by anyone",
      "SEC-5",
      (w) => {
        w.iamPolicies["projects/acme-baseline-dev/secrets/payments-provider-api-key"] = {
          bindings: [{ role: "roles/secretmanager.secretAccessor", members: ["allUsers"] }],
        };
      },
    ],
    [
      "KMS rotation lengthened to a year",
      "KMS-1",
      (w) => {
        const key = Object.values(w.keys).find((k) => String(k.name).endsWith("/cryptoKeys/database"))!;
        key.rotationPeriod = "31536000s";
      },
    ],
    [
      "KMS rotation removed",
      "KMS-1",
      (w) => {
        const key = Object.values(w.keys).find((k) => String(k.name).endsWith("/cryptoKeys/storage"))!;
        delete key.rotationPeriod;
      },
    ],
    [
      "Data Access audit logs turned off",
      "LOG-1",
      (w) => {
        const config = (w.projectPolicy["acme-baseline-dev"].auditConfigs as Json[])[0];
        config.auditLogConfigs = (config.auditLogConfigs as Json[]).filter((c) => c.logType !== "DATA_READ");
      },
    ],
    [
      "audit log sink disabled",
      "LOG-2",
      (w) => {
        w.sinks[0].disabled = true;
      },
    ],
    [
      "alert policy on firewall changes disabled",
      "MON-4",
      (w) => {
        w.alertPolicies.find((p) => String(p.displayName).startsWith("VPC firewall rule changes"))!.enabled =
          false;
      },
    ],
    [
      "notification channel unverified",
      "MON-10",
      (w) => {
        w.channels[0].verificationStatus = "UNVERIFIED";
      },
    ],
    [
      "secret replicated without CMEK",
      "SEC-1",
      (w) => {
        w.secrets["app-signing-key"].replication = { automatic: {} };
      },
    ],
    [
      "Upstash daily backup off",
      "UPS-3",
      (w) => {
        w.upstash[0].daily_backup_enabled = false;
      },
    ],
    [
      "Upstash TLS off",
      "UPS-4",
      (w) => {
        w.upstash[1].tls = false;
      },
    ],
    [
      "Upstash Prod Pack off",
      "UPS-1",
      (w) => {
        w.upstash[0].prod_pack_enabled = false;
      },
    ],
    [
      "Upstash allowlist opened",
      "UPS-2",
      (w) => {
        w.upstash[0].allowed_ip_ranges = ["0.0.0.0/0"];
      },
    ],
    [
      "Upstash allowlist removed",
      "UPS-2",
      (w) => {
        delete w.upstash[1].allowed_ip_ranges;
      },
    ],
    [
      "Upstash eviction on",
      "UPS-5",
      (w) => {
        w.upstash[1].eviction = true;
      },
    ],
  ])("%s → %s", async (_name, control, change) => {
    drift(change);
    const run = await findings();
    expect(controls(run.errors)).toEqual([control]);
    expect(run.code).toBe(1);
  });
});

test("a managed resource deleted in the console is reported missing (VERIFY-2)", async () => {
  drift((w) => delete w.buckets["acme-baseline-dev-data"]);
  const run = await findings();
  expect(controls(run.errors)).toEqual(["VERIFY-2"]);
  expect(run.errors[0].message).toContain("acme-baseline-dev-data");
});

test("unmanaged resources of managed kinds are warnings (VERIFY-3); a public one is also an error", async () => {
  drift((w) => {
    w.buckets["scratch-from-console"] = {
      name: "scratch-from-console",
      iamConfiguration: { publicAccessPrevention: "inherited" },
    };
    w.bucketIam["scratch-from-console"] = {
      bindings: [{ role: "roles/storage.objectViewer", members: ["allUsers"] }],
    };
    w.firewalls.push({
      name: "allow-ssh-anywhere",
      direction: "INGRESS",
      sourceRanges: ["0.0.0.0/0"],
      allowed: [{ IPProtocol: "tcp", ports: ["22"] }],
      priority: 100,
    });
    w.upstash.push({ database_id: "x-1", database_name: "dev-experiment", tls: true });
    w.upstash.push({ database_id: "x-2", database_name: "prod-sessions", tls: true });
  });
  const run = await findings();
  expect(controls(run.errors)).toEqual(["GCS-3", "NET-4"]);
  const warned = run.findings
    .filter((f) => f.severity === "warning")
    .map((f) => f.resource)
    .sort();
  // Another environment's Upstash database (prod-sessions) is out of scope.
  expect(warned).toEqual(["allow-ssh-anywhere", "dev-experiment", "scratch-from-console"]);
});

test("rate limits: 429 then 200 is retried and the run succeeds", async () => {
  stub.faults.push({ path: /\/storage\/v1\/b\/acme-baseline-dev-data$/, status: 429, times: 2 });
  stub.faults.push({ path: /\/v2\/redis\/databases$/, status: 503, times: 1 });
  const run = await findings();
  expect(run.findings).toEqual([]);
  expect(stub.requests("GET", /\/storage\/v1\/b\/acme-baseline-dev-data$/)).toHaveLength(3);
  expect(stub.requests("GET", /\/v2\/redis\/databases$/)).toHaveLength(2);
  // Full jitter under a doubling ceiling: 500 ms, then 1 s, for the bucket; 500 ms for Upstash.
  expect(waits).toHaveLength(3);
  for (const ms of waits) expect(ms).toBeLessThanOrEqual(1000);
});

test("retries are bounded: a 503 that never ends exits 2 with one line", async () => {
  stub.faults.push({ path: /\/compute\/v1\/.*\/firewalls$/, status: 503 });
  const run = await verify("--retries", "3");
  expect(run.code).toBe(2);
  expect(stub.requests("GET", /firewalls$/)).toHaveLength(3);
  expect(run.stderr.trim().split("\n")).toHaveLength(1);
  expect(run.stderr).toMatch(/^verify: GET .*firewalls: 503 .*gave up after 3 tries/);
  expect(waits).toHaveLength(2);
});

test("pagination: lists served two items a page are read to the end", async () => {
  stub.pageSize = 2;
  drift((w) =>
    w.firewalls.push({
      name: "late-page-rule",
      direction: "INGRESS",
      sourceRanges: ["10.0.0.0/8"],
      allowed: [{ IPProtocol: "tcp", ports: ["443"] }],
    }),
  );
  const run = await findings();
  expect(run.findings.map((f) => f.resource)).toEqual(["late-page-rule"]);
  const pages = stub.requests("GET", /firewalls$/);
  expect(pages.length).toBeGreaterThanOrEqual(3);
});

test("a permission error is a finding naming the role to grant, not a stack trace", async () => {
  stub.faults.push({ path: /\/sqladmin\/v1\//, status: 403 });
  const run = await findings();
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatchObject({ control: "VERIFY-1", resource: "cloud-sql" });
  expect(run.errors[0].fix).toContain("roles/cloudsql.viewer");
  expect(run.errors[0].message).toContain("SQL-5");
  expect(run.stderr).toBe("");
});

test("a timeout ends the run in bounded time with exit 2 and one clear line", async () => {
  stub.faults.push({ path: /\/cloudkms\/v1\//, hang: true });
  const run = await verify("--timeout", "300", "--retries", "2");
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split("\n")).toHaveLength(1);
  expect(run.stderr).toMatch(/no answer within 300 ms \(gave up after 2 tries\)/);
  expect(run.ms).toBeLessThan(5000);
});

test("plain http to a non-loopback endpoint and unknown endpoint names are refused (exit 2)", async () => {
  const run = await verify("--endpoint", "google=http://192.0.2.1:8080");
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("must use https");
  const bad = await verify("--endpoint", "gmail=https://example.com");
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("expected name=url");
  expect(stub.seen).toEqual([]);
});

test("missing synthesized output and missing Upstash credentials are bad input (exit 2)", async () => {
  let stderr = "";
  const io = { stdout: () => undefined, stderr: (t: string) => (stderr += t) };
  expect(await main(["dev", "--synth-dir", "/nonexistent"], ENV, io)).toBe(2);
  expect(stderr).toContain("ENV=dev npm run synth");
  stderr = "";
  const withoutUpstash = { GOOGLE_OAUTH_ACCESS_TOKEN: ENV.GOOGLE_OAUTH_ACCESS_TOKEN };
  const code = await main(
    [
      "dev",
      "--synth-dir",
      shippedSynthDir(),
      "--endpoint",
      `google=${base}`,
      "--endpoint",
      `upstash=${base}`,
    ],
    withoutUpstash,
    io,
  );
  expect(code).toBe(2);
  expect(stderr).toContain("UPSTASH_EMAIL and UPSTASH_API_KEY not set");
});

describe("the stand-in's named drifts (used in docs/assurance.md) each produce their control", () => {
  test.each(Object.entries(DRIFTS))("%s", async (_name, drift) => {
    drift.apply(stub.world);
    const run = await findings();
    expect(controls(run.errors)).toEqual([drift.control]);
  });
});

test("401 is a finding about the credentials, not a role to grant", async () => {
  stub.faults.push({ path: /\/v2\/redis\//, status: 401 });
  const run = await findings();
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatchObject({ control: "VERIFY-1", resource: "upstash" });
  expect(run.errors[0].fix).toContain("UPSTASH_API_KEY");
});

test("an answer of an unexpected shape is a finding, not a crash or a pass", async () => {
  drift((w) => {
    w.sinks = "not a list" as unknown as Json[];
  });
  const run = await findings();
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatchObject({ control: "VERIFY-1", resource: "logging" });
  expect(run.code).toBe(1);
});

describe("production (the synthesized prod environment)", () => {
  let prod: StandInServer;
  let prodBase: string;
  beforeEach(async () => {
    const stacks = Object.fromEntries(
      Object.entries(shippedStacks()).filter(([name]) => name.endsWith("-prod")),
    ) as Record<string, Json>;
    prod = new StandInServer(compliantWorld(stacks));
    prodBase = await prod.start();
  });
  afterEach(() => prod.stop());

  async function verifyProd() {
    let stdout = "";
    const code = await main(
      [
        "prod",
        "--synth-dir",
        shippedSynthDir(),
        "--format",
        "json",
        "--endpoint",
        `google=${prodBase}`,
        "--endpoint",
        `upstash=${prodBase}`,
      ],
      ENV,
      { stdout: (t) => (stdout += t), stderr: () => undefined },
    );
    const doc = JSON.parse(stdout) as { findings: { control: string; severity: string }[] };
    return { code, findings: doc.findings, errors: doc.findings.filter((f) => f.severity === "error") };
  }

  test("compliant: zero findings, organization policies read", async () => {
    const run = await verifyProd();
    expect(run.findings).toEqual([]);
    expect(prod.requests("GET", /:getEffectivePolicy$/).length).toBeGreaterThan(0);
  });

  test("an organization policy no longer enforced → ORG-1", async () => {
    const [name] = Object.keys(prod.world.orgPolicies);
    prod.world.orgPolicies[name] = { name, spec: { rules: [{ enforce: false }] } };
    expect(controls((await verifyProd()).errors)).toEqual(["ORG-1"]);
  });

  test("organization policies unreadable (403) is a warning: they are checked where readable", async () => {
    prod.faults.push({ path: /\/orgpolicy\//, status: 403 });
    const run = await verifyProd();
    expect(run.code).toBe(0);
    expect(run.findings).toEqual([expect.objectContaining({ control: "VERIFY-1", severity: "warning" })]);
  });

  test("the production-only settings: HA database, HSM keys, locked audit log bucket", async () => {
    const instance = Object.values(prod.world.sqlInstances)[0];
    (instance.settings as Json).availabilityType = "ZONAL";
    const key = Object.values(prod.world.keys).find(
      (k) => (k.versionTemplate as Json).protectionLevel === "HSM",
    )!;
    (key.versionTemplate as Json).protectionLevel = "SOFTWARE";
    Object.values(prod.world.logBuckets)[0].locked = false;
    expect(controls((await verifyProd()).errors)).toEqual(["KMS-4", "LOG-3", "SQL-11"]);
  });
});

test("a managed resource whose live name is an expression is a VERIFY-2 finding; the rest is still verified", async () => {
  const dir = mkdtempSync(join(tmpdir(), "verify-synth-"));
  try {
    for (const [name, json] of Object.entries(devStacks())) {
      const copy = structuredClone(json) as { resource?: Record<string, Record<string, Json>> };
      if (name === "payments-dev") {
        const bucket = Object.values(copy.resource!.google_storage_bucket)[0];
        bucket.name = "${var.bucket_name}";
      }
      mkdirSync(join(dir, "stacks", name), { recursive: true });
      writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(copy));
    }
    drift((w) => {
      (
        (w.sqlInstances["dev-postgres"].settings as Json).backupConfiguration as Json
      ).pointInTimeRecoveryEnabled = false;
    });
    let stdout = "";
    const code = await main(
      [
        "dev",
        "--synth-dir",
        dir,
        "--format",
        "json",
        "--endpoint",
        `google=${base}`,
        "--endpoint",
        `upstash=${base}`,
      ],
      ENV,
      { stdout: (t) => (stdout += t), stderr: () => undefined },
    );
    const doc = JSON.parse(stdout) as { findings: { control: string; severity: string; resource: string }[] };
    expect(code).toBe(1);
    const errors = doc.findings.filter((f) => f.severity === "error");
    expect(controls(errors)).toEqual(["SQL-5", "VERIFY-2"]);
    // The bucket it could not name shows up as unmanaged live, so nothing is silently skipped.
    expect(doc.findings.filter((f) => f.control === "VERIFY-3").map((f) => f.resource)).toEqual([
      "acme-baseline-dev-payments-invoices",
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
