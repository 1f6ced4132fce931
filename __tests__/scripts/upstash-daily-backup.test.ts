import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

const SCRIPT = join(__dirname, "..", "..", "scripts", "upstash-daily-backup.mjs");
const EMAIL = "ops@example.com";
// Generated per run: no credential-shaped literal sits in the repository, not even a fake one.
const API_KEY = randomBytes(16).toString("hex");
const DB_ID = "2e6ee36b-1c1f-4a5b-9c2e-5f2c1a7d0e11";

interface Seen {
  readonly method?: string;
  readonly url?: string;
  readonly authorization?: string;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** A stand-in for api.upstash.com on 127.0.0.1 (random port) that records requests. */
class StubUpstash {
  readonly seen: Seen[] = [];
  answers: Record<string, Answer> = {};
  /** Answers given in turn for a request (the last one repeats), before `answers` is consulted. */
  sequence: Record<string, Answer[]> = {};
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req: IncomingMessage, res) => {
      this.seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
      const key = `${req.method} ${req.url}`;
      const queued = this.sequence[key];
      const answer = (queued?.length ? (queued.length > 1 ? queued.shift() : queued[0]) : undefined) ??
        this.answers[key] ?? { status: 404, body: "not found" };
      res.writeHead(answer.status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the script as Terraform would (async, so the stub server keeps answering). */
function runScript(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) childEnv[name] = value;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args],
      { env: childEnv, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const PATCH_PATH = `/v2/redis/enable-dailybackup/${DB_ID}`;
const GET_PATH = `/v2/redis/database/${DB_ID}?credentials=hide`;

describe("scripts/upstash-daily-backup.mjs against a local stub of the Upstash API", () => {
  const stub = new StubUpstash();
  let env: Record<string, string>;

  beforeAll(async () => {
    const url = await stub.start();
    env = { UPSTASH_EMAIL: EMAIL, UPSTASH_API_KEY: API_KEY, UPSTASH_API_URL: url };
  });
  afterAll(() => stub.stop());
  beforeEach(() => {
    stub.seen.length = 0;
    stub.sequence = {};
  });

  test("UPS-3: enable reads the flag, sends PATCH /v2/redis/enable-dailybackup/{id} with basic auth when off, then reads it back", async () => {
    const answers = [{ daily_backup_enabled: false }, { daily_backup_enabled: true, password: "pw-x" }];
    stub.answers = {
      [`PATCH ${PATCH_PATH}`]: { status: 200, body: "OK" },
      // A real answer without credentials=hide would carry secrets; the script must never print them.
      [`GET ${GET_PATH}`]: { status: 200, body: { database_id: DB_ID } },
    };
    stub.sequence[`GET ${GET_PATH}`] = answers.map((body) => ({
      status: 200,
      body: { database_id: DB_ID, ...body },
    }));
    const run = await runScript(["enable", DB_ID], env);
    expect(run.code).toBe(0);
    const basic = `Basic ${Buffer.from(`${EMAIL}:${API_KEY}`).toString("base64")}`;
    expect(stub.seen).toEqual([
      { method: "GET", url: GET_PATH, authorization: basic },
      { method: "PATCH", url: PATCH_PATH, authorization: basic },
      { method: "GET", url: GET_PATH, authorization: basic },
    ]);
    expect(run.stdout).toContain(`verified: daily backups are on for Upstash database ${DB_ID}`);
    expect(run.stdout + run.stderr).not.toMatch(/pw-x|test-api-key|ops@example\.com/);
  });

  test("UPS-3: a non-2xx answer fails the deploy (non-zero exit) without printing credentials", async () => {
    stub.answers = {
      [`GET ${GET_PATH}`]: { status: 200, body: { daily_backup_enabled: false } },
      [`PATCH ${PATCH_PATH}`]: { status: 403, body: `forbidden for ${EMAIL}` },
    };
    const run = await runScript(["enable", DB_ID], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`PATCH ${PATCH_PATH}: Upstash API answered 403`);
    expect(run.stdout + run.stderr).not.toMatch(/test-api-key|ops@example\.com|Basic /);
    expect(stub.seen.map((s) => s.method)).toEqual(["GET", "PATCH"]);
  });

  test("UPS-3: a re-run when backups are already on reads only and succeeds (no PATCH)", async () => {
    stub.answers = { [`GET ${GET_PATH}`]: { status: 200, body: { daily_backup_enabled: true } } };
    const run = await runScript(["enable", DB_ID], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`daily backups already on for Upstash database ${DB_ID}`);
    expect(stub.seen.map((s) => s.method)).toEqual(["GET"]);
  });

  test('UPS-3: "already enabled" from the API is success, confirmed by the read-back', async () => {
    stub.answers = {
      [`PATCH ${PATCH_PATH}`]: { status: 400, body: "daily backup is already enabled for this database" },
    };
    stub.sequence[`GET ${GET_PATH}`] = [
      // The flag is missing in the first read (a stale or partial answer), present in the second.
      { status: 200, body: { database_id: DB_ID } },
      { status: 200, body: { daily_backup_enabled: true } },
    ];
    const run = await runScript(["enable", DB_ID], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("already enabled");
    expect(run.stdout + run.stderr).not.toContain("for this database");
    expect(stub.seen.map((s) => s.method)).toEqual(["GET", "PATCH", "GET"]);
  });

  test("refuses a free-tier database before enabling anything (a paid account is a prerequisite)", async () => {
    stub.answers = {
      [`GET ${GET_PATH}`]: { status: 200, body: { database_type: "Free", daily_backup_enabled: false } },
    };
    const run = await runScript(["enable", DB_ID], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("free tier");
    expect(stub.seen.map((s) => s.method)).toEqual(["GET"]);
  });

  test("UPS-3: enable fails when Upstash still reports daily backups off", async () => {
    stub.answers = {
      [`PATCH ${PATCH_PATH}`]: { status: 200, body: "OK" },
      [`GET ${GET_PATH}`]: { status: 200, body: { daily_backup_enabled: false } },
    };
    const run = await runScript(["enable", DB_ID], env);
    expect(run.code).toBe(1);
    expect(stub.seen.map((s) => s.method)).toEqual(["GET", "PATCH", "GET"]);
    expect(run.stderr).toContain(`Upstash reports daily backups off for database ${DB_ID}`);
  });

  test("verify only reads (GET) and fails when the flag is missing", async () => {
    stub.answers = { [`GET ${GET_PATH}`]: { status: 200, body: { database_id: DB_ID } } };
    const run = await runScript(["verify", DB_ID], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("could not confirm daily backups");
    expect(stub.seen.map((s) => `${s.method} ${s.url}`)).toEqual([`GET ${GET_PATH}`]);
  });

  test.each([
    ["UPSTASH_EMAIL", { UPSTASH_EMAIL: undefined }, "UPSTASH_EMAIL not set"],
    ["UPSTASH_API_KEY", { UPSTASH_API_KEY: undefined }, "UPSTASH_API_KEY not set"],
    [
      "both",
      { UPSTASH_EMAIL: undefined, UPSTASH_API_KEY: undefined },
      "UPSTASH_EMAIL and UPSTASH_API_KEY not set",
    ],
  ])("UPS-6: missing %s: exit 2 before any request", async (_name, unset, message) => {
    const run = await runScript(["enable", DB_ID], { ...env, ...unset });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(stub.seen).toEqual([]);
  });

  test("refuses a database id that is not letters, digits and hyphens", async () => {
    const run = await runScript(["enable", "abc; rm -rf /"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the database id must be letters, digits and hyphens");
    expect(stub.seen).toEqual([]);
  });

  test("UPS-6: refuses a plain-http API URL that is not localhost (credentials would travel in clear)", async () => {
    const run = await runScript(["enable", DB_ID], { ...env, UPSTASH_API_URL: "http://api.example.com" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("UPSTASH_API_URL must use https");
  });
});
