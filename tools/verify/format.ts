/** Renders verify's findings in the policy check's layout (text blocks, or the same JSON fields). */
import { controlById } from "../../policy/controls";
import { findingBlock } from "../../policy/format";
import { VERIFY_CONTROLS } from "./context";
import type { VerifyResult } from "./run";

function title(control: string): string | undefined {
  return controlById(control)?.title ?? VERIFY_CONTROLS[control as keyof typeof VERIFY_CONTROLS];
}

export function counts(result: VerifyResult) {
  const errors = result.findings.filter((f) => f.severity === "error").length;
  return { errors, warnings: result.findings.length - errors, passed: errors === 0 };
}

export function formatText(environment: string, result: VerifyResult): string {
  const c = counts(result);
  const checked = result.areas.filter((a) => a.status === "checked").map((a) => a.area);
  const skipped = result.areas.filter((a) => a.status === "not-applicable").map((a) => a.area);
  return [
    ...result.findings.flatMap((f) => [findingBlock(f, title), ""]),
    `live verification ${c.passed ? "passed" : "FAILED"}: environment ${environment}, ${checked.length} area(s) read (${checked.join(", ") || "none"})` +
      `${skipped.length ? `, ${skipped.length} not applicable (${skipped.join(", ")})` : ""}, ${c.errors} error(s), ${c.warnings} warning(s)`,
  ].join("\n");
}

export function formatJson(environment: string, result: VerifyResult, checkedAt: Date): string {
  const c = counts(result);
  return JSON.stringify(
    {
      environment,
      checkedAt: checkedAt.toISOString(),
      passed: c.passed,
      summary: { errors: c.errors, warnings: c.warnings },
      areas: result.areas,
      findings: result.findings.map((f) => ({
        control: f.control,
        title: title(f.control),
        stack: f.stack,
        resource: f.resource,
        path: f.path,
        severity: f.severity,
        message: f.message,
        fix: f.fix,
      })),
    },
    null,
    2,
  );
}
