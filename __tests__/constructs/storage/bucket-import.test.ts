import { KmsKey } from "../../../constructs/kms/key";
import { Principal } from "../../../constructs/iam/principal";
import { SecureBucket } from "../../../constructs/storage/secure-bucket";
import { constructTestStack, resourceAt, resourcesOf, synth } from "../../support/synth";

const NAME_ALLOWED =
  "must be a bucket name: 3-63 lowercase letters, digits, '-' or '_' (up to 222 with dot-separated parts of at most 63), starting and ending with a letter or digit, not starting with 'goog' or containing 'google'";

describe("SecureBucket.fromBucketName: a bucket managed elsewhere", () => {
  it.each(["acme-shared-exports", "a_b", "exports.acme.example.com", "a".repeat(63)])(
    "accepts %j",
    (name) => {
      const bucket = SecureBucket.fromBucketName(constructTestStack(), "shared", name);
      expect(bucket.name).toBe(name);
      expect(bucket.url).toBe(`gs://${name}`);
    },
  );

  it.each([
    "ab",
    "Acme-Exports",
    "-exports",
    "exports-",
    "goog-exports",
    "my-google-bucket",
    "a".repeat(64),
    "exports..acme",
    "gs://exports",
  ])("refuses %j, naming the field and what is allowed", (name) => {
    expect(() => SecureBucket.fromBucketName(constructTestStack(), "shared", name)).toThrow(
      `SecureBucket.fromBucketName: bucketName: got ${JSON.stringify(name)}; ${NAME_ALLOWED}`,
    );
  });

  it("grantRead, grantPut and grantReadWrite each return the binding they create on the bucket", () => {
    const stack = constructTestStack();
    const bucket = SecureBucket.fromBucketName(stack, "shared", "acme-shared-exports");
    const who = Principal.fromMember("group:partners@example.com");
    const read = bucket.grantRead(who);
    const put = bucket.grantPut(who);
    const readWrite = bucket.grantReadWrite(who);
    expect([read, put, readWrite].map((g) => g.roles[0])).toEqual([
      "roles/storage.objectViewer",
      "roles/storage.objectCreator",
      "roles/storage.objectUser",
    ]);
    expect(bucket.grantRead(who)).toBe(read);
    const json = synth(stack);
    expect(
      resourceAt(json, "google_storage_bucket_iam_member", "shared/create-group-partners-example-com"),
    ).toEqual({
      bucket: "acme-shared-exports",
      role: "roles/storage.objectCreator",
      member: "group:partners@example.com",
    });
    expect(Object.keys(resourcesOf(json, "google_storage_bucket_iam_member"))).toHaveLength(3);
  });

  it("receives a SecureBucket's usage logs (GCS-9): the delivery grant is on the imported bucket", () => {
    const stack = constructTestStack();
    const logs = SecureBucket.fromBucketName(stack, "logs", "acme-central-access-logs");
    const encryptionKey = KmsKey.fromKeyId(
      stack,
      "key",
      "projects/shared-keys-1/locations/europe/keyRings/r/cryptoKeys/storage",
    );
    new SecureBucket(stack, "data", {
      name: "acme-data",
      location: "EU",
      encryptionKey,
      accessLogs: { bucket: logs },
    });
    const json = synth(stack);
    expect(resourceAt(json, "google_storage_bucket", "data/bucket")).toMatchObject({
      logging: { log_bucket: "acme-central-access-logs", log_object_prefix: "acme-data" },
      encryption: {
        default_kms_key_name: "projects/shared-keys-1/locations/europe/keyRings/r/cryptoKeys/storage",
      },
    });
    expect(resourceAt(json, "google_storage_bucket_iam_member", "logs/create-storage-analytics")).toEqual({
      bucket: "acme-central-access-logs",
      role: "roles/storage.objectCreator",
      member: "group:cloud-storage-analytics@google.com",
    });
  });
});

describe("SecureBucket grants return what they created", () => {
  it("grantAccessLogDelivery returns the analytics group's objectCreator binding, once", () => {
    const stack = constructTestStack();
    const key = KmsKey.fromKeyId(
      stack,
      "key",
      "projects/shared-keys-1/locations/europe/keyRings/r/cryptoKeys/k",
    );
    const bucket = new SecureBucket(stack, "logs", {
      name: "acme-logs",
      location: "EU",
      encryptionKey: key,
      accessLogs: { disabledBecause: "this is the access-log sink itself" },
    });
    const grant = bucket.grantAccessLogDelivery();
    expect(grant.binding.node.path).toBe("test/logs/create-storage-analytics");
    expect(grant.principal.member).toBe("group:cloud-storage-analytics@google.com");
    expect(bucket.grantAccessLogDelivery()).toBe(grant);
  });
});

describe("DATA-2 before synthesis: restricted data's names carry no digit runs", () => {
  const key = (stack: ReturnType<typeof constructTestStack>) =>
    KmsKey.fromKeyId(stack, "key", "projects/shared-keys-1/locations/europe/keyRings/r/cryptoKeys/k");
  const bucket = (name: string, dataClassification?: "restricted" | "internal") => {
    const stack = constructTestStack("acme-2024-prod");
    return new SecureBucket(stack, "b", {
      name,
      location: "EU",
      encryptionKey: key(stack),
      accessLogs: { disabledBecause: "a test of the name rule only" },
      dataClassification,
    });
  };

  it("refuses a restricted (the default) bucket named with three digits in a row", () => {
    const message =
      'SecureBucket: name: got "claims-2024"; must not contain three or more digits in a row for restricted data';
    expect(() => bucket("claims-2024")).toThrow(message);
    expect(() => bucket("claims-2024", "restricted")).toThrow(message);
  });

  it("accepts it for other classifications, and exempts the stack's project id prefix as the policy does", () => {
    expect(() => bucket("claims-2024", "internal")).not.toThrow();
    expect(() => bucket("acme-2024-prod-claims")).not.toThrow();
    expect(() => bucket("acme-2024-prod-claims-123")).toThrow("must not contain three or more digits");
  });
});
