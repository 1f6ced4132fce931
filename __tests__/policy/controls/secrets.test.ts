import { ctxOf, judge, res, verdicts } from "./rules";

/** Built at run time so the repository's secret scan does not take test data for a credential. */
const LITERAL = ["not", "a", "reference"].join("-");

const secret = (attrs: Record<string, unknown>) =>
  res("google_secret_manager_secret.s", {
    replication: {
      user_managed: {
        replicas: [
          {
            location: "europe-west1",
            customer_managed_encryption: { kms_key_name: "${google_kms_crypto_key.k.id}" },
          },
        ],
      },
    },
    version_destroy_ttl: "86400s",
    deletion_protection: true,
    lifecycle: { prevent_destroy: true },
    rotation: { rotation_period: "7776000s" },
    topics: [{ name: "${google_pubsub_topic.t.id}" }],
    ...attrs,
  });

describe("Secret Manager controls, rule by rule", () => {
  it("every secret control passes on a compliant secret", () => {
    for (const id of ["SEC-1", "SEC-2", "SEC-3", "SEC-4"])
      expect([id, judge(id, secret({}))]).toEqual([id, "pass"]);
  });

  it("SEC-1: user-managed replicas, each with CMEK", () => {
    expect(judge("SEC-1", secret({ replication: { auto: {} } }))).toBe(
      "fail: replication is not user_managed (locations are not pinned)",
    );
    expect(
      judge(
        "SEC-1",
        secret({
          replication: {
            user_managed: {
              replicas: [
                { location: "europe-west1", customer_managed_encryption: { kms_key_name: "k" } },
                { location: "europe-west4" },
                { location: "us-east1", customer_managed_encryption: {} },
              ],
            },
          },
        }),
      ),
    ).toBe('fail: replica(s) "europe-west4", "us-east1" have no customer_managed_encryption.kms_key_name');
  });

  it("SEC-2: a positive version destroy TTL", () => {
    expect(judge("SEC-2", secret({ version_destroy_ttl: "0s" }))).toBe('fail: version_destroy_ttl is "0s"');
    expect(judge("SEC-2", secret({ version_destroy_ttl: undefined }))).toBe(
      "fail: version_destroy_ttl is unset",
    );
  });

  it("SEC-3: deletion protection and prevent_destroy", () => {
    expect(judge("SEC-3", secret({ deletion_protection: false }))).toBe("fail: deletion_protection is false");
    expect(judge("SEC-3", secret({ lifecycle: {} }))).toBe("fail: lifecycle.prevent_destroy is not true");
  });

  it("SEC-4: a rotation period and a topic for the reminders", () => {
    expect(judge("SEC-4", secret({ rotation: undefined }))).toBe(
      "fail: rotation.rotation_period is unset (no rotation reminder)",
    );
    expect(judge("SEC-4", secret({ topics: [] }))).toBe("fail: topics is empty (reminders go nowhere)");
  });

  it("SEC-5: no public members on secrets; no Secret Manager roles at project, folder or organization level", () => {
    expect(
      judge(
        "SEC-5",
        res("google_secret_manager_secret_iam_member.m", {
          role: "roles/secretmanager.secretAccessor",
          member: "allUsers",
        }),
      ),
    ).toBe("fail: grants roles/secretmanager.secretAccessor to allUsers");
    expect(
      judge(
        "SEC-5",
        res("google_secret_manager_secret_iam_member.m", {
          role: "roles/secretmanager.secretAccessor",
          member: "group:g@x.com",
        }),
      ),
    ).toBe("pass");
    expect(
      judge(
        "SEC-5",
        res("google_project_iam_member.m", {
          role: "roles/secretmanager.secretAccessor",
          member: "group:g@x.com",
        }),
      ),
    ).toBe("fail: grants roles/secretmanager.secretAccessor at project level: every secret becomes readable");
    expect(
      judge(
        "SEC-5",
        res("google_organization_iam_binding.m", {
          role: "roles/secretmanager.admin",
          members: ["group:g@x.com"],
        }),
      ),
    ).toBe("fail: grants roles/secretmanager.admin at organization level: every secret becomes readable");
    expect(
      judge("SEC-5", res("google_project_iam_member.m", { role: "roles/viewer", member: "group:g@x.com" })),
    ).toBe("n/a");
  });

  it("SEC-6: literal credentials in resources, providers and outputs are findings; references are not", () => {
    const db = res("upstash_redis_database.r", {
      "//": { password: LITERAL },
      nested: [{ password: LITERAL }, { api_key: "${var.key}" }, { auth_token: "  " }],
      rest_token: "${upstash_redis_database.r.rest_token}",
    });
    expect(
      verdicts(
        "SEC-6",
        ctxOf(
          [db],
          {},
          {
            provider: { upstash: [{ api_key: LITERAL, email: "ops@example.com" }] },
            output: {
              url: { value: "${upstash_redis_database.r.endpoint}" },
              token: { value: "${upstash_redis_database.r.read_only_rest_token}" },
              none: {},
            },
          },
        ),
      ),
    ).toEqual([
      "fail: literal credential in nested[0].password @ upstash_redis_database.r",
      "fail: literal credential in provider.upstash.api_key @ (stack)",
      'fail: output "token" exposes upstash_redis_database.read_only_rest_token (a sensitive attribute) @ (stack)',
    ]);
  });

  it("SEC-6: each credential attribute name counts", () => {
    for (const key of [
      "password",
      "secret_data",
      "api_key",
      "private_key",
      "client_secret",
      "access_token",
      "credentials",
      "auth_token",
      "rest_token",
    ]) {
      expect(verdicts("SEC-6", ctxOf([res("x_y.r", { [key]: LITERAL })]))).toEqual([
        `fail: literal credential in ${key} @ x_y.r`,
      ]);
    }
    for (const attribute of [
      "password",
      "rest_token",
      "secret_data",
      "private_key",
      "api_key",
      "access_token",
    ]) {
      expect(verdicts("SEC-6", ctxOf([], {}, { output: { o: { value: `\${x.y.${attribute}}` } } }))).toEqual([
        `fail: output "o" exposes ${attribute} @ (stack)`,
      ]);
    }
    expect(verdicts("SEC-6", ctxOf([], {}, { output: { o: { value: "${x.y.password_hash}" } } }))).toEqual([
      "pass @ (stack)",
    ]);
  });

  it("SEC-6: a clean stack passes with its reference-only secret versions as evidence", () => {
    const byReference = res("google_secret_manager_secret_version.a", {
      secret_data: "${random_password.p.result}",
    });
    const unset = res("google_secret_manager_secret_version.b", {});
    const literal = res("google_secret_manager_secret_version.c", { secret_data: "" });
    expect(verdicts("SEC-6", ctxOf([byReference, unset, literal]))).toEqual([
      "pass @ (stack) [google_secret_manager_secret_version.a, google_secret_manager_secret_version.b]",
    ]);
  });
});
