/**
 * The deployer identity and the project roles it holds: one table that the bootstrap stack grants from, the
 * policy check (IAM-1) accepts exactly, `npm run prepare-project` and the runbook describe, and the tests
 * compare with the Google APIs every shipped stack calls. No basic role, no owner, no project-wide
 * impersonation, no project-wide object access.
 */

/** Id of the project custom role that manages buckets and their IAM without any object permission. */
export const BUCKET_ADMIN_ROLE_ID = "cdktfBucketAdmin";

/**
 * Permissions of the bucket-admin custom role. `roles/storage.admin` on the project would also open every
 * object of every bucket, the Terraform state included (which holds credentials): this role has no
 * `storage.objects.*`; the deployer reaches state objects only through the state bucket's own grant (STATE-2).
 */
export const BUCKET_ADMIN_PERMISSIONS: readonly string[] = [
  "storage.buckets.create",
  "storage.buckets.delete",
  "storage.buckets.get",
  "storage.buckets.getIamPolicy",
  "storage.buckets.list",
  "storage.buckets.setIamPolicy",
  "storage.buckets.update",
];

/** The bucket-admin custom role's full name in a project. */
export function bucketAdminRole(projectId: string): string {
  return `projects/${projectId}/roles/${BUCKET_ADMIN_ROLE_ID}`;
}

/** Marks the place of the project's custom role in `DEPLOYER_ROLES_BY_API` (resolved per project). */
const BUCKET_ADMIN = "<bucket-admin>";

/**
 * The predefined roles that manage the kit's resources, by the Google API they call (the APIs of
 * `constructs/project/resource-apis.ts`). The narrowest predefined role that creates, updates, deletes and
 * sets IAM on the resource types the kit synthesizes; `orgpolicy.googleapis.com` is absent on purpose: its
 * role is granted on the organization by an organization administrator, never by a project stack.
 *
 * - cloudresourcemanager: projectIamAdmin (project grants, Data Access audit config, instance-conditioned Cloud
 *   SQL bindings) and tagAdmin (the secure tags of the Redis egress allow, created by the baseline and by
 *   team stacks, which the bootstrap cannot see).
 * - iam: serviceAccountAdmin creates the workloads' service accounts and their IAM; no keys are ever created
 *   (IAM-3) and it grants no impersonation of them to the deployer.
 */
export const DEPLOYER_ROLES_BY_API: Readonly<Record<string, readonly string[]>> = {
  "artifactregistry.googleapis.com": ["roles/artifactregistry.admin"],
  "cloudkms.googleapis.com": ["roles/cloudkms.admin"],
  "cloudresourcemanager.googleapis.com": [
    "roles/resourcemanager.projectIamAdmin",
    "roles/resourcemanager.tagAdmin",
  ],
  "compute.googleapis.com": ["roles/compute.networkAdmin", "roles/compute.securityAdmin"],
  "dns.googleapis.com": ["roles/dns.admin"],
  "iam.googleapis.com": ["roles/iam.serviceAccountAdmin"],
  "identitytoolkit.googleapis.com": ["roles/identityplatform.admin"],
  "logging.googleapis.com": ["roles/logging.configWriter"],
  "monitoring.googleapis.com": ["roles/monitoring.editor"],
  "pubsub.googleapis.com": ["roles/pubsub.admin"],
  // REG-2's trigger only names Artifact Analysis's topic: the deployer calls nothing of the API itself.
  "containeranalysis.googleapis.com": [],
  "eventarc.googleapis.com": ["roles/eventarc.admin"],
  "secretmanager.googleapis.com": ["roles/secretmanager.admin"],
  "servicenetworking.googleapis.com": ["roles/servicenetworking.networksAdmin"],
  "serviceusage.googleapis.com": ["roles/serviceusage.serviceUsageAdmin"],
  "sqladmin.googleapis.com": ["roles/cloudsql.admin"],
  "storage.googleapis.com": [BUCKET_ADMIN],
  "workflows.googleapis.com": ["roles/workflows.editor"],
};

/** APIs whose roles the deployer holds only when the environment uses them. */
const OPTIONAL_APIS: Readonly<Record<string, (features: DeployerFeatures) => boolean>> = {
  "identitytoolkit.googleapis.com": (features) => features.identityPlatform,
};

/** What of an environment decides the deployer's optional roles. */
export interface DeployerFeatures {
  readonly projectId: string;
  /** Identity Platform is configured (`identityPlatform.enabled`): adds `roles/identityplatform.admin`. */
  readonly identityPlatform: boolean;
}

function resolveRole(role: string, projectId: string): string {
  return role === BUCKET_ADMIN ? bucketAdminRole(projectId) : role;
}

/** The roles for one API in a project (the bucket-admin custom role resolved); empty for an unknown API. */
export function deployerRolesForApi(api: string, projectId: string): string[] {
  return (DEPLOYER_ROLES_BY_API[api] ?? []).map((role) => resolveRole(role, projectId));
}

/** The project roles the bootstrap grants the deployer in an environment, sorted. */
export function deployerProjectRoles(features: DeployerFeatures): string[] {
  const apis = Object.keys(DEPLOYER_ROLES_BY_API).filter((api) => OPTIONAL_APIS[api]?.(features) ?? true);
  return [...new Set(apis.flatMap((api) => deployerRolesForApi(api, features.projectId)))].sort();
}

/** Every role the deployer may hold in a project whatever the configuration (what IAM-1 accepts), sorted. */
export function allowedDeployerRoles(projectId: string): string[] {
  return [
    ...new Set(Object.keys(DEPLOYER_ROLES_BY_API).flatMap((api) => deployerRolesForApi(api, projectId))),
  ].sort();
}

/** The deployer service account the kit assumes when `state.deployers` is not set. */
export function defaultDeployer(projectId: string): string {
  return `serviceAccount:cdktf-deployer@${projectId}.iam.gserviceaccount.com`;
}

/**
 * The identities with object access on the state bucket (`state.deployers`, or the default deployer).
 * The first is the deployer, which the bootstrap grants its project roles; the others (a CI planner) only
 * read and lock state.
 */
export function stateDeployers(
  state: { readonly deployers?: readonly string[] },
  projectId: string,
): string[] {
  return state.deployers?.length ? [...state.deployers] : [defaultDeployer(projectId)];
}

/** Why `member` cannot be the deployer that receives project roles, or undefined when it can. */
export function deployerMemberProblem(member: string): string | undefined {
  return /^serviceAccount:[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9-]+\.iam\.gserviceaccount\.com$/.test(member)
    ? undefined
    : "the first of state.deployers receives the deployer's project roles, so it must be a user-managed service account (serviceAccount:<name>@<project>.iam.gserviceaccount.com); people deploy through it, never with admin roles of their own";
}
