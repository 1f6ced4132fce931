/** The compliance report of one stack: `controls.json` (machines) and `compliance-report.md` (reviewers). */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { flowDiagram } from "./diagram";
import { evidence, readRecords, type DrillRecord, type EvidenceLine } from "./drill-records";
import { SOURCE_DOCUMENTS } from "./controls/helpers";
import { manualDutiesOf } from "./manual-duties";
import type { ControlResult, StackReport } from "./model";

export const CONTROLS_FILE = "controls.json";
export const MARKDOWN_FILE = "compliance-report.md";

function counts(report: StackReport) {
  const of = (status: ControlResult["status"]) => report.results.filter((r) => r.status === status).length;
  return {
    pass: of("pass"),
    fail: of("fail"),
    suppressed: of("suppressed"),
    notApplicable: of("not-applicable"),
  };
}

/** The `controls.json` document. */
export function controlsDocument(report: StackReport) {
  return {
    stack: report.stack,
    file: report.file,
    pack: report.settings.pack,
    environment: report.settings.environment ?? null,
    production: report.settings.production,
    summary: counts(report),
    controls: report.results.map((r) => ({
      id: r.control.id,
      title: r.control.title,
      severity: r.control.severity,
      status: r.status,
      packs: r.control.packs,
      why: r.control.why,
      fix: r.control.fix,
      satisfiedBy: r.satisfiedBy,
      findings: r.findings.map((f) => ({
        resource: f.resource,
        path: f.path,
        severity: f.severity,
        message: f.message,
      })),
      exceptions: r.suppressed.map((s) => ({
        resource: s.resource,
        path: s.path,
        message: s.message,
        reason: s.exception.reason,
        owner: s.exception.owner,
        expires: s.exception.expires,
        source: s.exception.source,
      })),
      mappings: r.control.mappings,
    })),
    unusedExceptions: report.unusedExceptions,
    manualDuties: manualDutiesOf(report.settings.pack),
  };
}

const STATUS_TEXT: Record<ControlResult["status"], string> = {
  pass: "pass",
  fail: "**FAIL**",
  suppressed: "suppressed",
  "not-applicable": "n/a",
};

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function codeList(items: readonly string[], max = 6): string {
  if (!items.length) return "";
  const shown = items.slice(0, max).map((a) => `\`${a}\``);
  return cell(shown.join("<br>") + (items.length > max ? `<br>+${items.length - max} more` : ""));
}

/** Where `npm run drill` keeps its records (`drills/<env>/*.json`), the restore evidence. */
export const DRILLS_DIR = join(__dirname, "..", "drills");
/** A restore drill older than this (or none) is flagged in the report (the source documents: "tested periodically"). */
export const MAX_DRILL_AGE_DAYS = 90;

/** What a stack holds that a restore drill can exercise: its Cloud SQL instances and Upstash databases. */
export function restoreTargets(report: StackReport): { type: DrillRecord["target"]["type"]; name: string }[] {
  return report.resources.flatMap((r) => {
    const name =
      r.type === "google_sql_database_instance"
        ? r.attrs.name
        : r.type === "upstash_redis_database"
          ? r.attrs.database_name
          : undefined;
    if (typeof name !== "string" || name.includes("${")) return [];
    return [
      { type: r.type === "google_sql_database_instance" ? "cloud-sql" : "upstash-redis", name },
    ] as const;
  });
}

/** The latest restore drill of each of the stack's targets, from the committed drill records. */
export function restoreEvidence(
  report: StackReport,
  drillsDir = DRILLS_DIR,
  now = new Date(),
): EvidenceLine[] {
  const targets = restoreTargets(report);
  if (!targets.length || !report.settings.environment) return [];
  return evidence(readRecords(drillsDir, report.settings.environment), targets, MAX_DRILL_AGE_DAYS, now);
}

function restoreEvidenceSection(lines: readonly EvidenceLine[]): string[] {
  if (!lines.length) return [];
  return [
    "",
    "## Restore evidence",
    "",
    `The latest restore drill of each database (\`npm run drill\`, records in \`drills/\`); one is due every ${MAX_DRILL_AGE_DAYS} days.`,
    "",
    "| target | name | latest drill | result | last passed |",
    "|---|---|---|---|---|",
    ...lines.map(
      (l) =>
        `| ${l.type} | \`${l.name}\` | ${l.latest ? l.latest.finishedAt : "never"} | ${l.latest ? `${l.latest.result}${l.latest.rehearsal ? " (rehearsal, not evidence)" : ""}` : "-"} | ${l.ageDays === undefined ? "**no passed drill**" : `${Math.floor(l.ageDays)} days ago${l.stale ? " (**overdue**)" : ""}`} |`,
    ),
  ];
}

/** The `compliance-report.md` text; `drills` is the stack's restore evidence (none: no section). */
export function markdownReport(report: StackReport, drills: readonly EvidenceLine[] = []): string {
  const c = counts(report);
  const s = report.settings;
  const lines: string[] = [
    `# Compliance report: ${report.stack}`,
    "",
    `Pack **${s.pack}**${s.environment ? `, environment \`${s.environment}\`` : ""}${s.production ? ", production" : ""}. Checked file: \`${report.file}\`.`,
    "Generated from the synthesized Terraform JSON (what Terraform will apply, after overrides) by `policy/`.",
    "",
    `| pass | fail | suppressed | not applicable |`,
    `|---|---|---|---|`,
    `| ${c.pass} | ${c.fail} | ${c.suppressed} | ${c.notApplicable} |`,
    "",
    "## Controls",
    "",
    "| Control | Status | Severity | Satisfied by | Source documents | CIS | Checkov | HIPAA | SOC 2 |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of report.results) {
    const m = r.control.mappings;
    lines.push(
      `| ${r.control.id} ${cell(r.control.title)} | ${STATUS_TEXT[r.status]} | ${r.control.severity} | ${codeList(r.satisfiedBy)} | ${cell((m.seed ?? []).map((x) => `${SOURCE_DOCUMENTS[x.file] ?? x.file}, line ${x.line}: "${x.text}"`).join("<br>"))} | ${(m.cis ?? []).join(", ")} | ${(m.checkov ?? []).join(", ")} | ${cell((m.hipaa ?? []).join("<br>"))} | ${(m.soc2 ?? []).join(", ")} |`,
    );
  }
  const findings = report.results.flatMap((r) => r.findings);
  if (findings.length) {
    lines.push(
      "",
      "## Findings",
      "",
      "| Control | Severity | Resource | Construct path | Problem | Fix |",
      "|---|---|---|---|---|---|",
    );
    for (const f of findings) {
      lines.push(
        `| ${f.control} | ${f.severity} | \`${f.resource}\` | \`${f.path}\` | ${cell(f.message)} | ${cell(f.fix)} |`,
      );
    }
  }
  lines.push("", "## Exceptions", "");
  const suppressed = report.results.flatMap((r) => r.suppressed);
  if (!suppressed.length && !report.unusedExceptions.length) lines.push("None.");
  if (suppressed.length) {
    lines.push(
      "| Control | Resource | Waived problem | Reason | Owner | Expires | Declared in |",
      "|---|---|---|---|---|---|---|",
    );
    for (const x of suppressed) {
      lines.push(
        `| ${x.control} | \`${x.resource}\` | ${cell(x.message)} | ${cell(x.exception.reason)} | ${cell(x.exception.owner)} | ${x.exception.expires} | ${cell(x.exception.source)} |`,
      );
    }
  }
  if (report.unusedExceptions.length) {
    lines.push("", "Exceptions that matched no finding (remove them):", "");
    for (const e of report.unusedExceptions)
      lines.push(
        `- ${e.control} ${e.target ?? "(stack)"}: ${cell(e.reason)} (${e.owner}, until ${e.expires}; ${e.source})`,
      );
  }
  lines.push(
    "",
    "## Manual duties",
    "",
    "No provider can enforce these; the code does not cover them. Keep evidence for each.",
    "",
    ...manualDutiesOf(s.pack).map(
      (d) => `- [ ] **${d.id}** ${d.duty} _(${d.source}${d.hipaa ? `; HIPAA ${d.hipaa}` : ""})_`,
    ),
  );
  lines.push(...restoreEvidenceSection(drills));
  const diagram = flowDiagram(report.resources, report.stack);
  if (diagram)
    lines.push(
      "",
      "## Main flows",
      "",
      "Derived from references between the stack's resources.",
      "",
      "```mermaid",
      diagram,
      "```",
    );
  return `${lines.join("\n")}\n`;
}

/** Writes `controls.json` and `compliance-report.md` next to the stack's `cdk.tf.json`; returns the paths. */
export function writeReport(report: StackReport, stackFile: string): string[] {
  const dir = dirname(stackFile);
  const json = join(dir, CONTROLS_FILE);
  const md = join(dir, MARKDOWN_FILE);
  writeFileSync(json, `${JSON.stringify(controlsDocument(report), null, 2)}\n`);
  writeFileSync(md, markdownReport(report, restoreEvidence(report)));
  return [json, md];
}
