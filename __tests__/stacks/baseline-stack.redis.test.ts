import { join } from "node:path";
import { loadEnvironmentFile } from "../../config/load";
import { BaselineStack } from "../../stacks/baseline-stack";
import {
  App,
  onlyResource,
  resourcesOf,
  synth,
  testEnvironment,
  type SynthesizedStack,
} from "../support/synth";

const REDIS = {
  databases: [
    {
      purpose: "sessions",
      primaryRegion: "eu-west-1",
      readRegions: ["eu-central-1"],
      budget: 240,
      allowlist: ["198.51.100.0/24"],
    },
  ],
};

/** A NAT address of the network, as a /32 (a Terraform reference until apply). */
const NAT_IP = /^\$\{google_compute_address\.network_nat-ip-[a-z0-9-]+_[0-9A-F]{8}\.address\}\/32$/;

describe("BaselineStack with a redis section", () => {
  let json: SynthesizedStack;
  let stack: BaselineStack;

  beforeAll(() => {
    stack = new BaselineStack(new App(), { environment: testEnvironment({ redis: REDIS }) });
    json = synth(stack);
  });

  test("UPS-6: one Upstash provider, configured without credentials", () => {
    expect((json.provider as Record<string, unknown[]>).upstash).toEqual([{}]);
  });

  test("UPS-1..9: the configured database, named <env>-<purpose>", () => {
    const db = onlyResource(json, "upstash_redis_database");
    expect(db).toMatchObject({
      database_name: "dev-sessions",
      region: "global",
      primary_region: "eu-west-1",
      read_regions: ["eu-central-1"],
      budget: 240,
      ip_allowlist: [expect.stringMatching(NAT_IP), "198.51.100.0/24"],
      prod_pack: true,
      tls: true,
      eviction: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(Object.keys(resourcesOf(json, "terraform_data"))).toHaveLength(1);
    expect(Object.keys(stack.redisDatabases)).toEqual(["sessions"]);
  });

  test("UPS-6: credentials land in CMEK secrets made like the environment's other secrets (same key, same replicas)", () => {
    const secrets = Object.values(resourcesOf(json, "google_secret_manager_secret"));
    const replication = (id: string) => secrets.find((s) => s.secret_id === id)?.replication;
    const appSecret = replication("app-signing-key");
    expect(appSecret).toMatchObject({ user_managed: { replicas: [{ location: "europe-west1" }] } });
    for (const id of [
      "redis-sessions-password",
      "redis-sessions-rest-token",
      "redis-sessions-read-only-rest-token",
    ]) {
      expect(replication(id)).toEqual(appSecret);
    }
    expect(json.output).toBeUndefined();
  });
});

describe("BaselineStack without a redis section", () => {
  test("configures no Upstash provider and no database (GCP-only users need no Upstash credentials)", () => {
    const json = synth(new BaselineStack(new App(), { environment: testEnvironment() }));
    expect((json.provider as Record<string, unknown>).upstash).toBeUndefined();
    expect(resourcesOf(json, "upstash_redis_database")).toEqual({});
    const required = (json.terraform as { required_providers: Record<string, unknown> }).required_providers;
    expect(required.upstash).toBeUndefined();
  });
});

describe("BaselineStack wires the network into the Redis allowlist", () => {
  test("UPS-2: with no configured additions, the allowlist is exactly the VPC's static NAT egress IPs as /32s", () => {
    const environment = testEnvironment({
      network: { natIpCount: 2 },
      redis: { databases: [{ purpose: "sessions", primaryRegion: "eu-west-1" }] },
    });
    const db = onlyResource(synth(new BaselineStack(new App(), { environment })), "upstash_redis_database");
    expect(db.ip_allowlist).toEqual([expect.stringMatching(NAT_IP), expect.stringMatching(NAT_IP)]);
    expect(new Set(db.ip_allowlist as string[]).size).toBe(2);
  });
});

describe("config/environments/dev.yaml", () => {
  test("UPS-2: the example database admits only the network's NAT egress IP", () => {
    const environment = loadEnvironmentFile(
      join(__dirname, "..", "..", "config", "environments", "dev.yaml"),
    );
    const db = onlyResource(synth(new BaselineStack(new App(), { environment })), "upstash_redis_database");
    expect(db.database_name).toBe("dev-sessions");
    expect(db.ip_allowlist).toEqual([expect.stringMatching(NAT_IP)]);
  });
});

describe("BaselineStack: ACL users (UPS-10) and the Upstash team (UPS-11) from configuration", () => {
  let json: SynthesizedStack;

  beforeAll(() => {
    const environment = testEnvironment({
      redis: {
        hipaa: true,
        databases: [
          {
            ...REDIS.databases[0],
            users: [
              {
                name: "app-runtime",
                access: "read-write",
                keyPatterns: ["session:*"],
                readers: [
                  "serviceAccount:app-runtime@acme-test-dev.iam.gserviceaccount.com",
                  "group:ops@example.com",
                ],
              },
              { name: "reports" },
            ],
          },
        ],
        team: {
          name: "acme dev",
          emailDomains: ["example.com"],
          members: { "owner@example.com": "owner", "dev@example.com": "dev" },
        },
      },
    });
    json = synth(new BaselineStack(new App(), { environment }));
  });

  test("one deploy step per configured user, with its access and key patterns", () => {
    const specs = Object.values(resourcesOf(json, "terraform_data"))
      .map((body) => body.input as { user: string; rules: string[] } | undefined)
      .filter((spec): spec is { user: string; rules: string[] } => spec !== undefined)
      .sort((a, b) => a.user.localeCompare(b.user));
    expect(specs.map((s) => [s.user, s.rules.join(" ")])).toEqual([
      ["app-runtime", "~session:* -@all +@read +@write +@transaction +@connection -@dangerous"],
      ["reports", "~* -@all +@read +@connection -@dangerous"],
    ]);
  });

  test("readers get the user's secret only: the example workload by reference, others as written", () => {
    const bindings = Object.values(resourcesOf(json, "google_secret_manager_secret_iam_member")).filter((b) =>
      /redis-sessions/.test(String(b.secret_id)),
    );
    expect(bindings.map((b) => b.member).sort()).toEqual([
      expect.stringMatching(
        /^\$\{google_service_account\.app-runtime_service-account_[0-9A-F]{8}\.member\}$/,
      ),
      "group:ops@example.com",
    ]);
    // Never the default credentials' secrets (UPS-10).
    for (const b of bindings) expect(String(b.secret_id)).toMatch(/redis-sessions-acl-app-runtime/);
  });

  test("the team as configured", () => {
    expect(onlyResource(json, "upstash_team")).toMatchObject({
      team_name: "acme dev",
      copy_cc: false,
      team_members: { "owner@example.com": "owner", "dev@example.com": "dev" },
    });
  });
});
