/**
 * Props for the kit's constructs, drawn from what each construct accepts (written down here from the
 * props' JSDoc, an independent oracle of the constructs' validation), minus the opt-outs a construct
 * accepts by name and the policy reports by design: `allowDestroy`, `recordClientAddress`, a single-region
 * bucket (GCS-8), a bucket without access logs (GCS-9), a secret without rotation reminders (SEC-4); and
 * the environment's choices in production (HSM keys, REGIONAL databases), which the team applies there.
 */
import fc from "fast-check";
import { GCP_REGIONS, KMS_MULTI_REGIONS } from "../../core/rules/regions";
import { REPLICATED_STORAGE_LOCATIONS } from "../../core/rules/storage-locations";
import { DATA_CLASSIFICATIONS } from "../../core/rules/data-classification";
import { lower, word } from "./environment-arbitrary";

const digits = "0123456789";

/** Label maps as GCP allows them and the kit keeps them (no hyphenated keys, see config/schema/primitives.ts). */
export const labels = fc.dictionary(
  fc.tuple(word(1, 1, lower), word(0, 10, `${lower}${digits}_`)).map(([a, b]) => a + b),
  word(0, 12, `${lower}${digits}_-`),
  { maxKeys: 3 },
);

export const keyProps = fc.record({
  location: fc.constantFrom(...GCP_REGIONS, ...KMS_MULTI_REGIONS.filter((l) => l !== "global")),
  rotationDays: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
  protectionLevel: fc.option(fc.constantFrom("SOFTWARE" as const, "HSM" as const), { nil: undefined }),
  destroyScheduledDays: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
  labels: fc.option(labels, { nil: undefined }),
});

export const dataClassification = fc.option(fc.constantFrom(...DATA_CLASSIFICATIONS), { nil: undefined });

/** Restricted data (the default classification) refuses names with digit runs (DATA-2); the rest take any. */
const nameFitsClassification = (p: { name: string; dataClassification?: string }) =>
  !(/[0-9]{3}/.test(p.name) && (p.dataClassification ?? "restricted") === "restricted");

export const bucketProps = fc
  .record({
    // 3-63 characters, lowercase letters, digits, '-' and '_', starting and ending with a letter or digit.
    name: fc
      .tuple(word(1, 1, lower), word(1, 40, `${lower}${digits}-_`), word(1, 1, `${lower}${digits}`))
      .map(([a, b, c]) => a + b + c)
      .filter((n) => !n.includes("google")),
    location: fc.constantFrom(...Object.keys(REPLICATED_STORAGE_LOCATIONS)),
    accessLogs: fc.constantFrom("dataAccessAuditLogs" as const, "usageLogBucket" as const),
    noncurrentVersionRetentionDays: fc.option(fc.integer({ min: 1, max: 3650 }), { nil: undefined }),
    deleteAfterCustomTimeDays: fc.option(fc.integer({ min: 1, max: 3650 }), { nil: undefined }),
    expireObjectsAfterDays: fc.option(fc.integer({ min: 1, max: 36500 }), { nil: undefined }),
    softDeleteDays: fc.option(fc.integer({ min: 7, max: 90 }), { nil: undefined }),
    retention: fc.option(fc.record({ days: fc.integer({ min: 1, max: 36500 }), locked: fc.boolean() }), {
      nil: undefined,
    }),
    labels: fc.option(labels, { nil: undefined }),
    dataClassification,
  })
  .filter(nameFitsClassification);

export const secretProps = fc.record({
  secretId: word(1, 40, `${lower}${digits}_-`),
  replicaLocations: fc.uniqueArray(fc.constantFrom(...GCP_REGIONS), { minLength: 1, maxLength: 3 }),
  versionDestroyDays: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  rotationDays: fc.integer({ min: 1, max: 36500 }),
  labels: fc.option(labels, { nil: undefined }),
});

export const networkProps = fc.record({
  name: fc
    .tuple(word(1, 1, lower), word(0, 10, `${lower}${digits}-`), word(1, 1, lower))
    .map(([a, b, c]) => a + b + c),
  region: fc.constantFrom(...GCP_REGIONS),
  // Disjoint private ranges: subnets in 10.0.0.0/9, private service access in 10.128.0.0/9.
  subnetThirdOctets: fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 3 }),
  flowLogSampling: fc.option(fc.constantFrom(1), { nil: undefined }),
  natIpCount: fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined }),
  allowIapAdminAccess: fc.option(fc.boolean(), { nil: undefined }),
  allowHealthChecks: fc.option(fc.boolean(), { nil: undefined }),
  sslPolicyProfile: fc.option(fc.constantFrom("MODERN" as const, "RESTRICTED" as const), { nil: undefined }),
  egressPort: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
});

export const postgresProps = fc
  .record({
    // 1-63 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen.
    name: fc
      .tuple(word(1, 1, lower), word(0, 30, `${lower}${digits}-`), word(1, 1, `${lower}${digits}`))
      .map(([a, b, c]) => a + b + c),
    databaseVersion: fc.option(
      fc.constantFrom(
        "POSTGRES_14" as const,
        "POSTGRES_15" as const,
        "POSTGRES_16" as const,
        "POSTGRES_17" as const,
        "POSTGRES_18" as const,
      ),
      { nil: undefined },
    ),
    edition: fc.option(fc.constantFrom("ENTERPRISE" as const, "ENTERPRISE_PLUS" as const), {
      nil: undefined,
    }),
    availabilityType: fc.option(fc.constantFrom("REGIONAL" as const, "ZONAL" as const), { nil: undefined }),
    diskSizeGb: fc.option(fc.integer({ min: 10, max: 65536 }), { nil: undefined }),
    sslMode: fc.option(
      fc.constantFrom("TRUSTED_CLIENT_CERTIFICATE_REQUIRED" as const, "ENCRYPTED_ONLY" as const),
      { nil: undefined },
    ),
    retainedBackups: fc.option(fc.integer({ min: 7, max: 365 }), { nil: undefined }),
    transactionLogDays: fc.option(fc.integer({ min: 7, max: 35 }), { nil: undefined }),
    backupHour: fc.option(fc.integer({ min: 0, max: 23 }), { nil: undefined }),
    maintenance: fc.option(
      fc.record({ day: fc.integer({ min: 1, max: 7 }), hour: fc.integer({ min: 0, max: 23 }) }),
      { nil: undefined },
    ),
    labels: fc.option(labels, { nil: undefined }),
    dataClassification,
  })
  .filter(nameFitsClassification);

/** One set of props per construct: what the agreement test builds in a team stack. */
export const constructInputs = fc.record({
  production: fc.boolean(),
  key: keyProps,
  bucket: bucketProps,
  secret: secretProps,
  network: networkProps,
  postgres: postgresProps,
});
export type ConstructInputs = typeof constructInputs extends fc.Arbitrary<infer T> ? T : never;
