/**
 * The checker: runs every control of the stack's pack over a synthesized stack, applies exceptions and
 * returns findings and per-control results. Pure: no file system, no cdktf.
 */
import { controlsInPack } from "./controls";
import { exceptionProblems, isExpired } from "./exceptions";
import type {
  Control,
  ControlResult,
  Exception,
  Finding,
  PackName,
  StackContext,
  StackReport,
  StackVerdict,
  SuppressedFinding,
} from "./model";
import { exceptionFromStored, stackContext, stackNameOf, stackSettings, storedSuppressions } from "./stack";

/** Resource column of a stack-level finding. */
export const STACK_SUBJECT = "(stack)";

export interface CheckOptions {
  /** Path of the checked file (shown in reports). */
  readonly file: string;
  /** Stack name when the JSON has none. */
  readonly fallbackStackName?: string;
  /** Exceptions from the environment's file. */
  readonly exceptions?: readonly Exception[];
  /** YYYY-MM-DD; exceptions that expire before this day fail. */
  readonly today: string;
  /** Overrides the pack recorded in the stack. */
  readonly pack?: PackName;
}

function verdictsOf(control: Control, ctx: StackContext): StackVerdict[] {
  const rule = control.rule;
  if (rule.kind === "stack") return [...rule.check(ctx)];
  return rule.types
    .flatMap((type) => ctx.ofType(type))
    .map((r) => ({ subject: r, outcome: rule.check(r, ctx) }));
}

function covers(exception: Exception, finding: Finding): boolean {
  if (exception.control !== finding.control) return false;
  const target = exception.target;
  if (target === undefined) return true;
  return target === finding.resource || finding.path === target || finding.path.startsWith(`${target}/`);
}

/** Checks one synthesized stack. */
export function checkStack(json: Record<string, unknown>, options: CheckOptions): StackReport {
  const stack = stackNameOf(json, options.fallbackStackName ?? options.file);
  const recorded = stackSettings(json);
  const settings = options.pack ? { ...recorded, pack: options.pack } : recorded;
  const ctx = stackContext(json, stack, settings);

  const problems: Finding[] = [];
  const exceptions: Exception[] = [...(options.exceptions ?? [])];
  for (const stored of storedSuppressions(json, ctx.resources)) {
    const invalid = exceptionProblems(stored.raw, `suppression at ${stored.where}`);
    if (invalid.length) {
      const control =
        typeof (stored.raw as { control?: unknown })?.control === "string"
          ? (stored.raw as { control: string }).control
          : "EXCEPTION";
      problems.push(
        ...invalid.map((message) => exceptionFinding(stack, control, stored.target, stored.where, message)),
      );
    } else {
      exceptions.push(exceptionFromStored(stored));
    }
  }
  const active = exceptions.filter((e) => !isExpired(e, options.today));
  for (const e of exceptions.filter((x) => isExpired(x, options.today))) {
    problems.push(
      exceptionFinding(
        stack,
        e.control,
        e.target,
        e.target ?? stack,
        `exception expired on ${e.expires} (owner ${e.owner}, ${e.source}); fix the finding or renew the exception with a new expiry: "${e.reason}"`,
      ),
    );
  }

  const used = new Set<Exception>();
  const results: ControlResult[] = controlsInPack(settings.pack).map((control) => {
    const verdicts = verdictsOf(control, ctx);
    const findings: Finding[] = [];
    const suppressed: SuppressedFinding[] = [];
    const satisfiedBy = new Set<string>();
    let passed = false;
    for (const v of verdicts) {
      if (v.outcome === "pass") {
        passed = true;
        if (v.subject) satisfiedBy.add(v.subject.address);
        v.evidence?.forEach((a) => satisfiedBy.add(a));
        continue;
      }
      if (v.outcome === "n/a") continue;
      const finding: Finding = {
        control: control.id,
        stack,
        resource: v.subject?.address ?? STACK_SUBJECT,
        path: v.subject?.path ?? stack,
        severity: control.severity,
        message: v.outcome.slice("fail: ".length),
        fix: control.fix,
      };
      const exception = active.find((e) => covers(e, finding));
      if (exception) {
        used.add(exception);
        suppressed.push({ ...finding, exception });
      } else {
        findings.push(finding);
      }
    }
    const own = problems.filter((p) => p.control === control.id);
    findings.push(...own);
    const status = findings.length
      ? "fail"
      : suppressed.length
        ? "suppressed"
        : passed
          ? "pass"
          : "not-applicable";
    return { control, status, satisfiedBy: [...satisfiedBy].sort(), findings, suppressed };
  });
  const inPack = new Set(results.map((r) => r.control.id));
  const orphanProblems = problems.filter((p) => !inPack.has(p.control));

  return {
    stack,
    file: options.file,
    settings,
    results,
    findings: [...results.flatMap((r) => r.findings), ...orphanProblems],
    suppressed: results.flatMap((r) => r.suppressed),
    // Only exceptions files count: a construct's suppression is copied to every resource under it, and its
    // control may not apply to all of them or in every environment.
    unusedExceptions: active.filter(
      (e) => !used.has(e) && inPack.has(e.control) && !e.source.startsWith("suppress()"),
    ),
    resources: ctx.resources,
  };
}

function exceptionFinding(
  stack: string,
  control: string,
  target: string | undefined,
  path: string,
  message: string,
): Finding {
  return {
    control,
    stack,
    resource: target ?? STACK_SUBJECT,
    path,
    severity: "error",
    message,
    fix: "Exceptions need a reason of at least 20 characters, an owner (email or team) and a future expiry date YYYY-MM-DD.",
  };
}

/** True when a report has an unsuppressed error-level finding (the check fails). */
export function hasErrors(reports: readonly StackReport[]): boolean {
  return reports.some((r) => r.findings.some((f) => f.severity === "error"));
}
