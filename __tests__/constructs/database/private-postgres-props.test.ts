import { Fn, TerraformStack } from "cdktf";
import { PrivatePostgres, type PrivatePostgresProps } from "../../../constructs/database/private-postgres";
import { Principal } from "../../../constructs/iam/principal";
import { KeyChain } from "../../../constructs/kms/key-chain";
import { SecureNetwork } from "../../../constructs/network/secure-network";
import { REGION_ALLOWED } from "../../../core/rules/regions";
import { constructTestStack, onlyResource, synth } from "../../support/synth";

function attempt(overrides: Record<string, unknown>, keyLocation = "europe-west1"): () => PrivatePostgres {
  return () => {
    const stack = constructTestStack();
    const network = new SecureNetwork(stack, "net", {
      name: "vpc",
      region: "europe-west1",
      subnets: [{ name: "workloads", cidr: "10.10.0.0/20" }],
      privateServiceAccessRange: "10.100.0.0/16",
    });
    const key = new KeyChain(stack, "keys", { ringNamePrefix: "test" }).keyFor("database", keyLocation);
    return new PrivatePostgres(stack, "db", {
      name: "app-postgres",
      region: "europe-west1",
      network,
      encryptionKey: key,
      ...overrides,
    } as PrivatePostgresProps);
  };
}

describe("PrivatePostgres refuses bad props before synthesis", () => {
  it("SQL-3: refuses an SSL mode that accepts plaintext", () => {
    expect(attempt({ sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" })).toThrow(
      'PrivatePostgres: sslMode: got "ALLOW_UNENCRYPTED_AND_ENCRYPTED"; must be one of: TRUSTED_CLIENT_CERTIFICATE_REQUIRED, ENCRYPTED_ONLY',
    );
  });

  it("refuses versions outside POSTGRES_14..18 and MySQL", () => {
    expect(attempt({ databaseVersion: "POSTGRES_13" })).toThrow(
      'databaseVersion: got "POSTGRES_13"; must be one of: POSTGRES_14, POSTGRES_15, POSTGRES_16, POSTGRES_17, POSTGRES_18',
    );
    expect(attempt({ databaseVersion: "MYSQL_8_0" })).toThrow('databaseVersion: got "MYSQL_8_0"');
  });

  it("refuses tiers PostgreSQL or the edition does not offer", () => {
    expect(attempt({ tier: "db-n1-standard-2" })).toThrow(
      'tier: got "db-n1-standard-2"; ENTERPRISE needs db-custom-<vCPUs>-<memory MiB>',
    );
    expect(attempt({ tier: "db-custom-3-7680" })).toThrow(
      "the vCPU count of a custom tier must be 1 or an even number",
    );
    expect(attempt({ tier: "db-custom-2-3000" })).toThrow(
      "memory of a 2-vCPU custom tier must be a multiple of 256 MiB from 3840 to 13312",
    );
    expect(attempt({ edition: "ENTERPRISE_PLUS", tier: "db-custom-2-7680" })).toThrow(
      'tier: got "db-custom-2-7680"; ENTERPRISE_PLUS needs db-perf-optimized-N-<vCPUs>',
    );
  });

  it("SQL-4: refuses retained backups outside 7-365 (at least a week of dailies) and a bad start time", () => {
    expect(attempt({ backup: { retainedBackups: 0 } })).toThrow(
      "backup.retainedBackups: got 0; must be a whole number from 7 to 365",
    );
    expect(attempt({ backup: { retainedBackups: 366 } })).toThrow("backup.retainedBackups: got 366");
    expect(attempt({ backup: { retainedBackups: 6 } })).toThrow(
      "backup.retainedBackups: got 6; must be a whole number from 7 to 365",
    );
    expect(attempt({ backup: { startTime: "2:00" } })).toThrow(
      'backup.startTime: got "2:00"; must be HH:MM in 24-hour UTC',
    );
  });

  it("SQL-5: refuses fewer than 7 days of logs, and more than ENTERPRISE allows", () => {
    expect(attempt({ backup: { transactionLogRetentionDays: 3 } })).toThrow(
      "backup.transactionLogRetentionDays: got 3; must be a whole number from 7 to 7",
    );
    expect(attempt({ backup: { transactionLogRetentionDays: 14 } })).toThrow(
      "backup.transactionLogRetentionDays: got 14; must be a whole number from 7 to 7",
    );
  });

  it("SQL-8: refuses a key outside the instance's region", () => {
    expect(attempt({}, "europe")).toThrow(
      'PrivatePostgres: encryptionKey: got "europe"; the key must be in the instance\'s region "europe-west1"',
    );
  });

  it("SQL-9/10: refuses overriding an enforced flag", () => {
    expect(attempt({ additionalFlags: { log_statement: "all" } })).toThrow(
      'additionalFlags.log_statement: got "all"; is set by the kit to "ddl" (SQL-9, SQL-10) and cannot be overridden',
    );
  });

  it("refuses a bad availability type, maintenance window and name", () => {
    expect(attempt({ availabilityType: "MULTI" })).toThrow(
      'availabilityType: got "MULTI"; must be one of: REGIONAL, ZONAL',
    );
    expect(attempt({ maintenanceWindow: { day: 8 } })).toThrow(
      "maintenanceWindow.day: got 8; must be a whole number from 1 to 7",
    );
    expect(attempt({ name: "Prod_DB" })).toThrow('name: got "Prod_DB"; must be 1-63 lowercase letters');
  });

  it("SQL-9: refuses IAM users it cannot type", () => {
    const database = attempt({})();
    // (Principal itself refuses domain: members, which are not named identities.)
    expect(() => database.addIamUser(Principal.fromMember("principal://iam.googleapis.com/x"))).toThrow(
      'addIamUser(principal).member: got "principal://iam.googleapis.com/x"; must start with serviceAccount:, group: or user:',
    );
    expect(() => database.addIamUser(Principal.fromMember("group:g@example.com"), "CLOUD_IAM_USER")).toThrow(
      'addIamUser(type): got "CLOUD_IAM_USER"; must match the member\'s prefix "group:" (CLOUD_IAM_GROUP)',
    );
  });
});

describe("PrivatePostgres validates each field exactly", () => {
  const NAME = "must be 1-63 lowercase letters, digits or hyphens, starting with a letter";
  it.each([
    [{ name: "db; x" }, `PrivatePostgres: name: got "db; x"; ${NAME}`],
    [{ name: "; db" }, `PrivatePostgres: name: got "; db"; ${NAME}`],
    [{ name: "db-" }, `PrivatePostgres: name: got "db-"; ${NAME}`],
    [{ region: "europe-west1; x" }, `PrivatePostgres: region: got "europe-west1; x"; ${REGION_ALLOWED}`],
    [{ region: "x europe-west1" }, `PrivatePostgres: region: got "x europe-west1"; ${REGION_ALLOWED}`],
    [
      { edition: "STANDARD" },
      'PrivatePostgres: edition: got "STANDARD"; must be one of: ENTERPRISE, ENTERPRISE_PLUS',
    ],
    [
      { sslMode: "NONE" },
      'PrivatePostgres: sslMode: got "NONE"; must be one of: TRUSTED_CLIENT_CERTIFICATE_REQUIRED, ENCRYPTED_ONLY (ALLOW_UNENCRYPTED_AND_ENCRYPTED would accept plaintext connections; SQL-3)',
    ],
    [{ diskSizeGb: 9 }, "PrivatePostgres: diskSizeGb: got 9; must be a whole number from 10 to 65536"],
    [
      { diskSizeGb: 65537 },
      "PrivatePostgres: diskSizeGb: got 65537; must be a whole number from 10 to 65536",
    ],
    [
      { backup: { startTime: "02:00; x" } },
      'PrivatePostgres: backup.startTime: got "02:00; x"; must be HH:MM in 24-hour UTC, e.g. 02:00',
    ],
    [
      { backup: { startTime: "x 02:00" } },
      'PrivatePostgres: backup.startTime: got "x 02:00"; must be HH:MM in 24-hour UTC, e.g. 02:00',
    ],
    [
      { backup: { startTime: "24:00" } },
      'PrivatePostgres: backup.startTime: got "24:00"; must be HH:MM in 24-hour UTC, e.g. 02:00',
    ],
    [
      { edition: "ENTERPRISE_PLUS", backup: { transactionLogRetentionDays: 36 } },
      "PrivatePostgres: backup.transactionLogRetentionDays: got 36; must be a whole number from 7 to 35",
    ],
    [
      { maintenanceWindow: { day: 0 } },
      "PrivatePostgres: maintenanceWindow.day: got 0; must be a whole number from 1 to 7",
    ],
    [
      { maintenanceWindow: { hour: 24 } },
      "PrivatePostgres: maintenanceWindow.hour: got 24; must be a whole number from 0 to 23",
    ],
    [
      { maintenanceWindow: { hour: -1 } },
      "PrivatePostgres: maintenanceWindow.hour: got -1; must be a whole number from 0 to 23",
    ],
    [
      { maintenanceWindow: { updateTrack: "preview" } },
      'PrivatePostgres: maintenanceWindow.updateTrack: got "preview"; must be one of: stable, canary, week5',
    ],
    [
      { additionalFlags: { "cloudsql.iam_authentication": "off" } },
      'PrivatePostgres: additionalFlags.cloudsql.iam_authentication: got "off"; is set by the kit to "on" (SQL-9, SQL-10) and cannot be overridden',
    ],
    [
      { tier: "db-custom-3-7680" },
      'PrivatePostgres: tier: got "db-custom-3-7680"; the vCPU count of a custom tier must be 1 or an even number from 2 to 96',
    ],
  ])("refuses %j", (overrides, message) => {
    expect(attempt(overrides)).toThrow(message);
  });

  it("accepts the boundaries", () => {
    expect(
      attempt({
        name: "a",
        diskSizeGb: 10,
        backup: { startTime: "23:59", retainedBackups: 365 },
        maintenanceWindow: { day: 1, hour: 0, updateTrack: "week5" },
      }),
    ).not.toThrow();
    expect(
      attempt({
        name: "a".repeat(63),
        diskSizeGb: 65536,
        edition: "ENTERPRISE_PLUS",
        backup: { startTime: "00:00", retainedBackups: 7, transactionLogRetentionDays: 35 },
        maintenanceWindow: { day: 7, hour: 23 },
      }),
    ).not.toThrow();
  });

  it.each(["app; drop", "; app", "9app", "App", ""])("refuses database name %j", (name) => {
    const database = attempt({})();
    expect(() => database.addDatabase(name)).toThrow(
      `PrivatePostgres: addDatabase(name): got ${JSON.stringify(name)}; must be 1-63 lowercase letters, digits or '_', not starting with a digit`,
    );
  });

  it("SQL-9: an IAM user for a Terraform reference needs its type", () => {
    const database = attempt({})();
    const reference = Principal.fromMember(
      Fn.join("", ["serviceAccount:", "app@p.iam.gserviceaccount.com"]),
      "app",
    );
    expect(() => database.addIamUser(reference)).toThrow(
      "PrivatePostgres: addIamUser(type): got undefined; is required when the member is a Terraform reference: CLOUD_IAM_SERVICE_ACCOUNT, CLOUD_IAM_GROUP or CLOUD_IAM_USER",
    );
    database.addIamUser(reference, "CLOUD_IAM_SERVICE_ACCOUNT");
    const user = onlyResource(synth(TerraformStack.of(database)), "google_sql_user");
    expect(user.type).toBe("CLOUD_IAM_SERVICE_ACCOUNT");
    expect(user.name).toBe(
      '${replace(replace(join("", ["serviceAccount:", "app@p.iam.gserviceaccount.com"]), "/^[a-zA-Z]+:/", ""), ".gserviceaccount.com", "")}',
    );
  });

  it("SQL-9: refuses a member with a known prefix but no email", () => {
    const database = attempt({})();
    expect(() => database.addIamUser({ member: "user:", principalId: "empty-user" })).toThrow(
      'PrivatePostgres: addIamUser(principal).member: got "user:"; must start with serviceAccount:, group: or user:',
    );
  });

  it("SQL-9: accepts a type that matches the member's prefix", () => {
    const database = attempt({})();
    expect(() =>
      database.addIamUser(Principal.fromMember("user:ana@example.com"), "CLOUD_IAM_USER"),
    ).not.toThrow();
  });
});
