import { KmsKey } from "../../../constructs/kms/key";
import { KmsKeyRing } from "../../../constructs/kms/key-ring";
import { Principal } from "../../../constructs/iam/principal";
import { KMS_LOCATION_ALLOWED } from "../../../core/rules/regions";
import {
  constructTestStack,
  onlyResource,
  resourceAt,
  resourcesOf,
  synth,
  type SynthesizedStack,
} from "../../support/synth";

function keyStack(props: Partial<ConstructorParameters<typeof KmsKey>[2]> = {}) {
  const stack = constructTestStack();
  const keyRing = new KmsKeyRing(stack, "ring", { name: "baseline", location: "europe-west1" });
  const key = new KmsKey(stack, "key", { keyRing, name: "storage", ...props });
  return { stack, key };
}

describe("KmsKey", () => {
  let json: SynthesizedStack;
  let key: Record<string, unknown>;
  beforeAll(() => {
    const { stack, key: construct } = keyStack();
    construct.grantEncryptDecrypt(
      Principal.fromMember("serviceAccount:app@test-project-1.iam.gserviceaccount.com"),
    );
    json = synth(stack);
    key = onlyResource(json, "google_kms_crypto_key");
  });

  it("KMS-1: rotates every 90 days by default", () => {
    expect(key.rotation_period).toBe("7776000s");
  });

  it("KMS-2: keys and key rings are protected from terraform destroy", () => {
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(json, "google_kms_key_ring").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("KMS-3: destroyed versions stay recoverable for 30 days", () => {
    expect(key.destroy_scheduled_duration).toBe("2592000s");
  });

  it("KMS-4: purpose and protection level are explicit, HSM by default", () => {
    expect(key.purpose).toBe("ENCRYPT_DECRYPT");
    expect(key.version_template).toEqual({
      algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION",
      protection_level: "HSM",
    });
  });

  it("KMS-5: grants are per key, for the named member, with the use role only", () => {
    const bindings = Object.values(resourcesOf(json, "google_kms_crypto_key_iam_member"));
    expect(bindings).toEqual([
      expect.objectContaining({
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: "serviceAccount:app@test-project-1.iam.gserviceaccount.com",
        crypto_key_id: expect.stringMatching(/^\$\{google_kms_crypto_key\.key_\w+\.id\}$/),
      }),
    ]);
    expect(resourcesOf(json, "google_kms_key_ring_iam_member")).toEqual({});
  });

  it("matches the reviewed snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  it("honours a shorter rotation and SOFTWARE protection when asked", () => {
    const { stack } = keyStack({ rotationDays: 30, protectionLevel: "SOFTWARE", destroyScheduledDays: 7 });
    const k = onlyResource(synth(stack), "google_kms_crypto_key");
    expect(k.rotation_period).toBe("2592000s");
    expect(k.destroy_scheduled_duration).toBe("604800s");
    expect((k.version_template as Record<string, string>).protection_level).toBe("SOFTWARE");
  });

  it("KMS-2 opt-out: allowDestroy drops prevent_destroy only when spelled out", () => {
    const { stack } = keyStack({ allowDestroy: true });
    expect(onlyResource(synth(stack), "google_kms_crypto_key").lifecycle).toEqual({ prevent_destroy: false });
  });

  it("grants once per principal and role, with an address derived from the principal", () => {
    const { stack, key: k } = keyStack();
    const reader = Principal.fromMember("group:readers@example.com");
    const decrypt = k.grantDecrypt(reader);
    expect(k.grantDecrypt(reader)).toBe(decrypt);
    expect(decrypt.roles).toEqual(["roles/cloudkms.cryptoKeyDecrypter"]);
    expect(decrypt.binding.node.scope).toBe(k);
    k.grantEncrypt(reader);
    const bindings = resourcesOf(synth(stack), "google_kms_crypto_key_iam_member");
    expect(Object.keys(bindings)).toHaveLength(2);
    expect(Object.keys(bindings).join()).toContain("decrypt-group-readers-example-com");
  });

  it("KMS-5: grantEncrypt and grantDecrypt bind the encrypt-only and decrypt-only roles", () => {
    const { stack, key: k } = keyStack();
    k.grantEncrypt(Principal.fromMember("group:writers@example.com"));
    k.grantDecrypt(Principal.fromMember("group:readers@example.com"));
    const json = synth(stack);
    expect(
      resourceAt(json, "google_kms_crypto_key_iam_member", "encrypt-group-writers-example-com"),
    ).toMatchObject({
      role: "roles/cloudkms.cryptoKeyEncrypter",
      member: "group:writers@example.com",
    });
    expect(
      resourceAt(json, "google_kms_crypto_key_iam_member", "decrypt-group-readers-example-com"),
    ).toMatchObject({
      role: "roles/cloudkms.cryptoKeyDecrypter",
      member: "group:readers@example.com",
    });
  });

  it.each([
    [{ rotationDays: 91 }, "KmsKey: rotationDays: got 91; must be a whole number from 1 to 90"],
    [{ rotationDays: 0 }, "KmsKey: rotationDays: got 0; must be a whole number from 1 to 90"],
    [
      { destroyScheduledDays: 121 },
      "KmsKey: destroyScheduledDays: got 121; must be a whole number from 1 to 120",
    ],
    [{ name: "bad name!" }, `KmsKey: name: got "bad name!"; must be 1-63 letters, digits, '_' or '-'`],
  ])("refuses %j", (props, message) => {
    expect(() => keyStack(props)).toThrow(message);
  });

  it.each(["Europe West", "europe-west1; bad", "x; europe-west1", "europe-"])(
    "refuses a key ring location that is not a KMS location: %j",
    (location) => {
      const stack = constructTestStack();
      expect(() => new KmsKeyRing(stack, "ring", { name: "r", location })).toThrow(
        `KmsKeyRing: location: got ${JSON.stringify(location)}; ${KMS_LOCATION_ALLOWED}`,
      );
    },
  );

  it.each(["bad name!", "ring; bad", "x; ring", "", "r".repeat(64)])("refuses key ring name %j", (name) => {
    const stack = constructTestStack();
    expect(() => new KmsKeyRing(stack, "ring", { name, location: "us" })).toThrow(
      `KmsKeyRing: name: got ${JSON.stringify(name)}; must be 1-63 letters, digits, '_' or '-'`,
    );
  });

  it.each(["key; bad", "x; key", "", "k".repeat(64)])("refuses key name %j", (name) => {
    expect(() => keyStack({ name })).toThrow(
      `KmsKey: name: got ${JSON.stringify(name)}; must be 1-63 letters, digits, '_' or '-'`,
    );
  });

  it("accepts the longest names and multi-region locations", () => {
    const stack = constructTestStack();
    const keyRing = new KmsKeyRing(stack, "ring", { name: "r".repeat(63), location: "europe" });
    expect(keyRing.location).toBe("europe");
    expect(new KmsKeyRing(stack, "ring-12", { name: "r", location: "europe-west12" }).location).toBe(
      "europe-west12",
    );
    expect(() => new KmsKey(stack, "key", { keyRing, name: "k_-1".repeat(15) })).not.toThrow();
  });
});
