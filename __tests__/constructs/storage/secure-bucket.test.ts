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
    expect(bucket.depends_on).toContain(`google_kms_crypto_key_iam_member.${grantId}`);
  });

  it("GCS-6: soft delete keeps deleted objects for 7 days by default", () => {
    expect(bucket.soft_delete_policy).toEqual({ retention_duration_seconds: 604800 });
  });

  it("GCS-7: noncurrent versions deleted after 30 days; terminated customers' data 60 days after custom time", () => {
    expect(bucket.lifecycle_rule).toEqual([
      { action: { type: "Delete" }, condition: { days_since_noncurrent_time: 30, with_state: "ARCHIVED" } },
      { action: { type: "Delete" }, condition: { days_since_custom_time: 60 } },
    ]);
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
    expect(resourceAt(synth(stack), "google_storage_bucket", "data/bucket").retention_policy).toEqual({
      retention_period: 400 * 86400,
      is_locked: true,
    });
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
