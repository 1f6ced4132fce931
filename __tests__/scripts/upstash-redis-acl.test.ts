import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

const SCRIPT = join(__dirname, "..", "..", "scripts", "upstash-redis-acl.mjs");
// Generated per run: no credential-shaped literal sits in the repository.
const GOOGLE_TOKEN = randomBytes(12).toString("hex");
const ADMIN_TOKEN = randomBytes(16).toString("hex");
const USER_TOKEN = randomBytes(20).toString("hex");
const ADMIN_SECRET = "projects/acme/secrets/redis-sessions-rest-token";
const USER_SECRET = "projects/acme/secrets/redis-sessions-acl-orders";
const RULES = ["~orders:*", "-@all", "+@read", "+@write", "-@dangerous"];

/** Secret Manager under /sm and the database's REST endpoint under /redis, on one local server. */
class Stub {
  readonly commands: unknown[][] = [];
  readonly added: string[] = [];
  readonly authorizations: string[] = [];
  user: unknown[] | null = null;
  versions = 0;
  failAdd = false;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        this.authorizations.push(String(req.headers.authorization));
        const send = (status: number, answer: unknown) => {
          res.writeHead(status, { "Content-Type": "application/json" });
          res.end(JSON.stringify(answer));
        };
        const url = req.url ?? "";
        if (url === `/sm/${ADMIN_SECRET}/versions/latest:access`)
          return send(200, { payload: { data: Buffer.from(ADMIN_TOKEN).toString("base64") } });
        if (url.startsWith(`/sm/${USER_SECRET}/versions?`))
          return send(200, this.versions ? { versions: [{ name: "v1", state: "ENABLED" }] } : {});
        if (url === `/sm/${USER_SECRET}:addVersion`) {
          if (this.failAdd) return send(403, { error: { message: "denied" } });
          const data = (JSON.parse(body) as { payload: { data: string } }).payload.data;
          this.added.push(Buffer.from(data, "base64").toString("utf8"));
          this.versions += 1;
          return send(200, { name: `${USER_SECRET}/versions/${this.versions}` });
        }
        if (url === "/redis" && req.method === "POST") {
          const command = JSON.parse(body) as string[];
          this.commands.push(command);
          if (command[1] === "GETUSER") return send(200, { result: this.user });
          if (command[1] === "GENTOKEN") return send(200, { result: USER_TOKEN });
          if (command[1] === "SETUSER") {
            if (command.includes("+@bad"))
              return send(400, { error: `ERR bad rule near ${command.join(" ")}` });
            this.user = ["flags", ["on"], "passwords", ["x"]];
            return send(200, { result: "OK" });
          }
        }
        return send(404, { error: "not found" });
      });
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
  readonly output: string;
}

function runScript(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args],
      { env: { PATH: process.env.PATH, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, output: stdout + stderr });
      },
    );
  });
}

const spec = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    endpoint: "eu1-sessions-12345.upstash.io",
    adminTokenSecret: ADMIN_SECRET,
    userSecret: USER_SECRET,
    user: "orders",
    rules: RULES,
    ...overrides,
  });

describe("scripts/upstash-redis-acl.mjs against local stubs of Secret Manager and the REST endpoint", () => {
  let stub: Stub;
  let env: Record<string, string>;

  beforeEach(async () => {
    stub = new Stub();
    const base = await stub.start();
    env = {
      GOOGLE_OAUTH_ACCESS_TOKEN: GOOGLE_TOKEN,
      SECRET_MANAGER_API_URL: `${base}/sm`,
      UPSTASH_REDIS_REST_URL: `${base}/redis`,
    };
  });
  afterEach(() => stub.stop());

  /** No credential in anything the script prints. */
  function expectNoCredential(run: Run): void {
    for (const secret of [GOOGLE_TOKEN, ADMIN_TOKEN, USER_TOKEN]) expect(run.output).not.toContain(secret);
  }

  test("a new user: GENTOKEN, SETUSER reset on >token rules, the token stored as a secret version", async () => {
    const run = await runScript(["apply", spec()], env);
    expect(run.code).toBe(0);
    expect(stub.commands.map((c) => c.slice(0, 2).join(" "))).toEqual([
      "ACL GETUSER",
      "ACL GENTOKEN",
      "ACL SETUSER",
      "ACL GETUSER",
    ]);
    expect(stub.commands[2]).toEqual(["ACL", "SETUSER", "orders", "reset", "on", `>${USER_TOKEN}`, ...RULES]);
    expect(stub.added).toEqual([USER_TOKEN]);
    // Secret Manager with the Google token, Redis with the admin token read from Secret Manager.
    expect(stub.authorizations).toContain(`Bearer ${GOOGLE_TOKEN}`);
    expect(stub.authorizations).toContain(`Bearer ${ADMIN_TOKEN}`);
    expect(run.output).toMatch(
      /ACL user orders created; its credential is in projects\/acme\/secrets\/redis-sessions-acl-orders/,
    );
    expectNoCredential(run);
  });

  test("a re-run with the user and a stored credential changes the rules only", async () => {
    stub.user = ["flags", ["on"]];
    stub.versions = 1;
    const run = await runScript(["apply", spec()], env);
    expect(run.code).toBe(0);
    expect(stub.commands.map((c) => c[1])).toEqual(["GETUSER", "SETUSER", "GETUSER"]);
    expect(stub.commands[1]).toEqual(["ACL", "SETUSER", "orders", "on", "resetkeys", ...RULES]);
    expect(stub.added).toEqual([]);
    expect(run.output).toMatch(/rules applied; its credential .* is unchanged/);
  });

  test("a user whose credential was never stored gets a new one (repairs a failed store)", async () => {
    stub.user = ["flags", ["on"]];
    stub.failAdd = true;
    const failed = await runScript(["apply", spec()], env);
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/storing the credential in .*: answered 403/);
    expectNoCredential(failed);
    stub.failAdd = false;
    const repaired = await runScript(["apply", spec()], env);
    expect(repaired.code).toBe(0);
    expect(stub.added).toEqual([USER_TOKEN]);
    expect(repaired.output).toMatch(/given a new password/);
  });

  test("a Redis error is shown redacted: the token in the rejected rule never reaches the log", async () => {
    const run = await runScript(["apply", spec({ rules: ["~orders:*", "+@bad", "-@dangerous"] })], env);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/ACL SETUSER orders: answered 400: ERR bad rule near .*<redacted>/);
    expectNoCredential(run);
  });

  test.each([
    ["not json", "the spec is not JSON"],
    [spec({ user: "default" }), "user must be"],
    [spec({ rules: ["~*", "+@all", "-@dangerous"] }), 'rule "\\+@all" is not'],
    [spec({ rules: ["~*", "-@all", "+@read"] }), "must end with -@dangerous"],
    [spec({ userSecret: ADMIN_SECRET }), "must not be the admin token's secret"],
    [spec({ endpoint: "https://evil" }), "endpoint must be"],
    [spec({ extra: 1 }), "exactly"],
  ])("refuses a bad spec %s before any call", async (arg, message) => {
    const run = await runScript(["apply", arg], env);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(new RegExp(message));
    expect(stub.commands).toEqual([]);
  });

  test("test endpoints must be local; Google credentials are required", async () => {
    const remote = await runScript(["apply", spec()], {
      ...env,
      UPSTASH_REDIS_REST_URL: "https://example.com",
    });
    expect(remote.code).toBe(2);
    expect(remote.output).toMatch(/UPSTASH_REDIS_REST_URL is for localhost test servers only/);
    const { GOOGLE_OAUTH_ACCESS_TOKEN: _unused, ...withoutGoogle } = env;
    // PATH without gcloud: the script says how to authenticate.
    const none = await runScript(["apply", spec()], { ...withoutGoogle, PATH: "/nonexistent" });
    expect(none.output).toMatch(/no Google credentials/);
    expect(none.code).not.toBe(0);
  });
});
