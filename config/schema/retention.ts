import { z } from "zod";
import { daysSchema } from "./primitives";
import {
  DEFAULT_RETENTION_BOUNDS,
  RETENTION_BOUND_RANGES,
  describeTermination,
  terminationDays,
  type RetentionBounds,
} from "../../core/rules/retention";
import { RETAINED_BACKUPS_RANGE, maxTransactionLogDays, type SqlEdition } from "../../core/rules/postgres";

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
    readonly edition: SqlEdition;
    readonly backup: { readonly retainedBackups: number; readonly transactionLogRetentionDays: number };
  };
  readonly secrets: { readonly versionDestroyDays: number };
}

/** Settings that keep data longer than the environment's bounds: `[path, message]` pairs. */
export function retentionProblems(env: RetainingSettings): [(string | number)[], string][] {
  const r = env.retention;
  const problems: [(string | number)[], string][] = [];
  // A bound that is itself invalid has its own issue; judging the settings against it would add noise.
  const valid = (field: keyof RetentionBounds) =>
    Number.isInteger(r[field]) &&
    r[field] >= RETENTION_BOUND_RANGES[field].min &&
    r[field] <= RETENTION_BOUND_RANGES[field].max;
  const window = {
    afterCustomTimeDays: env.storage.deleteAfterTerminationDays,
    noncurrentDays: env.storage.noncurrentVersionRetentionDays,
    softDeleteDays: env.storage.softDeleteDays,
  };
  if (valid("customerDataDeletionDays") && terminationDays(window) > r.customerDataDeletionDays) {
    problems.push([
      ["storage", "deleteAfterTerminationDays"],
      `the days in effect, with storage.noncurrentVersionRetentionDays and storage.softDeleteDays, keep a terminated customer's objects recoverable ${describeTermination(window)}; the three must add up to at most retention.customerDataDeletionDays (${r.customerDataDeletionDays}), e.g. 30 + 23 + 7`,
    ]);
  }
  // A setting outside what its service allows has its own issue; only an allowed value is judged here.
  const over = (
    path: (string | number)[],
    value: number,
    max: number,
    boundName: keyof RetentionBounds,
    serviceMax: number,
  ) => {
    if (valid(boundName) && Number.isInteger(value) && value > max && value <= serviceMax)
      problems.push([path, `must be at most ${max} (retention.${boundName}); in effect: ${value}`]);
  };
  // [setting, its value, the bound, the largest value its own schema allows]
  const settings: [(string | number)[], number, keyof RetentionBounds, number][] = [
    [["logging", "retentionDays"], env.logging.retentionDays, "maxAuditLogDays", 3650],
    [["storage", "accessLogRetentionDays"], env.storage.accessLogRetentionDays, "maxAuditLogDays", 3650],
    [
      ["storage", "noncurrentVersionRetentionDays"],
      env.storage.noncurrentVersionRetentionDays,
      "maxNoncurrentVersionDays",
      3650,
    ],
    [["storage", "softDeleteDays"], env.storage.softDeleteDays, "maxSoftDeleteDays", 90],
    [
      ["database", "backup", "retainedBackups"],
      env.database.backup.retainedBackups,
      "maxDatabaseBackups",
      RETAINED_BACKUPS_RANGE.max,
    ],
    [
      ["database", "backup", "transactionLogRetentionDays"],
      env.database.backup.transactionLogRetentionDays,
      "maxTransactionLogDays",
      maxTransactionLogDays(env.database.edition),
    ],
    [["secrets", "versionDestroyDays"], env.secrets.versionDestroyDays, "maxSecretVersionRecoveryDays", 30],
  ];
  for (const [path, value, boundName, serviceMax] of settings)
    over(path, value, r[boundName], boundName, serviceMax);
  return problems;
}
