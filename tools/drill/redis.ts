/**
 * Upstash restore drill: finds the latest completed daily backup of each database (Developer API
 * list-backup) and fails when it is older than allowed; with `--restore`, creates a temporary database,
 * restores that backup into it (restore-backup), checks the database is active, and deletes it in a
 * `finally`. The drill does not read the restored keys (that needs the database's credentials, which it
 * never asks for: every call uses credentials=hide).
 */
import type { Managed } from "../verify/expected";
import type { ApiClient } from "../verify/http";
import type { DrillCheck, DrillRecord } from "../../policy/drill-records";

interface Database {
  readonly database_id: string;
  readonly database_name: string;
  readonly primary_region?: string;
  readonly state?: string;
}

interface Backup {
  readonly backup_id: string;
  readonly creation_time: number;
  readonly state?: string;
  readonly daily_backup?: string;
}

export interface RedisDrillOptions {
  readonly environment: string;
  readonly restore: boolean;
  /** Oldest acceptable daily backup, in hours. @default 26 (a day plus slack) */
  readonly maxBackupAgeHours: number;
  readonly now: () => Date;
}

export async function redisDrill(
  client: ApiClient,
  m: Managed,
  options: RedisDrillOptions,
): Promise<DrillRecord> {
  const started = options.now();
  const checks: DrillCheck[] = [];
  let temporary: { name: string; cleanup: string } | undefined;
  let error: string | undefined;
  try {
    const list = (await client.request<Database[]>("upstash", "/redis/databases")) ?? [];
    const source = list.find((d) => d.database_name === m.name);
    if (!source) throw new Error(`Upstash database ${m.name} not found`);
    const backups =
      (await client.request<Backup[]>(
        "upstash",
        `/redis/list-backup/${encodeURIComponent(source.database_id)}`,
      )) ?? [];
    const daily = backups
      .filter((b) => b.daily_backup === "true" && b.state === "completed")
      .sort((a, b) => b.creation_time - a.creation_time)[0];
    const ageHours = daily ? (started.getTime() / 1000 - daily.creation_time) / 3600 : undefined;
    checks.push({
      name: "latest daily backup recent",
      ok: ageHours !== undefined && ageHours <= options.maxBackupAgeHours,
      detail: daily
        ? `backup ${daily.backup_id} is ${ageHours!.toFixed(1)} h old (allowed ${options.maxBackupAgeHours} h)`
        : "no completed daily backup",
    });
    if (options.restore && daily) {
      const stamp = started.toISOString().replace(/[-:T]/g, "").slice(0, 12);
      const name = `drill-${options.environment}-${m.name}-${stamp}`.slice(0, 60);
      temporary = { name, cleanup: "not created" };
      let tempId: string | undefined;
      try {
        const created = await client.request<Database>("upstash", "/redis/database", {
          method: "POST",
          body: { database_name: name, region: "global", primary_region: source.primary_region, tls: true },
        });
        tempId = created?.database_id;
        if (!tempId || tempId === source.database_id)
          throw new Error("the temporary database was not created");
        await client.request("upstash", `/redis/restore-backup/${encodeURIComponent(tempId)}`, {
          method: "POST",
          body: { backup_id: daily.backup_id },
        });
        const restored = await client.request<Database>(
          "upstash",
          `/redis/database/${encodeURIComponent(tempId)}`,
          { query: { credentials: "hide" } },
        );
        checks.push({
          name: "backup restored into a temporary database",
          ok: restored?.state === "active",
          detail: `${name} is ${restored?.state ?? "unknown"} after restoring ${daily.backup_id}`,
        });
      } finally {
        if (tempId && tempId !== source.database_id) {
          try {
            await client.request("upstash", `/redis/database/${encodeURIComponent(tempId)}`, {
              method: "DELETE",
            });
            temporary = { name, cleanup: "deleted" };
          } catch (err) {
            temporary = {
              name,
              cleanup: `FAILED: ${err instanceof Error ? err.message : String(err)}; delete ${name} in the Upstash console`,
            };
          }
        }
      }
    }
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    checks.push({ name: "drill steps", ok: false, detail: error });
  }
  const finished = options.now();
  const cleanOk = !temporary || temporary.cleanup === "deleted" || temporary.cleanup === "not created";
  return {
    kind: "restore-drill",
    environment: options.environment,
    target: { type: "upstash-redis", name: m.name },
    action: options.restore ? "restore" : "backup-age",
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationSeconds: Math.round((finished.getTime() - started.getTime()) / 1000),
    result: checks.every((c) => c.ok) && cleanOk && !error ? "passed" : "failed",
    checks: temporary
      ? [...checks, { name: "temporary database deleted", ok: cleanOk, detail: temporary.cleanup }]
      : checks,
    ...(temporary ? { temporary } : {}),
  };
}
