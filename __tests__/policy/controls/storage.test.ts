import { ctxOf, judge, res } from "./rules";

const bucket = (attrs: Record<string, unknown>, name = "data") => res(`google_storage_bucket.${name}`, attrs);

describe("storage controls, rule by rule", () => {
  it("GCS-1 and GCS-2: public access prevention enforced and uniform access on", () => {
    expect(judge("GCS-1", bucket({ public_access_prevention: "enforced" }))).toBe("pass");
    expect(judge("GCS-1", bucket({ public_access_prevention: "inherited" }))).toBe(
      'fail: public_access_prevention is "inherited"',
    );
    expect(judge("GCS-2", bucket({ uniform_bucket_level_access: "true" }))).toBe("pass");
    expect(judge("GCS-2", bucket({}))).toBe("fail: uniform_bucket_level_access is unset");
  });

  it("GCS-3: public IAM members and public ACL entities fail, named ones pass", () => {
    expect(judge("GCS-3", res("google_storage_bucket_iam_member.m", { role: "r", member: "allUsers" }))).toBe(
      "fail: grants access to allUsers",
    );
    expect(
      judge(
        "GCS-3",
        res("google_storage_bucket_acl.a", { role_entity: ["READER:allUsers", "OWNER:user-a@example.com"] }),
      ),
    ).toBe("fail: grants access to READER:allUsers");
    expect(
      judge("GCS-3", res("google_storage_object_access_control.a", { entity: "allAuthenticatedUsers" })),
    ).toBe("fail: grants access to allAuthenticatedUsers");
    expect(
      judge(
        "GCS-3",
        res("google_storage_default_object_acl.a", { role_entity: ["READER:allUsersx", "READER:xallUsers"] }),
      ),
    ).toBe("pass");
  });

  it("GCS-4: versioning (or a retention policy), no force_destroy, prevent_destroy", () => {
    const ok = { versioning: { enabled: true }, lifecycle: { prevent_destroy: true } };
    expect(judge("GCS-4", bucket(ok))).toBe("pass");
    expect(
      judge("GCS-4", bucket({ ...ok, versioning: undefined, retention_policy: { retention_period: 60 } })),
    ).toBe("pass");
    expect(judge("GCS-4", bucket({ ...ok, versioning: { enabled: false } }))).toBe(
      "fail: versioning.enabled is false",
    );
    expect(judge("GCS-4", bucket({ ...ok, force_destroy: true }))).toBe("fail: force_destroy is true");
    expect(judge("GCS-4", bucket({ ...ok, lifecycle: {} }))).toBe(
      "fail: lifecycle.prevent_destroy is not true",
    );
  });

  it("GCS-5: CMEK, with the Cloud Storage agent granted on the key when the key is in the stack", () => {
    const key = res("google_kms_crypto_key.storage", {});
    const b = bucket({ encryption: { default_kms_key_name: "${google_kms_crypto_key.storage.id}" } });
    const grant = (member: string, role = "roles/cloudkms.cryptoKeyEncrypterDecrypter") =>
      res("google_kms_crypto_key_iam_member.g", {
        crypto_key_id: "${google_kms_crypto_key.storage.id}",
        member,
        role,
      });
    expect(judge("GCS-5", bucket({}))).toBe(
      "fail: encryption.default_kms_key_name is unset (Google-managed key)",
    );
    expect(judge("GCS-5", b)).toBe("pass");
    expect(judge("GCS-5", b, ctxOf([b, key]))).toBe(
      "fail: the Cloud Storage service agent is not granted on google_kms_crypto_key.storage",
    );
    expect(
      judge(
        "GCS-5",
        b,
        ctxOf([b, key, grant("serviceAccount:service-1@gs-project-accounts.iam.gserviceaccount.com")]),
      ),
    ).toBe("pass");
    expect(
      judge(
        "GCS-5",
        b,
        ctxOf([
          b,
          key,
          grant("serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"),
        ]),
      ),
    ).toBe("pass");
    expect(judge("GCS-5", b, ctxOf([b, key, grant("serviceAccount:app@p.iam.gserviceaccount.com")]))).toMatch(
      /^fail/,
    );
    expect(
      judge(
        "GCS-5",
        b,
        ctxOf([
          b,
          key,
          grant("serviceAccount:service-1@gs-project-accounts.iam.gserviceaccount.com", "roles/viewer"),
        ]),
      ),
    ).toMatch(/^fail/);
  });

  it("GCS-6: soft delete for 7 to 90 days", () => {
    const soft = (seconds: unknown) =>
      bucket({ soft_delete_policy: { retention_duration_seconds: seconds } });
    expect(judge("GCS-6", soft(604800))).toBe("pass");
    expect(judge("GCS-6", soft("7776000"))).toBe("pass");
    expect(judge("GCS-6", soft(604799))).toBe(
      "fail: soft_delete_policy.retention_duration_seconds is 604799",
    );
    expect(judge("GCS-6", soft(7776001))).toBe(
      "fail: soft_delete_policy.retention_duration_seconds is 7776001",
    );
    expect(judge("GCS-6", bucket({}))).toBe("fail: soft_delete_policy.retention_duration_seconds is unset");
  });

  it("GCS-7: Delete rules for noncurrent versions and by custom time or age", () => {
    const rule = (condition: Record<string, unknown>, type = "Delete") => ({ action: { type }, condition });
    const judged = (...rules: unknown[]) => judge("GCS-7", bucket({ lifecycle_rule: rules }));
    expect(judged(rule({ days_since_noncurrent_time: 30 }), rule({ days_since_custom_time: 60 }))).toBe(
      "pass",
    );
    expect(judged(rule({ num_newer_versions: 3 }), rule({ age: 365 }))).toBe("pass");
    expect(judged(rule({ age: 365 }))).toBe("fail: no Delete lifecycle rule for noncurrent versions");
    expect(judged(rule({ num_newer_versions: 3 }))).toBe(
      "fail: no Delete lifecycle rule by custom time (termination) or age",
    );
    expect(
      judged(rule({ num_newer_versions: 3 }, "SetStorageClass"), rule({ age: 1 }, "SetStorageClass")),
    ).toBe("fail: no Delete lifecycle rule for noncurrent versions");
  });

  it("GCS-8: multi-region, dual-region or custom placement over two regions", () => {
    for (const location of [
      "US",
      "eu",
      "ASIA",
      "NAM4",
      "EUR4",
      "EUR5",
      "EUR7",
      "EUR8",
      "ASIA1",
      "${var.location}",
    ]) {
      expect([location, judge("GCS-8", bucket({ location }))]).toEqual([location, "pass"]);
    }
    expect(
      judge(
        "GCS-8",
        bucket({
          location: "EUROPE-WEST1",
          custom_placement_config: { data_locations: ["EUROPE-WEST1", "EUROPE-WEST4"] },
        }),
      ),
    ).toBe("pass");
    expect(
      judge(
        "GCS-8",
        bucket({ location: "EUROPE-WEST1", custom_placement_config: { data_locations: ["EUROPE-WEST1"] } }),
      ),
    ).toBe('fail: location "EUROPE-WEST1" is a single region');
    expect(judge("GCS-8", bucket({}))).toBe("fail: location unset is a single region");
  });

  it("GCS-9: access logs into another bucket; access-log sinks are not applicable", () => {
    const sink = bucket({}, "logs");
    const data = bucket({ logging: { log_bucket: "${google_storage_bucket.logs.name}" } });
    expect(judge("GCS-9", data, ctxOf([data, sink]))).toBe("pass");
    expect(judge("GCS-9", sink, ctxOf([data, sink]))).toBe("n/a");
    const none =
      "fail: logging.log_bucket is unset and the stack has no audit config recording DATA_READ and DATA_WRITE for Cloud Storage (no access logs)";
    expect(judge("GCS-9", sink)).toBe(none);
    const self = bucket({ logging: { log_bucket: "${google_storage_bucket.self.name}" } }, "self");
    expect(judge("GCS-9", self)).toBe("fail: logging.log_bucket is the bucket itself");
  });

  it("GCS-9: Data Access audit logs for Cloud Storage in the same stack are accepted instead of usage logs", () => {
    const data = bucket({});
    const audit = (attrs: Record<string, unknown>) =>
      res("google_project_iam_audit_config.a", {
        service: "storage.googleapis.com",
        audit_log_config: [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }],
        ...attrs,
      });
    expect(judge("GCS-9", data, ctxOf([data, audit({})]))).toBe("pass");
    expect(judge("GCS-9", data, ctxOf([data, audit({ service: "allServices" })]))).toBe("pass");
    const none =
      "fail: logging.log_bucket is unset and the stack has no audit config recording DATA_READ and DATA_WRITE for Cloud Storage (no access logs)";
    for (const weak of [
      { service: "bigquery.googleapis.com" },
      { audit_log_config: [{ log_type: "DATA_READ" }] },
      { audit_log_config: [{ log_type: "ADMIN_READ" }, { log_type: "DATA_WRITE" }] },
      {
        audit_log_config: [
          { log_type: "DATA_READ", exempted_members: ["user:a@example.com"] },
          { log_type: "DATA_WRITE" },
        ],
      },
    ]) {
      expect([weak, judge("GCS-9", data, ctxOf([data, audit(weak)]))]).toEqual([weak, none]);
    }
  });

  it("GCS-10: buckets receiving log exports need a locked retention policy", () => {
    const archive = (locked: unknown) => bucket({ retention_policy: { is_locked: locked } }, "archive");
    const sink = (type: string, destination: string) => res(`${type}.s`, { destination });
    const to = "storage.googleapis.com/${google_storage_bucket.archive.name}";
    for (const type of [
      "google_logging_project_sink",
      "google_logging_folder_sink",
      "google_logging_organization_sink",
      "google_logging_billing_account_sink",
    ]) {
      const b = archive(false);
      expect(judge("GCS-10", b, ctxOf([b, sink(type, to)]))).toBe(
        "fail: receives log exports but retention_policy.is_locked is false",
      );
    }
    const locked = archive(true);
    expect(judge("GCS-10", locked, ctxOf([locked, sink("google_logging_project_sink", to)]))).toBe("pass");
    const open = archive(false);
    expect(judge("GCS-10", open)).toBe("n/a");
    expect(
      judge(
        "GCS-10",
        open,
        ctxOf([
          open,
          sink(
            "google_logging_project_sink",
            "bigquery.googleapis.com/${google_storage_bucket.archive.name}",
          ),
        ]),
      ),
    ).toBe("n/a");
    expect(judge("GCS-10", open, ctxOf([open, sink("google_logging_project_sink_x", to)]))).toBe("n/a");
    expect(judge("GCS-10", open, ctxOf([open, sink("x_google_logging_project_sink", to)]))).toBe("n/a");
  });
});
