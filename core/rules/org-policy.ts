/**
 * ORG-1: the organization policy constraints the kit enforces at project level. OrgPolicyGuardrails
 * creates them; the policy's ORG-1 requires each to be enforced when a stack has org policies.
 */

/** Every constraint, in the order the check reports them. */
export const PROJECT_ORG_POLICY_CONSTRAINTS: readonly string[] = [
  "storage.publicAccessPrevention",
  "storage.uniformBucketLevelAccess",
  "sql.restrictPublicIp",
  "sql.restrictAuthorizedNetworks",
  "compute.vmExternalIpAccess",
  "compute.requireOsLogin",
  "compute.disableSerialPortAccess",
  "iam.disableServiceAccountKeyCreation",
  "iam.disableServiceAccountKeyUpload",
  "iam.automaticIamGrantsForDefaultServiceAccounts",
];

/** List constraints whose every value is denied (`deny_all`). */
export const DENY_ALL_LIST_CONSTRAINTS: readonly string[] = ["compute.vmExternalIpAccess"];

/** Boolean constraints, enforced (`enforce = TRUE`). */
export const ENFORCED_BOOLEAN_CONSTRAINTS: readonly string[] = PROJECT_ORG_POLICY_CONSTRAINTS.filter(
  (constraint) => !DENY_ALL_LIST_CONSTRAINTS.includes(constraint),
);
