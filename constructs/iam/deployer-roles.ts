import { Construct } from "constructs";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { InvalidPropError } from "../errors";
import { allowedDeployerRoles, deployerMemberProblem } from "../../core/rules/deployer";

export interface DeployerRolesProps {
  /** Project the roles are granted on. */
  readonly projectId: string;
  /** The deployer service account, `serviceAccount:<name>@<project>.iam.gserviceaccount.com`. */
  readonly member: string;
  /**
   * Project roles to grant: each one of the kit's deployer roles (`core/rules/deployer.ts`), which are
   * the only admin roles a service account may hold at project level (IAM-1).
   */
  readonly roles: readonly string[];
}

/**
 * The deployer's project roles as Terraform resources, so the policy check judges them like every other
 * grant (IAM-1 accepts exactly the kit's deployer roles for the configured deployer, in the bootstrap stack).
 * `google_project_iam_member` is additive: it never removes a grant it does not manage. One resource per
 * role, named after the role, so adding or removing a role moves no other address.
 */
export class DeployerRoles extends Construct {
  /** The grants, by role. */
  readonly grants: ReadonlyMap<string, ProjectIamMember>;

  constructor(scope: Construct, id: string, props: DeployerRolesProps) {
    super(scope, id);
    const problem = deployerMemberProblem(props.member);
    if (problem) throw new InvalidPropError("DeployerRoles", "member", props.member, problem);
    const allowed = allowedDeployerRoles(props.projectId);
    const grants = new Map<string, ProjectIamMember>();
    for (const role of props.roles) {
      if (!allowed.includes(role)) {
        throw new InvalidPropError(
          "DeployerRoles",
          "roles",
          role,
          `is not one of the kit's deployer roles: ${allowed.join(", ")}`,
        );
      }
      if (grants.has(role)) continue;
      const name = role.replace(/^projects\/[^/]+\/roles\//, "custom-").replace(/^roles\//, "");
      grants.set(
        role,
        new ProjectIamMember(this, name.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase(), {
          project: props.projectId,
          role,
          member: props.member,
        }),
      );
    }
    this.grants = grants;
  }
}
