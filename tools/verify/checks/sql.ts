/** Cloud SQL instances (SQL-1..6, SQL-8..11) through the Cloud SQL Admin API v1: instances.get, instances.list. */
import type { Finding } from "../../../policy/model";
import { NotFoundError } from "../errors";
import { at, cmekProblem, finding, missing, unmanaged, type LiveCheck, type VerifyContext } from "../context";
import type { Managed } from "../expected";
import { block, blocks } from "./blocks";

const TLS_MODES = ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"];
const MIN_LOG_DAYS = 7;

function judgeInstance(ctx: VerifyContext, m: Managed, live: unknown): Finding[] {
  const out: Finding[] = [];
  const fail = (
    control: string,
    message: string,
    fix = "Run `cdktf deploy` to restore the instance's settings, then find who changed them in the audit logs",
  ) => out.push(finding(m, control, `Cloud SQL instance ${m.name}: ${message}`, fix));
  const settings = block(m.attrs.settings) ?? {};
  const ip = at(live, "settings.ipConfiguration");
  if (at(ip, "ipv4Enabled") !== false) fail("SQL-1", "has a public IPv4 address");
  if (!at(ip, "privateNetwork")) fail("SQL-1", "is not attached to a private network");
  const networks = (at(ip, "authorizedNetworks") as unknown[] | undefined) ?? [];
  if (networks.length) fail("SQL-2", `allows ${networks.length} authorized network(s) to connect`);
  const sslMode = at(ip, "sslMode");
  const wantedSsl = at(block(settings.ip_configuration), "ssl_mode");
  if (
    !TLS_MODES.includes(String(sslMode)) ||
    (wantedSsl === "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" && sslMode !== wantedSsl)
  ) {
    fail(
      "SQL-3",
      `TLS mode is ${String(sslMode ?? "unset")}, expected ${String(wantedSsl ?? TLS_MODES.join(" or "))}`,
    );
  }
  const backup = at(live, "settings.backupConfiguration");
  const wantedBackup = block(settings.backup_configuration);
  if (at(backup, "enabled") !== true) fail("SQL-4", "automated backups are off");
  const retained = Number(at(backup, "backupRetentionSettings.retainedBackups") ?? 0);
  const wantedRetained = Number(at(block(wantedBackup?.backup_retention_settings), "retained_backups") ?? 7);
  if (retained < wantedRetained)
    fail("SQL-4", `keeps ${retained} backups, expected at least ${wantedRetained}`);
  if (at(backup, "pointInTimeRecoveryEnabled") !== true) fail("SQL-5", "point-in-time recovery is off");
  const logDays = Number(at(backup, "transactionLogRetentionDays") ?? 0);
  if (logDays < MIN_LOG_DAYS)
    fail("SQL-5", `keeps ${logDays} days of transaction logs, expected at least ${MIN_LOG_DAYS}`);
  if (at(live, "settings.deletionProtectionEnabled") !== true) fail("SQL-6", "deletion protection is off");
  const cmek = cmekProblem(
    ctx,
    m,
    m.attrs.encryption_key_name,
    at(live, "diskEncryptionConfiguration.kmsKeyName"),
  );
  if (cmek)
    fail(
      "SQL-8",
      cmek,
      "A CMEK cannot be added to an existing instance: restore into a new CMEK instance (see docs/runbook.md)",
    );
  const liveFlags = new Map(
    ((at(live, "settings.databaseFlags") as { name?: string; value?: string }[] | undefined) ?? []).map(
      (f) => [f.name, f.value],
    ),
  );
  for (const flag of blocks(settings.database_flags)) {
    const name = String(flag.name);
    if (liveFlags.get(name) !== String(flag.value)) {
      // IAM database authentication is its own control; every other kit flag is logging (SQL-10).
      fail(
        name === "cloudsql.iam_authentication" ? "SQL-9" : "SQL-10",
        `database flag ${name} is ${liveFlags.has(name) ? `"${liveFlags.get(name)}"` : "unset"}, expected "${String(flag.value)}"`,
      );
    }
  }
  if (settings.availability_type === "REGIONAL" && at(live, "settings.availabilityType") !== "REGIONAL") {
    fail(
      "SQL-11",
      `availability type is ${String(at(live, "settings.availabilityType") ?? "unset")}, expected REGIONAL`,
    );
  }
  return out;
}

export const sqlCheck: LiveCheck = {
  area: "cloud-sql",
  controls: ["SQL-1", "SQL-2", "SQL-3", "SQL-4", "SQL-5", "SQL-6", "SQL-8", "SQL-9", "SQL-10", "SQL-11"],
  role: "roles/cloudsql.viewer",
  notApplicable: (expected) => expected.sqlInstances.length === 0,
  async run(ctx) {
    const out: Finding[] = [];
    for (const m of ctx.expected.sqlInstances) {
      try {
        const live = await ctx.client.request(
          "sqladmin",
          `/projects/${m.project}/instances/${encodeURIComponent(m.name)}`,
        );
        out.push(...judgeInstance(ctx, m, live));
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        out.push(missing(m, "Cloud SQL instance"));
      }
    }
    const managed = new Set(ctx.expected.sqlInstances.map((i) => `${i.project}/${i.name}`));
    for (const project of ctx.expected.projects) {
      const live = await ctx.client.list<{ name: string }>(
        "sqladmin",
        `/projects/${project}/instances`,
        "items",
      );
      for (const instance of live.filter((i) => !managed.has(`${project}/${i.name}`))) {
        out.push(unmanaged(project, "Cloud SQL instance", instance.name));
      }
    }
    return out;
  },
};
