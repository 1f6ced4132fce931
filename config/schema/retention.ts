import { z } from "zod";
import { daysSchema } from "./primitives";
import {
  DEFAULT_RETENTION_BOUNDS,
  RETENTION_BOUND_RANGES,
  describeTermination,
  terminationDays,
  type RetentionBounds,
} from "../../core/rules/retention";

const bound = (field: keyof RetentionBounds) =>
  daysSchema(RETENTION_BOUND_RANGES[field].min, RETENTION_BOUND_RANGES[field].max).default(
    DEFAULT_RETENTION_BOUNDS[field],
  );

/**
 * GCS-7, RET-1: the longest each store may keep data (core/rules/retention.ts explains each default). The
 * environment's own settings must fit inside them (checked here), and the policy check refuses any store
 * in the synthesized output that keeps data longer.
 */
export const retentionSchema = z
  .object({
    /**
     * GCS-7: a terminated customer's objects are unrecoverable this many days after their custom time is
     * set: storage.deleteAfterTerminationDays + storage.noncurrentVersionRetentionDays + storage.softDeleteDays
     * must not exceed it. At most the source documents' 60 days.
     */
    customerDataDeletionDays: bound("customerDataDeletionDays"),
    /** RET-1: longest retention of the audit log bucket (logging.retentionDays), access logs and bucket retention policies. */
    maxAuditLogDays: bound("maxAuditLogDays"),
    /** RET-1: longest any bucket keeps a noncurrent object version. */
    maxNoncurrentVersionDays: bound("maxNoncurrentVersionDays"),
    /** RET-1: longest soft-delete window of any bucket. */
    maxSoftDeleteDays: bound("maxSoftDeleteDays"),
    /** RET-1: most Cloud SQL daily backups kept (database.backup.retainedBackups). */
    maxDatabaseBackups: bound("maxDatabaseBackups"),
    /** RET-1: longest Cloud SQL transaction log retention (database.backup.transactionLogRetentionDays). */
    maxTransactionLogDays: bound("maxTransactionLogDays"),
    /** RET-1: longest a destroyed secret version stays recoverable (secrets.versionDestroyDays). */
    maxSecretVersionRecoveryDays: bound("maxSecretVersionRecoveryDays"),
  })
  .strict();

export type RetentionConfig = z.output<typeof retentionSchema>;

/** The parts of an environment whose retention the bounds judge. */
interface RetainingSettings {
  readonly retention: RetentionConfig;
  readonly storage: {
    readonly deleteAfterTerminationDays: number;
    readonly noncurrentVersionRetentionDays: number;
    readonly softDeleteDays: number;
    readonly accessLogRetentionDays: number;
  };
  readonly logging: { readonly retentionDays: number };
  readonly database: {
    readonly backup: { readonly retainedBackups: number; readonly transactionLogRetentionDays: number };
  };
  readonly secrets: { readonly versionDestroyDays: number };
}

/** Settings that keep data longer than the environment's bounds: `[path, message]` pairs. */
export function retentionProblems(env: RetainingSettings): [(string | number)[], string][] {
  const r = env.retention;
  const problems: [(string | number)[], string][] = [];
  const window = {
    afterCustomTimeDays: env.storage.deleteAfterTerminationDays,
    noncurrentDays: env.storage.noncurrentVersionRetentionDays,
    softDeleteDays: env.storage.softDeleteDays,
  };
  if (terminationDays(window) > r.customerDataDeletionDays) {
    problems.push([
      ["storage", "deleteAfterTerminationDays"],
      `with storage.noncurrentVersionRetentionDays and storage.softDeleteDays keeps a terminated customer's objects recoverable ${describeTermination(window)}; the three must add up to at most retention.customerDataDeletionDays (${r.customerDataDeletionDays}), e.g. 30 + 23 + 7`,
    ]);
  }
  const over = (path: (string | number)[], value: number, max: number, boundName: keyof RetentionBounds) => {
    if (value > max) problems.push([path, `is ${value}, more than retention.${boundName} (${max})`]);
  };
  over(["logging", "retentionDays"], env.logging.retentionDays, r.maxAuditLogDays, "maxAuditLogDays");
  over(
    ["storage", "accessLogRetentionDays"],
    env.storage.accessLogRetentionDays,
    r.maxAuditLogDays,
    "maxAuditLogDays",
  );
  over(
    ["storage", "noncurrentVersionRetentionDays"],
    env.storage.noncurrentVersionRetentionDays,
    r.maxNoncurrentVersionDays,
    "maxNoncurrentVersionDays",
  );
  over(["storage", "softDeleteDays"], env.storage.softDeleteDays, r.maxSoftDeleteDays, "maxSoftDeleteDays");
  over(
    ["database", "backup", "retainedBackups"],
    env.database.backup.retainedBackups,
    r.maxDatabaseBackups,
    "maxDatabaseBackups",
  );
  over(
    ["database", "backup", "transactionLogRetentionDays"],
    env.database.backup.transactionLogRetentionDays,
    r.maxTransactionLogDays,
    "maxTransactionLogDays",
  );
  over(
    ["secrets", "versionDestroyDays"],
    env.secrets.versionDestroyDays,
    r.maxSecretVersionRecoveryDays,
    "maxSecretVersionRecoveryDays",
  );
  return problems;
}
