import type { TerraformStack } from "cdktf";
import { KmsKey } from "../../../constructs/kms/key";
import { KmsKeyRing } from "../../../constructs/kms/key-ring";
import { Principal } from "../../../constructs/iam/principal";
import { SecureBucket, type SecureBucketProps } from "../../../constructs/storage/secure-bucket";
import {
  constructTestStack,
  resourceAt,
  resourcesOf,
  synth,
  type SynthesizedStack,
} from "../../support/synth";
import { addressOf, waitsAfter } from "../../support/graph";

function bucketStack(props: Partial<SecureBucketProps> = {}, keyLocation = "europe") {
  const stack: TerraformStack = constructTestStack();
  const keyRing = new KmsKeyRing(stack, "ring", { name: "baseline", location: keyLocation });
  const encryptionKey = new KmsKey(stack, "key", { keyRing, name: "storage" });
  const logs = new SecureBucket(stack, "logs", {
    name: "acme-access-logs",
    location: "EU",
    encryptionKey,
    accessLogs: { disabledBecause: "this is the access-log sink itself" },
  });
  const data = new SecureBucket(stack, "data", {
    name: "acme-customer-data",
    location: "EU",
    encryptionKey,
    accessLogs: { bucket: logs },
    ...props,
  });
  return { stack, data, logs };
}

describe("SecureBucket", () => {
  let json: SynthesizedStack;
  let bucket: Record<string, unknown>;
  beforeAll(() => {
    const { stack, data } = bucketStack();
    data.grantRead(Principal.fromMember("group:analysts@example.com"));
    json = synth(stack);
    bucket = resourceAt(json, "google_storage_bucket", "data/bucket");
  });

  it("GCS-1: public access prevention is enforced", () => {
    expect(bucket.public_access_prevention).toBe("enforced");
  });

  it("GCS-2: uniform bucket-level access is on", () => {
    expect(bucket.uniform_bucket_level_access).toBe(true);
  });

  it("GCS-3: IAM bindings are per bucket for named members; no ACLs", () => {
    const members = Object.values(resourcesOf(json, "google_storage_bucket_iam_member")).map((b) => [
      b.role,
      b.member,
    ]);
    expect(members).toEqual(
      expect.arrayContaining([
        ["roles/storage.objectViewer", "group:analysts@example.com"],
        ["roles/storage.objectCreator", "group:cloud-storage-analytics@google.com"],
      ]),
    );
    expect(members.flat().join()).not.toMatch(/allUsers|allAuthenticatedUsers/);
    expect(resourcesOf(json, "google_storage_bucket_acl")).toEqual({});
  });

  it("GCS-4: versioning on, no force_destroy, prevent_destroy", () => {
    expect(bucket.versioning).toEqual({ enabled: true });
    expect(bucket.force_destroy).toBe(false);
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("GCS-5: CMEK with the Storage service agent granted on the key before the bucket exists", () => {
    expect((bucket.encryption as Record<string, string>).default_kms_key_name).toMatch(
      /^\$\{google_kms_crypto_key\.key_\w+\.id\}$/,
    );
    const [grantId, grant] = Object.entries(resourcesOf(json, "google_kms_crypto_key_iam_member"))[0];
    expect(grant.role).toBe("roles/cloudkms.cryptoKeyEncrypterDecrypter");
    expect(grant.member).toMatch(/^\$\{data\.google_storage_project_service_account\.\S+\.member\}$/);
    expect(waitsAfter(json, addressOf(json, bucket), `google_kms_crypto_key_iam_member.${grantId}`)).toBe(
      true,
    );
  });

  it("GCS-6: soft delete keeps deleted objects for 7 days by default", () => {
    expect(bucket.soft_delete_policy).toEqual({ retention_duration_seconds: 604800 });
  });

  it("GCS-7: by default a terminated customer's objects are gone 30 + 23 noncurrent + 7 soft delete = 60 days after custom time", () => {
    expect(bucket.lifecycle_rule).toEqual([
      { action: { type: "Delete" }, condition: { days_since_noncurrent_time: 23, with_state: "ARCHIVED" } },
      { action: { type: "Delete" }, condition: { days_since_custom_time: 30 } },
    ]);
    expect(bucket.soft_delete_policy).toEqual({ retention_duration_seconds: 7 * 86400 });
  });

  it("GCS-8: the bucket sits in the replicated location it was given", () => {
    expect(bucket.location).toBe("EU");
  });

  it("GCS-9: access logs go to the separate log bucket, which accepts log delivery", () => {
    const logBucketId = Object.entries(resourcesOf(json, "google_storage_bucket")).find(
      ([, b]) => b.name === "acme-access-logs",
    )![0];
    expect(bucket.logging).toEqual({
      log_bucket: `\${google_storage_bucket.${logBucketId}.name}`,
      log_object_prefix: "acme-customer-data",
    });
    const logBucket = resourceAt(json, "google_storage_bucket", "logs/bucket");
    expect(logBucket.logging).toBeUndefined();
  });

  it("matches the reviewed snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  it("GCS-10: a locked retention policy when asked (for log buckets)", () => {
    const { stack } = bucketStack({ retention: { days: 400, locked: true } });
    const retained = resourceAt(synth(stack), "google_storage_bucket", "data/bucket");
    expect(retained.retention_policy).toEqual({ retention_period: 400 * 86400, is_locked: true });
    // Cloud Storage refuses versioning together with a retention policy; the policy protects the objects (GCS-4).
    expect(retained.versioning).toEqual({ enabled: false });
    expect(bucket.versioning).toEqual({ enabled: true });
  });

  it("configurable lifecycle, soft delete and expiry", () => {
    const { stack } = bucketStack({
      noncurrentVersionRetentionDays: 10,
      deleteAfterCustomTimeDays: 90,
      expireObjectsAfterDays: 365,
      softDeleteDays: 30,
    });
    const b = resourceAt(synth(stack), "google_storage_bucket", "data/bucket");
    expect(b.soft_delete_policy).toEqual({ retention_duration_seconds: 30 * 86400 });
    expect(b.lifecycle_rule).toEqual([
      { action: { type: "Delete" }, condition: { days_since_noncurrent_time: 10, with_state: "ARCHIVED" } },
      { action: { type: "Delete" }, condition: { days_since_custom_time: 90 } },
      { action: { type: "Delete" }, condition: { age: 365, with_state: "LIVE" } },
    ]);
  });

  it("GCS-4 opt-out: allowDestroy drops prevent_destroy but never enables force_destroy", () => {
    const { stack } = bucketStack({ allowDestroy: true });
    const b = resourceAt(synth(stack), "google_storage_bucket", "data/bucket");
    expect(b.lifecycle).toEqual({ prevent_destroy: false });
    expect(b.force_destroy).toBe(false);
  });

  it.each<[Partial<SecureBucketProps>, string]>([
    [{ name: "Acme_Data" }, 'SecureBucket: name: got "Acme_Data"; must be 3-63 lowercase letters'],
    [{ name: "my-google-bucket" }, 'SecureBucket: name: got "my-google-bucket"'],
    [{ softDeleteDays: 3 }, "SecureBucket: softDeleteDays: got 3; must be a whole number from 7 to 90"],
    [{ noncurrentVersionRetentionDays: 0 }, "SecureBucket: noncurrentVersionRetentionDays: got 0"],
    [
      { accessLogs: { disabledBecause: "no" } },
      'SecureBucket: accessLogs.disabledBecause: got "no"; must explain',
    ],
  ])("refuses %j", (props, message) => {
    expect(() => bucketStack(props)).toThrow(message);
  });

  it("GCS-5: refuses a key outside the KMS location that covers the bucket", () => {
    expect(() => bucketStack({}, "us")).toThrow(
      'SecureBucket: encryptionKey: got "us"; a bucket in EU needs a key in KMS location "europe"',
    );
  });
});

describe("SecureBucket data classification (DATA-1)", () => {
  it("labels the bucket restricted by default, or with the classification given", () => {
    const { stack } = bucketStack({ dataClassification: "public", labels: { team: "web" } });
    const buckets = resourcesOf(synth(stack), "google_storage_bucket");
    const labels = Object.values(buckets).map((b) => b.labels);
    expect(labels).toEqual(
      expect.arrayContaining([
        { data_classification: "restricted" },
        { team: "web", data_classification: "public" },
      ]),
    );
  });

  it("refuses a classification outside the four, or one set through labels", () => {
    expect(() => bucketStack({ dataClassification: "secret" as never })).toThrow(
      'SecureBucket: dataClassification: got "secret"; must be one of restricted, confidential, internal, public',
    );
    expect(() => bucketStack({ labels: { data_classification: "internal" } })).toThrow(
      'SecureBucket: labels.data_classification: got "internal"; is set from the dataClassification prop',
    );
  });
});

describe("SecureBucket validates each field exactly", () => {
  const NAME =
    "must be 3-63 lowercase letters, digits, '-' or '_', start and end with a letter or digit, and not start with 'goog' or contain 'google'";
  it.each<[Partial<SecureBucketProps>, string]>([
    [{ name: "acme; data" }, `SecureBucket: name: got "acme; data"; ${NAME}`],
    [{ name: "-acme-data" }, `SecureBucket: name: got "-acme-data"; ${NAME}`],
    [{ name: "acme-data-" }, `SecureBucket: name: got "acme-data-"; ${NAME}`],
    [{ name: "goog-data" }, `SecureBucket: name: got "goog-data"; ${NAME}`],
    [{ name: "ab" }, `SecureBucket: name: got "ab"; ${NAME}`],
    [{ name: "a".repeat(64) }, `SecureBucket: name: got "${"a".repeat(64)}"; ${NAME}`],
    [{ softDeleteDays: 91 }, "SecureBucket: softDeleteDays: got 91; must be a whole number from 7 to 90"],
    [
      { retention: { days: 0, locked: true } },
      "SecureBucket: retention.days: got 0; must be a whole number from 1 to 36500",
    ],
    [
      { retention: { days: 36501, locked: true } },
      "SecureBucket: retention.days: got 36501; must be a whole number from 1 to 36500",
    ],
    [
      { noncurrentVersionRetentionDays: 3651 },
      "SecureBucket: noncurrentVersionRetentionDays: got 3651; must be a whole number from 1 to 3650",
    ],
    [
      { deleteAfterCustomTimeDays: 0 },
      "SecureBucket: deleteAfterCustomTimeDays: got 0; must be a whole number from 1 to 3650",
    ],
    [
      { deleteAfterCustomTimeDays: 3651 },
      "SecureBucket: deleteAfterCustomTimeDays: got 3651; must be a whole number from 1 to 3650",
    ],
    [
      { expireObjectsAfterDays: 0 },
      "SecureBucket: expireObjectsAfterDays: got 0; must be a whole number from 1 to 36500",
    ],
    [
      { expireObjectsAfterDays: 36501 },
      "SecureBucket: expireObjectsAfterDays: got 36501; must be a whole number from 1 to 36500",
    ],
    [
      { accessLogs: { disabledBecause: "         x" } },
      'SecureBucket: accessLogs.disabledBecause: got "         x"; must explain in at least 10 characters why this bucket has no access logs',
    ],
  ])("refuses %j", (props, message) => {
    expect(() => bucketStack(props)).toThrow(message);
  });

  it("accepts the boundaries: 3- and 63-character names, 7 and 90 days of soft delete, a 10-character reason", () => {
    expect(() => bucketStack({ name: "a_1" })).not.toThrow();
    expect(() => bucketStack({ name: "a".repeat(63), softDeleteDays: 90 })).not.toThrow();
    expect(() =>
      bucketStack({ softDeleteDays: 7, accessLogs: { disabledBecause: "0123456789" } }),
    ).not.toThrow();
    expect(() =>
      bucketStack({
        retention: { days: 36500, locked: false },
        noncurrentVersionRetentionDays: 3650,
        deleteAfterCustomTimeDays: 1,
        expireObjectsAfterDays: 1,
      }),
    ).not.toThrow();
  });

  it("GCS-5: a bucket in a region needs a key in that region", () => {
    expect(() => bucketStack({ location: "EUROPE-WEST1" })).toThrow(
      'SecureBucket: encryptionKey: got "europe"; a bucket in EUROPE-WEST1 needs a key in KMS location "europe-west1"',
    );
    expect(() => bucketStack({ location: "eu" })).not.toThrow();
  });

  it("grants: read, put (create) and read-write roles on the bucket, one binding per principal and role", () => {
    const { stack, data } = bucketStack({
      retention: { days: 365, locked: false },
      labels: { team: "data" },
    });
    const reader = Principal.fromMember("group:readers@example.com");
    expect(data.grantRead(reader)).toBe(data.grantRead(reader));
    data.grantPut(Principal.fromMember("serviceAccount:ingest@p.iam.gserviceaccount.com"));
    data.grantReadWrite(Principal.fromMember("user:ana@example.com"));
    const json = synth(stack);
    expect(
      resourceAt(json, "google_storage_bucket_iam_member", "data/read-group-readers-example-com"),
    ).toMatchObject({
      role: "roles/storage.objectViewer",
      member: "group:readers@example.com",
    });
    expect(
      resourceAt(
        json,
        "google_storage_bucket_iam_member",
        "data/create-serviceaccount-ingest-p-iam-gserviceaccount-com",
      ),
    ).toMatchObject({ role: "roles/storage.objectCreator" });
    expect(
      resourceAt(json, "google_storage_bucket_iam_member", "data/read-write-user-ana-example-com"),
    ).toMatchObject({
      role: "roles/storage.objectUser",
      member: "user:ana@example.com",
    });
    const bucket = resourceAt(json, "google_storage_bucket", "data/bucket");
    expect(bucket.retention_policy).toEqual({ retention_period: 365 * 86400, is_locked: false });
    expect(bucket.labels).toEqual({ team: "data", data_classification: "restricted" });
    expect(bucket.logging).toEqual({
      log_bucket: expect.stringMatching(/^\$\{google_storage_bucket\.logs_bucket_\w+\.name\}$/),
      log_object_prefix: "acme-customer-data",
    });
  });
});
