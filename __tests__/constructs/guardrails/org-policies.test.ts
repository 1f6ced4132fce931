import { OrgPolicyGuardrails } from "../../../constructs/guardrails/org-policies";
import { constructTestStack, resourcesOf, synth, type SynthesizedStack } from "../../support/synth";

const BOOLEAN_CONSTRAINTS = [
  "storage.publicAccessPrevention",
  "storage.uniformBucketLevelAccess",
  "sql.restrictPublicIp",
  "sql.restrictAuthorizedNetworks",
  "compute.requireOsLogin",
  "compute.disableSerialPortAccess",
  "iam.disableServiceAccountKeyCreation",
  "iam.disableServiceAccountKeyUpload",
  "iam.automaticIamGrantsForDefaultServiceAccounts",
];

describe("OrgPolicyGuardrails", () => {
  let policies: Record<string, Record<string, unknown>>;
  beforeAll(() => {
    const stack = constructTestStack();
    new OrgPolicyGuardrails(stack, "guardrails", { projectId: "test-project-1" });
    const json: SynthesizedStack = synth(stack);
    policies = Object.fromEntries(
      Object.values(resourcesOf(json, "google_org_policy_policy")).map((p) => [
        String(p.name).replace("projects/test-project-1/policies/", ""),
        p,
      ]),
    );
  });

  test("ORG-1: exactly the ten constraints, each on the project", () => {
    expect(Object.keys(policies).sort()).toEqual(
      [...BOOLEAN_CONSTRAINTS, "compute.vmExternalIpAccess"].sort(),
    );
    for (const policy of Object.values(policies)) expect(policy.parent).toBe("projects/test-project-1");
  });

  test.each(BOOLEAN_CONSTRAINTS)("ORG-1: %s enforced", (constraint) => {
    expect(policies[constraint].spec).toEqual({ rules: [{ enforce: "TRUE" }] });
  });

  test("ORG-1: compute.vmExternalIpAccess denies every VM an external IP", () => {
    expect(policies["compute.vmExternalIpAccess"].spec).toEqual({ rules: [{ deny_all: "TRUE" }] });
  });

  test("refuses a project id that is not one", () => {
    expect(() => new OrgPolicyGuardrails(constructTestStack(), "g", { projectId: "Bad_Project" })).toThrow(
      'OrgPolicyGuardrails: projectId: got "Bad_Project"; must be a GCP project id',
    );
  });
});

describe("OrgPolicyGuardrails project id", () => {
  test.each(["acme-prod; x", "x acme-prod", "acme-prod-", "acme", `a${"b".repeat(30)}`])(
    "refuses %j",
    (projectId) => {
      expect(() => new OrgPolicyGuardrails(constructTestStack(), "g", { projectId })).toThrow(
        `OrgPolicyGuardrails: projectId: got "${projectId}"; must be a GCP project id: 6-30 lowercase letters, digits or hyphens`,
      );
    },
  );

  test("accepts 6- and 30-character ids", () => {
    expect(() => new OrgPolicyGuardrails(constructTestStack(), "g", { projectId: "abcdef" })).not.toThrow();
    expect(
      () => new OrgPolicyGuardrails(constructTestStack(), "g", { projectId: `a${"b".repeat(29)}` }),
    ).not.toThrow();
  });
});
