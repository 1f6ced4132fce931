import type { ControlDefinition, Resource } from "../model";
import { cannotVerify, unverifiable } from "../expressions";
import {
  attr,
  block,
  blocks,
  boolOf,
  isFalse,
  isSet,
  isTrue,
  numberOf,
  preventsDestroy,
  show,
} from "../terraform-json";
import {
  HIPAA,
  NOT_APPLICABLE,
  PASS,
  databaseFlags,
  fail,
  firstFailure,
  resourceRule,
  seed,
} from "./helpers";
// Pure data shared with PrivatePostgres and the config schema (SSL modes, supported major versions).
import { LOGGING_FLAGS, POSTGRES_VERSIONS, SQL_SSL_MODES } from "../../core/rules/postgres";

const INSTANCE = "google_sql_database_instance";
/** pgAudit classes that log statements reading or writing rows (customer data): `all` includes both. */
const PGAUDIT_DATA_CLASSES = ["read", "write", "all"];

/** Why `pgaudit.log` (a comma-separated class list, `-class` removes one) is not acceptable, or undefined. */
export function pgauditLogProblem(value: string | undefined): string | undefined {
  if (value === undefined) return "pgaudit.log is unset (want classes such as ddl,role)";
  const classes = value
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter(Boolean);
  if (!classes.length || classes.every((c) => c === "none"))
    return `pgaudit.log is ${show(value)} (want classes such as ddl,role)`;
  // A removed class (`-read`) logs nothing; any class that adds reads or writes is refused, even with removals.
  const data = classes.filter((c) => PGAUDIT_DATA_CLASSES.includes(c));
  return data.length
    ? `pgaudit.log is ${show(value)}: ${data.join(", ")} logs statements with customer data`
    : undefined;
}

function isPostgres(db: Resource): boolean {
  return String(db.attrs.database_version ?? "").startsWith("POSTGRES");
}

/** A read replica: backups, PITR and retained backups belong to its primary. */
function isReplica(db: Resource): boolean {
  return isSet(db.attrs.master_instance_name);
}

function ipConfig(db: Resource) {
  return block(attr(db.attrs, "settings.ip_configuration"));
}

export const sqlControls: ControlDefinition[] = [
  {
    id: "SQL-1",
    title: "Private IP only",
    severity: "error",
    why: "The provider default gives the instance a public IP; a private-only instance is reachable only from the VPC.",
    fix: "Set settings.ip_configuration { ipv4_enabled = false, private_network = <network id> }.",
    mappings: {
      cis: ["6.6"],
      other: ["CKV_GCP_60 passes when unset: not relied on"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 25)],
    },
    rule: resourceRule([INSTANCE], (db) =>
      firstFailure(
        !isFalse(ipConfig(db)?.ipv4_enabled) &&
          `settings.ip_configuration.ipv4_enabled is ${show(ipConfig(db)?.ipv4_enabled)} (public IP)`,
        !isSet(ipConfig(db)?.private_network) && "settings.ip_configuration.private_network is unset",
      ),
    ),
  },
  {
    id: "SQL-2",
    title: "No authorized networks",
    severity: "error",
    why: "Authorized networks open the instance to address ranges outside the VPC.",
    fix: "Remove settings.ip_configuration.authorized_networks; connect through the private network or the Cloud SQL connector.",
    mappings: { checkov: ["CKV_GCP_11"], hipaa: [HIPAA.accessControl], seed: [seed("002", 25)] },
    rule: resourceRule([INSTANCE], (db) => {
      const written = ipConfig(db)?.authorized_networks;
      if (unverifiable(written) !== undefined)
        return cannotVerify("settings.ip_configuration.authorized_networks", written);
      const networks = blocks(written);
      return networks.length
        ? fail(`authorized_networks admits ${networks.map((n) => show(n.value)).join(", ")}`)
        : PASS;
    }),
  },
  {
    id: "SQL-3",
    title: "TLS required for connections",
    severity: "error",
    why: "Without ssl_mode the instance accepts unencrypted connections: credentials and data cross the network in clear text.",
    fix: 'Set settings.ip_configuration.ssl_mode = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" (or "ENCRYPTED_ONLY").',
    mappings: { cis: ["6.4"], checkov: ["CKV_GCP_6"], hipaa: [HIPAA.transmission], seed: [seed("002", 18)] },
    rule: resourceRule([INSTANCE], (db) =>
      (SQL_SSL_MODES as readonly string[]).includes(String(ipConfig(db)?.ssl_mode))
        ? PASS
        : fail(`settings.ip_configuration.ssl_mode is ${show(ipConfig(db)?.ssl_mode)}`),
    ),
  },
  {
    id: "SQL-4",
    title: "Daily backups, retained",
    severity: "error",
    why: "Daily full backups are the recovery point of last resort (the security practices: full backups daily).",
    fix: "Set settings.backup_configuration { enabled = true, start_time, backup_retention_settings { retained_backups >= 7 } }.",
    mappings: { cis: ["6.7"], checkov: ["CKV_GCP_14"], hipaa: [HIPAA.contingency], seed: [seed("002", 28)] },
    rule: resourceRule([INSTANCE], (db) => {
      if (isReplica(db)) return NOT_APPLICABLE;
      const backup = block(attr(db.attrs, "settings.backup_configuration"));
      const retained = numberOf(attr(backup, "backup_retention_settings.retained_backups"));
      return firstFailure(
        !isTrue(backup?.enabled) && `settings.backup_configuration.enabled is ${show(backup?.enabled)}`,
        !isSet(backup?.start_time) && "settings.backup_configuration.start_time is unset",
        (retained === undefined || retained < 7) &&
          `backup_retention_settings.retained_backups is ${show(retained)} (at least 7)`,
      );
    }),
  },
  {
    id: "SQL-5",
    title: "Point-in-time recovery with 7 days of logs",
    severity: "error",
    why: "Transaction logs kept for 7 days allow restoring to any moment of the last week (the security practices).",
    fix: "Set settings.backup_configuration { point_in_time_recovery_enabled = true, transaction_log_retention_days = 7 }.",
    mappings: { hipaa: [HIPAA.contingency], seed: [seed("002", 28)] },
    rule: resourceRule([INSTANCE], (db) => {
      if (isReplica(db)) return NOT_APPLICABLE;
      const backup = block(attr(db.attrs, "settings.backup_configuration"));
      const days = numberOf(backup?.transaction_log_retention_days);
      return firstFailure(
        !isTrue(backup?.point_in_time_recovery_enabled) &&
          `point_in_time_recovery_enabled is ${show(backup?.point_in_time_recovery_enabled)}`,
        (days === undefined || days < 7) && `transaction_log_retention_days is ${show(days)} (at least 7)`,
      );
    }),
  },
  {
    id: "SQL-6",
    title: "Deletion protection at both layers",
    severity: "error",
    why: "Terraform's deletion_protection stops `terraform destroy`; the API's deletion_protection_enabled stops console and gcloud deletes; prevent_destroy stops plans that replace the instance.",
    fix: "Set deletion_protection = true, settings.deletion_protection_enabled = true and lifecycle.prevent_destroy = true.",
    mappings: { cis: ["6.9 (v5)"], hipaa: [HIPAA.contingency] },
    rule: resourceRule([INSTANCE], (db) =>
      firstFailure(
        db.attrs.deletion_protection !== undefined &&
          boolOf(db.attrs.deletion_protection) !== true &&
          `deletion_protection is ${show(db.attrs.deletion_protection)}`,
        !isTrue(attr(db.attrs, "settings.deletion_protection_enabled")) &&
          `settings.deletion_protection_enabled is ${show(attr(db.attrs, "settings.deletion_protection_enabled"))}`,
        !preventsDestroy(db) && "lifecycle.prevent_destroy is not true",
      ),
    ),
  },
  {
    id: "SQL-7",
    title: "Backups kept after instance deletion",
    severity: "error",
    why: "By default deleting an instance deletes its backups too; retained backups still allow a restore.",
    fix: "Set settings.retain_backups_on_delete = true.",
    mappings: { other: ["CFT sql-db"], hipaa: [HIPAA.contingency], seed: [seed("002", 28)] },
    rule: resourceRule([INSTANCE], (db) => {
      if (isReplica(db)) return NOT_APPLICABLE;
      const retain = attr(db.attrs, "settings.retain_backups_on_delete");
      return isTrue(retain) || isTrue(attr(db.attrs, "settings.final_backup_config.enabled"))
        ? PASS
        : fail(`settings.retain_backups_on_delete is ${show(retain)}`);
    }),
  },
  {
    id: "SQL-8",
    title: "Customer-managed encryption key",
    severity: "error",
    why: "With CMEK the database, its replicas and backups are readable only while your key is usable.",
    fix: "Set encryption_key_name to a KMS key in the instance's region and grant the Cloud SQL service agent on it.",
    mappings: { other: ["CFT sql-db"], hipaa: [HIPAA.encryption], seed: [seed("002", 18)] },
    rule: resourceRule([INSTANCE], (db) =>
      isSet(db.attrs.encryption_key_name) ? PASS : fail("encryption_key_name is unset (Google-managed key)"),
    ),
  },
  {
    id: "SQL-9",
    title: "IAM database authentication",
    severity: "error",
    why: "IAM authentication replaces long-lived database passwords with short-lived tokens of named identities.",
    fix: 'Add database flag { name = "cloudsql.iam_authentication", value = "on" }.',
    mappings: { cis: ["6.6 (v5)"], hipaa: [HIPAA.authentication] },
    rule: resourceRule([INSTANCE], (db) => {
      if (!isPostgres(db)) return NOT_APPLICABLE;
      const value = databaseFlags(db).get("cloudsql.iam_authentication");
      return value?.toLowerCase() === "on"
        ? PASS
        : fail(`flag cloudsql.iam_authentication is ${show(value)}`);
    }),
  },
  {
    id: "SQL-10",
    title: "Connection, statement and pgAudit logging",
    severity: "error",
    why: "Connection, lock, checkpoint and DDL logs plus pgAudit record who did what in the database. Statements that read or write rows carry customer data, which the source documents ask not to retain: log_statement stops at ddl and pgAudit logs no read or write class.",
    fix: `Set database flags ${Object.entries(LOGGING_FLAGS)
      .map(([f, v]) => `${f}=${v[0]}`)
      .join(", ")} and pgaudit.log to classes without read, write or all (the kit sets ddl,role).`,
    mappings: {
      cis: ["6.2.1", "6.2.2", "6.2.3", "6.2.4", "6.2.5", "6.2.6", "6.2.7", "6.2.8"],
      checkov: [
        "CKV_GCP_51",
        "CKV_GCP_52",
        "CKV_GCP_53",
        "CKV_GCP_54",
        "CKV_GCP_55",
        "CKV_GCP_56",
        "CKV_GCP_57",
        "CKV_GCP_108",
        "CKV_GCP_109",
        "CKV_GCP_110",
        "CKV_GCP_111",
      ],
      other: ["CKV2_GCP_13 (log_duration=on) not required: one log entry per statement, and no actor"],
      hipaa: [HIPAA.audit],
      seed: [seed("002", 36)],
    },
    rule: resourceRule([INSTANCE], (db) => {
      if (!isPostgres(db)) return NOT_APPLICABLE;
      const flags = databaseFlags(db);
      const wrong = Object.entries(LOGGING_FLAGS)
        .filter(([flag, allowed]) => !allowed.includes(String(flags.get(flag)).toLowerCase()))
        .map(([flag, allowed]) => `${flag} is ${show(flags.get(flag))} (want ${allowed.join(" or ")})`);
      const pgaudit = pgauditLogProblem(flags.get("pgaudit.log"));
      if (pgaudit) wrong.push(pgaudit);
      return wrong.length ? fail(`flags: ${wrong.join("; ")}`) : PASS;
    }),
  },
  {
    id: "SQL-11",
    title: "High availability in production",
    severity: "error",
    why: "A regional instance fails over to another zone automatically; a zonal one is down until the zone returns.",
    fix: 'Config database.availability = REGIONAL in production. In Terraform: settings.availability_type = "REGIONAL".',
    mappings: { other: ["CFT sql-db"], hipaa: [HIPAA.contingency] },
    rule: resourceRule([INSTANCE], (db, ctx) => {
      if (!ctx.settings.production) return NOT_APPLICABLE;
      const type = attr(db.attrs, "settings.availability_type");
      return type === "REGIONAL"
        ? PASS
        : fail(`settings.availability_type is ${show(type)} in a production environment`);
    }),
  },
  {
    id: "SQL-12",
    title: "Query insights keep no client addresses",
    severity: "error",
    why: "Query Insights with record_client_address keeps every client's IP address beside its queries; the source documents ask not to retain sensitive data that is not needed. A team that needs it turns it on by name and justifies it with an exception.",
    fix: "Leave settings.insights_config.record_client_address unset or false (PrivatePostgres recordClientAddress), or declare an exception with a reason, an owner and an expiry.",
    mappings: { seed: [seed("002", 36)] },
    rule: resourceRule([INSTANCE], (db) => {
      const written = attr(db.attrs, "settings.insights_config.record_client_address");
      return written === undefined || isFalse(written)
        ? PASS
        : fail(`settings.insights_config.record_client_address is ${show(written)}`);
    }),
  },
  {
    id: "SQL-13",
    title: "Maintenance window set",
    severity: "error",
    why: "Without a window Cloud SQL restarts the instance for updates at a time of its choosing, possibly at peak traffic; a fixed window puts the restart (and the security patches it brings) where the team expects it.",
    fix: "Config database.maintenance (PrivatePostgres maintenanceWindow). In Terraform: settings.maintenance_window { day = 1..7, hour = 0..23 }.",
    mappings: { other: ["CFT sql-db"], hipaa: [HIPAA.contingency] },
    rule: resourceRule([INSTANCE], (db) => {
      if (isReplica(db)) return NOT_APPLICABLE;
      const window = block(attr(db.attrs, "settings.maintenance_window"));
      if (!window) return fail("settings.maintenance_window is unset (Cloud SQL picks the time)");
      const day = numberOf(window.day);
      const hour = numberOf(window.hour);
      return firstFailure(
        (day === undefined || !Number.isInteger(day) || day < 1 || day > 7) &&
          `settings.maintenance_window.day is ${show(window.day)} (want 1-7)`,
        (hour === undefined || !Number.isInteger(hour) || hour < 0 || hour > 23) &&
          `settings.maintenance_window.hour is ${show(window.hour)} (want 0-23)`,
      );
    }),
  },
  {
    id: "SQL-14",
    title: "Supported PostgreSQL major version",
    severity: "error",
    why: "Major versions past their end of life stop receiving security fixes (and Cloud SQL charges for extended support).",
    fix: `Config database.version (PrivatePostgres databaseVersion): one of ${POSTGRES_VERSIONS.join(", ")}. Upgrading a major version restarts the instance; plan it in the maintenance window.`,
    mappings: {
      other: [
        "CKV_GCP_79 asks for the newest major version: the kit defaults to it and accepts every supported one",
      ],
      seed: [seed("002", 11)],
    },
    rule: resourceRule([INSTANCE], (db) => {
      const version = db.attrs.database_version;
      if (typeof version !== "string") return fail(`database_version is ${show(version)}`);
      if (!version.startsWith("POSTGRES")) return NOT_APPLICABLE;
      return (POSTGRES_VERSIONS as readonly string[]).includes(version)
        ? PASS
        : fail(`database_version is ${show(version)} (supported: ${POSTGRES_VERSIONS.join(", ")})`);
    }),
  },
];
