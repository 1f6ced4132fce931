import { PROJECT_ORG_POLICY_CONSTRAINTS } from "../../../core/rules/org-policy";
import { projectRoleRefusal } from "../../../core/rules/iam";
import { ctxOf, judge, res, verdicts } from "./rules";

type Json = Record<string, unknown>;
const grant = (role: string, member: string, type = "google_project_iam_member") =>
  res(`${type}.g`, { role, member });

describe("IAM, guardrail, registry and identity controls, rule by rule", () => {
  it("IAM-1: no basic roles; no admin roles to service accounts", () => {
    for (const role of ["roles/owner", "roles/editor", "roles/viewer"]) {
      expect(judge("IAM-1", grant(role, "group:g@x.com"))).toBe(`fail: grants basic role ${role}`);
    }
    expect(judge("IAM-1", grant("roles/storage.Admin", "serviceAccount:a@p.iam.gserviceaccount.com"))).toBe(
      "fail: grants roles/storage.Admin to a service account",
    );
    expect(judge("IAM-1", grant("roles/iam.securityAdmin", "${google_service_account.app.member}"))).toBe(
      "fail: grants roles/iam.securityAdmin to a service account",
    );
    expect(judge("IAM-1", grant("roles/storage.admin", "group:admins@x.com"))).toBe("pass");
    expect(
      judge("IAM-1", grant("roles/storage.objectViewer", "serviceAccount:a@p.iam.gserviceaccount.com")),
    ).toBe("pass");
    expect(judge("IAM-1", grant("roles/logging.viewer", "group:g@x.com", "google_folder_iam_member"))).toBe(
      "pass",
    );
  });

  // WorkloadIdentity.grantProjectRole refuses exactly the roles IAM-1 fails for a service account.
  it.each([
    ["roles/compute.instanceAdmin.v1", false],
    ["roles/storage.adminViewer", false],
    ["projects/p-123456/roles/kmsAdmin", false],
    ["roles/logging.logWriter", true],
    ["projects/admin-project/roles/reader", true],
  ])("IAM-1 and projectRoleRefusal agree on %s", (role, allowed) => {
    const sa = "serviceAccount:a@p.iam.gserviceaccount.com";
    expect(judge("IAM-1", grant(role as string, sa)) === "pass").toBe(allowed);
    expect(projectRoleRefusal(role as string) === undefined).toBe(allowed);
  });

  it("IAM-2: no impersonation roles at project, folder or organization level", () => {
    expect(judge("IAM-2", grant("roles/iam.serviceAccountUser", "group:g@x.com"))).toBe(
      "fail: grants roles/iam.serviceAccountUser at project level",
    );
    expect(
      judge(
        "IAM-2",
        grant("roles/iam.serviceAccountTokenCreator", "group:g@x.com", "google_folder_iam_binding"),
      ),
    ).toBe("fail: grants roles/iam.serviceAccountTokenCreator at folder level");
    expect(judge("IAM-2", grant("roles/iam.serviceAccountViewer", "group:g@x.com"))).toBe("pass");
  });

  it("IAM-3: service accounts pass, user-managed keys fail", () => {
    expect(judge("IAM-3", res("google_service_account.a", {}))).toBe("pass");
    expect(judge("IAM-3", res("google_service_account_key.k", {}))).toBe(
      "fail: creates a user-managed service account key",
    );
  });

  it("ORG-1: every project constraint enforced (boolean or TRUE, enforce or deny_all); none applies without org policies", () => {
    const policy = (constraint: string, rules: Json[]) =>
      res(`google_org_policy_policy.${constraint.replace(/\./g, "-")}`, {
        name: `projects/p/policies/${constraint}`,
        spec: { rules },
      });
    const spellings: Json[] = [
      { enforce: true },
      { enforce: "TRUE" },
      { enforce: "true" },
      { deny_all: true },
      { deny_all: "TRUE" },
    ];
    const all = PROJECT_ORG_POLICY_CONSTRAINTS.map((c, i) => policy(c, [spellings[i % spellings.length]]));
    expect(verdicts("ORG-1", ctxOf(all)).every((v) => v.startsWith("pass @ google_org_policy_policy."))).toBe(
      true,
    );
    expect(verdicts("ORG-1", ctxOf(all))).toHaveLength(10);
    const [first, ...rest] = all;
    expect(verdicts("ORG-1", ctxOf(rest))[0]).toBe(
      "fail: no org policy for storage.publicAccessPrevention @ (stack)",
    );
    const notEnforced = policy("storage.publicAccessPrevention", [{ enforce: "FALSE" }, { deny_all: false }]);
    expect(verdicts("ORG-1", ctxOf([notEnforced, ...rest]))[0]).toBe(
      "fail: storage.publicAccessPrevention is not enforced @ google_org_policy_policy.storage-publicAccessPrevention",
    );
    const misnamed = res("google_org_policy_policy.x", {
      name: "projects/p/policies/storage.publicAccessPreventionX",
      spec: { rules: [{ enforce: true }] },
    });
    expect(verdicts("ORG-1", ctxOf([misnamed, ...rest]))[0]).toMatch(
      /^fail: no org policy for storage.publicAccessPrevention/,
    );
    expect(verdicts("ORG-1", ctxOf([]))).toEqual([]);
    expect(first.address).toBe("google_org_policy_policy.storage-publicAccessPrevention");
  });

  it("REG-1: CMEK, immutable Docker tags and scanning not disabled", () => {
    const repo = (attrs: Json) =>
      res("google_artifact_registry_repository.r", {
        kms_key_name: "${google_kms_crypto_key.k.id}",
        format: "docker",
        docker_config: { immutable_tags: true },
        ...attrs,
      });
    expect(judge("REG-1", repo({}))).toBe("pass");
    expect(judge("REG-1", repo({ kms_key_name: undefined }))).toBe("fail: kms_key_name is unset");
    expect(judge("REG-1", repo({ docker_config: undefined }))).toBe(
      "fail: docker_config.immutable_tags is unset",
    );
    expect(judge("REG-1", repo({ format: "NPM", docker_config: undefined }))).toBe("pass");
    expect(judge("REG-1", repo({ vulnerability_scanning_config: { enablement_config: "DISABLED" } }))).toBe(
      "fail: vulnerability scanning is DISABLED",
    );
    expect(judge("REG-1", repo({ vulnerability_scanning_config: { enablement_config: "INHERITED" } }))).toBe(
      "pass",
    );
  });

  it("IAM-8: no data role for a user, group, domain or workforce principal on the project, folder or organization", () => {
    const SQL_CONDITION = {
      title: "only-client-of-instance",
      expression:
        'resource.service == "sqladmin.googleapis.com" && resource.name.endsWith("/instances/prod-postgres")',
    };
    expect(judge("IAM-8", grant("roles/storage.objectViewer", "group:analysts@x.com"))).toBe(
      "fail: grants data role roles/storage.objectViewer to group:analysts@x.com at project level",
    );
    expect(
      judge(
        "IAM-8",
        grant("roles/secretmanager.secretAccessor", "user:ann@x.com", "google_folder_iam_member"),
      ),
    ).toBe("fail: grants data role roles/secretmanager.secretAccessor to user:ann@x.com at folder level");
    expect(judge("IAM-8", grant("roles/cloudkms.cryptoKeyEncrypterDecrypter", "domain:x.com"))).toMatch(
      /^fail: grants data role roles\/cloudkms\.cryptoKeyEncrypterDecrypter to domain:x\.com/,
    );
    expect(
      judge(
        "IAM-8",
        grant(
          "roles/bigquery.dataViewer",
          "principalSet://iam.googleapis.com/locations/global/workforcePools/staff/group/eng",
          "google_organization_iam_member",
        ),
      ),
    ).toMatch(
      /^fail: grants data role roles\/bigquery\.dataViewer to principalSet:.* at organization level$/,
    );
    // Service accounts and non-data roles are other controls' business.
    expect(
      judge("IAM-8", grant("roles/storage.objectViewer", "serviceAccount:a@p.iam.gserviceaccount.com")),
    ).toBe("pass");
    expect(judge("IAM-8", grant("roles/logging.viewer", "group:ops@x.com"))).toBe("pass");
    // Cloud SQL connect roles scoped to one instance by the kit's condition pass; anything else does not.
    const sql = (role: string, condition?: Json) =>
      res("google_project_iam_member.g", { role, member: "group:dba@x.com", condition });
    expect(judge("IAM-8", sql("roles/cloudsql.client", SQL_CONDITION))).toBe("pass");
    expect(judge("IAM-8", sql("roles/cloudsql.instanceUser", SQL_CONDITION))).toBe("pass");
    expect(judge("IAM-8", sql("roles/cloudsql.client"))).toBe(
      "fail: grants data role roles/cloudsql.client to group:dba@x.com at project level",
    );
    expect(judge("IAM-8", sql("roles/cloudsql.client", { title: "t", expression: "true" }))).toMatch(
      /^fail: /,
    );
    expect(judge("IAM-8", sql("roles/cloudsql.admin", SQL_CONDITION))).toMatch(
      /^fail: grants data role roles\/cloudsql\.admin/,
    );
    // Bindings and policy documents: every member is judged; a policy's own conditions are not trusted.
    expect(
      judge(
        "IAM-8",
        res("google_project_iam_binding.b", {
          role: "roles/storage.admin",
          members: ["serviceAccount:a@p.iam.gserviceaccount.com", "group:g@x.com"],
        }),
      ),
    ).toBe("fail: grants data role roles/storage.admin to group:g@x.com at project level");
    const policy = res("google_project_iam_policy.p", {
      policy_data: JSON.stringify({
        bindings: [{ role: "roles/cloudsql.client", members: ["user:bob@x.com"], condition: SQL_CONDITION }],
      }),
    });
    expect(judge("IAM-8", policy)).toBe(
      "fail: grants data role roles/cloudsql.client to user:bob@x.com at project level",
    );
  });

  it("IAM-8: custom roles are judged by their permissions; unreadable roles and members fail closed", () => {
    const custom = (permissions: unknown) =>
      res("google_project_iam_custom_role.reader", { role_id: "reader", permissions });
    const withRole = (permissions: unknown) => {
      const g = grant("${google_project_iam_custom_role.reader.id}", "group:g@x.com");
      return judge("IAM-8", g, ctxOf([g, custom(permissions)]));
    };
    expect(withRole(["logging.logEntries.list"])).toBe("pass");
    expect(withRole(["storage.buckets.list", "secretmanager.versions.access"])).toBe(
      "fail: custom role google_project_iam_custom_role.reader holds secretmanager.versions.access for group:g@x.com at project level",
    );
    expect(withRole("${var.permissions}")).toMatch(/^fail: cannot verify custom role permissions/);
    expect(judge("IAM-8", grant("${var.role}", "user:ann@x.com"))).toMatch(/^fail: cannot verify IAM role/);
    expect(judge("IAM-8", grant("roles/storage.objectAdmin", "${var.member}"))).toMatch(
      /^fail: cannot verify IAM member/,
    );
    expect(judge("IAM-8", grant("roles/logging.viewer", "${var.member}"))).toBe("pass");
  });

  it("IDP-1: MFA mandatory in production, enabled or mandatory elsewhere", () => {
    const config = (state?: string) =>
      res("google_identity_platform_config.c", state ? { mfa: { state } } : {});
    expect(judge("IDP-1", config("MANDATORY"))).toBe("pass");
    expect(judge("IDP-1", config("ENABLED"))).toBe(
      'fail: mfa.state is "ENABLED" in a production environment (want MANDATORY)',
    );
    expect(judge("IDP-1", config())).toBe(
      "fail: mfa.state is unset in a production environment (want MANDATORY)",
    );
    const outside = (c: ReturnType<typeof config>) => judge("IDP-1", c, ctxOf([c], { production: false }));
    expect(outside(config("ENABLED"))).toBe("pass");
    expect(outside(config("MANDATORY"))).toBe("pass");
    expect(outside(config("DISABLED"))).toBe('fail: mfa.state is "DISABLED"');
    expect(outside(config())).toBe("fail: mfa.state is unset");
  });
});

describe("state controls, rule by rule", () => {
  const withBackend = (backend: Json | undefined) => (backend ? { terraform: { backend } } : {});
  const gcs = { gcs: { bucket: "acme-tfstate", kms_encryption_key: "projects/p/keys/k" } };

  it("STATE-1: a gcs backend with a bucket and a CMEK key; bootstrap stacks may start local", () => {
    expect(verdicts("STATE-1", ctxOf([], {}, withBackend(gcs)))).toEqual(["pass @ (stack)"]);
    expect(verdicts("STATE-1", ctxOf([], {}, withBackend(undefined)))).toEqual([
      "fail: the backend is local (default), not gcs @ (stack)",
    ]);
    expect(verdicts("STATE-1", ctxOf([], {}, withBackend({ s3: { bucket: "b" } })))).toEqual([
      "fail: the backend is s3, not gcs @ (stack)",
    ]);
    expect(verdicts("STATE-1", ctxOf([], {}, withBackend({ gcs: { kms_encryption_key: "k" } })))).toEqual([
      "fail: the gcs backend names no bucket @ (stack)",
    ]);
    expect(verdicts("STATE-1", ctxOf([], {}, withBackend({ gcs: { bucket: "b" } })))).toEqual([
      "fail: the gcs backend has no kms_encryption_key @ (stack)",
    ]);
    expect(verdicts("STATE-1", ctxOf([], { role: "bootstrap" }, withBackend(undefined)))).toEqual([]);
    expect(
      verdicts("STATE-1", ctxOf([], { role: "bootstrap" }, withBackend({ local: { path: "x" } }))),
    ).toEqual([]);
    expect(verdicts("STATE-1", ctxOf([], { role: "bootstrap" }, withBackend({ s3: {} })))).toEqual([
      "fail: the backend is s3, not gcs @ (stack)",
    ]);
  });

  it("STATE-2: the gcs backend's bucket (or, in bootstrap, the non-sink buckets) is never granted broadly", () => {
    const state = res("google_storage_bucket.tfstate", {
      name: "acme-tfstate",
      logging: { log_bucket: "${google_storage_bucket.logs.name}" },
    });
    const logs = res("google_storage_bucket.logs", { name: "acme-logs" });
    const grantOn = (
      member: string,
      bucket = "${google_storage_bucket.tfstate.name}",
      type = "google_storage_bucket_iam_member",
    ) => res(`${type}.g`, { bucket, role: "roles/storage.objectAdmin", member });
    expect(
      verdicts(
        "STATE-2",
        ctxOf([state, logs, grantOn("serviceAccount:d@p.iam.gserviceaccount.com")], {}, withBackend(gcs)),
      ),
    ).toEqual([
      "pass @ google_storage_bucket.tfstate [google_storage_bucket.tfstate, google_storage_bucket_iam_member.g]",
    ]);
    for (const member of [
      "domain:example.com",
      "projectOwner:p",
      "projectEditor:p",
      "projectViewer:p",
      "allUsers",
      "group:allAuthenticatedUsers",
    ]) {
      expect(verdicts("STATE-2", ctxOf([state, grantOn(member)], {}, withBackend(gcs)))).toEqual([
        `fail: the state bucket is granted to ${member} @ google_storage_bucket_iam_member.g`,
      ]);
    }
    expect(verdicts("STATE-2", ctxOf([state, grantOn("user:domain:x")], {}, withBackend(gcs)))[0]).toMatch(
      /^pass/,
    );
    expect(
      verdicts(
        "STATE-2",
        ctxOf(
          [state, grantOn("domain:example.com", "${google_storage_bucket.logs.name}")],
          {},
          withBackend(gcs),
        ),
      )[0],
    ).toMatch(/^pass/);
    expect(
      verdicts(
        "STATE-2",
        ctxOf(
          [
            state,
            res("google_storage_bucket_iam_binding.g", {
              bucket: "${google_storage_bucket.tfstate.name}",
              members: ["domain:x.com"],
            }),
          ],
          {},
          withBackend(gcs),
        ),
      ),
    ).toEqual(["fail: the state bucket is granted to domain:x.com @ google_storage_bucket_iam_binding.g"]);
    expect(verdicts("STATE-2", ctxOf([state, logs]))).toEqual([]);
    expect(verdicts("STATE-2", ctxOf([state, logs], { role: "bootstrap" }))).toEqual([
      "pass @ google_storage_bucket.tfstate [google_storage_bucket.tfstate]",
    ]);
    expect(
      verdicts("STATE-2", ctxOf([state, logs], { role: "bootstrap" }, withBackend({ local: { path: "x" } }))),
    ).toHaveLength(1);
  });
});
