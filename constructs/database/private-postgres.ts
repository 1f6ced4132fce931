import { Construct } from "constructs";
import {
  classifiedLabels,
  DEFAULT_DATA_CLASSIFICATION,
  requireDataClassification,
  type DataClassification,
} from "../../core/rules/data-classification";
import { Fn, type ITerraformDependable } from "cdktf";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { SqlDatabase } from "@cdktf/provider-google/lib/sql-database";
import {
  SqlDatabaseInstance,
  type SqlDatabaseInstanceSettingsDatabaseFlags,
} from "@cdktf/provider-google/lib/sql-database-instance";
import { SqlUser } from "@cdktf/provider-google/lib/sql-user";
import { requireIdentifierFreeName } from "../classified-name";
import { sameStackDependencies } from "../dependencies";
import { InvalidPropError, isLiteral, requireIntegerInRange, requireMatch, requireRegion } from "../errors";
import { Grant, ResourceGrants } from "../iam/grant";
import type { IPrincipal } from "../iam/principal";
import type { IKmsKey } from "../kms/key";
import { retainLifecycle } from "../lifecycle";
import type { INetwork } from "../network/secure-network";
import {
  BACKUP_START_TIME,
  MAINTENANCE_UPDATE_TRACKS,
  MIN_TRANSACTION_LOG_DAYS,
  DEFAULT_POSTGRES_VERSION,
  POSTGRES_VERSIONS,
  RETAINED_BACKUPS_RANGE,
  SQL_AVAILABILITY_TYPES,
  LOGGING_FLAGS,
  SQL_EDITIONS,
  SQL_SSL_MODES,
  maxTransactionLogDays,
  tierProblem,
  type MaintenanceUpdateTrack,
  type PostgresVersion,
  type SqlAvailabilityType,
  type SqlEdition,
  type SqlSslMode,
} from "../../core/rules/postgres";

/** SQL-4, SQL-5: backups and point-in-time recovery. */
export interface PostgresBackupProps {
  /**
   * Start of the daily backup window, `HH:MM` UTC.
   * @default "02:00"
   */
  readonly startTime?: string;
  /**
   * SQL-4: automated daily backups kept: at least 7 (a week of dailies), at most 365 (Cloud SQL's limit).
   * @default 30
   */
  readonly retainedBackups?: number;
  /**
   * SQL-5: days of transaction logs kept for point-in-time recovery: at least 7; at most 7 on
   * ENTERPRISE, 35 on ENTERPRISE_PLUS.
   * @default 7
   */
  readonly transactionLogRetentionDays?: number;
  /**
   * Location of the backups (a region or multi-region) when they must stay in a jurisdiction.
   * @default Cloud SQL's choice: the multi-region nearest the instance
   */
  readonly location?: string;
}

/** When Cloud SQL may restart the instance for maintenance. */
export interface PostgresMaintenanceWindow {
  /**
   * Day of week, 1 (Monday) to 7 (Sunday).
   * @default 7
   */
  readonly day?: number;
  /**
   * Hour of day, 0-23 UTC.
   * @default 3
   */
  readonly hour?: number;
  /**
   * How soon after release updates are applied.
   * @default "stable"
   */
  readonly updateTrack?: MaintenanceUpdateTrack;
}

export interface PrivatePostgresProps {
  /** Instance name: 1-63 lowercase letters, digits or hyphens, starting with a letter. Cannot be reused for a week after deletion. */
  readonly name: string;
  /** Region of the instance. */
  readonly region: string;
  /**
   * SQL-1: the network whose private service access range the instance takes its only address from (a
   * `SecureNetwork`, or `SecureNetwork.fromNetworkSelfLink(...)` with its `privateServiceAccessRangeName`).
   */
  readonly network: INetwork;
  /**
   * SQL-8: key (in the instance's region) that encrypts data, backups and logs; the Cloud SQL agent is
   * granted on it (a `KmsKey`, or `KmsKey.fromKeyId(...)`).
   */
  readonly encryptionKey: IKmsKey;
  /**
   * PostgreSQL major version (POSTGRES_14 to POSTGRES_18). Changing it on an existing instance is an
   * in-place major version upgrade (downtime); pin it to keep an instance where it is.
   * @default "POSTGRES_18"
   */
  readonly databaseVersion?: PostgresVersion;
  /**
   * Cloud SQL edition.
   * @default "ENTERPRISE"
   */
  readonly edition?: SqlEdition;
  /**
   * Machine type: `db-custom-<vCPUs>-<MiB>` (or db-f1-micro, db-g1-small) on ENTERPRISE,
   * `db-perf-optimized-N-<vCPUs>` on ENTERPRISE_PLUS.
   * @default "db-custom-2-7680" on ENTERPRISE, "db-perf-optimized-N-2" on ENTERPRISE_PLUS
   */
  readonly tier?: string;
  /**
   * SQL-11: REGIONAL keeps a standby in a second zone with automatic failover.
   * @default "REGIONAL"
   */
  readonly availabilityType?: SqlAvailabilityType;
  /**
   * Initial data disk size in GB (10-65536); it grows automatically.
   * @default 20
   */
  readonly diskSizeGb?: number;
  /**
   * SQL-3: TRUSTED_CLIENT_CERTIFICATE_REQUIRED demands TLS with a client certificate (the Cloud SQL
   * Auth Proxy and connectors provide one); ENCRYPTED_ONLY demands TLS only. Nothing else is accepted.
   * @default "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
   */
  readonly sslMode?: SqlSslMode;
  /**
   * SQL-4, SQL-5: backup schedule and retention.
   * @default daily at 02:00 UTC, 30 backups, 7 days of transaction logs
   */
  readonly backup?: PostgresBackupProps;
  /**
   * Maintenance window.
   * @default Sunday 03:00 UTC, stable track
   */
  readonly maintenanceWindow?: PostgresMaintenanceWindow;
  /**
   * SQL-12: let Query Insights record each client's IP address beside its queries. Off because the source
   * documents ask not to store or retain sensitive data that is not needed, and a client address ties a query
   * to a person's device or network; Cloud SQL audit and connection logs already name the connecting host
   * for investigations. Turning it on is a choice made by name here, and the policy check still reports it
   * (SQL-12) until an exception with a reason, an owner and an expiry covers it.
   * @default false
   */
  readonly recordClientAddress?: boolean;
  /**
   * Extra database flags. Flags the kit sets for SQL-9 and SQL-10 cannot be overridden.
   * @default none
   */
  readonly additionalFlags?: Readonly<Record<string, string>>;
  /**
   * Labels on the instance (`data_classification` comes from `dataClassification`).
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * DATA-1: what the instance holds, written as its `data_classification` user label. `restricted` (PHI)
   * adds the policy's stricter rules (DATA-2: identifier-free name; DATA-4: no key shared with `public` data).
   * @default "restricted" (the secure choice: under-classified PHI loses protections silently)
   */
  readonly dataClassification?: DataClassification;
  /**
   * SQL-6 opt-out: turn off deletion protection (both layers) and prevent_destroy so `terraform
   * destroy` deletes the instance. Backups are still kept after deletion (SQL-7).
   * @default false
   */
  readonly allowDestroy?: boolean;
  /**
   * Resources that must exist first, typically the enabled Cloud SQL Admin API.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Kind of IAM database user, from the member's prefix. */
export type IamDatabaseUserType = "CLOUD_IAM_SERVICE_ACCOUNT" | "CLOUD_IAM_GROUP" | "CLOUD_IAM_USER";

const CONSTRUCT = "PrivatePostgres";
const INSTANCE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * SQL-9, SQL-10: flags every instance carries. Statement logging stays off (`log_min_duration_statement=-1`,
 * `log_statement=ddl`) because statements carry customer data; pgAudit records DDL and role changes.
 */
export const ENFORCED_DATABASE_FLAGS: Readonly<Record<string, string>> = {
  "cloudsql.iam_authentication": "on",
  "cloudsql.enable_pgaudit": LOGGING_FLAGS["cloudsql.enable_pgaudit"][0],
  "pgaudit.log": "ddl,role",
  // SQL-10's flags with the first value the check accepts (one table: core/rules/postgres.ts).
  ...Object.fromEntries(Object.entries(LOGGING_FLAGS).map(([flag, accepted]) => [flag, accepted[0]])),
  log_temp_files: "0",
  log_min_error_statement: "error",
};

const PREFIX_TO_USER_TYPE: Record<string, IamDatabaseUserType> = {
  serviceAccount: "CLOUD_IAM_SERVICE_ACCOUNT",
  group: "CLOUD_IAM_GROUP",
  user: "CLOUD_IAM_USER",
};

/**
 * Cloud SQL for PostgreSQL reachable only on a private address (SQL-1) with no authorized networks
 * (SQL-2), TLS required (SQL-3), daily retained backups (SQL-4) and 7 days of point-in-time recovery
 * (SQL-5), deletion protection at the API and in Terraform (SQL-6), backups kept after deletion
 * (SQL-7), CMEK (SQL-8), IAM database authentication (SQL-9), connection and DDL audit logging
 * (SQL-10) and regional high availability by default (SQL-11).
 *
 * No built-in (password) users are offered: people and workloads log in as IAM users
 * (`addIamUser`), so there is no password to generate, store or rotate.
 */
export class PrivatePostgres extends Construct {
  readonly resource: SqlDatabaseInstance;
  /** Instance name (a Terraform reference). */
  readonly name: string;
  /** `project:region:name`, what the Cloud SQL Auth Proxy and connectors take. */
  readonly connectionName: string;
  /** The instance's private IP address. */
  readonly privateIpAddress: string;
  private readonly users = new Map<string, SqlUser>();
  private readonly grants = new ResourceGrants<ProjectIamMember>(
    CONSTRUCT,
    (id, role, member, verb) =>
      new ProjectIamMember(this, id, {
        project: this.resource.project,
        role,
        member,
        condition: {
          title: `only-${verb}-of-instance`,
          description: "Limited to one Cloud SQL instance",
          // Built from the literal name, not Terraform references: `cdktf synth --hcl` mangles quotes
          // around interpolations. The binding is on this project, so the name alone identifies the instance.
          expression: `resource.service == "sqladmin.googleapis.com" && resource.name.endsWith("/instances/${this.instanceName}")`,
        },
      }),
  );
  private readonly databases = new Map<string, SqlDatabase>();
  private readonly allowDestroy: boolean;
  /** The instance name as given (a literal), for IAM conditions. */
  private readonly instanceName: string;

  constructor(scope: Construct, id: string, props: PrivatePostgresProps) {
    super(scope, id);
    const settings = validate(props);
    const classification = requireDataClassification(
      CONSTRUCT,
      "dataClassification",
      props.dataClassification ?? DEFAULT_DATA_CLASSIFICATION,
    );
    requireIdentifierFreeName(this, CONSTRUCT, "name", props.name, classification);
    this.allowDestroy = props.allowDestroy === true;
    this.instanceName = props.name;

    const privateServiceAccess = props.network.privateServiceAccess;
    if (!privateServiceAccess) {
      throw new InvalidPropError(
        CONSTRUCT,
        "network",
        props.network.node.path,
        "must have a private service access range (SQL-1): a SecureNetwork, or an imported network with privateServiceAccessRangeName",
      );
    }
    // SQL-8: the Cloud SQL service agent must hold the key before the instance is created.
    const keyGrant = props.encryptionKey.grantToServiceAgent("cloudSql", this);

    this.resource = new SqlDatabaseInstance(this, "instance", {
      name: props.name,
      region: props.region,
      databaseVersion: settings.databaseVersion,
      encryptionKeyName: props.encryptionKey.id,
      deletionProtection: !this.allowDestroy, // SQL-6, Terraform layer
      settings: {
        edition: settings.edition,
        tier: settings.tier,
        availabilityType: settings.availabilityType,
        diskType: "PD_SSD",
        diskSize: settings.diskSizeGb,
        diskAutoresize: true,
        deletionProtectionEnabled: !this.allowDestroy, // SQL-6, API layer
        retainBackupsOnDelete: true, // SQL-7
        ipConfiguration: {
          ipv4Enabled: false, // SQL-1
          privateNetwork: props.network.id,
          allocatedIpRange: privateServiceAccess.rangeName,
          enablePrivatePathForGoogleCloudServices: false,
          sslMode: settings.sslMode, // SQL-3
          authorizedNetworks: [], // SQL-2
        },
        backupConfiguration: {
          enabled: true, // SQL-4
          startTime: settings.backupStartTime,
          location: props.backup?.location,
          pointInTimeRecoveryEnabled: true, // SQL-5
          transactionLogRetentionDays: settings.transactionLogRetentionDays,
          backupRetentionSettings: { retainedBackups: settings.retainedBackups, retentionUnit: "COUNT" },
        },
        databaseFlags: settings.flags,
        maintenanceWindow: settings.maintenanceWindow,
        insightsConfig: {
          queryInsightsEnabled: true,
          queryStringLength: 1024,
          recordApplicationTags: true,
          recordClientAddress: props.recordClientAddress ?? false, // SQL-12
        },
        // Applies to any built-in user created outside the kit (the kit creates none).
        passwordValidationPolicy: {
          enablePasswordPolicy: true,
          minLength: 16,
          complexity: "COMPLEXITY_DEFAULT",
          disallowUsernameSubstring: true,
          reuseInterval: 10,
        },
        userLabels: classifiedLabels(CONSTRUCT, props.labels, classification),
      },
      lifecycle: retainLifecycle(props.allowDestroy),
      dependsOn: [
        ...keyGrant,
        ...(privateServiceAccess.connection
          ? sameStackDependencies(this, [privateServiceAccess.connection])
          : []),
        ...(props.dependsOn ?? []),
      ],
    });
    this.name = this.resource.name;
    this.connectionName = this.resource.connectionName;
    this.privateIpAddress = this.resource.privateIpAddress;
    this.node.defaultChild = this.resource;
  }

  /**
   * Creates an IAM database user for `principal` (SQL-9) and lets it connect (`grantConnect`). The
   * user type follows the member's prefix (`serviceAccount:`, `group:`, `user:`); pass `type` when the
   * member is a Terraform reference. The user holds no database privileges until granted in SQL.
   */
  addIamUser(principal: IPrincipal, type?: IamDatabaseUserType): SqlUser {
    const id = `iam-user-${principal.principalId}`;
    let user = this.users.get(id);
    if (!user) {
      const { name, userType } = iamUserName(principal, type);
      user = new SqlUser(this, id, {
        instance: this.resource.name,
        name,
        type: userType,
        // Dropping a user that owns objects fails; Terraform then only forgets it.
        deletionPolicy: "ABANDON",
      });
      this.users.set(id, user);
      this.grantConnect(principal);
    }
    return user;
  }

  /**
   * Lets `principal` connect to and log in to this instance only: project-level Cloud SQL roles with
   * an IAM condition on the instance's resource name (Cloud SQL has no instance-level IAM policy). Returns
   * one `Grant` holding both bindings (`roles/cloudsql.client`, `roles/cloudsql.instanceUser`).
   */
  grantConnect(principal: IPrincipal): Grant<ProjectIamMember> {
    return this.grants.grant(
      principal,
      { role: "roles/cloudsql.client", verb: "client" },
      { role: "roles/cloudsql.instanceUser", verb: "instance-user" },
    );
  }

  /** Creates a database in the instance, retained by Terraform unless the instance allows destroy. */
  addDatabase(name: string): SqlDatabase {
    requireMatch(
      CONSTRUCT,
      "addDatabase(name)",
      name,
      DATABASE_NAME,
      "must be 1-63 lowercase letters, digits or '_', not starting with a digit",
    );
    let database = this.databases.get(name);
    if (!database) {
      database = new SqlDatabase(this, `database-${name}`, {
        instance: this.resource.name,
        name,
        lifecycle: retainLifecycle(this.allowDestroy),
      });
      this.databases.set(name, database);
    }
    return database;
  }
}

interface InstanceSettings {
  readonly databaseVersion: PostgresVersion;
  readonly edition: SqlEdition;
  readonly tier: string;
  readonly availabilityType: SqlAvailabilityType;
  readonly diskSizeGb: number;
  readonly sslMode: SqlSslMode;
  readonly backupStartTime: string;
  readonly retainedBackups: number;
  readonly transactionLogRetentionDays: number;
  readonly maintenanceWindow: { day: number; hour: number; updateTrack: MaintenanceUpdateTrack };
  readonly flags: SqlDatabaseInstanceSettingsDatabaseFlags[];
}

function oneOf<T extends string>(field: string, value: T, allowed: readonly T[], why = ""): T {
  if (!allowed.includes(value)) {
    throw new InvalidPropError(CONSTRUCT, field, value, `must be one of: ${allowed.join(", ")}${why}`);
  }
  return value;
}

/** Checks every prop before any resource exists. */
function validate(props: PrivatePostgresProps): InstanceSettings {
  requireMatch(
    CONSTRUCT,
    "name",
    props.name,
    INSTANCE_NAME,
    "must be 1-63 lowercase letters, digits or hyphens, starting with a letter",
  );
  requireRegion(CONSTRUCT, "region", props.region);
  if (isLiteral(props.encryptionKey.location) && props.encryptionKey.location !== props.region) {
    throw new InvalidPropError(
      CONSTRUCT,
      "encryptionKey",
      props.encryptionKey.location,
      `the key must be in the instance's region "${props.region}"`,
    );
  }
  const databaseVersion = oneOf(
    "databaseVersion",
    props.databaseVersion ?? DEFAULT_POSTGRES_VERSION,
    POSTGRES_VERSIONS,
  );
  const edition = oneOf("edition", props.edition ?? "ENTERPRISE", SQL_EDITIONS);
  const tier = props.tier ?? (edition === "ENTERPRISE_PLUS" ? "db-perf-optimized-N-2" : "db-custom-2-7680");
  const problem = tierProblem(tier, edition);
  if (problem) throw new InvalidPropError(CONSTRUCT, "tier", tier, problem);
  const availabilityType = oneOf(
    "availabilityType",
    props.availabilityType ?? "REGIONAL",
    SQL_AVAILABILITY_TYPES,
  );
  const sslMode = oneOf(
    "sslMode",
    props.sslMode ?? "TRUSTED_CLIENT_CERTIFICATE_REQUIRED",
    SQL_SSL_MODES,
    " (ALLOW_UNENCRYPTED_AND_ENCRYPTED would accept plaintext connections; SQL-3)",
  );
  const diskSizeGb = requireIntegerInRange(CONSTRUCT, "diskSizeGb", props.diskSizeGb ?? 20, 10, 65536);

  const backup = props.backup ?? {};
  const backupStartTime = requireMatch(
    CONSTRUCT,
    "backup.startTime",
    backup.startTime ?? "02:00",
    BACKUP_START_TIME,
    "must be HH:MM in 24-hour UTC, e.g. 02:00",
  );
  const retainedBackups = requireIntegerInRange(
    CONSTRUCT,
    "backup.retainedBackups",
    backup.retainedBackups ?? 30,
    RETAINED_BACKUPS_RANGE.min,
    RETAINED_BACKUPS_RANGE.max,
  );
  const transactionLogRetentionDays = requireIntegerInRange(
    CONSTRUCT,
    "backup.transactionLogRetentionDays",
    backup.transactionLogRetentionDays ?? MIN_TRANSACTION_LOG_DAYS,
    MIN_TRANSACTION_LOG_DAYS,
    maxTransactionLogDays(edition),
  );

  const window = props.maintenanceWindow ?? {};
  const maintenanceWindow = {
    day: requireIntegerInRange(CONSTRUCT, "maintenanceWindow.day", window.day ?? 7, 1, 7),
    hour: requireIntegerInRange(CONSTRUCT, "maintenanceWindow.hour", window.hour ?? 3, 0, 23),
    updateTrack: oneOf(
      "maintenanceWindow.updateTrack",
      window.updateTrack ?? "stable",
      MAINTENANCE_UPDATE_TRACKS,
    ),
  };

  const extra = props.additionalFlags ?? {};
  for (const flag of Object.keys(extra)) {
    if (flag in ENFORCED_DATABASE_FLAGS) {
      throw new InvalidPropError(
        CONSTRUCT,
        `additionalFlags.${flag}`,
        extra[flag],
        `is set by the kit to "${ENFORCED_DATABASE_FLAGS[flag]}" (SQL-9, SQL-10) and cannot be overridden`,
      );
    }
  }
  const flags = Object.entries({ ...ENFORCED_DATABASE_FLAGS, ...extra }).map(([name, value]) => ({
    name,
    value,
  }));

  return {
    databaseVersion,
    edition,
    tier,
    availabilityType,
    diskSizeGb,
    sslMode,
    backupStartTime,
    retainedBackups,
    transactionLogRetentionDays,
    maintenanceWindow,
    flags,
  };
}

/**
 * The database user name Cloud SQL expects for an IAM principal: the email, and for a service account
 * the email without `.gserviceaccount.com` (PostgreSQL limits role names to 63 bytes).
 */
function iamUserName(
  principal: IPrincipal,
  type: IamDatabaseUserType | undefined,
): { name: string; userType: IamDatabaseUserType } {
  if (!isLiteral(principal.member)) {
    if (!type) {
      throw new InvalidPropError(
        CONSTRUCT,
        "addIamUser(type)",
        type,
        "is required when the member is a Terraform reference: CLOUD_IAM_SERVICE_ACCOUNT, CLOUD_IAM_GROUP or CLOUD_IAM_USER",
      );
    }
    // Terraform strips the prefix (and a service account's domain) at apply time.
    return {
      name: Fn.replace(Fn.replace(principal.member, "/^[a-zA-Z]+:/", ""), ".gserviceaccount.com", ""),
      userType: type,
    };
  }
  const [prefix, email] = principal.member.split(/:(.*)/s);
  const derived = PREFIX_TO_USER_TYPE[prefix];
  if (!derived || !email) {
    throw new InvalidPropError(
      CONSTRUCT,
      "addIamUser(principal).member",
      principal.member,
      "must start with serviceAccount:, group: or user:",
    );
  }
  if (type && type !== derived) {
    throw new InvalidPropError(
      CONSTRUCT,
      "addIamUser(type)",
      type,
      `must match the member's prefix "${prefix}:" (${derived})`,
    );
  }
  return { name: email.replace(/\.gserviceaccount\.com$/, ""), userType: derived };
}
