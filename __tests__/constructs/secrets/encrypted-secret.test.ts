import { TerraformVariable } from "cdktf";
import { KmsKey } from "../../../constructs/kms/key";
import { KmsKeyRing } from "../../../constructs/kms/key-ring";
import { Principal } from "../../../constructs/iam/principal";
import { EncryptedSecret, type EncryptedSecretProps } from "../../../constructs/secrets/encrypted-secret";
import { SecretRotationTopic, type ISecretRotationTopic } from "../../../constructs/secrets/rotation-topic";
import {
  constructTestStack,
  onlyResource,
  resourcesOf,
  synth,
  type SynthesizedStack,
  resourceAt,
  logicalIdAt,
} from "../../support/synth";
import { addressOf, waitsAfter } from "../../support/graph";

function secretStack(props: Partial<EncryptedSecretProps> = {}) {
  const stack = constructTestStack();
  const keyIn = (location: string) =>
    new KmsKey(stack, `key-${location}`, {
      keyRing: new KmsKeyRing(stack, `ring-${location}`, { name: "baseline", location }),
      name: "secrets",
    });
  const secret = new EncryptedSecret(stack, "db-password", {
    secretId: "db-password",
    replicas: [
      { location: "europe-west1", key: keyIn("europe-west1") },
      { location: "europe-west4", key: keyIn("europe-west4") },
    ],
    ...props,
  });
  return { stack, secret, keyIn };
}

/** A rotation topic outside the stack: only its id and its publish grant matter to the secret. */
const FAKE_TOPIC: ISecretRotationTopic = { id: "projects/p/topics/t", grantSecretManagerPublish: () => [] };

describe("EncryptedSecret", () => {
  let json: SynthesizedStack;
  let secret: Record<string, unknown>;
  beforeAll(() => {
    const { stack, secret: construct } = secretStack();
    construct.grantRead(Principal.fromMember("serviceAccount:app@test-project-1.iam.gserviceaccount.com"));
    json = synth(stack);
    secret = onlyResource(json, "google_secret_manager_secret");
  });

  it("SEC-1: user-managed replication pinned to named locations, each replica under its own CMEK key", () => {
    expect(secret.replication).toEqual({
      user_managed: {
        replicas: [
          {
            location: "europe-west1",
            customer_managed_encryption: {
              kms_key_name: expect.stringMatching(/key-europe-west1_\w+\.id\}$/),
            },
          },
          {
            location: "europe-west4",
            customer_managed_encryption: {
              kms_key_name: expect.stringMatching(/key-europe-west4_\w+\.id\}$/),
            },
          },
        ],
      },
    });
  });

  it("SEC-1: the Secret Manager service agent holds each replica's key before the secret is created", () => {
    const grants = resourcesOf(json, "google_kms_crypto_key_iam_member");
    expect(Object.values(grants)).toHaveLength(2);
    for (const [id, grant] of Object.entries(grants)) {
      expect(grant.member).toMatch(/^\$\{google_project_service_identity\.\S+\.member\}$/);
      // The grant is awaited through a time_sleep: IAM propagation (provider issues #10310, #7611).
      expect(waitsAfter(json, addressOf(json, secret), `google_kms_crypto_key_iam_member.${id}`)).toBe(true);
    }
    expect(onlyResource(json, "google_project_service_identity").service).toBe(
      "secretmanager.googleapis.com",
    );
  });

  it("SEC-2: destroyed versions stay recoverable for 7 days", () => {
    expect(secret.version_destroy_ttl).toBe("604800s");
  });

  it("SEC-3: deletion protection at the API and Terraform layers", () => {
    expect(secret.deletion_protection).toBe(true);
    expect(secret.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("SEC-4: no rotation reminder unless configured", () => {
    expect(secret.rotation).toBeUndefined();
    expect(secret.topics).toBeUndefined();
  });

  it("SEC-4: rotation reminders go to a CMEK topic that lets the Secret Manager agent publish, once", () => {
    const stack = constructTestStack();
    const key = new KmsKey(stack, "key", {
      keyRing: new KmsKeyRing(stack, "ring", { name: "baseline", location: "europe-west1" }),
      name: "secrets",
    });
    const topic = new SecretRotationTopic(stack, "rotation", {
      name: "secret-rotation-reminders",
      encryptionKey: key,
      allowedPersistenceRegions: ["europe-west1"],
    });
    const replicas = [{ location: "europe-west1", key }];
    new EncryptedSecret(stack, "a", { secretId: "a", replicas, rotation: { periodDays: 30, topic } });
    new EncryptedSecret(stack, "b", { secretId: "b", replicas, rotation: { periodDays: 30, topic } });
    const out = synth(stack);
    const secret = resourceAt(out, "google_secret_manager_secret", "a/secret");
    expect(secret.rotation).toEqual({
      rotation_period: "2592000s",
      next_rotation_time: '${timeadd(timestamp(), "720h")}',
    });
    const topicId = logicalIdAt(out, "google_pubsub_topic", "rotation/topic");
    expect(secret.topics).toEqual([{ name: `\${google_pubsub_topic.${topicId}.id}` }]);
    expect((secret.lifecycle as Record<string, unknown>).ignore_changes).toEqual([
      "rotation[0].next_rotation_time",
    ]);
    expect(resourceAt(out, "google_pubsub_topic", "rotation/topic")).toMatchObject({
      name: "secret-rotation-reminders",
      kms_key_name: expect.stringMatching(/^\$\{google_kms_crypto_key\.key_\w+\.id\}$/),
      message_storage_policy: { allowed_persistence_regions: ["europe-west1"] },
    });
    const publisherId = logicalIdAt(
      out,
      "google_pubsub_topic_iam_member",
      "rotation/secret-manager-publisher",
    );
    expect(onlyResource(out, "google_pubsub_topic_iam_member")).toMatchObject({
      topic: `\${google_pubsub_topic.${topicId}.id}`,
      role: "roles/pubsub.publisher",
      member: expect.stringMatching(/^\$\{google_project_service_identity\.\S+secretmanager\S+\.member\}$/),
    });
    expect(waitsAfter(out, addressOf(out, secret), `google_pubsub_topic_iam_member.${publisherId}`)).toBe(
      true,
    );
  });

  it("SEC-5: accessor IAM is scoped to this secret", () => {
    expect(onlyResource(json, "google_secret_manager_secret_iam_member")).toMatchObject({
      role: "roles/secretmanager.secretAccessor",
      member: "serviceAccount:app@test-project-1.iam.gserviceaccount.com",
      secret_id: expect.stringMatching(/^\$\{google_secret_manager_secret\.\S+\.id\}$/),
    });
    expect(resourcesOf(json, "google_project_iam_member")).toEqual({});
  });

  it("SEC-6: no version is created without a value source", () => {
    expect(resourcesOf(json, "google_secret_manager_secret_version")).toEqual({});
  });

  it("SEC-6: a version takes its value from another resource's attribute", () => {
    const { stack, secret: s } = secretStack();
    const generated = new TerraformVariable(stack, "generated", { type: "string", sensitive: true });
    s.setValueFrom(generated.stringValue);
    const version = onlyResource(synth(stack), "google_secret_manager_secret_version");
    expect(version.secret_data).toBe("${var.generated}");
    expect(version.deletion_policy).toBe("DISABLE");
    // By default a changed source writes a new version (rotation through Terraform).
    expect(version.lifecycle).toBeUndefined();
  });

  it("writeOnce: the version keeps its first value and refuses an empty one", () => {
    const { stack, secret: s } = secretStack();
    const generated = new TerraformVariable(stack, "generated", { type: "string", sensitive: true });
    s.setValueFrom(generated.stringValue, { writeOnce: true });
    const version = onlyResource(synth(stack), "google_secret_manager_secret_version");
    expect(version.lifecycle).toEqual({
      ignore_changes: ["secret_data", "enabled"],
      postcondition: [
        {
          condition: "${nonsensitive(length(self.secret_data) > 0)}",
          error_message: expect.stringContaining("the value to store is empty"),
        },
      ],
    });
  });

  it("SEC-6: refuses a literal value without echoing it", () => {
    const { secret: s } = secretStack();
    let message = "";
    try {
      s.setValueFrom("hunter2-literal-password");
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/literal secret values are refused \(SEC-6\)/);
    expect(message).not.toContain("hunter2");
  });

  it("matches the reviewed snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  it("SEC-3 opt-out: allowDestroy is explicit", () => {
    const { stack } = secretStack({ allowDestroy: true });
    const s = onlyResource(synth(stack), "google_secret_manager_secret");
    expect(s.deletion_protection).toBe(false);
    expect(s.lifecycle).toEqual({ prevent_destroy: false });
  });

  it.each<[Partial<EncryptedSecretProps>, string]>([
    [
      { secretId: "db password" },
      `EncryptedSecret: secretId: got "db password"; must be 1-255 letters, digits, '_' or '-'`,
    ],
    [{ replicas: [] }, "EncryptedSecret: replicas: got []; must name at least one replica location and key"],
    [
      { versionDestroyDays: 0 },
      "EncryptedSecret: versionDestroyDays: got 0; must be a whole number from 1 to 30",
    ],
  ])("refuses %j", (props, message) => {
    expect(() => secretStack(props)).toThrow(message);
  });

  it("SEC-1: refuses a replica whose key is in another location", () => {
    const stack = constructTestStack();
    const key = new KmsKey(stack, "k", {
      keyRing: new KmsKeyRing(stack, "r", { name: "r", location: "us-east1" }),
      name: "secrets",
    });
    expect(
      () => new EncryptedSecret(stack, "s", { secretId: "s", replicas: [{ location: "europe-west1", key }] }),
    ).toThrow(
      'EncryptedSecret: replicas[0].key: got "us-east1"; the key must be in the replica\'s location "europe-west1"',
    );
  });
});

describe("EncryptedSecret validates each field exactly", () => {
  it.each<[Partial<EncryptedSecretProps>, string]>([
    [
      { secretId: "db; x" },
      `EncryptedSecret: secretId: got "db; x"; must be 1-255 letters, digits, '_' or '-'`,
    ],
    [
      { secretId: "; db" },
      `EncryptedSecret: secretId: got "; db"; must be 1-255 letters, digits, '_' or '-'`,
    ],
    [{ secretId: "" }, `EncryptedSecret: secretId: got ""; must be 1-255 letters, digits, '_' or '-'`],
    [
      { versionDestroyDays: 31 },
      "EncryptedSecret: versionDestroyDays: got 31; must be a whole number from 1 to 30",
    ],
    [
      { rotation: { periodDays: 0, topic: FAKE_TOPIC } },
      "EncryptedSecret: rotation.periodDays: got 0; must be a whole number from 1 to 36500",
    ],
    [
      { rotation: { periodDays: 36501, topic: FAKE_TOPIC } },
      "EncryptedSecret: rotation.periodDays: got 36501; must be a whole number from 1 to 36500",
    ],
  ])("refuses %j", (props, message) => {
    expect(() => secretStack(props)).toThrow(message);
  });

  it("accepts the boundaries", () => {
    expect(() => secretStack({ secretId: "a".repeat(255), versionDestroyDays: 30 })).not.toThrow();
    expect(() =>
      secretStack({ versionDestroyDays: 1, rotation: { periodDays: 36500, topic: FAKE_TOPIC } }),
    ).not.toThrow();
    expect(() => secretStack({ secretId: "a".repeat(256) })).toThrow("EncryptedSecret: secretId: got");
  });

  it("SEC-5: one accessor binding per principal; labels are passed on", () => {
    const { stack, secret } = secretStack({ labels: { team: "payments" } });
    const app = Principal.fromMember("serviceAccount:app@test-project-1.iam.gserviceaccount.com");
    expect(secret.grantRead(app)).toBe(secret.grantRead(app));
    expect(secret.secretId).toBe("db-password");
    const json = synth(stack);
    expect(Object.keys(resourcesOf(json, "google_secret_manager_secret_iam_member"))).toHaveLength(1);
    expect(onlyResource(json, "google_secret_manager_secret").labels).toEqual({ team: "payments" });
  });

  it("SEC-6: a secret takes its value from one source only", () => {
    const { stack, secret } = secretStack();
    const generated = new TerraformVariable(stack, "generated", { type: "string", sensitive: true });
    secret.setValueFrom(generated.stringValue);
    expect(() => secret.setValueFrom(generated.stringValue)).toThrow(
      "test/db-password: setValueFrom was already called; a secret takes its value from one source",
    );
  });

  it("SEC-6: the refusal of a literal names the method and hides the value", () => {
    const { secret } = secretStack();
    expect(() => secret.setValueFrom("x")).toThrow(
      'EncryptedSecret: setValueFrom(value): got "<literal string, not shown>"; must be a reference to another resource\'s attribute (e.g. a generated password); literal secret values are refused (SEC-6)',
    );
  });
});
