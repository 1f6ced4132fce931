import { ProdRedis } from "../../../constructs/redis/prod-redis";
import { onlyResource, resourcesOf, synth, type SynthesizedStack } from "../../support/synth";
import { buildRedis, redisProps, redisTestStack } from "./support";

const DB = "upstash_redis_database";

describe("ProdRedis defaults (store mode, NAT egress and an extra block, one read region)", () => {
  let json: SynthesizedStack;
  let db: Record<string, unknown>;
  let redis: ProdRedis;
  /** Terraform address of the database, as references spell it. */
  let ref: string;

  beforeAll(() => {
    const { stack, natIp, secrets } = redisTestStack();
    redis = new ProdRedis(
      stack,
      "redis",
      redisProps(secrets, { egressFrom: { egressIps: [natIp] }, readRegions: ["eu-central-1"] }),
    );
    json = synth(stack);
    db = onlyResource(json, DB);
    ref = `${DB}.${Object.keys(resourcesOf(json, DB))[0]}`;
  });

  test("UPS-1: Prod Pack on", () => {
    expect(db.prod_pack).toBe(true);
  });

  test("UPS-2: allowlist is the NAT egress IP as /32 plus the extra block", () => {
    expect(db.ip_allowlist).toEqual(["${google_compute_address.nat-ip.address}/32", "203.0.113.10/32"]);
  });

  test("UPS-3: daily backups enabled during deploy for this database", () => {
    const backup = onlyResource(json, "terraform_data");
    const triggers = backup.triggers_replace as Record<string, string>;
    expect(triggers.database_id).toBe(`\${${ref}.database_id}`);
    expect(redis.dailyBackup).toBeDefined();
  });

  test("UPS-4: TLS on", () => {
    expect(db.tls).toBe(true);
  });

  test("UPS-5: eviction off in store mode", () => {
    expect(db.eviction).toBe(false);
  });

  test("UPS-6: password and REST tokens go to CMEK secrets, and only there", () => {
    const versions = Object.values(resourcesOf(json, "google_secret_manager_secret_version"));
    expect(versions.map((v) => v.secret_data).sort()).toEqual([
      `\${${ref}.password}`,
      `\${${ref}.read_only_rest_token}`,
      `\${${ref}.rest_token}`,
    ]);
    const secrets = Object.values(resourcesOf(json, "google_secret_manager_secret"));
    expect(secrets.map((s) => s.secret_id).sort()).toEqual([
      "redis-sessions-password",
      "redis-sessions-read-only-rest-token",
      "redis-sessions-rest-token",
    ]);
    for (const secret of secrets) {
      const replicas = (
        secret.replication as { user_managed: { replicas: { customer_managed_encryption: unknown }[] } }
      ).user_managed.replicas;
      expect(replicas[0].customer_managed_encryption).toEqual({
        kms_key_name: `\${google_kms_crypto_key.${Object.keys(resourcesOf(json, "google_kms_crypto_key"))[0]}.id}`,
      });
    }
    // Nothing else references the credentials: no output, no other resource.
    const elsewhere = JSON.stringify({ ...json.resource, google_secret_manager_secret_version: {} });
    expect(elsewhere).not.toMatch(/\.(password|rest_token|read_only_rest_token)\}/);
    expect(json.output).toBeUndefined();
  });

  test("UPS-6: the Upstash provider holds no credentials (they come from UPSTASH_EMAIL / UPSTASH_API_KEY)", () => {
    expect((json.provider as Record<string, unknown[]>).upstash).toEqual([{}]);
    expect(JSON.stringify(json)).not.toMatch(/api_key|UPSTASH_API_KEY|UPSTASH_EMAIL/);
  });

  test("UPS-7: database name is <environment>-<purpose>", () => {
    expect(db.database_name).toBe("dev-sessions");
  });

  test("UPS-8: global database with primary and read regions", () => {
    expect(db.region).toBe("global");
    expect(db.primary_region).toBe("eu-west-1");
    expect(db.read_regions).toEqual(["eu-central-1"]);
  });

  test("UPS-9: budget cap set", () => {
    expect(db.budget).toBe(250);
  });

  test("prevent_destroy on the database", () => {
    expect(db.lifecycle).toEqual({ prevent_destroy: true });
  });

  test("provider pinned to upstash/upstash 2.0.1", () => {
    const required = (json.terraform as { required_providers: Record<string, unknown> }).required_providers;
    expect(required.upstash).toEqual({ source: "upstash/upstash", version: "2.0.1" });
  });

  test("grantDefaultCredentials (outside HIPAA): the password and the REST token, and returns both bindings", () => {
    const { stack, secrets } = redisTestStack();
    const granted = new ProdRedis(
      stack,
      "redis",
      redisProps(secrets, { dataClassification: "confidential" }),
    );
    const grant = granted.grantDefaultCredentials({
      member: "serviceAccount:app@p.iam.gserviceaccount.com",
      principalId: "app",
    });
    expect(grant.bindings).toHaveLength(2);
    expect(grant.roles).toEqual(["roles/secretmanager.secretAccessor", "roles/secretmanager.secretAccessor"]);
    const synthesized = Object.values(resourcesOf(synth(stack), "google_secret_manager_secret_iam_member"));
    const bySecret = synthesized.map((b) => [String(b.secret_id).split(".")[1], b.member]).sort();
    expect(bySecret).toEqual([
      ["redis-sessions-password_secret_4C22F6BF", "serviceAccount:app@p.iam.gserviceaccount.com"],
      ["redis-sessions-rest-token_secret_E9304D4B", "serviceAccount:app@p.iam.gserviceaccount.com"],
    ]);
  });
});

describe("ProdRedis options", () => {
  test("UPS-5: cache mode turns eviction on (outside HIPAA)", () => {
    const { stack, secrets } = redisTestStack();
    new ProdRedis(stack, "redis", redisProps(secrets, { mode: "cache", dataClassification: "internal" }));
    expect(onlyResource(synth(stack), DB).eviction).toBe(true);
  });

  test("UPS-1 / UPS-3 opt-outs are explicit and visible: prod_pack false, no backup call", () => {
    const { stack, secrets } = redisTestStack();
    new ProdRedis(
      stack,
      "redis",
      redisProps(secrets, { prodPack: false, dailyBackups: false, dataClassification: "confidential" }),
    );
    const json = synth(stack);
    expect(onlyResource(json, DB).prod_pack).toBe(false);
    expect(resourcesOf(json, "terraform_data")).toEqual({});
  });

  test("allowDestroy: true drops prevent_destroy", () => {
    const { stack, secrets } = redisTestStack();
    new ProdRedis(stack, "redis", redisProps(secrets, { allowDestroy: true }));
    expect(onlyResource(synth(stack), DB).lifecycle).toEqual({ prevent_destroy: false });
  });

  test("UPS-8: no read regions leaves read_regions unset", () => {
    const { stack, secrets } = redisTestStack();
    new ProdRedis(stack, "redis", redisProps(secrets));
    expect(onlyResource(synth(stack), DB).read_regions).toBeUndefined();
  });

  test("UPS-2: the NAT egress IPs alone are a valid allowlist", () => {
    const { stack, natIp, secrets } = redisTestStack();
    new ProdRedis(
      stack,
      "redis",
      redisProps(secrets, { ipAllowlist: undefined, egressFrom: { egressIps: [natIp] } }),
    );
    expect(onlyResource(synth(stack), DB).ip_allowlist).toEqual([
      "${google_compute_address.nat-ip.address}/32",
    ]);
  });
});

describe("ProdRedis refuses bad props", () => {
  test("UPS-2: empty allowlist without egress source", () => {
    expect(() => buildRedis({ ipAllowlist: [] })).toThrow(
      "ProdRedis: ipAllowlist: got []; must list at least one IPv4 CIDR block",
    );
  });

  test("UPS-2: 0.0.0.0/0 in the allowlist", () => {
    expect(() => buildRedis({ ipAllowlist: ["203.0.113.10/32", "0.0.0.0/0"] })).toThrow(
      'ProdRedis: ipAllowlist[1]: got "0.0.0.0/0"; 0.0.0.0/0 admits every IPv4 address',
    );
  });

  test("UPS-2: a private-only allowlist", () => {
    expect(() => buildRedis({ ipAllowlist: ["10.1.0.0/16"] })).toThrow(
      'ProdRedis: ipAllowlist: got ["10.1.0.0/16"]; lists only private',
    );
  });

  test("UPS-8: unknown primary region", () => {
    expect(() => buildRedis({ primaryRegion: "europe-west1" })).toThrow(
      'ProdRedis: primaryRegion: got "europe-west1"; must be an Upstash region: us-east-1, us-east-2',
    );
  });

  test("UPS-8: unknown read region", () => {
    expect(() => buildRedis({ readRegions: ["mars-1"] })).toThrow(
      'ProdRedis: readRegions[0]: got "mars-1"; must be an Upstash region',
    );
  });

  test("UPS-8: primary region among the read regions", () => {
    expect(() => buildRedis({ readRegions: ["eu-central-1", "eu-west-1"] })).toThrow(
      'ProdRedis: readRegions[1]: got "eu-west-1"; must not be the primary region',
    );
  });

  test("UPS-8: a read region listed twice", () => {
    expect(() => buildRedis({ readRegions: ["eu-central-1", "eu-central-1"] })).toThrow(
      'ProdRedis: readRegions[1]: got "eu-central-1"; is listed twice',
    );
  });

  test.each([0, -5, 12.5, 100_001])("UPS-9: budget %p", (budget) => {
    expect(() => buildRedis({ monthlyBudgetUsd: budget })).toThrow(
      `ProdRedis: monthlyBudgetUsd: got ${budget}; must be a whole number from 1 to 100000`,
    );
  });

  test("UPS-9: a budget below the Prod Pack fee plus the usage margin (throttled from day one)", () => {
    expect(() => buildRedis({ monthlyBudgetUsd: 219 })).toThrow(
      "ProdRedis: monthlyBudgetUsd: got 219; must be at least 220 US dollars: Prod Pack costs 200 a month per database",
    );
    expect(() => buildRedis({ monthlyBudgetUsd: 220 })).not.toThrow();
    expect(() =>
      buildRedis({ monthlyBudgetUsd: 19, prodPack: false, dataClassification: "confidential" }),
    ).toThrow(/at least 20 US dollars/);
    expect(() =>
      buildRedis({ monthlyBudgetUsd: 20, prodPack: false, dataClassification: "confidential" }),
    ).not.toThrow();
  });

  test("UPS-5: unknown mode", () => {
    expect(() => buildRedis({ mode: "lru" as never })).toThrow('ProdRedis: mode: got "lru"; must be "store"');
  });

  test("UPS-7: free-text purpose", () => {
    expect(() => buildRedis({ purpose: "John Doe sessions" })).toThrow(
      'ProdRedis: purpose: got "John Doe sessions"; must be 2-21 lowercase letters',
    );
  });
});

describe("ProdRedis data classification (DATA-1, DATA-2)", () => {
  test("records the classification in the resource's // metadata (Upstash has no labels); restricted by default", () => {
    const { stack, secrets } = redisTestStack();
    new ProdRedis(stack, "redis", redisProps(secrets));
    new ProdRedis(stack, "other", redisProps(secrets, { purpose: "rates", dataClassification: "internal" }));
    // As written to cdk.tf.json (the test helper strips `//`).
    const json = JSON.parse(JSON.stringify(stack.toTerraform())) as SynthesizedStack;
    const classes = Object.values(resourcesOf(json, DB)).map(
      (db) => (db["//"] as Record<string, unknown>).data_classification,
    );
    expect(classes.sort()).toEqual(["internal", "restricted"]);
  });

  test("restricted data is held in HIPAA mode whatever hipaa says", () => {
    expect(() => buildRedis({ hipaa: false, mode: "cache" })).toThrow(
      'ProdRedis: mode: got "cache"; in HIPAA mode must be "store"',
    );
    // Digit runs are refused in every mode (one rule with UPS-7 and the config), restricted or not.
    for (const dataClassification of ["restricted", "confidential"] as const) {
      expect(() => buildRedis({ purpose: "ward-101", dataClassification })).toThrow(
        'ProdRedis: purpose: got "ward-101"; must not contain three or more digits in a row',
      );
    }
    expect(() =>
      buildRedis({ hipaa: false, mode: "cache", dataClassification: "confidential" }),
    ).not.toThrow();
  });

  test("refuses a classification outside the four", () => {
    expect(() => buildRedis({ dataClassification: "PHI" as never })).toThrow(
      'ProdRedis: dataClassification: got "PHI"; must be one of restricted, confidential, internal, public',
    );
  });
});

describe("ProdRedis HIPAA mode", () => {
  test("accepts the secure defaults and names the database <environment>-<purpose>", () => {
    const { stack, natIp, secrets } = redisTestStack();
    new ProdRedis(stack, "redis", redisProps(secrets, { hipaa: true, egressFrom: { egressIps: [natIp] } }));
    const json = synth(stack);
    const db = onlyResource(json, DB);
    expect(db.database_name).toBe("dev-sessions");
    expect(db.prod_pack).toBe(true);
    expect(db.tls).toBe(true);
    expect(db.eviction).toBe(false);
    expect(Object.keys(resourcesOf(json, "terraform_data"))).toHaveLength(1);
  });

  test("UPS-1: refuses prodPack false", () => {
    expect(() => buildRedis({ hipaa: true, prodPack: false })).toThrow(
      "ProdRedis: prodPack: got false; in HIPAA mode must be true",
    );
  });

  test("UPS-3: refuses dailyBackups false", () => {
    expect(() => buildRedis({ hipaa: true, dailyBackups: false })).toThrow(
      "ProdRedis: dailyBackups: got false; in HIPAA mode must be true",
    );
  });

  test("UPS-5: refuses cache mode (eviction)", () => {
    expect(() => buildRedis({ hipaa: true, mode: "cache" })).toThrow(
      'ProdRedis: mode: got "cache"; in HIPAA mode must be "store"',
    );
  });

  test("UPS-7: refuses digit runs in the purpose", () => {
    expect(() => buildRedis({ hipaa: true, purpose: "patient-19800101" })).toThrow(
      'ProdRedis: purpose: got "patient-19800101"; must not contain three or more digits in a row',
    );
  });

  test("UPS-2: still refuses an empty allowlist", () => {
    expect(() => buildRedis({ hipaa: true, ipAllowlist: [] })).toThrow("ProdRedis: ipAllowlist: got []");
  });
});
