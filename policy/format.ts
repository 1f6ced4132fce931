/** Renders check results for people (text) and machines (JSON). */
import { controlById } from "./controls";
import type { Finding, StackReport, SuppressedFinding } from "./model";

/** One finding as a text block; `title` names controls the policy does not define (verify's own). */
export function findingBlock(
  f: Finding,
  title: (control: string) => string | undefined = (control) => controlById(control)?.title,
): string {
  const t = title(f.control);
  return [
    `${f.severity.toUpperCase()} ${f.control}${t ? ` (${t})` : ""}`,
    `  stack:    ${f.stack}`,
    `  resource: ${f.resource}`,
    `  path:     ${f.path}`,
    `  problem:  ${f.message}`,
    `  fix:      ${f.fix}`,
  ].join("\n");
}

function suppressedLine(s: SuppressedFinding): string {
  return `  ${s.control} ${s.resource} (${s.stack}): waived until ${s.exception.expires} by ${s.exception.owner}: ${s.exception.reason}`;
}

export interface Summary {
  readonly stacks: number;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly unusedExceptions: number;
  /** True when no unsuppressed error-level finding exists. */
  readonly passed: boolean;
}

export function summarize(reports: readonly StackReport[]): Summary {
  const findings = reports.flatMap((r) => r.findings);
  const errors = findings.filter((f) => f.severity === "error").length;
  return {
    stacks: reports.length,
    errors,
    warnings: findings.length - errors,
    suppressed: reports.reduce((n, r) => n + r.suppressed.length, 0),
    unusedExceptions: reports.reduce((n, r) => n + r.unusedExceptions.length, 0),
    passed: errors === 0,
  };
}

/** Human-readable findings, waived findings, stale exceptions and a summary line. */
export function formatText(reports: readonly StackReport[]): string {
  const out: string[] = [];
  for (const f of reports.flatMap((r) => r.findings)) out.push(findingBlock(f), "");
  const suppressed = reports.flatMap((r) => r.suppressed);
  if (suppressed.length) out.push("Waived by exceptions:", ...suppressed.map(suppressedLine), "");
  const unused = reports.flatMap((r) => r.unusedExceptions.map((e) => ({ stack: r.stack, e })));
  if (unused.length) {
    out.push(
      "Exceptions that matched nothing (remove them):",
      ...unused.map(({ stack, e }) => `  ${e.control} ${e.target ?? "(stack)"} (${stack}): ${e.source}`),
      "",
    );
  }
  const s = summarize(reports);
  out.push(
    `policy check ${s.passed ? "passed" : "FAILED"}: ${s.stacks} stack(s) (pack ${[...new Set(reports.map((r) => r.settings.pack))].join(", ")}), ${s.errors} error(s), ${s.warnings} warning(s), ${s.suppressed} waived, ${s.unusedExceptions} unused exception(s)`,
  );
  return out.join("\n");
}

/** The `--format json` document. */
export function formatJson(reports: readonly StackReport[]): string {
  const finding = (f: Finding) => ({
    control: f.control,
    stack: f.stack,
    resource: f.resource,
    path: f.path,
    severity: f.severity,
    message: f.message,
  });
  return JSON.stringify(
    {
      findings: reports.flatMap((r) => r.findings.map(finding)),
      suppressed: reports.flatMap((r) =>
        r.suppressed.map((s) => ({
          ...finding(s),
          reason: s.exception.reason,
          owner: s.exception.owner,
          expires: s.exception.expires,
          source: s.exception.source,
        })),
      ),
      summary: summarize(reports),
    },
    null,
    2,
  );
}
