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
  const name = role.slice(role.lastIndexOf("/") + 1);
  if (/admin$/i.test(name)) {
    return "admin roles are never granted to a workload at project level (IAM-1: service accounts are not admins); grant a narrower role on the resource through its grant* method";
  }
  return undefined;
}
