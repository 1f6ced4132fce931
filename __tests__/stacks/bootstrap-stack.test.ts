import { BaselineStack } from "../../stacks/baseline-stack";
import { BootstrapStack, localStatePath } from "../../stacks/bootstrap-stack";
import {
  App,
  resourceAt,
  resourcesOf,
  synth,
  testEnvironment,
  type SynthesizedStack,
} from "../support/synth";

describe("remote state (STATE-1, STATE-2)", () => {
  let bootstrap: SynthesizedStack;
  let baseline: SynthesizedStack;
  beforeAll(() => {
    const environment = testEnvironment();
    const app = new App();
    bootstrap = synth(new BootstrapStack(app, { environment }));
    baseline = synth(new BaselineStack(app, { environment }));
  });

  it("STATE-1: every baseline stack uses the gcs backend with its own prefix and the state key", () => {
    expect((baseline.terraform as { backend: unknown }).backend).toEqual({
      gcs: {
        bucket: "acme-test-dev-tfstate",
        prefix: "stacks/baseline-dev",
        kms_encryption_key:
          "projects/acme-test-dev/locations/europe/keyRings/tfstate-dev-europe/cryptoKeys/state",
      },
    });
  });

  it("STATE-1: the bootstrap creates that key and a hardened, CMEK-encrypted, versioned state bucket", () => {
    const ring = Object.values(resourcesOf(bootstrap, "google_kms_key_ring"))[0];
    expect(ring).toMatchObject({ name: "tfstate-dev-europe", location: "europe" });
    expect(Object.values(resourcesOf(bootstrap, "google_kms_crypto_key"))[0]).toMatchObject({
      name: "state",
      lifecycle: { prevent_destroy: true },
    });
    const bucket = resourceAt(bootstrap, "google_storage_bucket", "state-bucket/bucket");
    expect(bucket).toMatchObject({
      name: "acme-test-dev-tfstate",
      public_access_prevention: "enforced",
      uniform_bucket_level_access: true,
      versioning: { enabled: true },
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
      encryption: { default_kms_key_name: expect.stringContaining("google_kms_crypto_key.state-key") },
    });
    // GCS-9 by Data Access audit logs (no usage-log grant that domain restricted sharing refuses).
    expect(bucket.logging).toBeUndefined();
    expect(Object.values(resourcesOf(bootstrap, "google_project_iam_audit_config"))).toEqual([
      {
        project: "acme-test-dev",
        service: "storage.googleapis.com",
        audit_log_config: [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }],
        depends_on: [expect.stringMatching(/^google_project_service\.apis_cloudresourcemanager/)],
      },
    ]);
  });

  it("STATE-2: only the deployer identity gets access to state objects", () => {
    const grants = Object.values(resourcesOf(bootstrap, "google_storage_bucket_iam_member"))
      .filter((g) => String(g.bucket).includes("state-bucket_"))
      .map((g) => [g.role, g.member]);
    expect(grants).toEqual([
      ["roles/storage.objectUser", "serviceAccount:cdktf-deployer@acme-test-dev.iam.gserviceaccount.com"],
    ]);
  });

  it("starts with local state and says how to migrate", () => {
    expect((bootstrap.terraform as { backend: unknown }).backend).toEqual({
      local: { path: localStatePath("bootstrap-dev") },
    });
    expect(JSON.stringify(bootstrap.output)).toContain("npx cdktf deploy bootstrap-dev --migrate-state");
  });

  it("moves its own state into the bucket once bootstrapStateInBucket is set", () => {
    const environment = testEnvironment({
      state: {
        bootstrapStateInBucket: true,
        deployers: ["serviceAccount:deployer@acme-ops.iam.gserviceaccount.com", "group:platform@example.com"],
        bucket: "acme-state",
      },
    });
    const json = synth(new BootstrapStack(new App(), { environment }));
    expect(
      (json.terraform as { backend: { gcs: { prefix: string; bucket: string } } }).backend.gcs,
    ).toMatchObject({
      bucket: "acme-state",
      prefix: "stacks/bootstrap-dev",
    });
    const members = Object.values(resourcesOf(json, "google_storage_bucket_iam_member")).map((g) => g.member);
    expect(members).toContain("group:platform@example.com");
  });
});
