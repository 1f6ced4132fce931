import { Testing, TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { InvalidPropError } from "../../core/errors";
import { DEFAULT_RETENTION_BOUNDS } from "../../core/rules/retention";
import { retentionBoundsOf, setRetentionBounds } from "../../constructs/retention-bounds";
import { KmsKey } from "../../constructs/kms/key";
import { KmsKeyRing } from "../../constructs/kms/key-ring";
import { SecureBucket, type SecureBucketProps } from "../../constructs/storage/secure-bucket";
import { EncryptedSecret } from "../../constructs/secrets/encrypted-secret";

/** A stack with a key in the EU multi-region, under `bounds` (or the defaults). */
function stackWith(bounds?: Partial<typeof DEFAULT_RETENTION_BOUNDS>) {
  const stack = new TerraformStack(Testing.app(), "bounds");
  if (bounds) setRetentionBounds(stack, { ...DEFAULT_RETENTION_BOUNDS, ...bounds });
  new GoogleProvider(stack, "google", { project: "acme-bounds" });
  const keyRing = new KmsKeyRing(stack, "ring", { name: "ring", location: "europe" });
  const key = new KmsKey(stack, "key", { keyRing, name: "storage" });
  return { stack, key };
}

function bucket(extra: Partial<SecureBucketProps>, bounds?: Partial<typeof DEFAULT_RETENTION_BOUNDS>) {
  const { stack, key } = stackWith(bounds);
  return () =>
    new SecureBucket(stack, "bucket", {
      name: "acme-bounds-data",
      location: "EU",
      encryptionKey: key,
      accessLogs: { disabledBecause: "a unit test of retention bounds only" },
      ...extra,
    });
}

describe("retention bounds held by the constructs (GCS-7, RET-1 before synthesis)", () => {
  it("default to the documented bounds, and a stack's own bounds win", () => {
    expect(retentionBoundsOf(stackWith().stack)).toEqual(DEFAULT_RETENTION_BOUNDS);
    expect(retentionBoundsOf(stackWith({ maxSoftDeleteDays: 14 }).key).maxSoftDeleteDays).toBe(14);
  });

  it("SecureBucket: the defaults fit 60 days end to end (30 + 23 + 7)", () => {
    expect(bucket({})).not.toThrow();
  });

  it("SecureBucket refuses a deletion window over the bound, naming the sum and the bound", () => {
    expect(bucket({ noncurrentVersionRetentionDays: 24 })).toThrow(
      /deleteAfterCustomTimeDays \+ noncurrentVersionRetentionDays \+ softDeleteDays.*61 days \(30 after custom time \+ 24 noncurrent \+ 7 soft delete\).*retention\.customerDataDeletionDays \(60\)/,
    );
    // A retention policy longer than the lifecycle counts instead of it.
    expect(bucket({ retention: { days: 31, locked: false } })).toThrow(/61 days \(31 after custom time/);
    // A tighter environment bound is the construct's bound too.
    expect(bucket({}, { customerDataDeletionDays: 45 })).toThrow(/customerDataDeletionDays \(45\)/);
    expect(bucket({ deleteAfterCustomTimeDays: 15 }, { customerDataDeletionDays: 45 })).not.toThrow();
  });

  it("SecureBucket: holdsCustomerData: false (Terraform state) is not held to the deletion bound, only to RET-1", () => {
    expect(
      bucket({ holdsCustomerData: false, noncurrentVersionRetentionDays: 90, softDeleteDays: 30 }),
    ).not.toThrow();
    expect(bucket({ holdsCustomerData: false, noncurrentVersionRetentionDays: 91 })).toThrow(
      /noncurrentVersionRetentionDays: got 91; must be at most 90, the environment's retention\.maxNoncurrentVersionDays/,
    );
  });

  it("SecureBucket refuses soft delete and retention policies above RET-1's bounds", () => {
    expect(bucket({ softDeleteDays: 31, holdsCustomerData: false })).toThrow(InvalidPropError);
    expect(bucket({ softDeleteDays: 31, holdsCustomerData: false })).toThrow(/maxSoftDeleteDays/);
    expect(bucket({ retention: { days: 2191, locked: true }, holdsCustomerData: false })).toThrow(
      /retention\.days: got 2191; must be at most 2190, the environment's retention\.maxAuditLogDays/,
    );
  });

  it("EncryptedSecret refuses destroyed versions kept longer than the bound", () => {
    const { stack, key } = stackWith({ maxSecretVersionRecoveryDays: 10 });
    const secret = (days: number) => () =>
      new EncryptedSecret(stack, `secret-${days}`, {
        secretId: `s-${days}`,
        replicas: [
          {
            location: "europe-west1",
            key: KmsKey.fromKeyId(
              stack,
              `k-${days}`,
              `projects/acme-bounds/locations/europe-west1/keyRings/r/cryptoKeys/k`,
            ),
          },
        ],
        versionDestroyDays: days,
      });
    expect(secret(10)).not.toThrow();
    expect(secret(11)).toThrow(
      /versionDestroyDays: got 11; must be at most 10, the environment's retention\.maxSecretVersionRecoveryDays/,
    );
    void key;
  });
});
