/**
 * The deployer's project roles in code (issue 17): the bootstrap stack grants the configured deployer
 * exactly the kit's deployer roles, and that set is what the shipped stacks need, API by API.
 */
import { ConfigError } from "../../config/errors";
import { DeployerRoles } from "../../constructs/iam/deployer-roles";
import { apisOf } from "../../constructs/project/resource-apis";
import { DEPLOYER_ROLES_BY_API, bucketAdminRole, deployerProjectRoles } from "../../core/rules/deployer";
import { BASIC_ROLES, PROJECT_WIDE_IMPERSONATION_ROLES } from "../../core/rules/iam";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { shippedStacks } from "../support/shipped";
import { App, resourcesOf, synth, testEnvironment, type SynthesizedStack } from "../support/synth";

const DEPLOYER = "serviceAccount:cdktf-deployer@acme-test-dev.iam.gserviceaccount.com";

function deployerGrants(json: SynthesizedStack): [string, string][] {
  return Object.values(resourcesOf(json, "google_project_iam_member"))
    .map((g) => [String(g.role), String(g.member)] as [string, string])
    .sort();
}

describe("the bootstrap stack grants the deployer its project roles", () => {
  it("grants the first of state.deployers exactly the kit's roles, on the environment's project", () => {
    const json = synth(new BootstrapStack(new App(), { environment: testEnvironment() }));
    const roles = deployerProjectRoles({ projectId: "acme-test-dev", identityPlatform: false });
    expect(deployerGrants(json)).toEqual(roles.map((role) => [role, DEPLOYER]));
    for (const g of Object.values(resourcesOf(json, "google_project_iam_member"))) {
      expect(g.project).toBe("acme-test-dev");
      expect(g.condition).toBeUndefined();
    }
    expect(roles).toContain(bucketAdminRole("acme-test-dev"));
    expect(roles).not.toContain("roles/identityplatform.admin");
    expect(roles).not.toContain("roles/storage.admin");
    for (const forbidden of [...BASIC_ROLES, ...PROJECT_WIDE_IMPERSONATION_ROLES]) {
      expect(roles).not.toContain(forbidden);
    }
  });

  it("adds roles/identityplatform.admin only where Identity Platform is enabled", () => {
    const environment = testEnvironment({ identityPlatform: { enabled: true } });
    const json = synth(new BootstrapStack(new App(), { environment }));
    expect(deployerGrants(json)).toContainEqual(["roles/identityplatform.admin", DEPLOYER]);
  });

  it("grants a configured deployer, never the other state deployers (a CI planner)", () => {
    const deployer = "serviceAccount:deployer@acme-ops.iam.gserviceaccount.com";
    const planner = "serviceAccount:cdktf-planner@acme-test-dev.iam.gserviceaccount.com";
    const json = synth(
      new BootstrapStack(new App(), {
        environment: testEnvironment({ state: { deployers: [deployer, planner] } }),
      }),
    );
    const members = new Set(deployerGrants(json).map(([, member]) => member));
    expect([...members]).toEqual([deployer]);
  });

  it("the configuration refuses a first deployer that is not a service account, naming the field", () => {
    expect(() => testEnvironment({ state: { deployers: ["group:platform@example.com"] } })).toThrow(
      ConfigError,
    );
    try {
      testEnvironment({ state: { deployers: ["group:platform@example.com"] } });
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        expect.stringContaining(
          'state.deployers[0]: got "group:platform@example.com"; the first of state.deployers',
        ),
      ]);
    }
  });

  it("DeployerRoles refuses a role outside the kit's list and a member that is not a service account", () => {
    const stack = new App();
    const scope = new BootstrapStack(stack, { environment: testEnvironment() });
    expect(
      () =>
        new DeployerRoles(scope, "x", {
          projectId: "acme-test-dev",
          member: DEPLOYER,
          roles: ["roles/owner"],
        }),
    ).toThrow(/DeployerRoles: roles: got "roles\/owner"; is not one of the kit's deployer roles/);
    expect(
      () =>
        new DeployerRoles(scope, "y", {
          projectId: "acme-test-dev",
          member: "user:me@example.com",
          roles: ["roles/cloudkms.admin"],
        }),
    ).toThrow(/DeployerRoles: member: got "user:me@example.com"; .*service account/);
  });
});

describe("the deployer's roles match what the shipped stacks call", () => {
  const stacks = Object.entries(shippedStacks());
  // Org policies are set on the organization's behalf by an organization administrator, never by the deployer.
  const ORGANIZATION_APIS = ["orgpolicy.googleapis.com"];

  function apisUsed(json: SynthesizedStack): Set<string> {
    const types = [
      ...Object.keys((json.resource ?? {}) as object),
      ...Object.keys((json.data ?? {}) as object).map((t) => `data.${t}`),
    ].filter((t) => /^(data\.)?google_/.test(t));
    // google_project_service is how every API gets enabled: Service Usage itself.
    return new Set(
      types.flatMap((t) =>
        t === "google_project_service" ? ["serviceusage.googleapis.com"] : (apisOf(t) ?? []),
      ),
    );
  }

  it("every API a shipped stack calls has its deployer role", () => {
    const uncovered = stacks.flatMap(([name, json]) =>
      [...apisUsed(json)]
        .filter((api) => !ORGANIZATION_APIS.includes(api) && !(api in DEPLOYER_ROLES_BY_API))
        .map((api) => `${name}: ${api}`),
    );
    expect(uncovered).toEqual([]);
  });

  it("every deployer role serves an API some shipped stack calls (no role for nothing)", () => {
    const used = new Set(stacks.flatMap(([, json]) => [...apisUsed(json)]));
    const optional = ["identitytoolkit.googleapis.com"];
    expect(
      Object.keys(DEPLOYER_ROLES_BY_API).filter((api) => !used.has(api) && !optional.includes(api)),
    ).toEqual([]);
  });
});
