import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, type TerminationRecord } from "../../../tools/terminate-customer/cli";
import { UsageError } from "../../../tools/verify/errors";
import { shippedStacks, shippedSynthDir } from "../../support/shipped";
import { MANUAL_DUTIES } from "../../../policy/manual-duties";

const NOW = new Date("2026-12-01T10:00:00.000Z");
const STORAGE = "https://storage.googleapis.com/storage/v1";
const DATA = "acme-baseline-dev-data";
const INVOICES = "acme-baseline-dev-payments-invoices";

/** Names of the buckets the dev environment's baseline and team stacks create (not the bootstrap's). */
function devDataBuckets(): string[] {
  return Object.entries(shippedStacks())
    .filter(([stack]) => stack.endsWith("-dev") && !stack.startsWith("bootstrap-"))
    .flatMap(([, json]) =>
      Object.values(
        ((json.resource ?? {}) as Record<string, Record<string, { name?: unknown }>>).google_storage_bucket ??
          {},
      ),
    )
    .map((bucket) => String(bucket.name));
}

interface FakeObject {
  name: string;
  customTime?: string;
  metadata?: Record<string, string>;
}

/**
 * A fake Cloud Storage JSON API behind `fetch`: objects.list with pages of two, objects.patch of
 * customTime, and failures on demand. Nothing leaves the process: any other URL fails the test.
 */
class FakeStorage {
  readonly buckets = new Map<string, FakeObject[]>();
  readonly calls: string[] = [];
  readonly status = new Map<string, number>();
  unreachable = false;

  constructor() {
    // Every bucket of the shipped dev environment exists, empty: a team added with `npm run new:team` too.
    for (const name of devDataBuckets()) this.buckets.set(name, []);
  }

  private json(status: number, body: unknown): Response {
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  }

  async handle(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init.method ?? "GET";
    if (!url.href.startsWith(`${STORAGE}/b/`)) throw new Error(`unexpected request ${method} ${url.href}`);
    if (this.unreachable)
      throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    const [bucket, , ...rest] = url.pathname.slice("/storage/v1/b/".length).split("/");
    const name = decodeURIComponent(bucket);
    this.calls.push(
      `${method} ${name}${rest.length ? `/${decodeURIComponent(rest.join("/"))}` : ""}${url.search}`,
    );
    const forced =
      this.status.get(`${method} ${name}`) ?? this.status.get(`${method} ${name}/${rest.join("/")}`);
    if (forced)
      return this.json(forced, { error: { code: forced, message: `forced ${forced} for ${name}` } });
    const objects = this.buckets.get(name);
    if (!objects)
      return this.json(404, { error: { code: 404, message: "The specified bucket does not exist." } });
    if (method === "GET") {
      const prefix = url.searchParams.get("prefix") ?? "";
      const matching = objects.filter((o) => o.name.startsWith(prefix));
      const start = Number(url.searchParams.get("pageToken") ?? "0");
      const page = matching.slice(start, start + 2);
      const next = start + 2 < matching.length ? String(start + 2) : undefined;
      return this.json(200, {
        kind: "storage#objects",
        items: page,
        ...(next ? { nextPageToken: next } : {}),
      });
    }
    if (method === "PATCH") {
      const object = objects.find((o) => o.name === decodeURIComponent(rest.join("/")));
      if (!object) return this.json(404, { error: { code: 404, message: "No such object" } });
      const body = JSON.parse(String(init.body)) as { customTime: string };
      if (object.customTime && Date.parse(object.customTime) > Date.parse(body.customTime))
        return this.json(400, { error: { code: 400, message: "customTime cannot be decreased" } });
      object.customTime = body.customTime;
      return this.json(200, object);
    }
    return this.json(405, { error: { message: "method not allowed" } });
  }
}

let fake: FakeStorage;
let records: string;

beforeEach(() => {
  fake = new FakeStorage();
  jest.spyOn(globalThis, "fetch").mockImplementation((input, init) => fake.handle(input, init));
  records = mkdtempSync(join(tmpdir(), "termination-"));
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(records, { recursive: true, force: true });
});

async function run(
  args: string[],
  authorize: () => Promise<string> = async () => "Bearer test-token",
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(
    ["dev", ...args, "--synth-dir", shippedSynthDir(), "--records-dir", records, "--retries", "1"],
    {},
    { stdout: (t) => (stdout += `${t}\n`), stderr: (t) => (stderr += `${t}\n`) },
    { authorize, now: () => NOW },
  );
  return { code, stdout, stderr };
}

function written(): TerminationRecord[] {
  const dir = join(records, "dev");
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as TerminationRecord);
}

const patches = () => fake.calls.filter((c) => c.startsWith("PATCH"));

describe("terminate-customer", () => {
  beforeEach(() => {
    fake.buckets.set(DATA, [
      { name: "customers/c-4821/a.pdf" },
      { name: "customers/c-4821/b.pdf" },
      { name: "customers/c-4821/c.pdf" },
      { name: "customers/c-48210/other-customer.pdf" },
      { name: "customers/c-9/x.pdf" },
    ]);
    fake.buckets.set(INVOICES, [
      { name: "2026/inv-1.pdf", metadata: { customer: "c-4821" } },
      { name: "2026/inv-2.pdf", metadata: { customer: "c-9" } },
      { name: "2026/inv-3.pdf" },
    ]);
  });

  it("dry run: lists what would be marked, changes nothing and writes no record", async () => {
    const { code, stdout } = await run(["--prefix", "customers/c-4821/", "--dry-run"]);
    expect(code).toBe(0);
    expect(patches()).toEqual([]);
    expect(written()).toEqual([]);
    expect(stdout).toContain("DRY RUN: nothing changed.");
    expect(stdout).toContain(
      `ok   ${DATA}: 3 matched, 3 would be marked, 0 already marked, 0 failed; unrecoverable by 2027-01-30`,
    );
    expect(stdout).toContain(
      "would mark: customers/c-4821/a.pdf, customers/c-4821/b.pdf, customers/c-4821/c.pdf",
    );
    expect(stdout).toContain("no record written (dry run)");
    expect(fake.buckets.get(DATA)!.every((o) => o.customTime === undefined)).toBe(true);
  });

  it("prefix: sets the custom time on every matching object across pages, never on another customer's", async () => {
    const { code, stdout } = await run(["--prefix", "customers/c-4821/"]);
    expect(code).toBe(0);
    const data = fake.buckets.get(DATA)!;
    expect(data.filter((o) => o.customTime === NOW.toISOString()).map((o) => o.name)).toEqual([
      "customers/c-4821/a.pdf",
      "customers/c-4821/b.pdf",
      "customers/c-4821/c.pdf",
    ]);
    // "customers/c-48210/" shares the text but not the prefix's trailing slash.
    expect(data.find((o) => o.name.startsWith("customers/c-48210/"))!.customTime).toBeUndefined();
    // Two pages of two: the second asked for with the first's token.
    expect(fake.calls.filter((c) => c.startsWith(`GET ${DATA}`))).toEqual([
      `GET ${DATA}?prefix=customers%2Fc-4821%2F&projection=noAcl`,
      `GET ${DATA}?prefix=customers%2Fc-4821%2F&projection=noAcl&pageToken=2`,
    ]);
    const [record] = written();
    expect(record).toMatchObject({
      kind: "customer-termination",
      environment: "dev",
      selector: { prefix: "customers/c-4821/" },
      terminatedAt: NOW.toISOString(),
      deleteEverythingBy: "2027-01-30",
      boundDays: 60,
      result: "marked",
    });
    expect(record.buckets.find((b) => b.bucket === DATA)).toMatchObject({
      matched: 3,
      marked: ["customers/c-4821/a.pdf", "customers/c-4821/b.pdf", "customers/c-4821/c.pdf"],
      unrecoverableBy: "2027-01-30",
    });
    expect(record.checklist.map((c) => [c.store, c.status])).toEqual([
      ["Cloud SQL (Postgres) rows", "to do"],
      ["Upstash Redis keys", "to do"],
      ["Secret Manager secrets", "to do"],
      ["Objects outside the selector", "to do"],
    ]);
    expect(stdout).toContain("Still to delete by 2027-01-30 (60 days after termination");
    expect(stdout).toMatch(
      /\[ \] Cloud SQL \(Postgres\) rows: Delete the customer's rows in .*within 30 days/,
    );
    expect(stdout).toMatch(/\[ \] Upstash Redis keys: Delete the customer's keys in dev-/);
    expect(stdout).toContain("[ ] Secret Manager secrets:");
    expect(stdout).toContain(`record: ${join(records, "dev")}`);
    // Every manual duty the output cites exists, and the termination duty names this command.
    const cited = [...new Set(stdout.match(/MAN-\d+/g))];
    expect(cited).toEqual(expect.arrayContaining(["MAN-22", "MAN-23"]));
    for (const id of cited) expect(MANUAL_DUTIES.map((d) => d.id)).toContain(id);
    expect(MANUAL_DUTIES.find((d) => d.id === "MAN-22")!.duty).toContain("npm run terminate-customer");
  });

  it("label: marks objects whose custom metadata matches, in every bucket", async () => {
    const { code, stdout } = await run(["--label", "customer=c-4821"]);
    expect(code).toBe(0);
    expect(patches()).toEqual([`PATCH ${INVOICES}/2026/inv-1.pdf`]);
    expect(stdout).toContain(`${INVOICES}: 1 matched, 1 marked`);
    expect(stdout).toContain(`${DATA}: 0 matched, 0 marked`);
    // Without a prefix every object is listed: three pages of the data bucket.
    expect(fake.calls.filter((c) => c.startsWith(`GET ${DATA}`))).toHaveLength(3);
  });

  it("prefix and label together mark only objects matching both", async () => {
    fake.buckets.get(INVOICES)!.push({ name: "old/inv-0.pdf", metadata: { customer: "c-4821" } });
    expect((await run(["--prefix", "2026/", "--label", "customer=c-4821"])).code).toBe(0);
    expect(patches()).toEqual([`PATCH ${INVOICES}/2026/inv-1.pdf`]);
  });

  it("is idempotent: a second run marks nothing and keeps the first date", async () => {
    await run(["--prefix", "customers/c-4821/"]);
    const first = patches().length;
    const later = new Date(NOW.getTime() + 86_400_000);
    let stdout = "";
    const code = await main(
      ["dev", "--prefix", "customers/c-4821/", "--synth-dir", shippedSynthDir(), "--records-dir", records],
      {},
      { stdout: (t) => (stdout += `${t}\n`), stderr: () => undefined },
      { authorize: async () => "Bearer t", now: () => later },
    );
    expect(code).toBe(0);
    expect(patches()).toHaveLength(first);
    expect(stdout).toContain(`${DATA}: 3 matched, 0 marked, 3 already marked, 0 failed`);
    expect(fake.buckets.get(DATA)![0].customTime).toBe(NOW.toISOString());
    expect(written()).toHaveLength(2);
  });

  it("an object marked with a later date cannot be moved earlier: reported, exit 1", async () => {
    fake.buckets.get(DATA)![0].customTime = "2027-06-01T00:00:00.000Z";
    const { code, stdout } = await run(["--prefix", "customers/c-4821/"]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      "customers/c-4821/a.pdf: custom time is already 2027-06-01T00:00:00.000Z, later than 2026-12-01T10:00:00.000Z; Cloud Storage never moves a custom time earlier, so delete this object by hand",
    );
    expect(patches()).toHaveLength(2);
    expect(written()[0].result).toBe("failed");
  });

  describe("errors: one clear line each, no stack trace", () => {
    const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

    it("a bucket the identity cannot list fails alone; the others are still marked", async () => {
      fake.status.set(`GET ${INVOICES}`, 403);
      const { code, stdout, stderr } = await run(["--prefix", "customers/c-4821/"]);
      expect(code).toBe(1);
      expect(stdout).toContain(
        `FAIL ${INVOICES}: GET ${STORAGE}/b/${INVOICES}/o: 403 forced 403 for ${INVOICES}`,
      );
      expect(patches()).toHaveLength(3);
      expect(written()[0].buckets.find((b) => b.bucket === INVOICES)!.error).toMatch(/403/);
      noStack(stdout + stderr);
    });

    it("a patch that keeps failing is that object's failure", async () => {
      fake.status.set(`PATCH ${DATA}/customers%2Fc-4821%2Fb.pdf`, 503);
      const { code, stdout } = await run(["--prefix", "customers/c-4821/"]);
      expect(code).toBe(1);
      expect(stdout).toMatch(/customers\/c-4821\/b\.pdf: PATCH .*: 503 forced 503 .*\(gave up after 1 try\)/);
      expect(
        fake.buckets
          .get(DATA)!
          .filter((o) => o.customTime)
          .map((o) => o.name),
      ).toEqual(["customers/c-4821/a.pdf", "customers/c-4821/c.pdf"]);
      noStack(stdout);
    });

    it("an unreachable API is reported per bucket", async () => {
      fake.unreachable = true;
      const { code, stdout } = await run(["--prefix", "customers/c-4821/"]);
      expect(code).toBe(1);
      expect(stdout).toContain(`FAIL ${DATA}: GET ${STORAGE}/b/${DATA}/o: connection failed (ECONNREFUSED)`);
      noStack(stdout);
    });

    it("missing credentials end the run with exit 2 before anything is marked", async () => {
      const { code, stderr } = await run(["--prefix", "customers/c-4821/"], async () => {
        throw new UsageError("no Google credentials: run `gcloud auth application-default login`");
      });
      expect(code).toBe(2);
      expect(stderr).toBe(
        "terminate-customer: no Google credentials: run `gcloud auth application-default login`\n",
      );
      expect(written()).toEqual([]);
    });

    it.each([
      [[], /say whose objects to mark: --prefix PREFIX .* or --label KEY=VALUE/],
      [
        ["--prefix", ""],
        /--prefix: got ""; allowed: 1-1024 characters .*an empty prefix would mark every object/,
      ],
      [["--prefix", "a\nb"], /--prefix: got "a\\nb"; allowed/],
      [["--label", "customer"], /--label: got "customer"; allowed: KEY=VALUE/],
      [["--label", "=c-1"], /--label: got "=c-1"; allowed: KEY=VALUE/],
      [
        ["--prefix", "p", "--bucket", "nope"],
        /no bucket named "nope" in environment dev \(have: .*acme-baseline-dev-access-logs/,
      ],
      [["--prefix", "p", "extra"], /unexpected argument "extra" after <env>/],
      [["--prefix", "p", "--frobnicate"], /unknown option --frobnicate/],
    ])("bad input %j: exit 2, nothing sent", async (args, message) => {
      const { code, stderr, stdout } = await run(args as string[]);
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`^terminate-customer: ${message.source}`));
      expect(stdout).toBe("");
      expect(fake.calls).toEqual([]);
      noStack(stderr);
    });

    it("never touches the bootstrap stack's Terraform state buckets", async () => {
      const { stderr } = await run(["--prefix", "p", "--bucket", "acme-baseline-dev-tfstate"]);
      expect(stderr).toMatch(/no bucket named "acme-baseline-dev-tfstate"/);
    });
  });

  it("--format json prints the record and where it was written", async () => {
    const { code, stdout } = await run(["--prefix", "customers/c-4821/", "--format", "json"]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { dryRun: boolean; record: TerminationRecord; file: string };
    expect(out.dryRun).toBe(false);
    expect(out.file).toContain(join(records, "dev"));
    expect(out.record).toEqual(written()[0]);
  });

  it("a bucket whose name is only known after apply is reported, never skipped", async () => {
    const dir = mkdtempSync(join(tmpdir(), "termination-synth-"));
    try {
      cpSync(join(shippedSynthDir(), "stacks"), join(dir, "stacks"), {
        recursive: true,
        filter: (src) => !/stacks\/[^/]+-(staging|prod)(\/|$)/.test(src),
      });
      const file = join(dir, "stacks", "payments-dev", "cdk.tf.json");
      const json = JSON.parse(readFileSync(file, "utf8")) as {
        resource: { google_storage_bucket: Record<string, Record<string, unknown>> };
      };
      const [invoices] = Object.values(json.resource.google_storage_bucket);
      invoices.name = "${random_id.suffix.hex}-invoices";
      writeFileSync(file, JSON.stringify(json));
      let stdout = "";
      const code = await main(
        ["dev", "--prefix", "customers/c-4821/", "--synth-dir", dir, "--records-dir", records],
        {},
        { stdout: (t) => (stdout += `${t}\n`), stderr: () => undefined },
        { authorize: async () => "Bearer t", now: () => NOW },
      );
      expect(code).toBe(1);
      expect(stdout).toMatch(
        /FAIL payments-dev\/bucket-invoices\/bucket: cannot tell its live name from the synthesized output .*run again with --bucket <its live name>/,
      );
      expect(stdout).toContain(`ok   ${DATA}: 3 matched, 3 marked`);
      // Named by its live name, it is marked; its deletion date is unknown to the output.
      stdout = "";
      const named = await main(
        ["dev", "--prefix", "2026/", "--bucket", INVOICES, "--synth-dir", dir, "--records-dir", records],
        {},
        { stdout: (t) => (stdout += `${t}\n`), stderr: () => undefined },
        { authorize: async () => "Bearer t", now: () => NOW },
      );
      expect(named).toBe(0);
      expect(stdout).toContain(
        `ok   ${INVOICES}: 3 matched, 3 marked, 0 already marked, 0 failed; deletion window unknown (see GCS-7)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--bucket narrows the run to the named buckets", async () => {
    const { code } = await run(["--prefix", "customers/c-4821/", "--bucket", DATA]);
    expect(code).toBe(0);
    expect(new Set(fake.calls.map((c) => c.split(/[ /?]/)[1]))).toEqual(new Set([DATA]));
  });
});
