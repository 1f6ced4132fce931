import { BaselineStack } from "../../stacks/baseline-stack";
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

  it("creates no key, key ring or key binding of its own (the baseline owns key IAM)", () => {
    expect(resourcesOf(team, "google_kms_crypto_key")).toEqual({});
    expect(resourcesOf(team, "google_kms_key_ring")).toEqual({});
    expect(resourcesOf(team, "google_kms_crypto_key_iam_member")).toEqual({});
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
    expect(secretIds).toEqual(
      expect.arrayContaining([
        "payments-redis-idempotency-password",
        "payments-redis-idempotency-rest-token",
      ]),
    );
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
