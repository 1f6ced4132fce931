import { projectRoleRefusal } from "../../../core/rules/iam";

describe("projectRoleRefusal", () => {
  test.each(["roles/owner", "roles/editor", "roles/viewer"])("IAM-1: refuses basic role %s", (role) => {
    expect(projectRoleRefusal(role)).toMatch(
      /^basic roles \(roles\/owner, roles\/editor, roles\/viewer\) are never granted \(IAM-1\)/,
    );
  });

  test.each(["roles/iam.serviceAccountUser", "roles/iam.serviceAccountTokenCreator"])(
    "IAM-2: refuses %s at project level",
    (role) => {
      expect(projectRoleRefusal(role)).toMatch(/never granted at project level \(IAM-2\)/);
    },
  );

  test.each([
    "roles/storage.admin",
    "roles/storage.objectAdmin",
    "roles/cloudsql.admin",
    "roles/iam.securityAdmin",
    "roles/resourcemanager.projectIamAdmin",
    "roles/iam.serviceAccountKeyAdmin",
    "projects/acme-prod-1/roles/deployAdmin",
  ])("IAM-1: refuses admin role %s (service accounts are not admins)", (role) => {
    expect(projectRoleRefusal(role)).toMatch(
      /^admin roles are never granted to a workload at project level \(IAM-1/,
    );
  });

  test.each([
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/cloudtrace.agent",
    "projects/acme-prod-1/roles/appReader",
  ])("allows narrow role %s", (role) => {
    expect(projectRoleRefusal(role)).toBeUndefined();
  });

  test.each(["owner", "roles/", "roles/a b", ""])("refuses %j, which is no role name", (role) => {
    expect(projectRoleRefusal(role)).toMatch(/^must be a role name/);
  });
});

describe("projectRoleRefusal: exact sentences and anchors", () => {
  test.each([
    "x roles/logging.logWriter",
    "roles/logging.logWriter x",
    "projects/p/roles/x",
    "projects/Acme-prod/roles/x",
  ])("refuses %j", (role) => {
    expect(projectRoleRefusal(role)).toBe(
      "must be a role name such as roles/logging.logWriter or projects/P/roles/CUSTOM",
    );
  });

  test("each refusal explains what to grant instead", () => {
    expect(projectRoleRefusal("roles/owner")).toBe(
      "basic roles (roles/owner, roles/editor, roles/viewer) are never granted (IAM-1); grant a predefined role on the resource instead",
    );
    expect(projectRoleRefusal("roles/iam.serviceAccountUser")).toBe(
      "roles/iam.serviceAccountUser and roles/iam.serviceAccountTokenCreator are never granted at project level (IAM-2); grant them on one service account",
    );
    expect(projectRoleRefusal("roles/storage.ADMIN")).toBe(
      "admin roles are never granted to a workload at project level (IAM-1: service accounts are not admins); grant a narrower role on the resource through its grant* method",
    );
    // One predicate with the policy's IAM-1 (any role whose name contains "admin"), not only names ending in it.
    expect(projectRoleRefusal("roles/storage.adminViewer")).toMatch(/^admin roles are never granted/);
    expect(projectRoleRefusal("roles/compute.instanceAdmin.v1")).toMatch(/^admin roles are never granted/);
    expect(projectRoleRefusal("projects/admin-project/roles/reader")).toBeUndefined();
  });
});
