import { TerraformVariable } from "cdktf";
import { EncryptedSecret } from "../../../constructs/secrets/encrypted-secret";
import { KmsKey } from "../../../constructs/kms/key";
import { Principal } from "../../../constructs/iam/principal";
import { constructTestStack, resourceAt, synth } from "../../support/synth";

const ALLOWED =
  "must be a full secret id: projects/<project id or number>/secrets/<secret> (secret: 1-255 letters, digits, '_' or '-')";

describe("EncryptedSecret.fromSecretId: a secret managed elsewhere", () => {
  it.each(["projects/acme-shared-1/secrets/partner-token", "projects/123456789012/secrets/T_1"])(
    "accepts %j and grants read on it",
    (secretResourceId) => {
      const stack = constructTestStack();
      const secret = EncryptedSecret.fromSecretId(stack, "shared", secretResourceId);
      const grant = secret.grantRead(Principal.fromMember("group:ops@example.com"));
      expect(grant.roles).toEqual(["roles/secretmanager.secretAccessor"]);
      expect(
        resourceAt(
          synth(stack),
          "google_secret_manager_secret_iam_member",
          "shared/accessor-group-ops-example-com",
        ),
      ).toEqual({
        secret_id: secretResourceId,
        role: "roles/secretmanager.secretAccessor",
        member: "group:ops@example.com",
      });
    },
  );

  it.each([
    "partner-token",
    "projects/acme-shared-1/secrets/",
    "projects/acme-shared-1/secrets/a b",
    "projects/A/secrets/x",
  ])("refuses %j, naming the field and what is allowed", (secretResourceId) => {
    expect(() => EncryptedSecret.fromSecretId(constructTestStack(), "shared", secretResourceId)).toThrow(
      `EncryptedSecret.fromSecretId: secretResourceId: got ${JSON.stringify(secretResourceId)}; ${ALLOWED}`,
    );
  });

  it("accepts a Terraform reference as it is", () => {
    const stack = constructTestStack();
    const id = new TerraformVariable(stack, "secret", { type: "string" }).stringValue;
    expect(EncryptedSecret.fromSecretId(stack, "shared", id).id).toBe(id);
  });
});

describe("EncryptedSecret.grantRead", () => {
  it("returns the accessor binding on this secret, the same Grant when asked twice", () => {
    const stack = constructTestStack();
    const key = KmsKey.fromKeyId(
      stack,
      "key",
      "projects/shared-keys-1/locations/europe-west1/keyRings/r/cryptoKeys/k",
    );
    const secret = new EncryptedSecret(stack, "secret", {
      secretId: "api-key",
      replicas: [{ location: "europe-west1", key }],
    });
    const app = Principal.fromMember("serviceAccount:app@test-project-1.iam.gserviceaccount.com");
    const grant = secret.grantRead(app);
    expect(secret.grantRead(app)).toBe(grant);
    expect(grant.binding.node.path).toBe(
      "test/secret/accessor-serviceaccount-app-test-project-1-iam-gserviceaccount-com",
    );
    expect(
      resourceAt(
        synth(stack),
        "google_secret_manager_secret_iam_member",
        "secret/accessor-serviceaccount-app-test-project-1-iam-gserviceaccount-com",
      ),
    ).toEqual({
      secret_id: expect.stringMatching(/^\$\{google_secret_manager_secret\.secret_\w+\.id\}$/),
      role: "roles/secretmanager.secretAccessor",
      member: "serviceAccount:app@test-project-1.iam.gserviceaccount.com",
    });
  });
});
