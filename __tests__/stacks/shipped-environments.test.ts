import { resourcesOf, type SynthesizedStack } from "../support/synth";
import { expectedStackNames } from "../support/expected-stacks";
import { shippedStacks } from "../support/shipped";

/** The attribute of the only resource of `type` in a stack. */
function only(stack: SynthesizedStack, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(stack, type));
  expect(all).toHaveLength(1);
  return all[0];
}

describe("shipped environments (dev, staging, prod)", () => {
  const stacks = shippedStacks();

  it("synthesizes a bootstrap, a baseline and each of its teams for every environment in config/environments", () => {
    expect(Object.keys(stacks).sort()).toEqual(expectedStackNames());
    // The shipped set at least: the examples below read these stacks.
    expect(Object.keys(stacks)).toEqual(
      expect.arrayContaining(["baseline-dev", "baseline-staging", "baseline-prod", "payments-dev"]),
    );
  });

  it("every stack except the bootstraps keeps its state in the environment's bucket under its own prefix", () => {
    for (const [name, stack] of Object.entries(stacks)) {
      const backend = (stack.terraform as { backend: Record<string, { prefix?: string }> }).backend;
      if (name.startsWith("bootstrap-")) expect(Object.keys(backend)).toEqual(["local"]);
      else expect(backend.gcs.prefix).toBe(`stacks/${name}`);
    }
  });

  it("prod: HSM keys, REGIONAL database, locked audit log bucket, org policies and MFA", () => {
    const prod = stacks["baseline-prod"];
    for (const key of Object.values(resourcesOf(prod, "google_kms_crypto_key"))) {
      expect(key.version_template).toMatchObject({ protection_level: "HSM" });
    }
    expect(only(prod, "google_sql_database_instance").settings).toMatchObject({
      availability_type: "REGIONAL",
    });
    expect(only(prod, "google_logging_project_bucket_config")).toMatchObject({ locked: true });
    expect(Object.keys(resourcesOf(prod, "google_org_policy_policy")).length).toBeGreaterThanOrEqual(10);
    expect(only(prod, "google_identity_platform_config").mfa).toMatchObject({ state: "MANDATORY" });
    expect(only(prod, "upstash_redis_database")).toMatchObject({
      database_name: "prod-sessions",
      prod_pack: true,
      tls: true,
      read_regions: ["eu-central-1"],
    });
  });

  it("staging and dev: cheaper but with the same controls (SOFTWARE keys, ZONAL database, unlocked logs)", () => {
    for (const name of ["baseline-staging", "baseline-dev"]) {
      const stack = stacks[name];
      for (const key of Object.values(resourcesOf(stack, "google_kms_crypto_key"))) {
        expect(key.version_template).toMatchObject({ protection_level: "SOFTWARE" });
        expect(key.rotation_period).toBe("7776000s");
      }
      expect(only(stack, "google_sql_database_instance").settings).toMatchObject({
        availability_type: "ZONAL",
      });
      expect(only(stack, "google_logging_project_bucket_config")).toMatchObject({ locked: false });
      expect(resourcesOf(stack, "google_org_policy_policy")).toEqual({});
    }
  });
});
