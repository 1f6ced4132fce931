/**
 * What a change does to the controls: the policy checker (`policy/check`) runs on every stack of both sides,
 * with each side's own exceptions files, and the results are compared three ways: findings introduced and
 * resolved; every control whose status in a stack changed (pass → fail, fail → suppressed, ...); and, for
 * each resource the change touches, the controls that judge it and how their verdict on it moved.
 */
import { checkStack } from "../../policy/check";
import { CONTROLS } from "../../policy/controls";
import type { ControlStatus, Exception, StackContext, StackReport } from "../../policy/model";
import { stackContext, stackNameOf, stackSettings } from "../../policy/stack";
import { compareText, type PlanDiff, type StackSet, type TerraformJson } from "./diff";

/** One finding, as much of it as the diff shows. */
export interface ControlFinding {
  readonly stack: string;
  /** Control id, e.g. `GCS-1`. */
  readonly control: string;
  /** Terraform address, or `(stack)`. */
  readonly resource: string;
  readonly severity: string;
  readonly message: string;
}

/** A control's status in a stack on one side; `absent` when the stack does not exist there. */
export type SideStatus = ControlStatus | "absent";

export interface StatusChange {
  readonly stack: string;
  readonly control: string;
  readonly title: string;
  readonly before: SideStatus;
  readonly after: SideStatus;
}

/** A control's verdict on one resource: `absent` when the resource does not exist on that side. */
export type ResourceVerdict = "pass" | "fail" | "suppressed" | "n/a" | "absent";

export interface ControlTouch {
  readonly control: string;
  /**
   * `resource`: the verdict on this resource; `stack`: a stack-level control that reads resources of this
   * type without a verdict on each (NET-3 reads every firewall): its status in the stack.
   */
  readonly scope: "resource" | "stack";
  readonly before: ResourceVerdict;
  readonly after: ResourceVerdict;
}

/** The controls that judge one changed resource. */
export interface ResourceControls {
  readonly stack: string;
  /** Head address (base address for a removed resource). */
  readonly address: string;
  readonly controls: readonly ControlTouch[];
}

export interface ControlsReview {
  readonly introduced: readonly ControlFinding[];
  readonly resolved: readonly ControlFinding[];
  readonly statusChanges: readonly StatusChange[];
  readonly resources: readonly ResourceControls[];
}

/** Runs the check on one stack with the exceptions that apply to it. */
export type StackChecker = (
  stack: string,
  json: TerraformJson,
  exceptions: readonly Exception[],
  today: string,
) => StackReport;

/** The repository's checker (policy/check.ts). */
export const policyChecker: StackChecker = (stack, json, exceptions, today) =>
  checkStack(json as Record<string, unknown>, {
    file: `${stack}/cdk.tf.json`,
    fallbackStackName: stack,
    exceptions,
    today,
  });

/** One side as the checker sees it: its stacks and its exceptions files' entries by environment. */
export interface CheckSide {
  readonly stacks: StackSet;
  readonly exceptionsByEnvironment: ReadonlyMap<string, readonly Exception[]>;
}

/** The environment whose exceptions file applies to a stack (as policy/run.ts decides it). */
export function environmentOf(stack: string, json: TerraformJson): string {
  const record = json as Record<string, unknown>;
  return stackSettings(record).environment ?? stackNameOf(record, stack).replace(/^[a-z]+-/, "");
}

function reportsOf(side: CheckSide, checker: StackChecker, today: string): Map<string, StackReport> {
  return new Map(
    Object.entries(side.stacks).map(([stack, json]) => [
      stack,
      checker(stack, json, side.exceptionsByEnvironment.get(environmentOf(stack, json)) ?? [], today),
    ]),
  );
}

function toFinding(f: {
  stack: string;
  control: string;
  resource: string;
  severity: string;
  message: string;
}) {
  return {
    stack: f.stack,
    control: f.control,
    resource: f.resource,
    severity: f.severity,
    message: f.message,
  };
}

/** Identity of a finding across the two sides: its message may differ (values), its subject does not. */
function keyOf(finding: ControlFinding): string {
  return [finding.stack, finding.control, finding.resource, finding.severity].join("\u0000");
}

function order(findings: ControlFinding[]): ControlFinding[] {
  return findings.sort((a, b) => compareText(keyOf(a), keyOf(b)));
}

/** A control's verdict on a resource in a report. */
export function verdictOn(
  report: StackReport | undefined,
  control: string,
  address: string,
): ResourceVerdict {
  if (!report || !report.resources.some((r) => r.address === address)) return "absent";
  const result = report.results.find((r) => r.control.id === control);
  if (!result) return "n/a";
  if (result.findings.some((f) => f.resource === address)) return "fail";
  if (result.suppressed.some((f) => f.resource === address)) return "suppressed";
  return result.satisfiedBy.includes(address) ? "pass" : "n/a";
}

/** Control ids whose resource rule judges `type`, in catalogue order. */
export function controlsJudging(type: string): string[] {
  return CONTROLS.filter((c) => c.rule.kind === "resource" && c.rule.types.includes(type)).map((c) => c.id);
}

/** Every resource the diff touches: stack, base address, head address, type. */
function touched(diff: PlanDiff): { stack: string; before?: string; after?: string; type: string }[] {
  return diff.stacks.flatMap((s) => [
    ...s.added.map((r) => ({ stack: s.stack, after: r.address, type: r.type })),
    ...s.changed.map((r) => ({ stack: s.stack, before: r.address, after: r.address, type: r.type })),
    ...s.replaced.map((r) => ({
      stack: s.stack,
      before: r.movedFrom ?? r.address,
      after: r.address,
      type: r.type,
    })),
    ...s.removed.map((r) => ({ stack: s.stack, before: r.address, type: r.type })),
    ...s.moved.map((m) => ({ stack: s.stack, before: m.from, after: m.to, type: typeOf(m.to) })),
  ]);
}

function typeOf(address: string): string {
  return address.replace(/^(module\.[^.]+(\[[^\]]*\])?\.)*/, "").split(".")[0];
}

/**
 * The resource types each stack-level rule reads in a stack, found by running the rule once on a context
 * whose `ofType` records what it is asked for. A rule that throws reads what it asked for until then.
 */
export function typesReadByStackRules(stack: string, json: TerraformJson): Map<string, Set<string>> {
  const record = json as Record<string, unknown>;
  const ctx = stackContext(record, stackNameOf(record, stack), stackSettings(record));
  const read = new Map<string, Set<string>>();
  for (const control of CONTROLS) {
    if (control.rule.kind !== "stack") continue;
    const types = new Set<string>();
    const spy: StackContext = {
      ...ctx,
      ofType: (type) => {
        types.add(type);
        return ctx.ofType(type);
      },
    };
    try {
      control.rule.check(spy);
    } catch {
      // The checker reports a throwing rule; here only the types it asked for matter.
    }
    read.set(control.id, types);
  }
  return read;
}

function stackStatus(report: StackReport | undefined, control: string): ResourceVerdict {
  const status = report?.results.find((r) => r.control.id === control)?.status;
  if (!status) return "absent";
  return status === "not-applicable" ? "n/a" : status;
}

/** The control review of a change between two sides. */
export function reviewControls(
  base: CheckSide,
  head: CheckSide,
  diff: PlanDiff,
  today: string,
  checker: StackChecker = policyChecker,
): ControlsReview {
  const before = reportsOf(base, checker, today);
  const after = reportsOf(head, checker, today);
  const findings = (reports: Map<string, StackReport>) =>
    [...reports.values()].flatMap((r) => r.findings.map(toFinding));
  const beforeFindings = findings(before);
  const afterFindings = findings(after);
  const beforeKeys = new Set(beforeFindings.map(keyOf));
  const afterKeys = new Set(afterFindings.map(keyOf));

  const statusChanges: StatusChange[] = [];
  for (const stack of [...new Set([...before.keys(), ...after.keys()])].sort(compareText)) {
    const statuses = (report?: StackReport) =>
      new Map<string, SideStatus>(report?.results.map((r) => [r.control.id, r.status]) ?? []);
    const was = statuses(before.get(stack));
    const is = statuses(after.get(stack));
    for (const control of CONTROLS) {
      const from = was.get(control.id) ?? "absent";
      const to = is.get(control.id) ?? "absent";
      // A control that does not apply on either side (or to an added/removed stack) says nothing.
      const quiet = (s: SideStatus) => s === "absent" || s === "not-applicable";
      if (from !== to && !(quiet(from) && quiet(to)))
        statusChanges.push({ stack, control: control.id, title: control.title, before: from, after: to });
    }
  }

  const readers = new Map<string, Map<string, Set<string>>>();
  const stackReaders = (stack: string) => {
    let found = readers.get(stack);
    if (!found) {
      found = new Map();
      for (const side of [base.stacks[stack], head.stacks[stack]]) {
        if (!side) continue;
        for (const [control, types] of typesReadByStackRules(stack, side))
          found.set(control, new Set([...(found.get(control) ?? []), ...types]));
      }
      readers.set(stack, found);
    }
    return found;
  };
  const resources: ResourceControls[] = touched(diff).map((t) => {
    const reports = [before.get(t.stack), after.get(t.stack)];
    const names = (id: string) =>
      reports.some((report) => {
        const result = report?.results.find((r) => r.control.id === id);
        return [t.before, t.after].some(
          (a) =>
            a !== undefined &&
            (result?.findings.some((f) => f.resource === a) ||
              result?.suppressed.some((f) => f.resource === a) ||
              result?.satisfiedBy.includes(a)),
        );
      });
    const judging = new Set(controlsJudging(t.type));
    const touches: ControlTouch[] = [];
    for (const control of CONTROLS) {
      const judgesType = judging.has(control.id);
      if (judgesType || names(control.id)) {
        touches.push({
          control: control.id,
          scope: "resource",
          before: t.before ? verdictOn(before.get(t.stack), control.id, t.before) : "absent",
          after: t.after ? verdictOn(after.get(t.stack), control.id, t.after) : "absent",
        });
      } else if (control.rule.kind === "stack" && stackReaders(t.stack).get(control.id)?.has(t.type)) {
        touches.push({
          control: control.id,
          scope: "stack",
          before: stackStatus(before.get(t.stack), control.id),
          after: stackStatus(after.get(t.stack), control.id),
        });
      }
    }
    // Changed verdicts first, then catalogue order.
    const controls = touches.sort(
      (a, b) =>
        Number(a.before === a.after) - Number(b.before === b.after) || catalogueOrder(a.control, b.control),
    );
    return { stack: t.stack, address: t.after ?? t.before ?? "", controls };
  });

  return {
    introduced: order(afterFindings.filter((f) => !beforeKeys.has(keyOf(f)))),
    resolved: order(beforeFindings.filter((f) => !afterKeys.has(keyOf(f)))),
    statusChanges,
    resources: resources.filter((r) => r.controls.length > 0),
  };
}

const POSITION = new Map(CONTROLS.map((c, i) => [c.id, i]));
function catalogueOrder(a: string, b: string): number {
  return (POSITION.get(a) ?? 0) - (POSITION.get(b) ?? 0);
}
