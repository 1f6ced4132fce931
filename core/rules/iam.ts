/**
 * IAM rules shared by the constructs (Principal, WorkloadIdentity) and the policy (IAM-1, IAM-2, public
 * members): one list and one predicate each, so a role or member the construct accepts the policy accepts.
 */

/** IAM-1: basic roles grant thousands of permissions across every service. */
export const BASIC_ROLES: readonly string[] = ["roles/owner", "roles/editor", "roles/viewer"];

/**
 * IAM-2: at project level these let the holder act as (or mint tokens for) every service account in
 * the project, which is privilege escalation. Grant them on one service account if at all.
 */
export const PROJECT_WIDE_IMPERSONATION_ROLES: readonly string[] = [
  "roles/iam.serviceAccountUser",
  "roles/iam.serviceAccountTokenCreator",
];

/**
 * IAM-1: an admin role (`roles/storage.admin`, `roles/compute.instanceAdmin.v1`, a custom `.../roles/kmsAdmin`):
 * any role whose name (after the last `/`) contains "admin", in any case. Service accounts are not admins.
 */
export function isAdminRole(role: string): boolean {
  return /admin/i.test(role.slice(role.lastIndexOf("/") + 1));
}

/** The public members as the construct's callers write them. */
export const PUBLIC_MEMBERS: readonly string[] = ["allUsers", "allAuthenticatedUsers"];

/** `allUsers`, `allAuthenticatedUsers` (bare or prefixed) and their IAM v2 spelling `principalSet://goog/public:all`. */
export function isPublicMember(member: string): boolean {
  const m = member.trim().toLowerCase();
  return (
    PUBLIC_MEMBERS.some((p) => m === p.toLowerCase() || m.endsWith(`:${p.toLowerCase()}`)) ||
    m.startsWith("principalset://goog/public:")
  );
}

/**
 * GCS-3, KMS-6: a named identity: one user, group, service account or workload principal. A `domain:` member
 * (everyone in a Google Workspace domain) and the public members are not named identities.
 */
export const NAMED_MEMBER = /^(user|group|serviceAccount|principal|principalSet):\S+$/;

const ROLE = /^(roles\/[a-zA-Z0-9_.]+|projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/roles\/[a-zA-Z0-9_.]+)$/;

/**
 * Why `role` must not be granted to a workload at project level, or `undefined` when it may be.
 * A pure function so the same rule serves constructs and reviews.
 */
export function projectRoleRefusal(role: string): string | undefined {
  if (!ROLE.test(role))
    return "must be a role name such as roles/logging.logWriter or projects/P/roles/CUSTOM";
  if (BASIC_ROLES.includes(role)) {
    return "basic roles (roles/owner, roles/editor, roles/viewer) are never granted (IAM-1); grant a predefined role on the resource instead";
  }
  if (PROJECT_WIDE_IMPERSONATION_ROLES.includes(role)) {
    return "roles/iam.serviceAccountUser and roles/iam.serviceAccountTokenCreator are never granted at project level (IAM-2); grant them on one service account";
  }
  if (isAdminRole(role)) {
    return "admin roles are never granted to a workload at project level (IAM-1: service accounts are not admins); grant a narrower role on the resource through its grant* method";
  }
  return undefined;
}
