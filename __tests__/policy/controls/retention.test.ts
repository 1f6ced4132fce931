import { ctxOf, judge, res } from "./rules";
import { DEFAULT_RETENTION_BOUNDS, type RetentionBounds } from "../../../core/rules/retention";

const DAY = 86400;
const withBounds = (resource: ReturnType<typeof res>, bounds: Partial<RetentionBounds> = {}) =>
  judge("RET-1", resource, ctxOf([resource], { retention: { ...DEFAULT_RETENTION_BOUNDS, ...bounds } }));

describe("RET-1: no store keeps data longer than its bound", () => {
  it("audit log bucket: retention_days at most maxAuditLogDays (default six years)", () => {
    const logs = (days: unknown) =>
      res("google_logging_project_bucket_config.audit", { retention_days: days });
    expect(judge("RET-1", logs(2190))).toBe("pass");
    expect(judge("RET-1", logs(2191))).toBe(
      "fail: retention_days is 2191 days, more than retention.maxAuditLogDays (2190)",
    );
    expect(withBounds(logs(400), { maxAuditLogDays: 365 })).toMatch(/400 days, more than .*\(365\)/);
    expect(judge("RET-1", logs(undefined))).toBe("pass");
    expect(judge("RET-1", logs("${var.days}"))).toMatch(
      /^fail: cannot verify google_logging_project_bucket_config.retention_days/,
    );
  });

  describe("buckets", () => {
    const bucket = (attrs: Record<string, unknown> = {}) =>
      res("google_storage_bucket.b", {
        versioning: { enabled: true },
        soft_delete_policy: { retention_duration_seconds: 7 * DAY },
        lifecycle_rule: [{ action: { type: "Delete" }, condition: { days_since_noncurrent_time: 90 } }],
        ...attrs,
      });
    it("noncurrent versions at most maxNoncurrentVersionDays", () => {
      expect(judge("RET-1", bucket())).toBe("pass");
      expect(withBounds(bucket(), { maxNoncurrentVersionDays: 30 })).toBe(
        "fail: noncurrent versions are kept 90 days, more than retention.maxNoncurrentVersionDays (30)",
      );
      expect(judge("RET-1", bucket({ versioning: { enabled: true }, lifecycle_rule: [] }))).toMatch(
        /old versions are kept without limit/,
      );
      // Without versioning there is no noncurrent version to bound.
      expect(judge("RET-1", bucket({ versioning: undefined, lifecycle_rule: [] }))).toBe("pass");
      expect(judge("RET-1", bucket({ versioning: { enabled: "${var.v}" }, lifecycle_rule: [] }))).toMatch(
        /^fail: cannot verify versioning.enabled/,
      );
    });
    it("soft delete at most maxSoftDeleteDays; unset fails closed", () => {
      expect(judge("RET-1", bucket({ soft_delete_policy: { retention_duration_seconds: 30 * DAY } }))).toBe(
        "pass",
      );
      expect(judge("RET-1", bucket({ soft_delete_policy: { retention_duration_seconds: 31 * DAY } }))).toBe(
        "fail: soft delete keeps deleted objects 31 days, more than retention.maxSoftDeleteDays (30)",
      );
      expect(judge("RET-1", bucket({ soft_delete_policy: undefined }))).toMatch(
        /retention_duration_seconds is unset/,
      );
    });
    it("a retention policy at most maxAuditLogDays; expressions cannot be verified", () => {
      expect(judge("RET-1", bucket({ retention_policy: { retention_period: 2190 * DAY } }))).toBe("pass");
      expect(judge("RET-1", bucket({ retention_policy: { retention_period: 2191 * DAY } }))).toMatch(
        /retention policy holds objects 2191 days, more than retention.maxAuditLogDays \(2190\)/,
      );
      expect(judge("RET-1", bucket({ retention_policy: { retention_period: "${var.p}" } }))).toMatch(
        /^fail: cannot verify retention_policy.retention_period/,
      );
    });
  });

  it("Cloud SQL: retained backups and transaction logs within their bounds", () => {
    const sql = (backup: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      res("google_sql_database_instance.db", { settings: { backup_configuration: backup }, ...extra });
    const ok = {
      point_in_time_recovery_enabled: true,
      transaction_log_retention_days: 7,
      backup_retention_settings: { retained_backups: 30 },
    };
    expect(judge("RET-1", sql(ok))).toBe("pass");
    expect(judge("RET-1", sql({ ...ok, backup_retention_settings: { retained_backups: 31 } }))).toBe(
      "fail: backup_retention_settings.retained_backups is 31 backups, more than retention.maxDatabaseBackups (30)",
    );
    expect(judge("RET-1", sql({ ...ok, transaction_log_retention_days: 14 }))).toBe(
      "fail: transaction_log_retention_days is 14 days, more than retention.maxTransactionLogDays (7)",
    );
    expect(
      withBounds(sql({ ...ok, transaction_log_retention_days: 14 }), { maxTransactionLogDays: 14 }),
    ).toBe("pass");
    expect(judge("RET-1", sql({ ...ok, transaction_log_retention_days: undefined }))).toMatch(
      /transaction_log_retention_days is unset \(Cloud SQL keeps 7 or 14 days/,
    );
    expect(
      judge("RET-1", sql({ ...ok, backup_retention_settings: { retained_backups: "${var.n}" } })),
    ).toMatch(
      /^fail: cannot verify google_sql_database_instance.settings.backup_configuration.backup_retention_settings.retained_backups/,
    );
    expect(judge("RET-1", sql({}, { master_instance_name: "primary" }))).toBe("n/a");
  });

  it("secrets: destroyed versions recoverable at most maxSecretVersionRecoveryDays", () => {
    const secret = (ttl: unknown) => res("google_secret_manager_secret.s", { version_destroy_ttl: ttl });
    expect(judge("RET-1", secret(`${30 * DAY}s`))).toBe("pass");
    expect(withBounds(secret(`${30 * DAY}s`), { maxSecretVersionRecoveryDays: 7 })).toBe(
      'fail: destroyed versions stay recoverable 30 days (version_destroy_ttl "2592000s"), more than retention.maxSecretVersionRecoveryDays (7)',
    );
    expect(judge("RET-1", secret(undefined))).toBe("pass");
    expect(judge("RET-1", secret("30d"))).toBe(
      'fail: version_destroy_ttl is "30d", not a duration in seconds',
    );
    expect(judge("RET-1", secret("${var.ttl}"))).toMatch(
      /^fail: cannot verify google_secret_manager_secret.version_destroy_ttl/,
    );
  });
});
