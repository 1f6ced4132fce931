/**
 * The deployer's project roles are Terraform resources of the bootstrap stack, judged like every grant:
 * IAM-1 and SEC-5 accept exactly the kit's deployer roles for the configured deployer on the environment's
 * project in the bootstrap stack, and nothing that only looks like it.
 */
import { allowedDeployerRoles, bucketAdminRole } from "../../../core/rules/deployer";
import type { StackContext } from "../../../policy/model";
import { ctxOf, judge, res } from "./rules";

const PROJECT = "acme-test-dev";
const DEPLOYER = `serviceAccount:cdktf-deployer@${PROJECT}.iam.gserviceaccount.com`;

function grant(role: string, attrs: Record<string, unknown> = {}) {
  return res("google_project_iam_member.g", { project: PROJECT, role, member: DEPLOYER, ...attrs });
}

function trusted(
  overrides: Partial<StackContext> = {},
  role: "bootstrap" | "baseline" | "workload" = "bootstrap",
) {
  return (r: ReturnType<typeof grant>): StackContext => ({
    ...ctxOf([r], { role }),
    projectId: PROJECT,
    deployer: DEPLOYER,
    ...overrides,
  });
}

describe("the deployer's project roles (IAM-1, SEC-5)", () => {
  it("IAM-1 accepts each of the kit's deployer roles for the deployer in the bootstrap stack", () => {
    const roles = allowedDeployerRoles(PROJECT);
    expect(roles).toContain("roles/cloudkms.admin");
    expect(roles).toContain(bucketAdminRole(PROJECT));
    for (const role of roles) {
      const r = grant(role);
      expect([role, judge("IAM-1", r, trusted()(r))]).toEqual([role, "pass"]);
    }
  });

  it("SEC-5 accepts the deployer's roles/secretmanager.admin there, and only there", () => {
    const r = grant("roles/secretmanager.admin");
    expect(judge("SEC-5", r, trusted()(r))).toBe("pass");
    expect(judge("SEC-5", r, trusted({}, "baseline")(r))).toBe(
      "fail: grants roles/secretmanager.admin at project level: every secret becomes readable",
    );
    const other = grant("roles/secretmanager.admin", {
      member: "serviceAccount:app@acme-test-dev.iam.gserviceaccount.com",
    });
    expect(judge("SEC-5", other, trusted()(other))).toMatch(/^fail: /);
  });

  const refused: [string, ReturnType<typeof grant>, (r: ReturnType<typeof grant>) => StackContext][] = [
    ["in the baseline stack", grant("roles/cloudkms.admin"), trusted({}, "baseline")],
    ["in a team stack", grant("roles/cloudkms.admin"), trusted({}, "workload")],
    [
      "to another service account",
      grant("roles/cloudkms.admin", { member: `serviceAccount:intruder@${PROJECT}.iam.gserviceaccount.com` }),
      trusted(),
    ],
    ["a role outside the kit's list", grant("roles/storage.admin"), trusted()],
    ["an admin role of another project's custom role", grant(bucketAdminRole("other-project")), trusted()],
    ["on another project", grant("roles/cloudkms.admin", { project: "other-project" }), trusted()],
    ["without a configured deployer", grant("roles/cloudkms.admin"), trusted({ deployer: undefined })],
    ["without a configured project", grant("roles/cloudkms.admin"), trusted({ projectId: undefined })],
    [
      "as a binding (authoritative for the role)",
      res("google_project_iam_binding.g", {
        project: PROJECT,
        role: "roles/cloudkms.admin",
        members: [DEPLOYER],
      }),
      trusted(),
    ],
  ];
  it.each(refused)("IAM-1 refuses the deployer's admin role %s", (_, r, ctx) => {
    expect(judge("IAM-1", r, ctx(r))).toMatch(/^fail: grants .*admin.* to a service account$/i);
  });

  it("IAM-1 still refuses basic roles to the deployer in the bootstrap stack", () => {
    const r = grant("roles/owner");
    expect(judge("IAM-1", r, trusted()(r))).toBe("fail: grants basic role roles/owner");
  });
});

describe("the deployer attaches the stack's own service accounts (IAM-5, WorkloadIdentity.grantActAs)", () => {
  const account = res("google_service_account.reader", { account_id: "reader", project: PROJECT });
  const actAs = (attrs: Record<string, unknown> = {}) =>
    res("google_service_account_iam_member.act", {
      service_account_id: "${google_service_account.reader.name}",
      role: "roles/iam.serviceAccountUser",
      member: DEPLOYER,
      ...attrs,
    });
  const judgeIam5 = (r: ReturnType<typeof actAs>, deployer: string | null = DEPLOYER) =>
    judge("IAM-5", r, { ...ctxOf([account, r]), projectId: PROJECT, deployer: deployer ?? undefined });

  it("passes Service Account User for the configured deployer on a service account the stack creates", () => {
    expect(judgeIam5(actAs())).toBe("pass");
  });

  it.each([
    [
      "Token Creator instead of Service Account User",
      actAs({ role: "roles/iam.serviceAccountTokenCreator" }),
    ],
    ["another member", actAs({ member: `serviceAccount:intruder@${PROJECT}.iam.gserviceaccount.com` })],
    [
      "a service account the stack does not create",
      actAs({ service_account_id: `projects/${PROJECT}/serviceAccounts/x@y` }),
    ],
  ])("refuses %s", (_, r) => {
    expect(judgeIam5(r)).toMatch(/^fail: /);
  });

  it("refuses it when no configuration names the deployer (the JSON cannot claim it)", () => {
    expect(judgeIam5(actAs(), null)).toMatch(/^fail: /);
  });
});
