import { Construct } from "constructs";
import { OrgPolicyPolicy } from "@cdktf/provider-google/lib/org-policy-policy";
import { requireMatch } from "../errors";
import { DENY_ALL_LIST_CONSTRAINTS, ENFORCED_BOOLEAN_CONSTRAINTS } from "../../core/rules/org-policy";

export interface OrgPolicyGuardrailsProps {
  /** Project the policies apply to (`parent = projects/<id>`). */
  readonly projectId: string;
}

/**
 * Project-level organization policies (ORG-1) that make the baseline's controls hold for resources
 * created outside this kit too: no public buckets, no public Cloud SQL, no VM external IPs, OS Login,
 * no serial port, no service account keys, no automatic Editor grant to default service accounts.
 *
 * Applying them needs `roles/orgpolicy.policyAdmin`, which exists only at organization level, so the
 * stack creates this construct only when the environment opts in (`guardrails.orgPolicies: true`).
 */
export class OrgPolicyGuardrails extends Construct {
  /** Policies by constraint name. */
  readonly policies = new Map<string, OrgPolicyPolicy>();

  constructor(scope: Construct, id: string, props: OrgPolicyGuardrailsProps) {
    super(scope, id);
    requireMatch(
      "OrgPolicyGuardrails",
      "projectId",
      props.projectId,
      /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
      "must be a GCP project id: 6-30 lowercase letters, digits or hyphens",
    );
    const parent = `projects/${props.projectId}`;
    for (const constraint of ENFORCED_BOOLEAN_CONSTRAINTS) {
      this.add(parent, constraint, { rules: [{ enforce: "TRUE" }] });
    }
    for (const constraint of DENY_ALL_LIST_CONSTRAINTS) {
      this.add(parent, constraint, { rules: [{ denyAll: "TRUE" }] });
    }
  }

  private add(
    parent: string,
    constraint: string,
    spec: { rules: { enforce?: string; denyAll?: string }[] },
  ): void {
    this.policies.set(
      constraint,
      new OrgPolicyPolicy(this, constraint.replace(/\./g, "-"), {
        name: `${parent}/policies/${constraint}`,
        parent,
        spec,
      }),
    );
  }
}
