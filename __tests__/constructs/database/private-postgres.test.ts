import { TerraformStack } from "cdktf";
import { PrivatePostgres, type PrivatePostgresProps } from "../../../constructs/database/private-postgres";
import { Principal } from "../../../constructs/iam/principal";
import { KeyChain } from "../../../constructs/kms/key-chain";
import { SecureNetwork } from "../../../constructs/network/secure-network";
import {
  constructTestStack,
  onlyResource,
  resourcesOf,
  synth,
  type SynthesizedStack,
  resourceAt,
} from "../../support/synth";
import { addressOf, waitsAfter } from "../../support/graph";

type Resource = Record<string, unknown>;

function build(overrides: Partial<PrivatePostgresProps> = {}): {
  stack: TerraformStack;
  database: PrivatePostgres;
} {
  const stack = constructTestStack();
  const network = new SecureNetwork(stack, "net", {
    name: "vpc",
    region: "europe-west1",
    subnets: [{ name: "workloads", cidr: "10.10.0.0/20" }],
    privateServiceAccessRange: "10.100.0.0/16",
  });
  const keys = new KeyChain(stack, "keys", { ringNamePrefix: "test" });
  const database = new PrivatePostgres(stack, "db", {
    name: "app-postgres",
    region: "europe-west1",
    network,
    encryptionKey: keys.keyFor("database", "europe-west1"),
    ...overrides,
  });
  return { stack, database };
}

function flagsOf(settings: Resource): Record<string, string> {
  return Object.fromEntries(
    (settings.database_flags as { name: string; value: string }[]).map((f) => [f.name, f.value]),
  );
}

describe("PrivatePostgres with defaults", () => {
  let json: SynthesizedStack;
  let instance: Resource;
  let settings: Resource;
  beforeAll(() => {
    const { stack, database } = build();
    database.addIamUser(Principal.fromMember("serviceAccount:app@acme-test-dev.iam.gserviceaccount.com"));
    database.addIamUser(Principal.fromMember("group:dba@example.com"));
    database.addDatabase("app");
    json = synth(stack);
    instance = onlyResource(json, "google_sql_database_instance");
    settings = instance.settings as Resource;
  });

  it("DATA-1: classified restricted by default, in user labels beside the caller's", () => {
    expect(settings.user_labels).toEqual({ data_classification: "restricted" });
    const { stack } = build({ labels: { team: "ledger" }, dataClassification: "confidential" });
    const labelled = onlyResource(synth(stack), "google_sql_database_instance").settings as Resource;
    expect(labelled.user_labels).toEqual({ team: "ledger", data_classification: "confidential" });
  });

  it("DATA-1: refuses a classification outside the four, or one set through labels", () => {
    expect(() => build({ dataClassification: "PHI" as never })).toThrow(
      'PrivatePostgres: dataClassification: got "PHI"; must be one of restricted, confidential, internal, public',
    );
    expect(() => build({ labels: { data_classification: "public" } })).toThrow(
      'PrivatePostgres: labels.data_classification: got "public"; is set from the dataClassification prop',
    );
  });

  it("SQL-1: private IP only, on the network's private service access range", () => {
    const ip = settings.ip_configuration as Resource;
    expect(ip.ipv4_enabled).toBe(false);
    expect(ip.private_network).toMatch(/^\$\{google_compute_network\..*\.id\}$/);
    expect(ip.allocated_ip_range).toMatch(/^\$\{google_compute_global_address\..*\.name\}$/);
    expect(instance.depends_on).toContainEqual(
      expect.stringMatching(/^google_service_networking_connection\./),
    );
  });

  it("SQL-2: no authorized networks", () => {
    expect((settings.ip_configuration as Resource).authorized_networks).toEqual([]);
  });

  it("SQL-3: TLS with trusted client certificates required", () => {
    expect((settings.ip_configuration as Resource).ssl_mode).toBe("TRUSTED_CLIENT_CERTIFICATE_REQUIRED");
  });

  it("SQL-4: daily backups at a fixed time, 30 retained by count", () => {
    const backup = settings.backup_configuration as Resource;
    expect(backup.enabled).toBe(true);
    expect(backup.start_time).toBe("02:00");
    expect(backup.backup_retention_settings).toEqual({ retained_backups: 30, retention_unit: "COUNT" });
  });

  it("SQL-5: point-in-time recovery with 7 days of transaction logs", () => {
    const backup = settings.backup_configuration as Resource;
    expect(backup.point_in_time_recovery_enabled).toBe(true);
    expect(backup.transaction_log_retention_days).toBe(7);
  });

  it("SQL-6: deletion protection in Terraform, at the API, and prevent_destroy", () => {
    expect(instance.deletion_protection).toBe(true);
    expect(settings.deletion_protection_enabled).toBe(true);
    expect(instance.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("SQL-7: backups retained after the instance is deleted", () => {
    expect(settings.retain_backups_on_delete).toBe(true);
  });

  it("SQL-8: CMEK with the Cloud SQL service agent granted on the key first", () => {
    expect(instance.encryption_key_name).toMatch(/^\$\{google_kms_crypto_key\..*\.id\}$/);
    const grant = onlyResource(json, "google_kms_crypto_key_iam_member");
    expect(grant.role).toBe("roles/cloudkms.cryptoKeyEncrypterDecrypter");
    expect(grant.member).toMatch(/google_project_service_identity\.service-agents_sqladmin_.*\.member/);
    expect(waitsAfter(json, addressOf(json, instance), /^google_kms_crypto_key_iam_member\./)).toBe(true);
  });

  it("SQL-9: IAM database authentication on", () => {
    expect(flagsOf(settings)["cloudsql.iam_authentication"]).toBe("on");
  });

  it("SQL-10: connection, checkpoint and lock logging, no statement logging, DDL and pgAudit", () => {
    expect(flagsOf(settings)).toMatchObject({
      log_connections: "on",
      log_disconnections: "on",
      log_hostname: "on",
      log_checkpoints: "on",
      log_lock_waits: "on",
      log_min_duration_statement: "-1",
      log_statement: "ddl",
      "cloudsql.enable_pgaudit": "on",
      "pgaudit.log": "ddl,role",
    });
  });

  it("SQL-12: Query Insights records no client address unless asked by name", () => {
    expect(settings.insights_config).toMatchObject({ record_client_address: false });
  });

  it("SQL-11: REGIONAL availability unless told otherwise", () => {
    expect(settings.availability_type).toBe("REGIONAL");
  });

  it("uses a supported version, edition and tier; query insights and a maintenance window are set", () => {
    expect(instance.database_version).toBe("POSTGRES_18");
    expect(settings.edition).toBe("ENTERPRISE");
    expect(settings.tier).toBe("db-custom-2-7680");
    expect(settings.insights_config).toMatchObject({ query_insights_enabled: true });
    expect(settings.maintenance_window).toEqual({ day: 7, hour: 3, update_track: "stable" });
  });

  it("SQL-9: IAM users are typed from the member and named as Cloud SQL expects", () => {
    const sa = resourceAt(
      json,
      "google_sql_user",
      "iam-user-serviceaccount-app-acme-test-dev-iam-gserviceaccount-com",
    );
    expect(sa).toMatchObject({ type: "CLOUD_IAM_SERVICE_ACCOUNT", name: "app@acme-test-dev.iam" });
    const group = resourceAt(json, "google_sql_user", "iam-user-group-dba-example-com");
    expect(group).toMatchObject({ type: "CLOUD_IAM_GROUP", name: "dba@example.com" });
    for (const user of Object.values(resourcesOf(json, "google_sql_user")))
      expect(user.password).toBeUndefined();
  });

  it("SQL-9: IAM users may connect to and log in to this instance only (conditional bindings)", () => {
    const bindings = Object.values(resourcesOf(json, "google_project_iam_member"));
    expect(bindings.map((b) => b.role).sort()).toEqual([
      "roles/cloudsql.client",
      "roles/cloudsql.client",
      "roles/cloudsql.instanceUser",
      "roles/cloudsql.instanceUser",
    ]);
    for (const binding of bindings) {
      expect((binding.condition as Resource).expression).toMatch(
        /^resource\.service == "sqladmin\.googleapis\.com" && resource\.name\.endsWith\("\/instances\/[a-z0-9-]+"\)$/,
      );
    }
  });

  it("databases are retained like the instance", () => {
    expect(onlyResource(json, "google_sql_database")).toMatchObject({
      name: "app",
      lifecycle: { prevent_destroy: true },
    });
  });

  it("matches the reviewed snapshot", () => {
    expect(instance).toMatchSnapshot();
  });
});

describe("PrivatePostgres with options", () => {
  let instance: Resource;
  let settings: Resource;
  beforeAll(() => {
    const { stack } = build({
      availabilityType: "ZONAL",
      sslMode: "ENCRYPTED_ONLY",
      edition: "ENTERPRISE_PLUS",
      databaseVersion: "POSTGRES_17",
      backup: {
        startTime: "23:30",
        retainedBackups: 30,
        transactionLogRetentionDays: 7,
        location: "europe-west1",
      },
      additionalFlags: { "pgaudit.log_relation": "on" },
      recordClientAddress: true,
      allowDestroy: true,
    });
    instance = onlyResource(synth(stack), "google_sql_database_instance");
    settings = instance.settings as Resource;
  });

  it("SQL-3: ENCRYPTED_ONLY is the documented alternative", () => {
    expect((settings.ip_configuration as Resource).ssl_mode).toBe("ENCRYPTED_ONLY");
  });

  it("SQL-11: ZONAL when asked (non-production)", () => {
    expect(settings.availability_type).toBe("ZONAL");
  });

  it("SQL-4, SQL-5: backup schedule, retention and location follow the props", () => {
    expect(settings.backup_configuration).toMatchObject({
      start_time: "23:30",
      location: "europe-west1",
      transaction_log_retention_days: 7,
      backup_retention_settings: { retained_backups: 30, retention_unit: "COUNT" },
    });
  });

  it("ENTERPRISE_PLUS gets a perf-optimized tier by default", () => {
    expect(settings.tier).toBe("db-perf-optimized-N-2");
    expect(instance.database_version).toBe("POSTGRES_17");
  });

  it("additional flags are added beside the enforced ones", () => {
    expect(flagsOf(settings)).toMatchObject({
      "pgaudit.log_relation": "on",
      "cloudsql.iam_authentication": "on",
    });
  });

  it("SQL-12 opt-in: recordClientAddress turns client addresses on", () => {
    expect(settings.insights_config).toMatchObject({ record_client_address: true });
  });

  it("SQL-6 opt-out turns off both protections, SQL-7 still keeps backups", () => {
    expect(instance.deletion_protection).toBe(false);
    expect(settings.deletion_protection_enabled).toBe(false);
    expect(instance.lifecycle).toEqual({ prevent_destroy: false });
    expect(settings.retain_backups_on_delete).toBe(true);
  });
});
