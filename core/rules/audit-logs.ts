/**
 * LOG-1 / GCS-9: the Cloud Audit Logs types a Data Access audit config records. AuditLogging and
 * StorageDataAccessLogs write them; the policy's LOG-1 and GCS-9 require each of them.
 */
export const AUDIT_LOG_TYPES = ["ADMIN_READ", "DATA_READ", "DATA_WRITE"] as const;
export type AuditLogType = (typeof AUDIT_LOG_TYPES)[number];
