import { z } from "zod";
import {
  BACKUP_START_TIME,
  DEFAULT_POSTGRES_VERSION,
  MAINTENANCE_UPDATE_TRACKS,
  MIN_TRANSACTION_LOG_DAYS,
  POSTGRES_VERSIONS,
  RETAINED_BACKUPS_RANGE,
  SQL_AVAILABILITY_TYPES,
  SQL_EDITIONS,
  SQL_SSL_MODES,
  maxTransactionLogDays,
  tierProblem,
  type SqlAvailabilityType,
} from "../../core/rules/postgres";

function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.number({ invalid_type_error: message }).int(message).min(min, message).max(max, message);
}

function oneOf<T extends readonly [string, ...string[]]>(values: T, why = "") {
  return z.enum(values, { errorMap: () => ({ message: `must be one of: ${values.join(", ")}${why}` }) });
}

/** SQL-1..11: the environment's Cloud SQL for PostgreSQL instance. */
export const databaseSchema = z
  .object({
    /** Instance name; defaults to `<environment>-postgres`. */
    instanceName: z
      .string()
      .regex(
        /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
        "must be 1-63 lowercase letters, digits or hyphens, starting with a letter",
      )
      .optional(),
    version: oneOf(POSTGRES_VERSIONS).default(DEFAULT_POSTGRES_VERSION),
    edition: oneOf(SQL_EDITIONS).default("ENTERPRISE"),
    /** Machine type; defaults to db-custom-2-7680 (ENTERPRISE) or db-perf-optimized-N-2 (ENTERPRISE_PLUS). */
    tier: z
      .string()
      .superRefine((tier, ctx) => {
        const problems = SQL_EDITIONS.map((edition) => tierProblem(tier, edition));
        if (problems.every(Boolean)) {
          const message = tier.startsWith("db-perf-optimized-")
            ? problems[1]
            : tier.startsWith("db-custom-")
              ? problems[0]
              : "must be a Cloud SQL PostgreSQL tier: db-custom-<vCPUs>-<memory MiB> (e.g. db-custom-2-7680), db-f1-micro, db-g1-small or db-perf-optimized-N-<vCPUs>";
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: message! });
        }
      })
      .optional(),
    /** SQL-11: REGIONAL (HA) or ZONAL; defaults to REGIONAL when the environment is production. */
    availability: oneOf(SQL_AVAILABILITY_TYPES).optional(),
    diskSizeGb: wholeNumber(10, 65536).default(20),
    /** SQL-3. */
    sslMode: oneOf(SQL_SSL_MODES, " (unencrypted connections are never accepted; SQL-3)").default(
      "TRUSTED_CLIENT_CERTIFICATE_REQUIRED",
    ),
    /** SQL-4, SQL-5. */
    backup: z
      .object({
        startTime: z
          .string()
          .regex(BACKUP_START_TIME, "must be HH:MM in 24-hour UTC, e.g. 02:00")
          .default("02:00"),
        retainedBackups: wholeNumber(RETAINED_BACKUPS_RANGE.min, RETAINED_BACKUPS_RANGE.max).default(30),
        transactionLogRetentionDays: wholeNumber(MIN_TRANSACTION_LOG_DAYS, 35).default(
          MIN_TRANSACTION_LOG_DAYS,
        ),
        location: z.string().optional(),
      })
      .strict()
      .default({}),
    maintenance: z
      .object({
        day: wholeNumber(1, 7).default(7),
        hour: wholeNumber(0, 23).default(3),
        updateTrack: oneOf(MAINTENANCE_UPDATE_TRACKS).default("stable"),
      })
      .strict()
      .default({}),
    /** SQL-9: IAM principals that get a database user (`serviceAccount:`, `group:` or `user:`). */
    iamUsers: z
      .array(
        z
          .string()
          .regex(
            /^(serviceAccount|group|user):[^\s@]+@[^\s@]+$/,
            "must be serviceAccount:EMAIL, group:EMAIL or user:EMAIL",
          ),
      )
      .default([]),
  })
  .strict()
  .superRefine((database, ctx) => {
    if (database.tier !== undefined) {
      const tier = database.tier;
      const problem = tierProblem(tier, database.edition);
      // A tier of no edition already has its own issue; report only a tier of the other edition.
      if (problem && SQL_EDITIONS.some((edition) => !tierProblem(tier, edition)))
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["tier"], message: problem });
    }
    const maxDays = maxTransactionLogDays(database.edition);
    if (database.backup.transactionLogRetentionDays > maxDays) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["backup", "transactionLogRetentionDays"],
        message:
          database.edition === "ENTERPRISE"
            ? `must be ${MIN_TRANSACTION_LOG_DAYS} days on ENTERPRISE (ENTERPRISE_PLUS allows up to 35)`
            : `must be from ${MIN_TRANSACTION_LOG_DAYS} to ${maxDays} days on ${database.edition}`,
      });
    }
  });

export type DatabaseConfig = z.output<typeof databaseSchema>;

/** SQL-11: the configured availability, or REGIONAL for production environments and ZONAL otherwise. */
export function databaseAvailability(database: DatabaseConfig, production: boolean): SqlAvailabilityType {
  return database.availability ?? (production ? "REGIONAL" : "ZONAL");
}
