import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolveEndpoints, isLoopback } from "../../../tools/verify/endpoints";
import { UnreachableError, UsageError } from "../../../tools/verify/errors";
import { ApiClient } from "../../../tools/verify/http";

describe("endpoints", () => {
  test("defaults are Google's and Upstash's public APIs", () => {
    const e = resolveEndpoints([], {});
    expect(e.storage).toBe("https://storage.googleapis.com/storage/v1");
    expect(e.compute).toBe("https://compute.googleapis.com/compute/v1");
    expect(e.sqladmin).toBe("https://sqladmin.googleapis.com/v1");
    expect(e.upstash).toBe("https://api.upstash.com/v2");
  });

  test("a gateway, environment variables and per-API options, in increasing precedence", () => {
    const e = resolveEndpoints(["storage=https://storage.example.internal/storage/v1"], {
      BASELINE_GOOGLE_API_URL: "https://gw.example.com/",
      UPSTASH_API_URL: "https://upstash-proxy.example.com",
    });
    expect(e.storage).toBe("https://storage.example.internal/storage/v1");
    expect(e.compute).toBe("https://gw.example.com/compute/v1");
    expect(e.cloudresourcemanager).toBe("https://gw.example.com/cloudresourcemanager/v3");
    expect(e.upstash).toBe("https://upstash-proxy.example.com/v2");
    expect(
      resolveEndpoints(["upstash=http://[::1]:9000"], { BASELINE_UPSTASH_API_URL: "https://a.example.com" })
        .upstash,
    ).toBe("http://[::1]:9000/v2");
  });

  test.each([
    ["google=http://10.0.0.5:8080", "must use https"],
    ["google=ftp://127.0.0.1", "must use https"],
    ["upstash=https://user:pw@example.com", "without query, fragment or credentials"],
    ["google=not a url", "is not a URL"],
    ["bigquery=https://example.com", "expected name=url"],
  ])("refuses %s", (override, message) => {
    expect(() => resolveEndpoints([override], {})).toThrow(UsageError);
    expect(() => resolveEndpoints([override], {})).toThrow(message);
  });

  test("loopback means 127.0.0.0/8, ::1 and localhost only", () => {
    expect(["127.0.0.1", "127.1.2.3", "[::1]", "localhost"].map(isLoopback)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(["10.0.0.1", "127.0.0.1.example.com", "localhost.example.com", "0.0.0.0"].map(isLoopback)).toEqual(
      [false, false, false, false],
    );
  });
});

describe("ApiClient", () => {
  let server: Server;
  let base: string;
  let answers: { status: number; headers?: Record<string, string>; body?: unknown }[];
  let hits: string[];

  beforeEach(async () => {
    hits = [];
    answers = [];
    server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      const a = answers.shift() ?? { status: 200, body: {} };
      res.writeHead(a.status, { "Content-Type": "application/json", ...a.headers });
      res.end(JSON.stringify(a.body ?? {}));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  function client(waits: number[]) {
    const endpoints = resolveEndpoints([`google=${base}`, `upstash=${base}`], {});
    return new ApiClient(
      endpoints,
      async () => "Bearer t",
      { attempts: 3, baseDelayMs: 100, maxDelayMs: 5000, timeoutMs: 2000 },
      async (ms) => {
        waits.push(ms);
      },
    );
  }

  test("backoff waits grow within the jitter ceiling and honour Retry-After", async () => {
    const waits: number[] = [];
    answers = [
      { status: 503 },
      { status: 429, headers: { "Retry-After": "2" } },
      { status: 200, body: { ok: true } },
    ];
    expect(await client(waits).request("storage", "/b/x")).toEqual({ ok: true });
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBe(2000);
  });

  test("a write is retried on 429 (not applied) but not on 503 (may have been applied)", async () => {
    const waits: number[] = [];
    answers = [{ status: 429 }, { status: 200, body: { name: "op-1" } }];
    expect(
      await client(waits).request("sqladmin", "/projects/p/instances/i/clone", { method: "POST", body: {} }),
    ).toEqual({ name: "op-1" });
    answers = [{ status: 503 }, { status: 200 }];
    hits = [];
    await expect(
      client(waits).request("sqladmin", "/projects/p/instances/i/clone", { method: "POST", body: {} }),
    ).rejects.toThrow(UnreachableError);
    expect(hits).toHaveLength(1);
  });

  test("list follows nextPageToken and sends pageToken", async () => {
    answers = [
      { status: 200, body: { items: [{ name: "a" }], nextPageToken: "t2" } },
      { status: 200, body: { items: [{ name: "b" }], nextPageToken: "t3" } },
      { status: 200, body: {} },
    ];
    const items = await client([]).list<{ name: string }>("compute", "/projects/p/global/firewalls", "items");
    expect(items.map((i) => i.name)).toEqual(["a", "b"]);
    expect(hits).toEqual([
      "GET /compute/v1/projects/p/global/firewalls",
      "GET /compute/v1/projects/p/global/firewalls?pageToken=t2",
      "GET /compute/v1/projects/p/global/firewalls?pageToken=t3",
    ]);
  });
});
