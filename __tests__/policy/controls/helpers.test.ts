import type { Resource, StackContext } from "../../../policy/model";
import {
  HIERARCHY_IAM_TYPES,
  checksProjectWide,
  databaseFlags,
  fail,
  firstFailure,
  iamMembers,
  iamRoles,
  iamTypes,
  publicMembers,
  verdict,
} from "../../../policy/controls/helpers";

function resource(attrs: Record<string, unknown>, type = "google_storage_bucket_iam_policy"): Resource {
  return { type, name: "r", address: `${type}.r`, path: "p", attrs };
}

function context(role: "baseline" | "bootstrap" | "workload", types: string[]): StackContext {
  const resources = types.map((type) => resource({}, type));
  return {
    stackName: "s",
    settings: { pack: "baseline", production: true, role },
    resources,
    dataSources: [],
    ofType: (type) => resources.filter((r) => r.type === type),
    json: {},
  };
}

const POLICY = JSON.stringify({
  bindings: [
    { role: "roles/storage.objectViewer", members: ["group:readers@example.com", "allUsers"] },
    { members: ["user:a@example.com"] },
    { role: "roles/storage.admin" },
  ],
});

describe("policy control helpers", () => {
  it("fail and firstFailure: the first problem string wins; none is a pass", () => {
    expect(fail("x is y")).toBe("fail: x is y");
    expect(firstFailure(false, undefined, "first", "second")).toBe("fail: first");
    expect(firstFailure(false, undefined)).toBe("pass");
    expect(firstFailure()).toBe("pass");
  });

  it("checksProjectWide: baseline stacks with Google resources only", () => {
    expect(checksProjectWide(context("baseline", ["google_storage_bucket"]))).toBe(true);
    expect(checksProjectWide(context("baseline", ["upstash_redis_database"]))).toBe(false);
    expect(checksProjectWide(context("workload", ["google_storage_bucket"]))).toBe(false);
    expect(checksProjectWide(context("bootstrap", ["google_storage_bucket"]))).toBe(false);
  });

  it("iamMembers: member, members and literal policy bindings", () => {
    expect(iamMembers(resource({ member: "group:g@example.com" }))).toEqual(["group:g@example.com"]);
    expect(iamMembers(resource({ members: ["user:a@example.com", "user:b@example.com"] }))).toEqual([
      "user:a@example.com",
      "user:b@example.com",
    ]);
    expect(iamMembers(resource({ policy_data: POLICY }))).toEqual([
      "group:readers@example.com",
      "allUsers",
      "user:a@example.com",
    ]);
    expect(iamMembers(resource({ policy_data: "{}" }))).toEqual([]);
    expect(iamMembers(resource({ policy_data: "not json" }))).toEqual([]);
  });

  it("iamMembers: a policy from a data source is scanned for public members", () => {
    expect(
      iamMembers(
        resource({ policy_data: '${data.google_iam_policy.p.policy_data} "allAuthenticatedUsers"' }),
      ),
    ).toEqual(["allAuthenticatedUsers"]);
    expect(iamMembers(resource({ policy_data: "${data.google_iam_policy.p.policy_data}" }))).toEqual([]);
    expect(iamMembers(resource({ policy_data: 5 }))).toEqual([]);
  });

  it("iamRoles: role and literal policy roles", () => {
    expect(iamRoles(resource({ role: "roles/viewer" }))).toEqual(["roles/viewer"]);
    expect(iamRoles(resource({ policy_data: POLICY }))).toEqual([
      "roles/storage.objectViewer",
      "roles/storage.admin",
    ]);
    expect(iamRoles(resource({ policy_data: "{}" }))).toEqual([]);
    expect(iamRoles(resource({ policy_data: "not json" }))).toEqual([]);
    expect(
      iamRoles(resource({ policy_data: '${data.google_iam_policy.p.policy_data} "roles/owner"' })),
    ).toEqual([]);
  });

  it("publicMembers: allUsers and allAuthenticatedUsers, bare or prefixed", () => {
    expect(
      publicMembers(
        resource({
          members: [
            "allUsers",
            "group:allUsers",
            "user:allAuthenticatedUsers",
            "user:a@example.com",
            "group:xallUsers",
          ],
        }),
      ),
    ).toEqual(["allUsers", "group:allUsers", "user:allAuthenticatedUsers"]);
  });

  it("iamTypes and the hierarchy IAM types", () => {
    expect(iamTypes("google_kms_crypto_key")).toEqual([
      "google_kms_crypto_key_iam_member",
      "google_kms_crypto_key_iam_binding",
      "google_kms_crypto_key_iam_policy",
    ]);
    expect(HIERARCHY_IAM_TYPES).toEqual([
      "google_project_iam_member",
      "google_project_iam_binding",
      "google_project_iam_policy",
      "google_folder_iam_member",
      "google_folder_iam_binding",
      "google_folder_iam_policy",
      "google_organization_iam_member",
      "google_organization_iam_binding",
      "google_organization_iam_policy",
    ]);
  });

  it("databaseFlags maps flag names to values as strings", () => {
    const flags = databaseFlags(
      resource(
        {
          settings: {
            database_flags: [
              { name: "log_connections", value: "on" },
              { name: "x", value: 0 },
            ],
          },
        },
        "google_sql_database_instance",
      ),
    );
    expect([...flags]).toEqual([
      ["log_connections", "on"],
      ["x", "0"],
    ]);
  });

  it("verdict carries outcome, subject and evidence", () => {
    const subject = resource({});
    expect(verdict("pass", subject, ["a"])).toEqual({ outcome: "pass", subject, evidence: ["a"] });
  });
});
