/**
 * The checker: runs every control of the stack's pack over a synthesized stack, applies exceptions and
 * returns findings and per-control results. Pure: no file system, no cdktf.
 */
import { controlsInPack } from "./controls";
import { exceptionProblems, lifetimeProblem } from "./exceptions";
import type {
  Control,
  ControlResult,
  Exception,
  Finding,
  PackName,
  StackContext,
  StackPolicySettings,
  StackReport,
  StackVerdict,
  SuppressedFinding,
} from "./model";
import { DEFAULT_MAX_EXCEPTION_DAYS } from "./trust";
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
  /**
   * The kit's decision about the stack (from the validated configuration and the stack name). When
   * given, `//.policy` and `//.metadata.stackName` in the JSON are only compared with it (POL-2).
   * @default the settings recorded in the JSON (unit tests and tools without a configuration)
   */
  readonly settings?: StackPolicySettings;
  /** The stack's name as the kit decides it (directory or construct id); required with `settings`. */
  readonly stackName?: string;
  /**
   * The environment's Google Cloud project (POL-3).
   * @default undefined (not checked)
   */
  readonly projectId?: string;
  /**
   * The environment's deployer identity (IAM-1).
   * @default undefined (no grant is accepted as the deployer's)
   */
  readonly deployer?: string;
  /**
   * The environment holds PHI in Redis (UPS-10, see `StackContext.hipaaRedis`).
   * @default false
   */
  readonly hipaaRedis?: boolean;
  /**
   * The company's e-mail domains for Upstash team members (UPS-11).
   * @default none (any domain)
   */
  readonly upstashEmailDomains?: readonly string[];
  /**
   * Longest lifetime of an exception in days from `today`.
   * @default 180
   */
  readonly maxExceptionDays?: number;
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n")[0].slice(0, 200);
}

/** A rule's verdicts; a rule that throws fails closed with a finding naming the control and the resource. */
function verdictsOf(control: Control, ctx: StackContext): StackVerdict[] {
  const rule = control.rule;
  if (rule.kind === "stack") {
    try {
      return [...rule.check(ctx)];
    } catch (err) {
      return [
        {
          outcome: `fail: the rule failed on this stack (${errorText(err)}); the check cannot pass what it could not judge`,
        },
      ];
    }
  }
  return rule.types
    .flatMap((type) => ctx.ofType(type))
    .map((r) => {
      try {
        return { subject: r, outcome: rule.check(r, ctx) };
      } catch (err) {
        return {
          subject: r,
          outcome:
            `fail: the rule failed on this resource (${errorText(err)}); the check cannot pass what it could not judge` as const,
        };
      }
    });
}

function covers(exception: Exception, finding: Finding): boolean {
  if (exception.control !== finding.control) return false;
  if (exception.stack !== undefined && exception.stack !== finding.stack) return false;
  const target = exception.target;
  if (target === undefined) return true;
  if (target === finding.resource) return true;
  // A construct path names its stack first: it never covers another stack's resources.
  if (target.includes("/") && !target.startsWith(`${finding.stack}/`) && target !== finding.stack)
    return false;
  return finding.path === target || finding.path.startsWith(`${target}/`);
}

/** One identity per suppress() call: its copies on every resource under the construct count once. */
function suppressionKey(e: Exception): string {
  return JSON.stringify([e.control, e.reason, e.owner, e.expires]);
}

/** Checks one synthesized stack. */
export function checkStack(json: Record<string, unknown>, options: CheckOptions): StackReport {
  const stack = options.stackName ?? stackNameOf(json, options.fallbackStackName ?? options.file);
  const recorded = stackSettings(json);
  const base = options.settings ?? recorded;
  const settings = options.pack ? { ...base, pack: options.pack } : base;
  const ctx = stackContext(
    json,
    stack,
    settings,
    options.projectId,
    options.deployer,
    options.hipaaRedis,
    options.upstashEmailDomains,
  );
  const today = options.today;
  const maxDays = options.maxExceptionDays ?? DEFAULT_MAX_EXCEPTION_DAYS;

  const problems: Finding[] = [];
  const exceptions: Exception[] = [...(options.exceptions ?? [])];
  const storedByKey = new Map<string, Exception>();
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
      const e = exceptionFromStored(stored);
      exceptions.push(e);
      if (!storedByKey.has(suppressionKey(e))) storedByKey.set(suppressionKey(e), e);
    }
  }
  const reported = new Set<string>();
  const active = exceptions.filter((e) => {
    const problem = lifetimeProblem(e, today, maxDays);
    if (!problem) return true;
    // One finding per exception: a suppress() copied onto many resources, or a file entry, counts once.
    const key = e.source.startsWith("suppress()") ? suppressionKey(e) : e.source;
    if (!reported.has(key)) {
      reported.add(key);
      problems.push(exceptionFinding(stack, e.control, e.target, e.target ?? stack, problem));
    }
    return false;
  });

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
    // A construct's suppression is copied to every resource under it: it is unused when no copy waived anything.
    unusedExceptions: [
      ...active.filter((e) => !used.has(e) && inPack.has(e.control) && !e.source.startsWith("suppress()")),
      ...[...storedByKey.values()].filter(
        (e) =>
          active.some((a) => suppressionKey(a) === suppressionKey(e)) &&
          inPack.has(e.control) &&
          ![...used].some(
            (u) => u.source.startsWith("suppress()") && suppressionKey(u) === suppressionKey(e),
          ),
      ),
    ],
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
    fix: "Exceptions need a reason of at least 20 characters, an owner (email or team) and a future expiry date YYYY-MM-DD at most policy.maxExceptionDays (default 180) days away.",
  };
}

/** True when a report has an unsuppressed error-level finding (the check fails). */
export function hasErrors(reports: readonly StackReport[]): boolean {
  return reports.some((r) => r.findings.some((f) => f.severity === "error"));
}
