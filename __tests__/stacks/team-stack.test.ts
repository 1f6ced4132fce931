import { BaselineStack } from "../../stacks/baseline-stack";
import type { DataClassification } from "../../core/rules/data-classification";
import { TeamStack } from "../../stacks/team-stack";
import { paymentsTeam } from "../../teams/payments";
import {
  App,
  resourceAt,
  resourcesOf,
  synthApp,
  testEnvironment,
  type SynthesizedStack,
} from "../support/synth";

describe("TeamStack (the example payments team)", () => {
  let team: SynthesizedStack;
  let baseline: SynthesizedStack;
  beforeAll(() => {
    const stacks = synthApp((app) => {
      const baselineStack = new BaselineStack(app, {
        environment: testEnvironment({ secrets: { rotationDays: 90 } }),
      });
      paymentsTeam(new TeamStack(app, { baseline: baselineStack, team: "payments" }));
    });
    team = stacks["payments-dev"];
    baseline = stacks["baseline-dev"];
  });

  it("has its own state prefix in the environment's state bucket", () => {
    expect((team.terraform as { backend: { gcs: Record<string, string> } }).backend.gcs).toMatchObject({
      bucket: "acme-test-dev-tfstate",
      prefix: "stacks/payments-dev",
    });
  });

  it("reuses the baseline's storage key through cross-stack references; GCS-9 by its own Data Access audit config", () => {
    const bucket = resourceAt(team, "google_storage_bucket", "bucket-invoices/bucket");
    expect(bucket).toMatchObject({
      name: "acme-test-dev-payments-invoices",
      public_access_prevention: "enforced",
      uniform_bucket_level_access: true,
      lifecycle: { prevent_destroy: true },
    });
    expect((bucket.encryption as Record<string, string>).default_kms_key_name).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-baseline-dev\.outputs\.cross-stack-output-google_kms_crypto_keykeys_storage-europe/,
    );
    // No usage logs by default (their grant fails under domain restricted sharing): the stack declares the
    // storage Data Access audit config and the bucket is created after it.
    expect(bucket.logging).toBeUndefined();
    const [[auditId, audit]] = Object.entries(resourcesOf(team, "google_project_iam_audit_config"));
    expect(audit).toMatchObject({
      service: "storage.googleapis.com",
      audit_log_config: [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }],
    });
    expect(bucket.depends_on).toContain(`google_project_iam_audit_config.${auditId}`);
    expect(Object.keys(baseline.output ?? {}).join()).toContain(
      "cross-stack-output-google_kms_crypto_keykeys_storage",
    );
  });

  it("creates only its application key (DATA-3), usable only by its workload identity; CMEK keys stay in the baseline", () => {
    // The test environment has no data_classification label: the team's data is restricted by default.
    const keys = Object.values(resourcesOf(team, "google_kms_crypto_key"));
    expect(keys).toEqual([
      expect.objectContaining({
        name: "application",
        purpose: "ENCRYPT_DECRYPT",
        rotation_period: "7776000s",
        labels: { team: "payments", purpose: "application" },
        lifecycle: { prevent_destroy: true },
      }),
    ]);
    expect(Object.values(resourcesOf(team, "google_kms_key_ring"))).toEqual([
      expect.objectContaining({ name: "payments-application", location: "europe-west1" }),
    ]);
    const [account] = Object.keys(resourcesOf(team, "google_service_account"));
    expect(resourcesOf(team, "google_service_account")[account]).toMatchObject({
      account_id: "payments-workload",
    });
    expect(Object.values(resourcesOf(team, "google_kms_crypto_key_iam_member"))).toEqual([
      expect.objectContaining({
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: `\${google_service_account.${account}.member}`,
      }),
    ]);
  });

  it("labels its data with the team's classification (DATA-1), its provider too", () => {
    const classification = (labels: unknown) => (labels as Record<string, string>).data_classification;
    expect(classification(resourceAt(team, "google_storage_bucket", "bucket-invoices/bucket").labels)).toBe(
      "restricted",
    );
    const instance = resourceAt(team, "google_sql_database_instance", "database-ledger/instance");
    expect(classification((instance.settings as Record<string, unknown>).user_labels)).toBe("restricted");
    const redis = resourceAt(team, "upstash_redis_database", "redis-idempotency/database");
    expect(classification(redis["//"])).toBe("restricted");
    const provider = (team.provider as { google: { default_labels: Record<string, string> }[] }).google[0];
    expect(provider.default_labels.data_classification).toBe("restricted");
  });

  it("names its secret after the team and encrypts it with the baseline's secrets key", () => {
    const secret = resourceAt(team, "google_secret_manager_secret", "secret-provider-api-key/secret");
    expect(secret).toMatchObject({ secret_id: "payments-provider-api-key", deletion_protection: true });
    expect(JSON.stringify(secret.replication)).toContain("keys_secrets-europe-west1");
  });

  it("runs its own private Postgres on the environment's network, encrypted with the baseline's database key", () => {
    const instance = resourceAt(team, "google_sql_database_instance", "database-ledger/instance");
    expect(instance).toMatchObject({
      name: "payments-dev-ledger",
      deletion_protection: true,
      settings: {
        ip_configuration: { ipv4_enabled: false },
        backup_configuration: { point_in_time_recovery_enabled: true },
      },
    });
    expect(instance.encryption_key_name).toMatch(
      /cross-stack-output-google_kms_crypto_keykeys_database-europe-west1/,
    );
    expect(JSON.stringify(instance.settings)).toMatch(/cross-stack-output-google_compute_networknetwork_/);
    // depends_on cannot name another stack's resources; the baseline is deployed first instead.
    expect(JSON.stringify(instance.depends_on ?? [])).not.toContain("terraform_remote_state");
  });

  it("runs its own Redis allowlisting the environment's NAT egress IPs, credentials in team secrets", () => {
    const redis = resourceAt(team, "upstash_redis_database", "redis-idempotency/database");
    expect(redis).toMatchObject({ database_name: "dev-payments-idempotency", prod_pack: true, tls: true });
    expect(redis.ip_allowlist).toEqual([
      expect.stringMatching(/cross-stack-output-google_compute_addressnetwork_nat-ip/),
    ]);
    const secretIds = Object.values(resourcesOf(team, "google_secret_manager_secret")).map(
      (s) => s.secret_id,
    );
    // `<team>-redis-<purpose>-<kind>`: the team prefix once, built from the credential kind (no string surgery).
    expect(secretIds.filter((id) => String(id).includes("redis")).sort()).toEqual([
      "payments-redis-idempotency-acl-payments-workload",
      "payments-redis-idempotency-password",
      "payments-redis-idempotency-read-only-rest-token",
      "payments-redis-idempotency-rest-token",
    ]);
  });

  it("UPS-10: the team's workload reads its own ACL user's secret, never the default credentials", () => {
    const bindings = Object.values(resourcesOf(team, "google_secret_manager_secret_iam_member"));
    const onRedis = bindings.filter((b) => String(b.secret_id).includes("redis"));
    expect(onRedis).toHaveLength(1);
    expect(String(onRedis[0].secret_id)).toContain("acl-payments-workload");
  });

  it("SEC-4: team secrets get rotation reminders on the baseline's topic, whose publisher binding stays in the baseline", () => {
    const secret = resourceAt(team, "google_secret_manager_secret", "secret-provider-api-key/secret");
    expect(secret.topics).toEqual([
      {
        name: expect.stringMatching(/cross-stack-output-google_pubsub_topicsecret-rotation-topic_\w+id\}$/),
      },
    ]);
    expect(resourcesOf(team, "google_pubsub_topic_iam_member")).toEqual({});
    expect(Object.keys(resourcesOf(baseline, "google_pubsub_topic_iam_member"))).toHaveLength(1);
  });

  it.each([
    ["Payments", "must be 2-20 lowercase letters"],
    ["baseline", "is reserved for the kit's own stacks"],
  ])("refuses team name %s", (team, message) => {
    const baselineStack = new BaselineStack(new App(), { environment: testEnvironment() });
    expect(() => new TeamStack(baselineStack.node.scope!, { baseline: baselineStack, team })).toThrow(
      message,
    );
  });
});

describe("TeamStack data classification (DATA-1) and application key (DATA-3)", () => {
  const teamIn = (labels: Record<string, string>, dataClassification?: string) => {
    const baseline = new BaselineStack(new App(), { environment: testEnvironment({ labels }) });
    return new TeamStack(baseline.node.scope!, {
      baseline,
      team: "payments",
      dataClassification: dataClassification as DataClassification | undefined,
    });
  };
  const hasApplicationKey = (stack: TeamStack) => stack.node.tryFindChild("application-key") !== undefined;

  it("takes the team's classification, else the environment's label, else restricted", () => {
    expect(teamIn({ data_classification: "internal" }, "confidential").dataClassification).toBe(
      "confidential",
    );
    expect(teamIn({ data_classification: "internal" }).dataClassification).toBe("internal");
    expect(teamIn({}).dataClassification).toBe("restricted");
  });

  it("creates the application key for restricted data only: the team's, or one resource's", () => {
    expect(hasApplicationKey(teamIn({ data_classification: "restricted" }))).toBe(true);
    const confidential = teamIn({ data_classification: "confidential" });
    confidential.secret("api-key");
    confidential.bucket("exports", { dataClassification: "internal" });
    expect(hasApplicationKey(confidential)).toBe(false);
    confidential.bucket("records", { dataClassification: "restricted" });
    expect(hasApplicationKey(confidential)).toBe(true);
    // One key and one identity, however often asked.
    expect(confidential.applicationKey()).toBe(confidential.applicationKey());
    expect(confidential.workloadIdentity().email).toBe(confidential.workloadIdentity().email);
  });

  it("refuses a classification outside the four, naming the field", () => {
    expect(() => teamIn({}, "secret")).toThrow(
      /TeamStack.*dataClassification.*"secret".*must be one of restricted, confidential, internal, public/,
    );
    const team = teamIn({ data_classification: "confidential" });
    expect(() => team.database("ledger", { dataClassification: "phi" as DataClassification })).toThrow(
      /dataClassification.*"phi".*must be one of/,
    );
  });

  it("refuses digit runs in the names of restricted data before synthesis (DATA-2)", () => {
    const team = teamIn({ data_classification: "confidential" });
    expect(() => team.bucket("ward-123", { dataClassification: "restricted" })).toThrow(
      'TeamStack.bucket: purpose: got "ward-123"; must not contain three or more digits in a row for restricted data',
    );
    expect(() => team.database("mrn001", { dataClassification: "restricted" })).toThrow(
      /TeamStack\.database: name: got "mrn001"; must not contain three or more digits/,
    );
    expect(() => team.bucket("ward-123")).not.toThrow();
    // The team name is part of those names: refused when it names restricted data, not before.
    const baseline = new BaselineStack(new App(), { environment: testEnvironment() });
    const clinic = new TeamStack(baseline.node.scope!, { baseline, team: "clinic-042" });
    expect(() => clinic.bucket("notes")).toThrow(
      /TeamStack: team: got "clinic-042"; must not contain three or more digits/,
    );
  });

  it("a restricted Redis is held in HIPAA mode even where the environment's Redis is not (DATA-2)", () => {
    const team = teamIn({ data_classification: "confidential" });
    expect(() =>
      team.redis("cache", {
        primaryRegion: "eu-west-1",
        monthlyBudgetUsd: 220,
        mode: "cache",
        dataClassification: "restricted",
      }),
    ).toThrow(/ProdRedis.*mode.*in HIPAA mode must be "store"/);
    expect(() =>
      team.redis("rates", { primaryRegion: "eu-west-1", monthlyBudgetUsd: 220, mode: "cache" }),
    ).not.toThrow();
  });
});
