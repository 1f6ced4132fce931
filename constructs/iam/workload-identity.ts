import { Construct } from "constructs";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { InvalidPropError, requireMatch } from "../errors";
import { ResourceGrants, type Grant } from "./grant";
import type { IPrincipal } from "./principal";
import { projectRoleRefusal } from "../../core/rules/iam";

export interface WorkloadIdentityProps {
  /** Project that holds the service account. */
  readonly projectId: string;
  /** Service account id (the part before `@`): 6-30 lowercase letters, digits or hyphens. */
  readonly accountId: string;
  /**
   * What the workload is, shown in the console.
   * @default the account id
   */
  readonly displayName?: string;
  /**
   * Why the workload exists and what it may touch.
   * @default none
   */
  readonly description?: string;
}

const ACCOUNT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/**
 * One service account for one workload (IAM-3), usable as an `IPrincipal` by every construct's
 * `grant*` helper, so it receives named roles on named resources only. It never gets a key (IAM-3:
 * workloads authenticate through the metadata server or Workload Identity Federation), and project
 * level grants refuse basic, impersonation and admin roles (IAM-1, IAM-2).
 */
export class WorkloadIdentity extends Construct implements IPrincipal {
  readonly serviceAccount: ServiceAccount;
  /** The construct's main resource, the service account (`serviceAccount`); also `node.defaultChild`. */
  readonly resource: ServiceAccount;
  /** `serviceAccount:<email>`. */
  readonly member: string;
  /** The account id; names every grant's construct, so Terraform addresses stay stable. */
  readonly principalId: string;
  /** The service account's email. */
  readonly email: string;
  private readonly projectId: string;
  private readonly projectGrants = new ResourceGrants<ProjectIamMember>(
    "WorkloadIdentity",
    (id, role, member) => new ProjectIamMember(this, id, { project: this.projectId, role, member }),
  );

  private readonly actAsGrants = new ResourceGrants<ServiceAccountIamMember>(
    "WorkloadIdentity",
    (id, role, member) =>
      new ServiceAccountIamMember(this, id, { serviceAccountId: this.serviceAccount.name, role, member }),
  );

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    requireMatch(
      "WorkloadIdentity",
      "accountId",
      props.accountId,
      ACCOUNT_ID,
      "must be 6-30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen",
    );
    this.projectId = props.projectId;
    this.serviceAccount = new ServiceAccount(this, "service-account", {
      project: props.projectId,
      accountId: props.accountId,
      displayName: props.displayName ?? props.accountId,
      description: props.description,
    });
    this.email = this.serviceAccount.email;
    this.member = this.serviceAccount.member;
    this.principalId = props.accountId;
    this.resource = this.serviceAccount;
    this.node.defaultChild = this.serviceAccount;
  }

  /**
   * Grants a role on the whole project, for the rare permission that has no resource to bind to
   * (e.g. `roles/logging.logWriter`, `roles/monitoring.metricWriter`). Refuses basic roles,
   * project-wide impersonation roles and admin roles (IAM-1, IAM-2).
   */
  grantProjectRole(role: string): Grant<ProjectIamMember> {
    const refusal = projectRoleRefusal(role);
    if (refusal) throw new InvalidPropError("WorkloadIdentity", "grantProjectRole(role)", role, refusal);
    // The binding's id predates the shared helper and carries no principal id: it names the role only.
    const id = `project-${role.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}`;
    return this.projectGrants.grant(this, { role, verb: "project", id });
  }

  /**
   * Lets `principal` attach this identity to what it deploys (`roles/iam.serviceAccountUser` on this one
   * service account, never on the project: IAM-2). Google asks for it when a resource runs as a service
   * account (an Eventarc trigger, a Workflows workflow): the deployer needs it on their identities.
   */
  grantActAs(principal: IPrincipal): Grant<ServiceAccountIamMember> {
    return this.actAsGrants.grant(principal, { role: "roles/iam.serviceAccountUser", verb: "act-as" });
  }
}
