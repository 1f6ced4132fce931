/**
 * Control findings introduced and resolved by a change: the policy checker runs on both sides and the finding
 * sets are compared. The checker is another module (`policy/check`); this file is the small seam to it, so
 * the diff works (and says so) when the checker is absent.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { compareText, type StackSet, type TerraformJson } from "./diff";

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

/** Checks one synthesized stack. */
export interface PolicyChecker {
  findings(stack: string, json: TerraformJson): readonly ControlFinding[];
}

export type FindingsDiff =
  | { readonly available: false; readonly reason: string }
  | {
      readonly available: true;
      readonly introduced: readonly ControlFinding[];
      readonly resolved: readonly ControlFinding[];
    };

/** Where the checker lives: `policy/check` at the repository root. */
export const DEFAULT_POLICY_MODULE = join(__dirname, "..", "..", "policy", "check");

/** Names under which the checker module may export its per-stack check function. */
const CHECK_EXPORTS = ["checkStack", "check", "default"] as const;

type Loose = Record<string, unknown>;

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function toFinding(stack: string, raw: unknown): ControlFinding {
  const item = (raw ?? {}) as Loose;
  return {
    stack: typeof item.stack === "string" ? item.stack : stack,
    control: String(item.control ?? "?"),
    resource: String(item.resource ?? "(stack)"),
    severity: String(item.severity ?? "error"),
    message: String(item.message ?? ""),
  };
}

/** What the check function is called with besides the stack's JSON (policy/check.ts's CheckOptions). */
export interface CheckCall {
  /** Shown in the checker's messages: `<stack>/cdk.tf.json`. */
  readonly file: string;
  readonly fallbackStackName: string;
  /** YYYY-MM-DD; decides which exceptions have expired. */
  readonly today: string;
}

export type CheckFunction = (json: TerraformJson, options: CheckCall) => unknown;

/**
 * Adapts a check function to PolicyChecker. It is called as `check(json, { file, fallbackStackName, today })`
 * and may return the findings, or a report with a `findings` list (suppressed findings are not findings).
 * Exceptions files (config/exceptions/) are not applied: they would apply alike to both sides.
 */
export function checkerFromFunction(
  check: CheckFunction,
  today: string = isoDate(new Date()),
): PolicyChecker {
  return {
    findings(stack, json) {
      const result = check(json, { file: `${stack}/cdk.tf.json`, fallbackStackName: stack, today });
      const list = Array.isArray(result) ? result : ((result as Loose | undefined)?.findings ?? []);
      return (Array.isArray(list) ? list : []).map((raw) => toFinding(stack, raw));
    },
  };
}

/** The policy checker, or undefined when the module does not exist (yet). A module that fails to load throws. */
export function loadPolicyChecker(modulePath: string = DEFAULT_POLICY_MODULE): PolicyChecker | undefined {
  const load = createRequire(__filename);
  let resolved: string;
  try {
    resolved = load.resolve(modulePath);
  } catch {
    return undefined;
  }
  const exported = load(resolved) as Loose;
  const name = CHECK_EXPORTS.find((candidate) => typeof exported[candidate] === "function");
  if (!name) throw new Error(`${modulePath} exports none of ${CHECK_EXPORTS.join(", ")} as a function`);
  return checkerFromFunction(exported[name] as CheckFunction);
}

/** Identity of a finding across the two sides: its message may differ (values), its subject does not. */
function keyOf(finding: ControlFinding): string {
  return [finding.stack, finding.control, finding.resource, finding.severity].join("\u0000");
}

function allFindings(checker: PolicyChecker, stacks: StackSet): ControlFinding[] {
  return Object.entries(stacks).flatMap(([stack, json]) => [...checker.findings(stack, json)]);
}

function order(findings: ControlFinding[]): ControlFinding[] {
  return findings.sort((a, b) => compareText(keyOf(a), keyOf(b)));
}

/** Findings present only on the head side (introduced) and only on the base side (resolved). */
export function diffFindings(
  checker: PolicyChecker | undefined,
  base: StackSet,
  head: StackSet,
): FindingsDiff {
  if (!checker) return { available: false, reason: "policy check not available" };
  const before = allFindings(checker, base);
  const after = allFindings(checker, head);
  const beforeKeys = new Set(before.map(keyOf));
  const afterKeys = new Set(after.map(keyOf));
  return {
    available: true,
    introduced: order(after.filter((f) => !beforeKeys.has(keyOf(f)))),
    resolved: order(before.filter((f) => !afterKeys.has(keyOf(f)))),
  };
}
