import { ctxOf, judge, res, verdicts } from "./rules";

const key = (attrs: Record<string, unknown>) =>
  res("google_kms_crypto_key.k", {
    purpose: "ENCRYPT_DECRYPT",
    rotation_period: "7776000s",
    destroy_scheduled_duration: "86400s",
    version_template: { protection_level: "HSM", algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION" },
    ...attrs,
  });

describe("KMS controls, rule by rule", () => {
  it("KMS-1: rotation at most 90 days on symmetric keys; asymmetric keys are not applicable", () => {
    expect(judge("KMS-1", key({}))).toBe("pass");
    expect(judge("KMS-1", key({ purpose: undefined }))).toBe("pass");
    expect(judge("KMS-1", key({ rotation_period: "7776001s" }))).toBe(
      "fail: rotation_period is 90.00001157407408 days (max 90)",
    );
    expect(judge("KMS-1", key({ rotation_period: "8640000s" }))).toBe(
      "fail: rotation_period is 100 days (max 90)",
    );
    expect(judge("KMS-1", key({ rotation_period: undefined }))).toBe("fail: rotation_period is unset");
    expect(judge("KMS-1", key({ purpose: "ASYMMETRIC_SIGN", rotation_period: undefined }))).toBe("n/a");
  });

  it("KMS-2: keys and rings must prevent destroy", () => {
    expect(judge("KMS-2", key({ lifecycle: { prevent_destroy: true } }))).toBe("pass");
    expect(judge("KMS-2", res("google_kms_key_ring.r", { lifecycle: { prevent_destroy: false } }))).toBe(
      "fail: lifecycle.prevent_destroy is not true",
    );
  });

  it("KMS-3: a destroy grace period of at least one day", () => {
    expect(judge("KMS-3", key({}))).toBe("pass");
    expect(judge("KMS-3", key({ destroy_scheduled_duration: "86399s" }))).toBe(
      'fail: destroy_scheduled_duration is "86399s"',
    );
    expect(judge("KMS-3", key({ destroy_scheduled_duration: undefined }))).toBe(
      "fail: destroy_scheduled_duration is unset",
    );
  });

  it("KMS-4: explicit purpose and level; HSM in production only", () => {
    expect(judge("KMS-4", key({}))).toBe("pass");
    expect(judge("KMS-4", key({ purpose: undefined }))).toBe("fail: purpose is unset");
    expect(judge("KMS-4", key({ version_template: {} }))).toBe(
      "fail: version_template.protection_level is unset",
    );
    const software = key({ version_template: { protection_level: "SOFTWARE" } });
    expect(judge("KMS-4", software)).toBe('fail: protection_level is "SOFTWARE" in a production environment');
    expect(judge("KMS-4", software, ctxOf([software], { production: false }))).toBe("pass");
  });

  it("KMS-5: on a key, only use roles, to named identities or references", () => {
    const member = (attrs: Record<string, unknown>) => res("google_kms_crypto_key_iam_member.m", attrs);
    for (const role of [
      "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      "roles/cloudkms.cryptoKeyEncrypter",
      "roles/cloudkms.cryptoKeyDecrypter",
      "roles/cloudkms.cryptoKeyEncrypterDecrypterViaDelegation",
    ]) {
      expect(judge("KMS-5", member({ role, member: "serviceAccount:a@p.iam.gserviceaccount.com" }))).toBe(
        "pass",
      );
    }
    expect(judge("KMS-5", member({ role: "roles/cloudkms.admin", member: "group:g@example.com" }))).toBe(
      "fail: grants roles/cloudkms.admin on a key (administration belongs on the ring or project, to other identities)",
    );
    expect(
      judge("KMS-5", member({ role: "roles/cloudkms.cryptoKeyDecrypter", member: "domain:example.com" })),
    ).toBe("fail: grants key use to domain:example.com (not a named identity)");
    expect(
      judge(
        "KMS-5",
        member({ role: "roles/cloudkms.cryptoKeyDecrypter", member: "${google_service_account.a.member}" }),
      ),
    ).toBe("pass");
    expect(judge("KMS-5", member({ role: "roles/cloudkms.cryptoKeyDecrypter", member: "user:a b" }))).toBe(
      "fail: grants key use to user:a b (not a named identity)",
    );
    expect(
      judge("KMS-5", member({ role: "roles/cloudkms.cryptoKeyDecrypter", member: "x user:a@b.c" })),
    ).toBe("fail: grants key use to x user:a@b.c (not a named identity)");
    for (const prefix of ["serviceAccount", "group", "user", "principal", "principalSet"]) {
      expect(
        judge("KMS-5", member({ role: "roles/cloudkms.cryptoKeyDecrypter", member: `${prefix}:x` })),
      ).toBe("pass");
    }
  });

  it("KMS-5: key use on a ring or project makes every key usable; other roles there are not applicable", () => {
    expect(
      judge(
        "KMS-5",
        res("google_kms_key_ring_iam_member.m", {
          role: "roles/cloudkms.cryptoKeyEncrypter",
          member: "group:g@x.com",
        }),
      ),
    ).toBe("fail: grants roles/cloudkms.cryptoKeyEncrypter on a key ring: every key in it becomes usable");
    expect(
      judge(
        "KMS-5",
        res("google_project_iam_member.m", {
          role: "roles/cloudkms.cryptoKeyDecrypter",
          member: "group:g@x.com",
        }),
      ),
    ).toBe(
      "fail: grants roles/cloudkms.cryptoKeyDecrypter on a project/folder/organization: every key in it becomes usable",
    );
    expect(
      judge(
        "KMS-5",
        res("google_project_iam_member.m", { role: "roles/cloudkms.admin", member: "group:g@x.com" }),
      ),
    ).toBe("pass");
    expect(
      judge("KMS-5", res("google_project_iam_member.m", { role: "roles/viewer", member: "group:g@x.com" })),
    ).toBe("n/a");
  });

  it("KMS-6: no public members on keys or rings", () => {
    expect(
      judge(
        "KMS-6",
        res("google_kms_key_ring_iam_binding.b", {
          role: "roles/cloudkms.viewer",
          members: ["allUsers", "group:g@x.com"],
        }),
      ),
    ).toBe("fail: grants roles/cloudkms.viewer to allUsers");
    expect(
      judge("KMS-6", res("google_kms_crypto_key_iam_member.m", { role: "r", member: "group:g@x.com" })),
    ).toBe("pass");
  });

  it("KMS-7: a paging alert on DestroyCryptoKeyVersion, checked on the baseline stack only", () => {
    const metric = res("google_logging_metric.destroy", {
      name: "kms-destroy",
      filter: 'protoPayload.methodName = "DestroyCryptoKeyVersion"',
    });
    const policy = (channels: string[], filter = "${google_logging_metric.destroy.name}") =>
      res("google_monitoring_alert_policy.p", {
        conditions: [{ condition_threshold: { filter } }],
        notification_channels: channels,
      });
    expect(verdicts("KMS-7", ctxOf([metric, policy(["c"])]))).toEqual([
      "pass @ (stack) [google_logging_metric.destroy, google_monitoring_alert_policy.p]",
    ]);
    expect(verdicts("KMS-7", ctxOf([metric, policy([])]))).toEqual([
      "fail: the DestroyCryptoKeyVersion alert policy has no notification channel @ (stack)",
    ]);
    expect(verdicts("KMS-7", ctxOf([metric]))).toEqual([
      "fail: no alert policy matches DestroyCryptoKeyVersion log entries @ (stack)",
    ]);
    const logMatch = res("google_monitoring_alert_policy.m", {
      conditions: { condition_matched_log: { filter: 'protoPayload.methodName="DestroyCryptoKeyVersion"' } },
      notification_channels: [],
    });
    expect(verdicts("KMS-7", ctxOf([logMatch]))).toEqual([
      "fail: the DestroyCryptoKeyVersion alert policy has no notification channel @ (stack)",
    ]);
    expect(verdicts("KMS-7", ctxOf([metric], { role: "workload" }))).toEqual([]);
  });
});
