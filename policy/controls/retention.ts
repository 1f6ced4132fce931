/**
 * RET-1: no store keeps data longer than the environment's upper bound (`retention` in its configuration,
 * core/rules/retention.ts for the defaults). The lower bounds live with each store's controls (LOG-2,
 * GCS-6, GCS-7, SQL-4, SQL-5, SEC-2); this one caps them, so "avoid retaining sensitive data" is checked
 * rather than hoped for. Upstash keeps its daily backups for a window its API does not expose: that bound
 * is a manual duty (MAN-23).
 */
import type { ControlDefinition, Outcome, Resource } from "../model";
import { cannotVerify, unverifiable } from "../expressions";
import { attr, block, durationSeconds, isSet, isTrue, numberOf, show } from "../terraform-json";
import { PASS, fail, resourceRule, seed } from "./helpers";
import { bucketDeletion, retentionBounds } from "./bucket-deletion";
import type { RetentionBounds } from "../../core/rules/retention";

/** Types the kit reviews (policy/types); others are refused whole by the reviewed-types control. */
const LOG_BUCKETS = ["google_logging_project_bucket_config"];
const BUCKET = "google_storage_bucket";
const INSTANCE = "google_sql_database_instance";
const SECRETS = ["google_secret_manager_secret"];

/** A day count within `max`, or the problem (unset values are judged by `whenUnset`). */
function within(
  field: string,
  value: unknown,
  max: number,
  bound: keyof RetentionBounds,
  whenUnset: string | undefined,
  unit = "days",
): string | undefined {
  if (value === undefined || value === null) return whenUnset;
  const n = numberOf(value);
  if (n === undefined) return `${field} is ${show(value)}, not a number`;
  return n > max ? `${field} is ${n} ${unit}, more than retention.${bound} (${max})` : undefined;
}

function logBucket(r: Resource, b: RetentionBounds): string | undefined {
  // Unset: Cloud Logging keeps 30 days, within every allowed bound.
  return within("retention_days", r.attrs.retention_days, b.maxAuditLogDays, "maxAuditLogDays", undefined);
}

function storageBucket(r: Resource, b: RetentionBounds): string | undefined {
  const d = bucketDeletion(r);
  if (d.unverifiable) return `cannot verify ${d.unverifiable} (use a literal value)`;
  // Without versioning there are no noncurrent versions to keep.
  const versioned = isTrue(attr(r.attrs, "versioning.enabled"));
  return firstProblem(
    !versioned
      ? undefined
      : d.noncurrentDays === undefined
        ? "no Delete lifecycle rule by days_since_noncurrent_time applies to every noncurrent version: old versions are kept without limit"
        : d.noncurrentDays > b.maxNoncurrentVersionDays &&
          `noncurrent versions are kept ${d.noncurrentDays} days, more than retention.maxNoncurrentVersionDays (${b.maxNoncurrentVersionDays})`,
    d.softDeleteDays === undefined
      ? "soft_delete_policy.retention_duration_seconds is unset (Cloud Storage applies its own default window)"
      : d.softDeleteDays > b.maxSoftDeleteDays &&
          `soft delete keeps deleted objects ${d.softDeleteDays} days, more than retention.maxSoftDeleteDays (${b.maxSoftDeleteDays})`,
    d.retentionPolicyDays > b.maxAuditLogDays &&
      `the retention policy holds objects ${d.retentionPolicyDays} days, more than retention.maxAuditLogDays (${b.maxAuditLogDays})`,
  );
}

function sqlInstance(r: Resource, b: RetentionBounds): string | undefined | "n/a" {
  if (isSet(r.attrs.master_instance_name)) return "n/a";
  const backup = block(attr(r.attrs, "settings.backup_configuration"));
  return firstProblem(
    // Unset: Cloud SQL keeps 7 backups, the smallest allowed bound.
    within(
      "backup_retention_settings.retained_backups",
      attr(backup, "backup_retention_settings.retained_backups"),
      b.maxDatabaseBackups,
      "maxDatabaseBackups",
      undefined,
      "backups",
    ),
    within(
      "transaction_log_retention_days",
      backup?.transaction_log_retention_days,
      b.maxTransactionLogDays,
      "maxTransactionLogDays",
      // Unset: 7 days on ENTERPRISE but 14 on ENTERPRISE_PLUS, so the check cannot prove the bound.
      backup?.point_in_time_recovery_enabled === undefined || backup.point_in_time_recovery_enabled === false
        ? undefined
        : "transaction_log_retention_days is unset (Cloud SQL keeps 7 or 14 days depending on the edition)",
    ),
  );
}

function secret(r: Resource, b: RetentionBounds): string | undefined {
  const ttl = r.attrs.version_destroy_ttl;
  // Unset: a destroyed version is destroyed at once.
  if (ttl === undefined || ttl === null) return undefined;
  const seconds = durationSeconds(ttl);
  if (seconds === undefined) return `version_destroy_ttl is ${show(ttl)}, not a duration in seconds`;
  const days = Math.ceil(seconds / 86_400);
  return days > b.maxSecretVersionRecoveryDays
    ? `destroyed versions stay recoverable ${days} days (version_destroy_ttl ${show(ttl)}), more than retention.maxSecretVersionRecoveryDays (${b.maxSecretVersionRecoveryDays})`
    : undefined;
}

function firstProblem(...problems: (string | false | undefined)[]): string | undefined {
  return problems.find((p): p is string => typeof p === "string");
}

/** Fields each type's check reads: an expression in any of them cannot be verified. */
const READ_FIELDS: Record<string, readonly string[]> = {
  [INSTANCE]: [
    "settings.backup_configuration.backup_retention_settings.retained_backups",
    "settings.backup_configuration.transaction_log_retention_days",
  ],
  ...Object.fromEntries(LOG_BUCKETS.map((t) => [t, ["retention_days"]])),
  ...Object.fromEntries(SECRETS.map((t) => [t, ["version_destroy_ttl"]])),
};

export const retentionControls: ControlDefinition[] = [
  {
    id: "RET-1",
    title: "No store keeps data longer than its retention bound",
    severity: "error",
    why: "The source documents ask to avoid storing or retaining sensitive data; every day a log, an old object version, a soft-deleted object, a database backup or a destroyed secret version is kept is a day it can leak. The environment's `retention` configuration sets the longest each store may keep data (defaults: audit logs and bucket retention policies 2190 days, noncurrent versions 90, soft delete 30, 30 daily database backups, 7 days of transaction logs, destroyed secret versions 30 days) and this control refuses any store that keeps data longer. Upstash's backup retention is not configurable and is a manual duty.",
    fix: "Lower the store's setting (logging.retentionDays, storage.noncurrentVersionRetentionDays, storage.softDeleteDays, database.backup.retainedBackups or transactionLogRetentionDays, secrets.versionDestroyDays, or the construct prop), or raise the environment's bound in its retention section deliberately. In Terraform: retention_days, lifecycle_rule days_since_noncurrent_time, soft_delete_policy, retention_policy.retention_period, backup_retention_settings.retained_backups, transaction_log_retention_days, version_destroy_ttl.",
    mappings: {
      other: ["security practices, line 28, 36; Upstash shared-responsibility model, line 18"],
      soc2: ["C1.1", "C1.2"],
      seed: [seed("002", 36), seed("002", 28), seed("000", 18)],
    },
    rule: resourceRule([...LOG_BUCKETS, BUCKET, INSTANCE, ...SECRETS], (r, ctx): Outcome => {
      for (const field of READ_FIELDS[r.type] ?? []) {
        const value = attr(r.attrs, field);
        if (unverifiable(value) !== undefined) return cannotVerify(`${r.type}.${field}`, value);
      }
      const bounds = retentionBounds(ctx.settings);
      const problem =
        r.type === BUCKET
          ? storageBucket(r, bounds)
          : r.type === INSTANCE
            ? sqlInstance(r, bounds)
            : LOG_BUCKETS.includes(r.type)
              ? logBucket(r, bounds)
              : secret(r, bounds);
      if (problem === "n/a") return "n/a";
      return problem ? fail(problem) : PASS;
    }),
  },
];
