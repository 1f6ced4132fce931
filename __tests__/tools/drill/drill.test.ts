import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../../tools/drill/cli";
import type { DrillRecord } from "../../../policy/drill-records";
import { cloneName } from "../../../tools/drill/sql";
import { shippedStacks, shippedSynthDir } from "../../support/shipped";
import { compliantWorld, dailyBackup, StandInServer } from "../../../tools/verify/stand-in/server";

type Json = Record<string, unknown>;

const ENV = {
  GOOGLE_OAUTH_ACCESS_TOKEN: randomBytes(12).toString("hex"),
  UPSTASH_EMAIL: "ops@example.com",
  UPSTASH_API_KEY: randomBytes(12).toString("hex"),
};
const NOW = new Date("2026-11-30T12:00:00Z");

let stub: StandInServer;
let base: string;
let records: string;

beforeEach(async () => {
  const stacks = Object.fromEntries(
    Object.entries(shippedStacks()).filter(([n]) => n.endsWith("-dev")),
  ) as Record<string, Json>;
  stub = new StandInServer(compliantWorld(stacks));
  for (const db of stub.world.upstash) {
    const id = String(db.database_id);
    stub.world.backups[id] = [dailyBackup(id, 30, NOW.getTime()), dailyBackup(id, 6, NOW.getTime())];
  }
  base = await stub.start();
  records = mkdtempSync(join(tmpdir(), "drills-"));
});
afterEach(async () => {
  await stub.stop();
  rmSync(records, { recursive: true, force: true });
});

async function drill(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(
    [
      "dev",
      "--synth-dir",
      shippedSynthDir(),
      "--records-dir",
      records,
      "--endpoint",
      `google=${base}`,
      "--endpoint",
      `upstash=${base}`,
      "--poll-seconds",
      "0.01",
      "--max-wait-minutes",
      "0.05",
      // Last, so a test's own options win.
      ...args,
    ],
    ENV,
    { stdout: (t) => (stdout += `${t}\n`), stderr: (t) => (stderr += `${t}\n`) },
    { now: () => NOW },
  );
  return { code, stdout, stderr };
}

function written(): DrillRecord[] {
  return readdirSync(join(records, "dev"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(records, "dev", f), "utf8")) as DrillRecord);
}

describe("sql drill", () => {
  test("clones at a point in time, waits until RUNNABLE, checks, deletes the clone and records a pass", async () => {
    stub.clonePolls = 3;
    const run = await drill(
      "sql",
      "--instance",
      "payments-dev-ledger",
      "--point-in-time",
      "2026-11-30T11:00:00Z",
    );
    expect(run.code).toBe(0);
    const clone = stub.requests("POST", /\/instances\/payments-dev-ledger\/clone$/);
    expect(clone).toHaveLength(1);
    expect(clone[0].body).toMatchObject({
      cloneContext: {
        destinationInstanceName: "payments-dev-ledger-drill-202611301200",
        pointInTime: "2026-11-30T11:00:00.000Z",
      },
    });
    // The clone inherited deletion protection: the drill lifts it on the clone only, then deletes the clone.
    expect(stub.requests("PATCH", /\/instances\//).map((s) => s.path)).toEqual([
      "/sqladmin/v1/projects/acme-baseline-dev/instances/payments-dev-ledger-drill-202611301200",
    ]);
    expect(stub.requests("DELETE", /\/instances\//).map((s) => s.path)).toEqual([
      "/sqladmin/v1/projects/acme-baseline-dev/instances/payments-dev-ledger-drill-202611301200",
    ]);
    expect(Object.keys(stub.world.sqlInstances).sort()).toEqual(["dev-postgres", "payments-dev-ledger"]);
    const [record] = written();
    expect(record).toMatchObject({
      kind: "restore-drill",
      environment: "dev",
      target: { type: "cloud-sql", name: "payments-dev-ledger" },
      action: "clone",
      result: "passed",
      temporary: { cleanup: "deleted" },
    });
    expect(record.checks.map((c) => c.name)).toEqual([
      "clone runnable",
      "databases present",
      "clone encrypted with the source's key",
      "temporary clone deleted",
    ]);
    // Against the loopback stand-in the drill is a rehearsal: recorded and shown, never counted as evidence.
    expect(record.rehearsal).toBe(true);
    const latest = readFileSync(join(records, "dev", "latest.md"), "utf8");
    expect(latest).toMatch(
      /\| cloud-sql \| payments-dev-ledger \| 2026-11-30T12:00:00.000Z \| clone \| passed \(rehearsal, not evidence\) \|/,
    );
    expect(latest).toContain("WARNING: cloud-sql payments-dev-ledger: no passed restore drill on record");
  });

  test("a failed sanity check still deletes the clone, and the drill fails (exit 1)", async () => {
    stub.cloneDatabases = ["postgres"]; // the ledger database did not come back
    const run = await drill("sql", "--instance", "payments-dev-ledger");
    expect(run.code).toBe(1);
    expect(stub.requests("DELETE", /-drill-/)).toHaveLength(1);
    const [record] = written();
    expect(record.result).toBe("failed");
    expect(record.checks.find((c) => c.name === "databases present")).toMatchObject({
      ok: false,
      detail: expect.stringContaining("missing ledger"),
    });
    expect(run.stdout).toContain(
      "FAILED (rehearsal against a loopback endpoint: not evidence) clone drill of cloud-sql payments-dev-ledger",
    );
  });

  test("a clone that never becomes RUNNABLE is bounded by --max-wait-minutes and still deleted", async () => {
    stub.clonePolls = 1_000_000;
    const run = await drill("sql", "--instance", "dev-postgres", "--max-wait-minutes", "0.01");
    expect(run.code).toBe(1);
    expect(stub.requests("DELETE", /dev-postgres-drill-/)).toHaveLength(1);
    expect(written()[0].checks[0].detail).toMatch(/not done after 0.01 minute/);
  });

  test("the drill deletes only its own clone, never the source", async () => {
    await drill("sql");
    const deleted = stub.requests("DELETE", /\/instances\//).map((s) => s.path.split("/").pop());
    expect(deleted.sort()).toEqual([
      "dev-postgres-drill-202611301200",
      "payments-dev-ledger-drill-202611301200",
    ]);
    expect(written()).toHaveLength(2);
  });

  test("an unknown instance is bad input (exit 2) naming the choices", async () => {
    const run = await drill("sql", "--instance", "nope");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("have: dev-postgres, payments-dev-ledger");
    expect(stub.seen).toEqual([]);
  });
});

describe("redis drill", () => {
  test("checks the latest daily backup's age", async () => {
    const run = await drill("redis");
    expect(run.code).toBe(0);
    expect(
      written()
        .map((r) => [r.target.name, r.action, r.result])
        .sort(),
    ).toEqual([
      ["dev-payments-idempotency", "backup-age", "passed"],
      ["dev-sessions", "backup-age", "passed"],
    ]);
    expect(stub.seen.every((s) => s.method === "GET")).toBe(true);
  });

  test("an old latest backup fails the drill", async () => {
    const id = String(stub.world.upstash[0].database_id);
    stub.world.backups[id] = [dailyBackup(id, 50, NOW.getTime())];
    const run = await drill("redis", "--database", String(stub.world.upstash[0].database_name));
    expect(run.code).toBe(1);
    expect(written()[0].checks[0]).toMatchObject({
      ok: false,
      detail: expect.stringContaining("50.0 h old (allowed 26 h)"),
    });
  });

  test("--restore restores the latest backup into a temporary database and deletes it", async () => {
    const run = await drill("redis", "--database", "dev-sessions", "--restore");
    expect(run.code).toBe(0);
    const source = stub.world.upstash.find((d) => d.database_name === "dev-sessions")!;
    const created = stub.requests("POST", /\/v2\/redis\/database$/);
    expect(created[0].body).toMatchObject({
      database_name: "drill-dev-dev-sessions-202611301200",
      tls: true,
    });
    const restore = stub.requests("POST", /\/v2\/redis\/restore-backup\//);
    expect(restore[0].path).not.toContain(String(source.database_id));
    expect(restore[0].body).toEqual({ backup_id: `b-6-${String(source.database_id).slice(-4)}` });
    expect(stub.requests("DELETE", /\/v2\/redis\/database\//)).toHaveLength(1);
    expect(stub.world.upstash.map((d) => d.database_name)).not.toContain(
      "drill-dev-dev-sessions-202611301200",
    );
    expect(written()[0]).toMatchObject({
      action: "restore",
      result: "passed",
      temporary: { cleanup: "deleted" },
    });
  });

  test("a failed restore still deletes the temporary database", async () => {
    stub.faults.push({ method: "POST", path: /restore-backup/, status: 400 });
    const run = await drill("redis", "--database", "dev-sessions", "--restore");
    expect(run.code).toBe(1);
    expect(stub.requests("DELETE", /\/v2\/redis\/database\//)).toHaveLength(1);
    expect(written()[0]).toMatchObject({ result: "failed", temporary: { cleanup: "deleted" } });
  });
});

describe("status: the latest restore evidence", () => {
  function record(
    type: DrillRecord["target"]["type"],
    name: string,
    finishedAt: string,
    extra: Partial<DrillRecord> = {},
  ): DrillRecord {
    return {
      kind: "restore-drill",
      environment: "dev",
      target: { type, name },
      action: type === "cloud-sql" ? "clone" : "restore",
      startedAt: finishedAt,
      finishedAt,
      durationSeconds: 600,
      result: "passed",
      checks: [],
      ...extra,
    };
  }
  function seed(...rs: DrillRecord[]) {
    mkdirSync(join(records, "dev"), { recursive: true });
    rs.forEach((r, i) => writeFileSync(join(records, "dev", `seed-${i}.json`), JSON.stringify(r)));
  }

  test("warns (exit 1) when a target has no passed drill within --max-age-days", async () => {
    seed(
      record("cloud-sql", "dev-postgres", "2026-07-01T00:20:00.000Z"),
      record("upstash-redis", "dev-sessions", "2026-11-01T00:00:00.000Z"),
      record("upstash-redis", "dev-payments-idempotency", "2026-11-02T00:00:00.000Z"),
    );
    const run = await drill("status");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "WARNING: cloud-sql dev-postgres: last passed restore drill is 152 days old (allowed 90)",
    );
    expect(run.stdout).toContain("WARNING: cloud-sql payments-dev-ledger: no passed restore drill on record");
    expect(run.stdout).not.toContain("WARNING: upstash-redis");
    const wider = await drill("status", "--max-age-days", "200");
    expect(wider.stdout).not.toContain("WARNING: cloud-sql dev-postgres");
    expect(wider.stdout).toContain("WARNING: cloud-sql payments-dev-ledger");
  });

  test("all targets fresh: exit 0", async () => {
    seed(
      record("cloud-sql", "dev-postgres", "2026-11-01T00:00:00.000Z"),
      record("cloud-sql", "payments-dev-ledger", "2026-11-01T00:00:00.000Z"),
      record("upstash-redis", "dev-sessions", "2026-11-01T00:00:00.000Z"),
      record("upstash-redis", "dev-payments-idempotency", "2026-11-02T00:00:00.000Z"),
    );
    const run = await drill("status");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("All targets drilled within 90 days.");
  });

  test("a failed drill or a rehearsal does not refresh the evidence; the last passed real drill counts", async () => {
    seed(
      record("cloud-sql", "dev-postgres", "2026-06-01T00:00:00.000Z"),
      record("cloud-sql", "dev-postgres", "2026-11-20T00:00:00.000Z", { result: "failed" }),
      record("cloud-sql", "dev-postgres", "2026-11-25T00:00:00.000Z", { rehearsal: true }),
    );
    const run = await drill("status");
    expect(run.stdout).toContain(
      "WARNING: cloud-sql dev-postgres: last passed restore drill is 182 days old",
    );
    expect(run.stdout).toMatch(
      /\| cloud-sql \| dev-postgres \| 2026-11-25T00:00:00.000Z \| clone \| passed \(rehearsal, not evidence\) \|/,
    );
  });
});

test("clone names stay within Cloud SQL's 98 characters and say what they are", () => {
  const at = new Date("2026-11-30T12:34:56Z");
  expect(cloneName("dev-postgres", at)).toBe("dev-postgres-drill-202611301234");
  const long = cloneName("a".repeat(98), at);
  expect(long).toHaveLength(98);
  expect(long.endsWith("-drill-202611301234")).toBe(true);
});
