/**
 * `npm run drill -- <env> sql|redis|status [options]`: restore drills and their evidence.
 *   sql      clone each Cloud SQL instance at a point in time, check the clone, delete it
 *   redis    check each Upstash database's latest daily backup; --restore also restores it into a
 *            temporary database and deletes that
 *   status   print the latest restore evidence; exit 1 when a target has no passed drill within --max-age-days
 * Each drill writes a record to <records-dir>/<env>/ and rewrites <records-dir>/<env>/latest.md.
 * Exit codes: 0 drill passed (status: evidence fresh), 1 failed (status: stale), 2 bad input or unreachable API.
 */
import { environmentAuthorizer, READ_WRITE_SCOPE } from "../verify/auth";
import { failureLine, runAsScript, type CliIo } from "../cli-io";
import { isLoopback } from "../verify/endpoints";
import { UsageError } from "../verify/errors";
import { expectedEnvironment, type Expected } from "../verify/expected";
import { ApiClient, type Authorizer } from "../verify/http";
import { COMMON_USAGE, parseCommon } from "../verify/options";
import {
  evidence,
  evidenceMarkdown,
  readRecords,
  writeRecord,
  type DrillRecord,
} from "../../policy/drill-records";
import { redisDrill } from "./redis";
import { sqlDrill } from "./sql";
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

export const USAGE = `usage: npm run drill -- <env> sql|redis|status [options]
  --instance NAME            sql: drill only this Cloud SQL instance (default: every instance of the environment)
  --database NAME            redis: drill only this Upstash database (default: every database of the environment)
  --point-in-time ISO        sql: time to restore to (default: ten minutes ago; must be inside the PITR window)
  --restore                  redis: also restore the latest daily backup into a temporary database (then delete it)
  --records-dir DIR          where drill records go (default drills; records land in DIR/<env>/)
  --max-age-days N           evidence older than N days is stale (default 90)
  --max-backup-age-hours N   redis: oldest acceptable daily backup (default 26)
  --poll-seconds S           seconds between polls of long operations (default 20)
  --max-wait-minutes N       longest wait for a clone or deletion (default 60)
${COMMON_USAGE}
exit codes: 0 passed (status: fresh), 1 failed (status: stale or missing), 2 bad input or an unreachable API`;

const VALUE_FLAGS = [
  "--instance",
  "--database",
  "--point-in-time",
  "--records-dir",
  "--max-age-days",
  "--max-backup-age-hours",
  "--poll-seconds",
  "--max-wait-minutes",
];

function number(
  extra: ReadonlyMap<string, string | true>,
  flag: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = extra.get(flag);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== "string" || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`${flag}: got "${String(raw)}"; allowed: a number from ${min} to ${max}`);
  }
  return n;
}

function targets(expected: Expected) {
  return [
    ...expected.sqlInstances.map((m) => ({ type: "cloud-sql" as const, name: m.name })),
    ...expected.redis.map((m) => ({ type: "upstash-redis" as const, name: m.name })),
  ];
}

function writeLatest(dir: string, expected: Expected, maxAgeDays: number, now: Date) {
  const lines = evidence(readRecords(dir, expected.environment), targets(expected), maxAgeDays, now);
  mkdirSync(join(dir, expected.environment), { recursive: true });
  const markdown = evidenceMarkdown(expected.environment, lines, maxAgeDays);
  writeFileSync(join(dir, expected.environment, "latest.md"), markdown);
  return { lines, markdown };
}

export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  deps: { authorize?: Authorizer; now?: () => Date } = {},
): Promise<number> {
  try {
    if (argv.includes("--help") || argv.includes("-h")) {
      io.stdout(USAGE);
      return 0;
    }
    const options = parseCommon(argv, env, { valueFlags: VALUE_FLAGS, booleanFlags: ["--restore"] });
    const [what, ...more] = options.positional;
    if (!["sql", "redis", "status"].includes(what ?? "") || more.length) {
      throw new UsageError(
        `expected one of sql, redis, status after <env>; got "${options.positional.join(" ")}"`,
      );
    }
    const now = deps.now ?? (() => new Date());
    const dir = String(options.extra.get("--records-dir") ?? "drills");
    const maxAgeDays = number(options.extra, "--max-age-days", 90, 1, 3650);
    const poll = {
      intervalSeconds: number(options.extra, "--poll-seconds", 20, 0.01, 600),
      maxWaitMinutes: number(options.extra, "--max-wait-minutes", 60, 0.01, 24 * 60),
    };
    const expected = expectedEnvironment(options.synthDir, options.environment);
    if (what === "status") {
      const { lines, markdown } = writeLatest(dir, expected, maxAgeDays, now());
      io.stdout(markdown);
      return lines.some((l) => l.stale) ? 1 : 0;
    }
    const client = new ApiClient(
      options.endpoints,
      deps.authorize ?? environmentAuthorizer(env, READ_WRITE_SCOPE),
      options.retry,
    );
    const records: DrillRecord[] = [];
    if (what === "sql") {
      const only = options.extra.get("--instance");
      const instances = expected.sqlInstances.filter((m) => only === undefined || m.name === only);
      if (!instances.length) {
        throw new UsageError(
          `no Cloud SQL instance ${only ? `named "${only}" ` : ""}in environment ${options.environment} (have: ${expected.sqlInstances.map((m) => m.name).join(", ") || "none"})`,
        );
      }
      const rawPit = options.extra.get("--point-in-time");
      const pointInTime = typeof rawPit === "string" ? new Date(rawPit) : undefined;
      if (pointInTime && Number.isNaN(pointInTime.getTime()))
        throw new UsageError(`--point-in-time: got "${String(rawPit)}"; allowed: an ISO 8601 time`);
      for (const m of instances) {
        records.push(
          await sqlDrill(client, m, expected.sqlDatabases.get(m.name) ?? [], {
            environment: options.environment,
            pointInTime,
            now,
            ...poll,
          }),
        );
      }
    } else {
      const only = options.extra.get("--database");
      const databases = expected.redis.filter((m) => only === undefined || m.name === only);
      if (!databases.length) {
        throw new UsageError(
          `no Upstash database ${only ? `named "${only}" ` : ""}in environment ${options.environment} (have: ${expected.redis.map((m) => m.name).join(", ") || "none"})`,
        );
      }
      for (const m of databases) {
        records.push(
          await redisDrill(client, m, {
            environment: options.environment,
            restore: options.extra.get("--restore") === true,
            maxBackupAgeHours: number(options.extra, "--max-backup-age-hours", 26, 1, 24 * 30),
            now,
          }),
        );
      }
    }
    // A drill against the local stand-in proves the tooling, not the backups: mark it so it never counts.
    const rehearsal = Object.values(options.endpoints).some((url) => isLoopback(new URL(url).hostname));
    const marked = records.map((r) => (rehearsal ? { ...r, rehearsal } : r));
    const files = marked.map((r) => writeRecord(dir, r));
    const { lines } = writeLatest(dir, expected, maxAgeDays, now());
    if (options.format === "json") io.stdout(JSON.stringify({ records: marked, files }, null, 2));
    else {
      for (const r of records) {
        io.stdout(
          `${r.result === "passed" ? "PASSED" : "FAILED"}${rehearsal ? " (rehearsal against a loopback endpoint: not evidence)" : ""} ${r.action} drill of ${r.target.type} ${r.target.name} (${r.durationSeconds} s)`,
        );
        for (const c of r.checks) io.stdout(`  ${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
      }
      io.stdout(`records: ${files.join(", ")}; evidence: ${join(dir, options.environment, "latest.md")}`);
      for (const l of lines.filter((x) => x.stale)) {
        io.stderr(
          `warning: ${l.type} ${l.name}: ${l.ageDays === undefined ? "no passed restore drill on record" : `last passed drill ${Math.floor(l.ageDays)} days ago (allowed ${maxAgeDays})`}`,
        );
      }
    }
    return records.every((r) => r.result === "passed") ? 0 : 1;
  } catch (err) {
    io.stderr(failureLine("drill", err));
    return 2;
  }
}

if (require.main === module) runAsScript(main);
