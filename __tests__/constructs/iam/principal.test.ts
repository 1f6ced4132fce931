import { Lazy } from "cdktf";
import { Principal } from "../../../constructs/iam/principal";

describe("Principal", () => {
  it("derives a stable id from a literal member", () => {
    expect(Principal.fromMember("group:Data-Readers@example.com").principalId).toBe(
      "group-data-readers-example-com",
    );
  });

  it.each(["allUsers", "allAuthenticatedUsers", "user:allUsers", "principalSet://goog/public:all"])(
    "GCS-3 / KMS-6: refuses public member %s",
    (m) => {
      expect(() => Principal.fromMember(m)).toThrow(
        /public members \(allUsers, allAuthenticatedUsers\) are never granted/,
      );
    },
  );

  it("refuses a member without a type prefix", () => {
    expect(() => Principal.fromMember("alice@example.com")).toThrow(
      'Principal: member: got "alice@example.com"; must be an IAM member such as user:a@example.com',
    );
  });

  it("requires an explicit id for a member resolved by Terraform", () => {
    const reference = Lazy.stringValue({ produce: () => "serviceAccount:app@p.iam.gserviceaccount.com" });
    expect(() => Principal.fromMember(reference)).toThrow(/principalId: .*is required/);
    expect(Principal.fromMember(reference, "app").principalId).toBe("app");
  });
});

describe("Principal validates members exactly", () => {
  const MEMBER =
    "must be an IAM member such as user:a@example.com, group:g@example.com or serviceAccount:sa@project.iam.gserviceaccount.com";
  // domain: (everyone in a Workspace domain) is not a named identity: KMS-6 and STATE-2 refuse it too.
  it.each([
    "x user:a@example.com",
    "user:a@example.com x",
    "user:",
    "robot:a@example.com",
    "domain:example.com",
  ])("refuses %j", (member) => {
    expect(() => Principal.fromMember(member)).toThrow(
      `Principal: member: got ${JSON.stringify(member)}; ${MEMBER}`,
    );
  });

  it.each([
    "user:a@example.com",
    "group:g@example.com",
    "serviceAccount:s@p.iam.gserviceaccount.com",
    "principal://iam.googleapis.com/x",
    "principalSet://iam.googleapis.com/y",
  ])("accepts %s", (member) => {
    expect(Principal.fromMember(member).member).toBe(member);
  });

  it("names the public member it refuses, and the id of a reference without one", () => {
    expect(() => Principal.fromMember("group:allAuthenticatedUsers")).toThrow(
      'Principal: member: got "group:allAuthenticatedUsers"; public members (allUsers, allAuthenticatedUsers) are never granted; name a user, group or service account',
    );
    const reference = Lazy.stringValue({ produce: () => "serviceAccount:app@p.iam.gserviceaccount.com" });
    expect(() => Principal.fromMember(reference)).toThrow(
      "Principal: principalId: got undefined; is required when the member is a reference resolved by Terraform (it names the grant's resource)",
    );
    expect(Principal.fromMember("user:xallUsers@example.com").member).toBe("user:xallUsers@example.com");
    expect(Principal.fromMember("user:A.B+c@Example.com", "ab").principalId).toBe("ab");
    expect(Principal.fromMember("user:A.B+c@Example.com").principalId).toBe("user-a-b-c-example-com");
  });
});
