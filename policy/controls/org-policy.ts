/**
 * ORG-2: organization policies set by a stack may only tighten. A project-level policy that allows all
 * values, stops enforcing, resets to Google's default or lists allowed values can undo a constraint the
 * organization (or the kit's ORG-1 policies) imposes, for every resource in the project.
 */
import { cannotVerify, classify } from "../expressions";
import type { ControlDefinition, Outcome } from "../model";
import { attr, blocks, isFalse, isTrue } from "../terraform-json";
import { HIPAA, firstFailure, resourceRule } from "./helpers";

type Json = Record<string, unknown>;

function loosening(rule: Json, index: number): string | false {
  const where = `spec.rules[${index}]`;
  for (const key of ["allow_all", "enforce", "deny_all"]) {
    const value = rule[key];
    if (value !== undefined && classify(value).kind !== "literal")
      return cannotVerify(`${where}.${key}`, value).slice("fail: ".length);
  }
  if (isTrue(rule.allow_all) || rule.allow_all === "TRUE") return `${where}.allow_all is on`;
  if (isFalse(rule.enforce) || rule.enforce === "FALSE") return `${where}.enforce is off`;
  if (blocks(rule.values).some((v) => v.allowed_values !== undefined))
    return `${where}.values.allowed_values can admit values a parent policy denies`;
  return false;
}

export const orgPolicyControls: ControlDefinition[] = [
  {
    id: "ORG-2",
    title: "Organization policies only tighten",
    severity: "error",
    why: "A project-level organization policy overrides what the organization enforces: allow_all, enforce = FALSE, reset or an allowed-values list can re-open public IPs, service account keys or foreign IAM members for the whole project.",
    fix: 'Use enforce = "TRUE", deny_all = "TRUE" or values.denied_values only; leave exemptions to the organization\'s administrators (outside the team\'s deploy).',
    mappings: { other: ["CFT foundation org_policy.tf"], hipaa: [HIPAA.accessControl] },
    rule: resourceRule(["google_org_policy_policy"], (policy): Outcome => {
      const reset = attr(policy.attrs, "spec.reset");
      return firstFailure(
        (isTrue(reset) || reset === "TRUE") && "spec.reset restores Google's default",
        ...blocks(attr(policy.attrs, "spec.rules")).map(loosening),
      );
    }),
  },
];
