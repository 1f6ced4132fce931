import { ctxOf, judge, res } from "./rules";
import { DEFAULT_RETENTION_BOUNDS } from "../../../core/rules/retention";

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

  describe("GCS-7", () => {
    const rule = (condition: Record<string, unknown>, type = "Delete") => ({ action: { type }, condition });
    const soft = (days: number | string) => ({
      retention_duration_seconds: typeof days === "number" ? days * 86400 : days,
    });
    const judged = (rules: unknown[], extra: Record<string, unknown> = {}, settings = {}) => {
      const b = bucket({
        soft_delete_policy: soft(7),
        versioning: { enabled: true },
        lifecycle_rule: rules,
        ...extra,
      });
      return judge("GCS-7", b, ctxOf([b], settings));
    };
    const days = (custom: number, noncurrent: number) => [
      rule({ days_since_noncurrent_time: noncurrent, with_state: "ARCHIVED" }),
      rule({ days_since_custom_time: custom }),
    ];

    it("requires Delete rules for noncurrent versions and by custom time or age", () => {
      expect(judged([rule({ age: 30 })])).toBe("fail: no Delete lifecycle rule for noncurrent versions");
      expect(judged([rule({ num_newer_versions: 3 })])).toBe(
        "fail: no Delete lifecycle rule by custom time (termination) or age",
      );
      expect(
        judged([rule({ num_newer_versions: 3 }, "SetStorageClass"), rule({ age: 1 }, "SetStorageClass")]),
      ).toBe("fail: no Delete lifecycle rule for noncurrent versions");
    });

    it("passes at exactly the 60 days end to end and fails one day over, naming the three terms", () => {
      expect(judged(days(30, 23))).toBe("pass");
      expect(judged(days(30, 24))).toBe(
        "fail: a terminated customer's objects stay recoverable up to 61 days (30 after custom time + 24 noncurrent + 7 soft delete); the bound is 60 days (retention.customerDataDeletionDays)",
      );
      // The shipped defaults before this bound: 60 + 30 + 7 = 97 days.
      expect(judged(days(60, 30))).toMatch(
        /up to 97 days \(60 after custom time \+ 30 noncurrent \+ 7 soft delete\)/,
      );
      expect(judged(days(30, 16), { soft_delete_policy: soft(14) })).toBe("pass");
      expect(judged(days(30, 16), { soft_delete_policy: soft(15) })).toMatch(/61 days/);
    });

    it("uses the environment's tighter bound, never a looser one than the documents' 60 days", () => {
      const bounds = (customerDataDeletionDays: number) => ({
        retention: { ...DEFAULT_RETENTION_BOUNDS, customerDataDeletionDays },
      });
      expect(judged(days(30, 23), {}, bounds(45))).toMatch(/60 days .*the bound is 45 days/);
      expect(judged(days(20, 18), {}, bounds(45))).toBe("pass");
      // A forged or misconfigured 365-day bound is clamped to 60.
      expect(judged(days(60, 30), {}, bounds(365))).toMatch(/97 days .*the bound is 60 days/);
    });

    it("age counts like custom time; the shortest rule that applies to every object wins", () => {
      expect(judged([rule({ days_since_noncurrent_time: 23 }), rule({ age: 30, with_state: "ANY" })])).toBe(
        "pass",
      );
      expect(judged([...days(90, 23), rule({ days_since_custom_time: 20 })])).toBe("pass");
    });

    it("num_newer_versions alone bounds nothing: the last version of a deleted object has no newer one", () => {
      expect(judged([rule({ num_newer_versions: 1 }), rule({ days_since_custom_time: 30 })])).toBe(
        "fail: noncurrent versions are deleted by num_newer_versions only: the last version of a deleted object has no newer version and is kept forever; add a Delete rule with days_since_noncurrent_time",
      );
      expect(
        judged([
          rule({ num_newer_versions: 1, days_since_noncurrent_time: 5 }),
          rule({ days_since_custom_time: 30 }),
        ]),
      ).toMatch(/num_newer_versions only/);
    });

    it("rules narrowed by prefix, suffix, storage class, date or state prove nothing", () => {
      const narrowed: Record<string, unknown>[] = [
        { matches_prefix: ["tmp/"] },
        { matches_suffix: [".log"] },
        { matches_storage_class: ["STANDARD"] },
        { created_before: "2020-01-01" },
        { custom_time_before: "2020-01-01" },
        { with_state: "ARCHIVED" },
      ];
      for (const extra of narrowed) {
        expect([
          extra,
          judged([rule({ days_since_noncurrent_time: 23 }), rule({ days_since_custom_time: 30, ...extra })]),
        ]).toEqual([
          extra,
          expect.stringMatching(
            /^fail: no Delete lifecycle rule by days_since_custom_time or age applies to every object/,
          ),
        ]);
      }
      expect(
        judged([
          rule({ days_since_noncurrent_time: 23, with_state: "LIVE" }),
          rule({ days_since_custom_time: 30 }),
        ]),
      ).toMatch(/no Delete lifecycle rule by days_since_noncurrent_time applies to every noncurrent version/);
      // Empty lists and send_*_if_zero flags do not narrow.
      expect(
        judged([
          rule({ days_since_noncurrent_time: 23, matches_prefix: [], send_age_if_zero: false }),
          rule({ days_since_custom_time: 30, matches_suffix: [] }),
        ]),
      ).toBe("pass");
    });

    it("a retention policy holds objects past their custom time: the longer of the two counts", () => {
      expect(judged(days(30, 23), { retention_policy: { retention_period: 40 * 86400 } })).toBe(
        "fail: a terminated customer's objects stay recoverable up to 70 days (40 after custom time + 23 noncurrent + 7 soft delete) (the retention policy holds objects 40 days); the bound is 60 days (retention.customerDataDeletionDays)",
      );
      expect(judged(days(30, 23), { retention_policy: { retention_period: 86400 } })).toBe("pass");
    });

    it("fails closed on unset soft delete and on values it cannot evaluate", () => {
      expect(judged(days(30, 23), { soft_delete_policy: undefined })).toMatch(
        /soft_delete_policy.retention_duration_seconds is unset/,
      );
      expect(judged(days(30, 23), { soft_delete_policy: soft("${var.soft}") })).toMatch(
        /^fail: cannot verify soft_delete_policy.retention_duration_seconds is "\$\{var.soft\}"/,
      );
      expect(
        judged([rule({ days_since_noncurrent_time: 23 }), rule({ days_since_custom_time: "${local.d}" })]),
      ).toMatch(/^fail: cannot verify lifecycle_rule.condition.days_since_custom_time/);
      expect(judged(days(30, 23), { retention_policy: { retention_period: "${var.r}" } })).toMatch(
        /^fail: cannot verify retention_policy.retention_period/,
      );
      // A zero is not sent without its send_*_if_zero flag: the rule never fires.
      expect(judged([rule({ days_since_noncurrent_time: 0 }), rule({ days_since_custom_time: 30 })])).toMatch(
        /no Delete lifecycle rule by days_since_noncurrent_time/,
      );
    });

    it("not applied to the bootstrap stack or to a locked log archive; a sink alone exempts nothing", () => {
      expect(judged(days(60, 90), {}, { role: "bootstrap" })).toBe("pass");
      expect(judged(days(60, 90), {}, { role: "workload" })).toMatch(/^fail: .*157 days/);
      const archive = (retention: Record<string, unknown> | undefined) =>
        bucket({
          name: "audit-export",
          soft_delete_policy: soft(30),
          lifecycle_rule: days(60, 90),
          retention_policy: retention,
        });
      const sink = res("google_logging_project_sink.s", {
        destination: "storage.googleapis.com/audit-export",
      });
      const locked = archive({ retention_period: 365 * 86400, is_locked: true });
      expect(judge("GCS-7", locked, ctxOf([locked, sink]))).toBe("pass");
      expect(judge("GCS-7", locked, ctxOf([locked]))).toMatch(/^fail: .*485 days/);
      // A sink pointed at a bucket without a locked retention policy does not exempt it.
      const unlocked = archive({ retention_period: 86400, is_locked: false });
      expect(judge("GCS-7", unlocked, ctxOf([unlocked, sink]))).toMatch(/^fail: .*180 days/);
      const plain = archive(undefined);
      expect(judge("GCS-7", plain, ctxOf([plain, sink]))).toMatch(/^fail: .*180 days/);
    });
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
