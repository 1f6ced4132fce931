import { ctxOf, judge, res } from "./rules";

type Json = Record<string, unknown>;
const FLAGS: Record<string, string> = {
  "cloudsql.iam_authentication": "on",
  log_connections: "on",
  log_disconnections: "on",
  log_hostname: "on",
  log_checkpoints: "on",
  log_lock_waits: "on",
  log_min_duration_statement: "-1",
  log_statement: "ddl",
  "cloudsql.enable_pgaudit": "on",
  "pgaudit.log": "ddl,role",
};

function db(settings: Json = {}, top: Json = {}, flags: Record<string, string> = FLAGS) {
  return res("google_sql_database_instance.db", {
    database_version: "POSTGRES_16",
    encryption_key_name: "${google_kms_crypto_key.k.id}",
    deletion_protection: true,
    lifecycle: { prevent_destroy: true },
    settings: {
      availability_type: "REGIONAL",
      deletion_protection_enabled: true,
      retain_backups_on_delete: true,
      ip_configuration: {
        ipv4_enabled: false,
        private_network: "${google_compute_network.vpc.id}",
        ssl_mode: "ENCRYPTED_ONLY",
      },
      backup_configuration: {
        enabled: true,
        start_time: "02:00",
        point_in_time_recovery_enabled: true,
        transaction_log_retention_days: 7,
        backup_retention_settings: { retained_backups: 7 },
      },
      database_flags: Object.entries(flags).map(([name, value]) => ({ name, value })),
      maintenance_window: { day: 7, hour: 3 },
      ...settings,
    },
    ...top,
  });
}
const backup = (overrides: Json) => ({
  backup_configuration: {
    enabled: true,
    start_time: "02:00",
    point_in_time_recovery_enabled: true,
    transaction_log_retention_days: 7,
    backup_retention_settings: { retained_backups: 7 },
    ...overrides,
  },
});

describe("Cloud SQL controls, rule by rule", () => {
  it("every SQL control passes on a compliant instance", () => {
    for (const id of [
      "SQL-1",
      "SQL-2",
      "SQL-3",
      "SQL-4",
      "SQL-5",
      "SQL-6",
      "SQL-7",
      "SQL-8",
      "SQL-9",
      "SQL-10",
      "SQL-11",
      "SQL-12",
      "SQL-13",
      "SQL-14",
    ]) {
      expect([id, judge(id, db())]).toEqual([id, "pass"]);
    }
  });

  it("SQL-1: no public IP (unset is public) and a private network", () => {
    expect(judge("SQL-1", db({ ip_configuration: { private_network: "x" } }))).toBe(
      "fail: settings.ip_configuration.ipv4_enabled is unset (public IP)",
    );
    expect(judge("SQL-1", db({ ip_configuration: { ipv4_enabled: "false" } }))).toBe(
      "fail: settings.ip_configuration.private_network is unset",
    );
  });

  it("SQL-2: authorized networks are listed by value", () => {
    expect(
      judge(
        "SQL-2",
        db({ ip_configuration: { authorized_networks: [{ value: "1.2.3.4/32" }, { value: "0.0.0.0/0" }] } }),
      ),
    ).toBe('fail: authorized_networks admits "1.2.3.4/32", "0.0.0.0/0"');
  });

  it("SQL-3: TLS-only SSL modes", () => {
    expect(
      judge("SQL-3", db({ ip_configuration: { ssl_mode: "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" } })),
    ).toBe("pass");
    expect(judge("SQL-3", db({ ip_configuration: { ssl_mode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" } }))).toBe(
      'fail: settings.ip_configuration.ssl_mode is "ALLOW_UNENCRYPTED_AND_ENCRYPTED"',
    );
  });

  it("SQL-4: backups on, with a start time, at least 7 retained; replicas are not applicable", () => {
    expect(judge("SQL-4", db(backup({ enabled: false })))).toBe(
      "fail: settings.backup_configuration.enabled is false",
    );
    expect(judge("SQL-4", db(backup({ start_time: "" })))).toBe(
      "fail: settings.backup_configuration.start_time is unset",
    );
    expect(judge("SQL-4", db(backup({ backup_retention_settings: { retained_backups: 6 } })))).toBe(
      "fail: backup_retention_settings.retained_backups is 6 (at least 7)",
    );
    expect(judge("SQL-4", db(backup({ backup_retention_settings: {} })))).toBe(
      "fail: backup_retention_settings.retained_backups is unset (at least 7)",
    );
    expect(judge("SQL-4", db(backup({ enabled: false }), { master_instance_name: "primary" }))).toBe("n/a");
  });

  it("SQL-5: point-in-time recovery with at least 7 days of logs; replicas are not applicable", () => {
    expect(judge("SQL-5", db(backup({ point_in_time_recovery_enabled: false })))).toBe(
      "fail: point_in_time_recovery_enabled is false",
    );
    expect(judge("SQL-5", db(backup({ transaction_log_retention_days: 6 })))).toBe(
      "fail: transaction_log_retention_days is 6 (at least 7)",
    );
    expect(judge("SQL-5", db(backup({ transaction_log_retention_days: undefined })))).toBe(
      "fail: transaction_log_retention_days is unset (at least 7)",
    );
    expect(judge("SQL-5", db(backup({ enabled: false }), { master_instance_name: "primary" }))).toBe("n/a");
  });

  it("SQL-6: deletion protection in Terraform and at the API, and prevent_destroy", () => {
    expect(judge("SQL-6", db({}, { deletion_protection: undefined }))).toBe("pass");
    expect(judge("SQL-6", db({}, { deletion_protection: "false" }))).toBe(
      'fail: deletion_protection is "false"',
    );
    expect(judge("SQL-6", db({ deletion_protection_enabled: false }))).toBe(
      "fail: settings.deletion_protection_enabled is false",
    );
    expect(judge("SQL-6", db({}, { lifecycle: {} }))).toBe("fail: lifecycle.prevent_destroy is not true");
  });

  it("SQL-7: backups retained on delete, or a final backup; replicas are not applicable", () => {
    expect(judge("SQL-7", db({ retain_backups_on_delete: false }))).toBe(
      "fail: settings.retain_backups_on_delete is false",
    );
    expect(
      judge("SQL-7", db({ retain_backups_on_delete: false, final_backup_config: { enabled: true } })),
    ).toBe("pass");
    expect(judge("SQL-7", db({ retain_backups_on_delete: false }, { master_instance_name: "primary" }))).toBe(
      "n/a",
    );
  });

  it("SQL-8: CMEK", () => {
    expect(judge("SQL-8", db({}, { encryption_key_name: undefined }))).toBe(
      "fail: encryption_key_name is unset (Google-managed key)",
    );
  });

  it("SQL-9 and SQL-10 apply to PostgreSQL only", () => {
    const mysql = db({}, { database_version: "MYSQL_8_0" }, {});
    expect(judge("SQL-9", mysql)).toBe("n/a");
    expect(judge("SQL-10", mysql)).toBe("n/a");
    expect(judge("SQL-9", db({}, { database_version: undefined }))).toBe("n/a");
  });

  it("SQL-9: IAM authentication flag on (any case)", () => {
    expect(judge("SQL-9", db({}, {}, { ...FLAGS, "cloudsql.iam_authentication": "ON" }))).toBe("pass");
    expect(judge("SQL-9", db({}, {}, { ...FLAGS, "cloudsql.iam_authentication": "off" }))).toBe(
      'fail: flag cloudsql.iam_authentication is "off"',
    );
    const { "cloudsql.iam_authentication": _omitted, ...rest } = FLAGS;
    expect(judge("SQL-9", db({}, {}, rest))).toBe("fail: flag cloudsql.iam_authentication is unset");
  });

  it("SQL-10: each logging flag with its allowed values, all wrong ones listed", () => {
    expect(judge("SQL-10", db({}, {}, { ...FLAGS, log_statement: "NONE" }))).toBe("pass");
    expect(judge("SQL-10", db({}, {}, { ...FLAGS, log_statement: "all" }))).toBe(
      'fail: flags: log_statement is "all" (want ddl or none)',
    );
    expect(judge("SQL-10", db({}, {}, { ...FLAGS, log_statement: "mod", log_connections: "off" }))).toBe(
      'fail: flags: log_connections is "off" (want on); log_statement is "mod" (want ddl or none)',
    );
    const { log_hostname: _hostname, ...noHostname } = FLAGS;
    expect(judge("SQL-10", db({}, {}, noHostname))).toBe("fail: flags: log_hostname is unset (want on)");
    const { log_lock_waits: _omitted, ...rest } = FLAGS;
    expect(judge("SQL-10", db({}, {}, rest))).toBe("fail: flags: log_lock_waits is unset (want on)");
  });

  it("SQL-10: pgAudit logs classes without read or write (all includes both), and logs something", () => {
    expect(judge("SQL-10", db({}, {}, { ...FLAGS, "pgaudit.log": "DDL, role, -misc" }))).toBe("pass");
    expect(judge("SQL-10", db({}, {}, { ...FLAGS, "pgaudit.log": "ddl,write" }))).toBe(
      'fail: flags: pgaudit.log is "ddl,write": write logs statements with customer data',
    );
    expect(judge("SQL-10", db({}, {}, { ...FLAGS, "pgaudit.log": "all,-read,-write" }))).toBe(
      'fail: flags: pgaudit.log is "all,-read,-write": all logs statements with customer data',
    );
    expect(judge("SQL-10", db({}, {}, { ...FLAGS, "pgaudit.log": "READ" }))).toBe(
      'fail: flags: pgaudit.log is "READ": read logs statements with customer data',
    );
    expect(judge("SQL-10", db({}, {}, { ...FLAGS, "pgaudit.log": "none" }))).toBe(
      'fail: flags: pgaudit.log is "none" (want classes such as ddl,role)',
    );
    const { "pgaudit.log": _classes, ...noClasses } = FLAGS;
    expect(judge("SQL-10", db({}, {}, noClasses))).toBe(
      "fail: flags: pgaudit.log is unset (want classes such as ddl,role)",
    );
  });

  it("SQL-12: Query Insights without client addresses (unset or false); anything else is a finding", () => {
    expect(judge("SQL-12", db({ insights_config: { query_insights_enabled: true } }))).toBe("pass");
    expect(judge("SQL-12", db({ insights_config: { record_client_address: "false" } }))).toBe("pass");
    expect(judge("SQL-12", db({ insights_config: { record_client_address: true } }))).toBe(
      "fail: settings.insights_config.record_client_address is true",
    );
    expect(judge("SQL-12", db({ insights_config: { record_client_address: "${var.addresses}" } }))).toMatch(
      /^fail: settings\.insights_config\.record_client_address is /,
    );
  });

  it("SQL-13: a maintenance window with a day 1-7 and an hour 0-23 (a replica follows its primary)", () => {
    expect(judge("SQL-13", db({ maintenance_window: [{ day: "1", hour: 0 }] }))).toBe("pass");
    expect(judge("SQL-13", db({ maintenance_window: undefined }))).toBe(
      "fail: settings.maintenance_window is unset (Cloud SQL picks the time)",
    );
    expect(judge("SQL-13", db({ maintenance_window: { hour: 3 } }))).toBe(
      "fail: settings.maintenance_window.day is unset (want 1-7)",
    );
    expect(judge("SQL-13", db({ maintenance_window: { day: 8, hour: 3 } }))).toBe(
      "fail: settings.maintenance_window.day is 8 (want 1-7)",
    );
    expect(judge("SQL-13", db({ maintenance_window: { day: 1, hour: 24 } }))).toBe(
      "fail: settings.maintenance_window.hour is 24 (want 0-23)",
    );
    expect(
      judge(
        "SQL-13",
        db(
          { maintenance_window: undefined },
          { master_instance_name: "${google_sql_database_instance.p.name}" },
        ),
      ),
    ).toBe("n/a");
  });

  it("SQL-14: PostgreSQL 14 to 18; older majors and an unknown version are findings; other engines n/a", () => {
    for (const version of ["POSTGRES_14", "POSTGRES_18"])
      expect(judge("SQL-14", db({}, { database_version: version }))).toBe("pass");
    expect(judge("SQL-14", db({}, { database_version: "POSTGRES_13" }))).toBe(
      'fail: database_version is "POSTGRES_13" (supported: POSTGRES_14, POSTGRES_15, POSTGRES_16, POSTGRES_17, POSTGRES_18)',
    );
    expect(judge("SQL-14", db({}, { database_version: "POSTGRES_9_6" }))).toMatch(
      /^fail: database_version is "POSTGRES_9_6"/,
    );
    expect(judge("SQL-14", db({}, { database_version: undefined }))).toBe("fail: database_version is unset");
    expect(judge("SQL-14", db({}, { database_version: "MYSQL_8_0" }))).toBe("n/a");
  });

  it("SQL-11: REGIONAL in production only", () => {
    const zonal = db({ availability_type: "ZONAL" });
    expect(judge("SQL-11", zonal)).toBe(
      'fail: settings.availability_type is "ZONAL" in a production environment',
    );
    expect(judge("SQL-11", zonal, ctxOf([zonal], { production: false }))).toBe("n/a");
  });
});
