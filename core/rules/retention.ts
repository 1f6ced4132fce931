/**
 * Retention bounds: how long each store may keep data at most, and how long a terminated customer's
 * objects stay recoverable. One vocabulary for the configuration (which validates an environment's
 * bounds and settings against each other), the policy check (GCS-7, RET-1, which judge the synthesized
 * output against them) and the terminate-customer command (which prints them). Pure data and arithmetic.
 */

/** The source documents: "customer data is automatically deleted 60 days after termination". */
export const DOCUMENTED_DELETION_DAYS = 60;

/** Upper bounds on retention per store, in days (database backups: a count of daily backups). */
export interface RetentionBounds {
  /**
   * GCS-7: days after termination within which a terminated customer's objects are gone for good: days
   * after custom time, plus days a noncurrent version is kept, plus the soft-delete window.
   */
  readonly customerDataDeletionDays: number;
  /** RET-1: audit log bucket retention and bucket retention policies (logs kept as evidence). */
  readonly maxAuditLogDays: number;
  /** RET-1: days any bucket keeps a noncurrent object version (days_since_noncurrent_time). */
  readonly maxNoncurrentVersionDays: number;
  /** RET-1: days any bucket keeps a deleted object restorable (soft delete). */
  readonly maxSoftDeleteDays: number;
  /** RET-1: Cloud SQL daily backups kept (retained_backups). */
  readonly maxDatabaseBackups: number;
  /** RET-1: days of Cloud SQL transaction logs kept for point-in-time recovery. */
  readonly maxTransactionLogDays: number;
  /** RET-1: days a destroyed secret version stays recoverable (version_destroy_ttl). */
  readonly maxSecretVersionRecoveryDays: number;
}

/**
 * Defaults, from the source documents ("avoid storing or retaining any sensitive PII"; "customer data is
 * deleted 60 days after termination"; "we retain database replication logs for 7 days"):
 * - customer data: the documents' 60 days, end to end;
 * - audit logs: six years, the HIPAA documentation retention period (45 CFR 164.316(b)(2)(i)); audit
 *   entries record who did what, not customer records, and nothing needs them longer;
 * - noncurrent versions: 90 days (the Terraform state's undo history; customer-data buckets are held to
 *   the tighter end-to-end bound above);
 * - soft delete: 30 days;
 * - database backups: 30 daily backups, so a terminated customer's rows, deleted by the application,
 *   leave the last backup within the 60 days when the application deletes them within 30;
 * - transaction logs: 7 days, as the documents state;
 * - destroyed secret versions: 30 days (Secret Manager's longest delayed destruction the kit allows).
 */
export const DEFAULT_RETENTION_BOUNDS: RetentionBounds = {
  customerDataDeletionDays: DOCUMENTED_DELETION_DAYS,
  maxAuditLogDays: 2190,
  maxNoncurrentVersionDays: 90,
  maxSoftDeleteDays: 30,
  maxDatabaseBackups: 30,
  maxTransactionLogDays: 7,
  maxSecretVersionRecoveryDays: 30,
};

/**
 * What each bound may be set to. `customerDataDeletionDays` may only tighten the documents' 60 days; the
 * others span what the services allow above the kit's lower bounds (LOG-2 365 days, SQL-4 7 backups,
 * SQL-5 7 days, GCS-6 7 days, SEC-2 1 day).
 */
export const RETENTION_BOUND_RANGES: Readonly<
  Record<keyof RetentionBounds, { readonly min: number; readonly max: number }>
> = {
  customerDataDeletionDays: { min: 1, max: DOCUMENTED_DELETION_DAYS },
  maxAuditLogDays: { min: 365, max: 3650 },
  maxNoncurrentVersionDays: { min: 1, max: 3650 },
  maxSoftDeleteDays: { min: 7, max: 90 },
  maxDatabaseBackups: { min: 7, max: 365 },
  maxTransactionLogDays: { min: 7, max: 35 },
  maxSecretVersionRecoveryDays: { min: 1, max: 30 },
};

/** How long a terminated customer's objects can outlive the day their custom time is set. */
export interface TerminationWindow {
  /** Days after custom time before the live object is deleted (the larger of lifecycle and retention policy). */
  readonly afterCustomTimeDays: number;
  /** Days the deleted object's noncurrent version is kept. */
  readonly noncurrentDays: number;
  /** Days the permanently deleted version stays restorable. */
  readonly softDeleteDays: number;
}

/** Days from termination until nothing of the object is recoverable (lifecycle runs are not instant; see docs). */
export function terminationDays(window: TerminationWindow): number {
  return window.afterCustomTimeDays + window.noncurrentDays + window.softDeleteDays;
}

/** `62 days (30 after custom time + 25 noncurrent + 7 soft delete)`: the sum, spelled out. */
export function describeTermination(window: TerminationWindow): string {
  return `${terminationDays(window)} days (${window.afterCustomTimeDays} after custom time + ${window.noncurrentDays} noncurrent + ${window.softDeleteDays} soft delete)`;
}
