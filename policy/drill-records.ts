/**
 * Drill records: one JSON file per drill under `drills/<env>/` (committed by the team as restore evidence)
 * and `drills/<env>/latest.md`, the latest result per target with a warning when it is older than the
 * allowed age. The compliance report can read the same files (see docs/assurance.md).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface DrillCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface DrillRecord {
  readonly kind: "restore-drill";
  readonly environment: string;
  /** What was restored: a Cloud SQL instance or an Upstash database, by name. */
  readonly target: { readonly type: "cloud-sql" | "upstash-redis"; readonly name: string };
  /** What the drill did: `clone` (Cloud SQL point in time), `backup-age` or `restore` (Upstash). */
  readonly action: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationSeconds: number;
  readonly result: "passed" | "failed";
  readonly checks: readonly DrillCheck[];
  /** The temporary copy and what became of it (`deleted`, or why it could not be). */
  readonly temporary?: { readonly name: string; readonly cleanup: string };
  readonly pointInTime?: string;
  /**
   * True when the drill ran against a loopback endpoint (the local stand-in): shown in latest.md but never
   * counted as restore evidence.
   */
  readonly rehearsal?: boolean;
}

/** Writes the record as `<dir>/<env>/<startedAt>-<type>-<name>.json`; returns the path. */
export function writeRecord(dir: string, record: DrillRecord): string {
  const folder = join(dir, record.environment);
  mkdirSync(folder, { recursive: true });
  const stamp = record.startedAt.replace(/[:.]/g, "-");
  const file = join(folder, `${stamp}-${record.target.type}-${record.target.name}.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

export function readRecords(dir: string, environment: string): DrillRecord[] {
  const folder = join(dir, environment);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(folder, f), "utf8")) as DrillRecord)
    .filter((r) => r.kind === "restore-drill")
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

export interface EvidenceLine {
  readonly type: DrillRecord["target"]["type"];
  readonly name: string;
  readonly latest?: DrillRecord;
  /** Days since the latest passed drill, or undefined when none passed. */
  readonly ageDays?: number;
  readonly stale: boolean;
}

/** The latest drill per target (every managed target listed, drilled or not). */
export function evidence(
  records: readonly DrillRecord[],
  targets: readonly { type: DrillRecord["target"]["type"]; name: string }[],
  maxAgeDays: number,
  now: Date,
): EvidenceLine[] {
  return targets.map(({ type, name }) => {
    const mine = records.filter((r) => r.target.type === type && r.target.name === name);
    const latest = mine.at(-1);
    const passed = mine.filter((r) => r.result === "passed" && !r.rehearsal).at(-1);
    const ageDays = passed ? (now.getTime() - Date.parse(passed.finishedAt)) / 86_400_000 : undefined;
    return { type, name, latest, ageDays, stale: ageDays === undefined || ageDays > maxAgeDays };
  });
}

/** `latest.md`: the restore evidence as a Markdown table, with warnings for stale or missing drills. */
export function evidenceMarkdown(
  environment: string,
  lines: readonly EvidenceLine[],
  maxAgeDays: number,
): string {
  const rows = lines.map((l) => {
    const r = l.latest;
    return `| ${l.type} | ${l.name} | ${r ? r.finishedAt : "never"} | ${r ? r.action : "-"} | ${r ? `${r.result}${r.rehearsal ? " (rehearsal, not evidence)" : ""}` : "-"} | ${r ? `${r.durationSeconds} s` : "-"} | ${l.ageDays === undefined ? "no passed drill" : `${Math.floor(l.ageDays)} days`} |`;
  });
  const warnings = lines
    .filter((l) => l.stale)
    .map(
      (l) =>
        `- WARNING: ${l.type} ${l.name}: ${l.ageDays === undefined ? "no passed restore drill on record" : `last passed restore drill is ${Math.floor(l.ageDays)} days old (allowed ${maxAgeDays})`}`,
    );
  return [
    `# Restore drills: ${environment}`,
    "",
    "Written by `npm run drill`; the JSON records beside this file are the evidence.",
    "",
    "| Target | Name | Latest drill | Action | Result | Duration | Last passed |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    ...(warnings.length ? [...warnings, ""] : [`All targets drilled within ${maxAgeDays} days.`, ""]),
  ].join("\n");
}
