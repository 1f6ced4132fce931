import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { Grant, ResourceGrants } from "../../../constructs/iam/grant";
import { Principal } from "../../../constructs/iam/principal";
import { constructTestStack, resourcesOf, synth } from "../../support/synth";

function bucketGrants() {
  const stack = constructTestStack();
  const grants = new ResourceGrants<StorageBucketIamMember>(
    "Example",
    (id, role, member) => new StorageBucketIamMember(stack, id, { bucket: "b", role, member }),
  );
  return { stack, grants };
}

describe("ResourceGrants: the one memoised grant helper every construct uses", () => {
  const reader = Principal.fromMember("group:readers@example.com");

  it("creates one binding per role, named <verb>-<principalId>, and returns it in a Grant", () => {
    const { stack, grants } = bucketGrants();
    const grant = grants.grant(reader, { role: "roles/storage.objectViewer", verb: "read" });
    expect(grant).toBeInstanceOf(Grant);
    expect(grant.principal).toBe(reader);
    expect(grant.roles).toEqual(["roles/storage.objectViewer"]);
    expect(grant.binding.node.id).toBe("read-group-readers-example-com");
    expect(grant.dependables).toEqual([grant.binding]);
    expect(Object.values(resourcesOf(synth(stack), "google_storage_bucket_iam_member"))).toEqual([
      { bucket: "b", role: "roles/storage.objectViewer", member: "group:readers@example.com" },
    ]);
  });

  it("returns the same Grant for the same roles and principal, and never a second binding", () => {
    const { stack, grants } = bucketGrants();
    const role = { role: "roles/storage.objectViewer", verb: "read" };
    expect(grants.grant(reader, role)).toBe(grants.grant(reader, role));
    expect(Object.keys(resourcesOf(synth(stack), "google_storage_bucket_iam_member"))).toHaveLength(1);
  });

  it("a grant of several roles holds every binding; .binding refuses to pick one", () => {
    const { grants } = bucketGrants();
    const grant = grants.grant(
      reader,
      { role: "roles/storage.objectViewer", verb: "read" },
      { role: "roles/storage.objectCreator", verb: "create" },
    );
    expect(grant.bindings.map((b) => b.node.id)).toEqual([
      "read-group-readers-example-com",
      "create-group-readers-example-com",
    ]);
    expect(() => grant.binding).toThrow("2 bindings; use .bindings");
    // A later one-role grant reuses the binding created above.
    expect(grants.grant(reader, { role: "roles/storage.objectViewer", verb: "read" }).binding).toBe(
      grant.bindings[0],
    );
  });

  it("refuses a second member under a principalId already used: its binding would be the first one's", () => {
    const { grants } = bucketGrants();
    grants.grant(Principal.fromMember("group:a@example.com", "team"), { role: "r", verb: "read" });
    expect(() =>
      grants.grant(Principal.fromMember("group:b@example.com", "team"), { role: "r", verb: "read" }),
    ).toThrow(
      'Example: principal.principalId: got "team"; already names a grant to another member (group:a@example.com); give each principal its own principalId',
    );
  });

  it("an explicit id keeps an address pinned before the helper", () => {
    const { grants } = bucketGrants();
    const grant = grants.grant(reader, { role: "r", verb: "project", id: "project-r" });
    expect(grant.binding.node.id).toBe("project-r");
  });

  it("Grant.combine joins the bindings of several grants to one principal", () => {
    const { grants } = bucketGrants();
    const a = grants.grant(reader, { role: "r1", verb: "a" });
    const b = grants.grant(reader, { role: "r2", verb: "b" });
    const combined = Grant.combine([a, b, a]);
    expect(combined.bindings).toEqual([a.binding, b.binding]);
    expect(combined.roles).toEqual(["r1", "r2", "r1"]);
    expect(() => Grant.combine([])).toThrow("needs at least one grant");
    const other = grants.grant(Principal.fromMember("group:writers@example.com"), { role: "r1", verb: "a" });
    expect(() => Grant.combine([a, other])).toThrow(
      "Grant.combine: grants to group-readers-example-com and group-writers-example-com; a Grant has one principal",
    );
  });
});
