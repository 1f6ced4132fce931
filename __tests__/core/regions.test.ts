import fc from "fast-check";
import { regionSchema } from "../../config/schema/primitives";
import { KmsKeyRing } from "../../constructs/kms/key-ring";
import { SecureNetwork } from "../../constructs/network/secure-network";
import { PrivatePostgres } from "../../constructs/database/private-postgres";
import { KmsKey } from "../../constructs/kms/key";
import {
  GCP_REGIONS,
  KMS_LOCATION_ALLOWED,
  KMS_MULTI_REGIONS,
  REGION_ALLOWED,
  kmsLocationProblem,
  regionProblem,
} from "../../core/rules/regions";
import { constructTestStack } from "../support/synth";

/** What each layer says about a region: undefined when accepted, else its error message. */
function schemaVerdict(region: string): string | undefined {
  const parsed = regionSchema.safeParse(region);
  return parsed.success ? undefined : parsed.error.issues[0].message;
}

function networkVerdict(region: string): string | undefined {
  try {
    new SecureNetwork(constructTestStack(), "n", {
      name: "vpc",
      region,
      subnets: [{ name: "a", cidr: "10.0.0.0/20" }],
      privateServiceAccessRange: "10.100.0.0/16",
    });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function postgresVerdict(region: string): string | undefined {
  const stack = constructTestStack();
  const network = SecureNetwork.fromNetworkSelfLink(stack, "vpc", "projects/p-123456/global/networks/v", {
    privateServiceAccessRangeName: "psa",
  });
  try {
    new PrivatePostgres(stack, "db", {
      name: "db",
      region,
      network,
      encryptionKey: KmsKey.fromKeyId(
        stack,
        "k",
        `projects/p-123456/locations/europe-west1/keyRings/r/cryptoKeys/k`,
      ),
    });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const candidates = fc.oneof(
  fc.constantFrom(...GCP_REGIONS, ...KMS_MULTI_REGIONS),
  fc.constantFrom("europe-west99", "Europe-West1", "europe-west1 ", "eu", "us-central", "mars-north1", ""),
  fc.string({ maxLength: 16 }),
);

describe("regions are validated one way (core/rules/regions.ts) by the config schema and every construct", () => {
  it("the schema, SecureNetwork and PrivatePostgres accept the same regions and refuse the rest with the same sentence", () => {
    fc.assert(
      fc.property(candidates, (region) => {
        const problem = regionProblem(region);
        expect(schemaVerdict(region)).toBe(problem);
        expect(networkVerdict(region)).toBe(
          problem && `SecureNetwork: region: got ${JSON.stringify(region)}; ${problem}`,
        );
        if (problem) {
          expect(postgresVerdict(region)).toBe(
            `PrivatePostgres: region: got ${JSON.stringify(region)}; ${problem}`,
          );
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a key ring takes any region or a KMS multi-region, and nothing else", () => {
    fc.assert(
      fc.property(candidates, (location) => {
        const problem = kmsLocationProblem(location);
        const build = () => new KmsKeyRing(constructTestStack(), "ring", { name: "r", location });
        if (problem)
          expect(build).toThrow(`KmsKeyRing: location: got ${JSON.stringify(location)}; ${problem}`);
        else expect(build).not.toThrow();
      }),
      { numRuns: 60 },
    );
  });

  it("says what is allowed: the region list, and the KMS multi-regions that cover replicated buckets", () => {
    expect(regionProblem("europe-west99")).toBe(REGION_ALLOWED);
    expect(REGION_ALLOWED).toContain("europe-west1, europe-west2");
    expect(KMS_MULTI_REGIONS).toEqual(["global", "us", "europe", "asia"]);
    expect(kmsLocationProblem("europe")).toBeUndefined();
    expect(kmsLocationProblem("eu")).toBe(KMS_LOCATION_ALLOWED);
  });
});
