import { TerraformOutput, TerraformVariable } from "cdktf";
import { KmsKey } from "../../../constructs/kms/key";
import { KmsKeyRing } from "../../../constructs/kms/key-ring";
import { Principal } from "../../../constructs/iam/principal";
import { EncryptedSecret } from "../../../constructs/secrets/encrypted-secret";
import { KMS_LOCATION_ALLOWED } from "../../../core/rules/regions";
import { checkStack } from "../../../policy/check";
import { applyAspects } from "../../support/aspects";
import { constructTestStack, resourceAt, resourcesOf, synth } from "../../support/synth";

const OTHER_PROJECT_KEY = "projects/shared-keys-1/locations/europe-west1/keyRings/shared/cryptoKeys/secrets";
const KEY_ID_ALLOWED =
  "must be a full key id: projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key> (project: 6-30 lowercase letters, digits or hyphens; ring and key: 1-63 letters, digits, '_' or '-')";

describe("KmsKey.fromKeyId: a key managed elsewhere", () => {
  it("takes a full key id and its location from it", () => {
    const key = KmsKey.fromKeyId(constructTestStack(), "shared", OTHER_PROJECT_KEY);
    expect(key.id).toBe(OTHER_PROJECT_KEY);
    expect(key.location).toBe("europe-west1");
  });

  it.each([
    ["a short name", "secrets"],
    ["no cryptoKeys segment", "projects/shared-keys-1/locations/europe-west1/keyRings/shared"],
    ["a bad project id", "projects/Shared/locations/europe-west1/keyRings/shared/cryptoKeys/k"],
    ["a key name with a space", "projects/shared-keys-1/locations/europe-west1/keyRings/r/cryptoKeys/a b"],
    ["a trailing slash", `${OTHER_PROJECT_KEY}/`],
  ])("refuses %s, naming the field and what is allowed", (_what, keyId) => {
    expect(() => KmsKey.fromKeyId(constructTestStack(), "shared", keyId)).toThrow(
      `KmsKey.fromKeyId: keyId: got ${JSON.stringify(keyId)}; ${KEY_ID_ALLOWED}`,
    );
  });

  it("refuses a location Cloud KMS does not have, with the shared sentence", () => {
    const keyId = "projects/shared-keys-1/locations/mars-north1/keyRings/r/cryptoKeys/k";
    expect(() => KmsKey.fromKeyId(constructTestStack(), "shared", keyId)).toThrow(
      `KmsKey.fromKeyId: keyId (location): got "mars-north1"; ${KMS_LOCATION_ALLOWED}`,
    );
  });

  it("accepts a Terraform reference, whose location Terraform resolves", () => {
    const stack = constructTestStack();
    const variable = new TerraformVariable(stack, "key_id", { type: "string" });
    const keyId = variable.stringValue;
    const key = KmsKey.fromKeyId(stack, "shared", keyId);
    expect(key.id).toBe(keyId);
    new TerraformOutput(stack, "location", { value: key.location });
    expect(synth(stack).output?.location).toEqual({ value: '${element(split("/", var.key_id), 3)}' });
  });

  it("grant* create a binding on the imported key in the importing stack and return it", () => {
    const stack = constructTestStack();
    const key = KmsKey.fromKeyId(stack, "shared", OTHER_PROJECT_KEY);
    const app = Principal.fromMember("serviceAccount:app@test-project-1.iam.gserviceaccount.com");
    const both = key.grantEncryptDecrypt(app);
    const encrypt = key.grantEncrypt(app);
    const decrypt = key.grantDecrypt(app);
    expect(both.roles).toEqual(["roles/cloudkms.cryptoKeyEncrypterDecrypter"]);
    expect(encrypt.binding.node.path).toBe(
      "test/shared/encrypt-serviceaccount-app-test-project-1-iam-gserviceaccount-com",
    );
    expect(key.grantDecrypt(app)).toBe(decrypt);
    const json = synth(stack);
    expect(
      resourceAt(
        json,
        "google_kms_crypto_key_iam_member",
        "shared/decrypt-serviceaccount-app-test-project-1-iam-gserviceaccount-com",
      ),
    ).toEqual({
      crypto_key_id: OTHER_PROJECT_KEY,
      role: "roles/cloudkms.cryptoKeyDecrypter",
      member: "serviceAccount:app@test-project-1.iam.gserviceaccount.com",
    });
    expect(Object.keys(resourcesOf(json, "google_kms_crypto_key_iam_member"))).toHaveLength(3);
  });

  it("a key in another project encrypts this project's secret: its agent is granted on that key, and the policy passes", () => {
    const stack = constructTestStack("acme-app-1");
    const key = KmsKey.fromKeyId(stack, "shared", OTHER_PROJECT_KEY);
    new EncryptedSecret(stack, "secret", {
      secretId: "api-key",
      replicas: [{ location: "europe-west1", key }],
    });
    applyAspects(stack);
    const raw = JSON.parse(JSON.stringify(stack.toTerraform())) as Record<string, unknown>;
    const json = synth(stack);
    expect(resourceAt(json, "google_secret_manager_secret", "secret/secret").replication).toEqual({
      user_managed: {
        replicas: [
          { location: "europe-west1", customer_managed_encryption: { kms_key_name: OTHER_PROJECT_KEY } },
        ],
      },
    });
    const agentGrant = Object.values(resourcesOf(json, "google_kms_crypto_key_iam_member"));
    expect(agentGrant).toEqual([
      expect.objectContaining({
        crypto_key_id: OTHER_PROJECT_KEY,
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: expect.stringContaining("google_project_service_identity.service-agents_secretmanager"),
      }),
    ]);
    // The agent is this project's: the secret lives here, only the key is elsewhere.
    expect(Object.values(resourcesOf(json, "google_project_service_identity"))).toEqual([
      expect.objectContaining({ project: "acme-app-1", service: "secretmanager.googleapis.com" }),
    ]);
    const findings = checkStack(raw, { file: "test", today: "2026-11-23" }).findings.filter(
      (f) => f.resource !== "(stack)" && f.severity === "error",
    );
    expect(findings).toEqual([]);
  });

  it("the policy still judges the imported key's bindings: a public member is refused before synthesis", () => {
    const key = KmsKey.fromKeyId(constructTestStack(), "shared", OTHER_PROJECT_KEY);
    expect(() => key.grantDecrypt(Principal.fromMember("allUsers"))).toThrow("Principal: member");
  });
});

describe("KmsKeyRing.fromKeyRingId: a ring managed elsewhere holds this kit's key", () => {
  it("creates the key in the imported ring, in its location", () => {
    const stack = constructTestStack();
    const keyRing = KmsKeyRing.fromKeyRingId(
      stack,
      "ring",
      "projects/shared-keys-1/locations/europe/keyRings/shared",
    );
    expect(keyRing.location).toBe("europe");
    const key = new KmsKey(stack, "key", { keyRing, name: "k" });
    expect(key.location).toBe("europe");
    expect(resourceAt(synth(stack), "google_kms_crypto_key", "key/key").key_ring).toBe(
      "projects/shared-keys-1/locations/europe/keyRings/shared",
    );
  });

  it.each([
    "shared",
    "projects/shared-keys-1/locations/europe/keyRings/a b",
    "projects/x/locations/europe/keyRings/r",
  ])("refuses %j", (keyRingId) => {
    expect(() => KmsKeyRing.fromKeyRingId(constructTestStack(), "ring", keyRingId)).toThrow(
      `KmsKeyRing.fromKeyRingId: keyRingId: got ${JSON.stringify(keyRingId)}; must be a full key ring id: projects/<project>/locations/<location>/keyRings/<ring>`,
    );
  });

  it("refuses an unknown location", () => {
    expect(() =>
      KmsKeyRing.fromKeyRingId(
        constructTestStack(),
        "ring",
        "projects/shared-keys-1/locations/moon/keyRings/r",
      ),
    ).toThrow(`KmsKeyRing.fromKeyRingId: keyRingId (location): got "moon"; ${KMS_LOCATION_ALLOWED}`);
  });
});
