import { shippedStacks } from "../support/shipped";

type Resource = Record<string, unknown>;

/** Secret versions whose data comes from an Upstash database attribute, by stack. */
function upstashCredentialVersions(): [string, string, Resource][] {
  return Object.entries(shippedStacks()).flatMap(([stack, json]) =>
    Object.entries(json.resource?.google_secret_manager_secret_version ?? {})
      .filter(([, v]) => /\$\{upstash_redis_database\./.test(String(v.secret_data)))
      .map(([id, v]) => [stack, id, v] as [string, string, Resource]),
  );
}

/**
 * Terraform plans a replacement of a version when `secret_data` differs from state, unless ignore_changes
 * names it (secret_data forces a new version in google 6.50.0). This is the decision, as Terraform makes it
 * for this configuration, given the provider's documented read of a Credential Protection database: empty
 * password and tokens.
 */
function plannedAction(version: Resource, stateValue: string, readBack: string): "no-op" | "replace" {
  const lifecycle = (version.lifecycle ?? {}) as { ignore_changes?: string[] | string };
  const ignored =
    lifecycle.ignore_changes === "all" || (lifecycle.ignore_changes ?? []).includes("secret_data");
  return ignored || stateValue === readBack ? "no-op" : "replace";
}

describe("Upstash credentials in Secret Manager with Credential Protection on", () => {
  const versions = upstashCredentialVersions();

  it("covers the password and both REST tokens of every shipped database", () => {
    const databases = Object.values(shippedStacks()).flatMap((json) =>
      Object.keys(json.resource?.upstash_redis_database ?? {}),
    );
    expect(databases.length).toBeGreaterThan(0);
    expect(versions).toHaveLength(databases.length * 3);
    const attributes = versions.map(([, , v]) => String(v.secret_data).replace(/^.*\.(\w+)\}$/, "$1"));
    expect(new Set(attributes)).toEqual(new Set(["password", "rest_token", "read_only_rest_token"]));
  });

  it.each(upstashCredentialVersions())(
    "%s %s: written once, never replaced by an empty read-back",
    (_s, _id, version) => {
      expect(version.lifecycle).toMatchObject({ ignore_changes: ["secret_data", "enabled"] });
      expect(plannedAction(version, "the-first-credential", "")).toBe("no-op");
    },
  );

  it.each(upstashCredentialVersions())(
    "%s %s: an empty value fails the deploy instead of being stored",
    (_s, _id, version) => {
      const [post] = (version.lifecycle as { postcondition: { condition: string; error_message: string }[] })
        .postcondition;
      expect(post.condition).toBe("${nonsensitive(length(self.secret_data) > 0)}");
      expect(post.error_message).toMatch(/empty/);
    },
  );

  it("the oracle is not vacuous: without ignore_changes an empty read-back replaces the version", () => {
    expect(
      plannedAction({ secret_data: "${upstash_redis_database.x.password}" }, "the-first-credential", ""),
    ).toBe("replace");
  });
});
