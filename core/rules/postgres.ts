/**
 * What Cloud SQL for PostgreSQL accepts, as pure data and checks shared by `PrivatePostgres` and the
 * config schema, so a bad value fails with the same sentence wherever it is written.
 */

/** Major versions the kit supports: still in Cloud SQL's standard support window. */
export const POSTGRES_VERSIONS = [
  "POSTGRES_14",
  "POSTGRES_15",
  "POSTGRES_16",
  "POSTGRES_17",
  "POSTGRES_18",
] as const;

/** Major version of new instances: the newest Cloud SQL offers (Checkov CKV_GCP_79 asks for it). */
export const DEFAULT_POSTGRES_VERSION = "POSTGRES_18";
export type PostgresVersion = (typeof POSTGRES_VERSIONS)[number];

export const SQL_EDITIONS = ["ENTERPRISE", "ENTERPRISE_PLUS"] as const;
export type SqlEdition = (typeof SQL_EDITIONS)[number];

/** SQL-3: the two SSL modes that refuse unencrypted connections. */
export const SQL_SSL_MODES = ["TRUSTED_CLIENT_CERTIFICATE_REQUIRED", "ENCRYPTED_ONLY"] as const;
export type SqlSslMode = (typeof SQL_SSL_MODES)[number];

export const SQL_AVAILABILITY_TYPES = ["REGIONAL", "ZONAL"] as const;
export type SqlAvailabilityType = (typeof SQL_AVAILABILITY_TYPES)[number];

export const MAINTENANCE_UPDATE_TRACKS = ["stable", "canary", "week5"] as const;
export type MaintenanceUpdateTrack = (typeof MAINTENANCE_UPDATE_TRACKS)[number];

/** Cloud SQL keeps up to 365 automated backups; SQL-4 asks for at least a week of dailies. */
export const RETAINED_BACKUPS_RANGE = { min: 7, max: 365 } as const;

/** SQL-5: seven days of transaction logs (the security practices); Enterprise caps retention at 7, Enterprise Plus at 35. */
export const MIN_TRANSACTION_LOG_DAYS = 7;
export function maxTransactionLogDays(edition: SqlEdition): number {
  return edition === "ENTERPRISE_PLUS" ? 35 : 7;
}

/** Backup window start, `HH:MM` in UTC. */
export const BACKUP_START_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

const CUSTOM_TIER = /^db-custom-([0-9]+)-([0-9]+)$/;
const PERF_OPTIMIZED_TIER = /^db-perf-optimized-N-([0-9]+)$/;
const SHARED_CORE_TIERS = ["db-f1-micro", "db-g1-small"];
const PERF_OPTIMIZED_VCPUS = [2, 4, 8, 16, 32, 48, 64, 80, 96, 128];

/**
 * Why `tier` is not a PostgreSQL machine type of `edition`, or undefined when it is. Enterprise takes
 * custom types `db-custom-<vCPUs>-<MiB>` (1 or an even 2-96 vCPUs; memory a multiple of 256 MiB, at
 * least 3840 MiB and 0.9-6.5 GiB per vCPU) or the shared-core `db-f1-micro` and `db-g1-small`;
 * Enterprise Plus takes `db-perf-optimized-N-<vCPUs>`.
 */
export function tierProblem(tier: string, edition: SqlEdition): string | undefined {
  if (edition === "ENTERPRISE_PLUS") {
    const match = PERF_OPTIMIZED_TIER.exec(tier);
    if (!match || !PERF_OPTIMIZED_VCPUS.includes(Number(match[1]))) {
      return `ENTERPRISE_PLUS needs db-perf-optimized-N-<vCPUs> with vCPUs one of ${PERF_OPTIMIZED_VCPUS.join(", ")}`;
    }
    return undefined;
  }
  if (SHARED_CORE_TIERS.includes(tier)) return undefined;
  const match = CUSTOM_TIER.exec(tier);
  if (!match) {
    return "ENTERPRISE needs db-custom-<vCPUs>-<memory MiB> (e.g. db-custom-2-7680) or db-f1-micro / db-g1-small";
  }
  const vcpus = Number(match[1]);
  const memory = Number(match[2]);
  if (!(vcpus === 1 || (vcpus % 2 === 0 && vcpus >= 2 && vcpus <= 96))) {
    return "the vCPU count of a custom tier must be 1 or an even number from 2 to 96";
  }
  const min = Math.max(3840, Math.ceil((vcpus * 0.9 * 1024) / 256) * 256);
  const max = Math.floor((vcpus * 6.5 * 1024) / 256) * 256;
  if (memory % 256 !== 0 || memory < min || memory > max) {
    return `memory of a ${vcpus}-vCPU custom tier must be a multiple of 256 MiB from ${min} to ${max}`;
  }
  return undefined;
}

/**
 * SQL-10: logging flags and the values the check accepts (CIS 6.2, Checkov CKV_GCP_51..57, 108..111); the
 * first value of each is the one PrivatePostgres sets.
 */
export const LOGGING_FLAGS: Readonly<Record<string, readonly string[]>> = {
  log_connections: ["on"],
  log_disconnections: ["on"],
  // Client host names beside connection logs (CKV_GCP_108).
  log_hostname: ["on"],
  log_checkpoints: ["on"],
  log_lock_waits: ["on"],
  log_min_duration_statement: ["-1"],
  // At most DDL: `mod` and `all` write statements, with the customer data in them, to the logs.
  log_statement: ["ddl", "none"],
  "cloudsql.enable_pgaudit": ["on"],
};
