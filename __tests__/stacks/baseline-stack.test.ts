import { BASELINE_APIS, BaselineStack } from "../../stacks/baseline-stack";
import {
  App,
  onlyResource,
  resourceAt,
  resourcesOf,
  synth,
  testEnvironment,
  type SynthesizedStack,
} from "../support/synth";

function baseline(overrides: Record<string, unknown> = {}): SynthesizedStack {
  return synth(new BaselineStack(new App(), { environment: testEnvironment(overrides) }));
}

describe("BaselineStack", () => {
  let json: SynthesizedStack;
  beforeAll(() => {
    json = baseline({ kms: { protectionLevel: "SOFTWARE", rotationDays: 60 } });
  });

  it("configures the Google provider for the environment's project and region", () => {
    expect(json.provider).toMatchObject({
      google: [expect.objectContaining({ project: "acme-test-dev", region: "europe-west1" })],
    });
  });

  it("enables every baseline API and never disables one on destroy", () => {
    const services = Object.values(resourcesOf(json, "google_project_service"));
    expect(services.map((s) => s.service).sort()).toEqual([...BASELINE_APIS].sort());
    for (const s of services) expect(s.disable_on_destroy).toBe(false);
  });

  it("KMS-1/KMS-4: one key per purpose with the environment's rotation and protection level", () => {
    const keys = Object.values(resourcesOf(json, "google_kms_crypto_key"));
    expect(keys.map((k) => k.name).sort()).toEqual([
      "application",
      "database",
      "logs",
      "registry",
      "secrets",
      "storage",
    ]);
    for (const key of keys) {
      expect(key.rotation_period).toBe(`${60 * 86400}s`);
      expect(key.version_template).toMatchObject({ protection_level: "SOFTWARE" });
      expect(key.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  it("GCS-8: the storage key ring sits in the KMS location covering the bucket's multi-region", () => {
    const rings = Object.values(resourcesOf(json, "google_kms_key_ring")).map((r) => [r.name, r.location]);
    expect(rings).toEqual(
      expect.arrayContaining([
        ["baseline-dev-europe", "europe"],
        ["baseline-dev-europe-west1", "europe-west1"],
      ]),
    );
  });

  it("GCS-1..9: a data bucket whose object access the Data Access audit logs record (no usage-log grant)", () => {
    const data = resourceAt(json, "google_storage_bucket", "data-bucket/bucket");
    const logs = resourceAt(json, "google_storage_bucket", "access-log-bucket/bucket");
    expect(data).toMatchObject({
      name: "acme-test-dev-data",
      location: "EU",
      public_access_prevention: "enforced",
      uniform_bucket_level_access: true,
      versioning: { enabled: true },
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(data.logging).toBeUndefined();
    expect(data.depends_on).toContainEqual(
      expect.stringMatching(/^google_project_iam_audit_config\.audit-logging/),
    );
    expect(JSON.stringify(json)).not.toContain("cloud-storage-analytics@google.com");
    expect(logs).toMatchObject({
      name: "acme-test-dev-access-logs",
      public_access_prevention: "enforced",
      lifecycle_rule: expect.arrayContaining([
        { action: { type: "Delete" }, condition: { age: 365, with_state: "LIVE" } },
      ]),
    });
  });

  it("GCS-9 opt-in: storage.usageLogs adds usage logs into the access-log bucket and the analytics group's grant", () => {
    const withUsageLogs = baseline({ storage: { usageLogs: true } });
    const data = resourceAt(withUsageLogs, "google_storage_bucket", "data-bucket/bucket");
    expect(data.logging).toEqual({
      log_bucket: expect.stringContaining("google_storage_bucket.access-log-bucket"),
      log_object_prefix: "acme-test-dev-data",
    });
    expect(
      resourceAt(
        withUsageLogs,
        "google_storage_bucket_iam_member",
        "access-log-bucket/create-storage-analytics",
      ),
    ).toMatchObject({
      role: "roles/storage.objectCreator",
      member: "group:cloud-storage-analytics@google.com",
    });
  });

  it("SEC-1..3: the example secret is replicated in the region under the secrets key, with no value", () => {
    const secret = onlyResource(json, "google_secret_manager_secret");
    expect(secret).toMatchObject({
      secret_id: "app-signing-key",
      deletion_protection: true,
      replication: { user_managed: { replicas: [{ location: "europe-west1" }] } },
    });
    expect(resourcesOf(json, "google_secret_manager_secret_version")).toEqual({});
  });

  it("SEC-4: rotation reminders use a CMEK topic when the environment configures rotation", () => {
    const out = baseline({
      secrets: { rotationDays: 90, replicaLocations: ["europe-west1", "europe-west4"] },
    });
    const topic = onlyResource(out, "google_pubsub_topic");
    expect(topic.kms_key_name).toMatch(/google_kms_crypto_key\.keys_secrets-europe-west1/);
    const secret = onlyResource(out, "google_secret_manager_secret");
    expect(secret.rotation).toMatchObject({ rotation_period: `${90 * 86400}s` });
    expect(
      (secret.replication as { user_managed: { replicas: unknown[] } }).user_managed.replicas,
    ).toHaveLength(2);
  });

  it("matches the reviewed snapshot", () => {
    expect(json).toMatchSnapshot();
  });
});
