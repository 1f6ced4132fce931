import { Lazy } from "cdktf";
import { Principal } from "../../../constructs/iam/principal";

describe("Principal", () => {
  it("derives a stable id from a literal member", () => {
    expect(Principal.fromMember("group:Data-Readers@example.com").principalId).toBe(
      "group-data-readers-example-com",
    );
  });

  it.each(["allUsers", "allAuthenticatedUsers", "user:allUsers"])(
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
