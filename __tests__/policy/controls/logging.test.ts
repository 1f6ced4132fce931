import { ctxOf, judge, res, verdicts } from "./rules";

type Json = Record<string, unknown>;
const AUDIT_TYPES = ["ADMIN_READ", "DATA_READ", "DATA_WRITE"];
const audit = (attrs: Json = {}, type = "google_project_iam_audit_config") =>
  res(`${type}.a`, {
    service: "allServices",
    audit_log_config: AUDIT_TYPES.map((log_type) => ({ log_type })),
    ...attrs,
  });
const logBucket = (attrs: Json = {}) =>
  res("google_logging_project_bucket_config.audit", {
    bucket_id: "audit",
    retention_days: 365,
    cmek_settings: { kms_key_name: "${google_kms_crypto_key.logs.id}" },
    locked: true,
    ...attrs,
  });
const sink = (attrs: Json = {}, type = "google_logging_project_sink") =>
  res(`${type}.audit`, {
    destination: "logging.googleapis.com/${google_logging_project_bucket_config.audit.id}",
    filter: 'logName:"cloudaudit.googleapis.com"',
    ...attrs,
  });

describe("logging and monitoring controls, rule by rule", () => {
  it("LOG-1: an allServices audit config with all three log types and no exemptions", () => {
    expect(verdicts("LOG-1", ctxOf([audit()]))).toEqual([
      "pass @ (stack) [google_project_iam_audit_config.a]",
    ]);
    expect(verdicts("LOG-1", ctxOf([audit({}, "google_folder_iam_audit_config")]))).toEqual([
      "pass @ (stack) [google_folder_iam_audit_config.a]",
    ]);
    expect(verdicts("LOG-1", ctxOf([audit({}, "google_organization_iam_audit_config")]))[0]).toMatch(/^pass/);
    const missing =
      'fail: no audit config for service "allServices" with ADMIN_READ, DATA_READ and DATA_WRITE @ (stack)';
    expect(verdicts("LOG-1", ctxOf([audit({ audit_log_config: [{ log_type: "ADMIN_READ" }] })]))).toEqual([
      "fail: audit_log_config lacks DATA_READ, DATA_WRITE @ google_project_iam_audit_config.a",
      missing,
    ]);
    expect(
      verdicts(
        "LOG-1",
        ctxOf([
          audit({
            audit_log_config: [
              { log_type: "ADMIN_READ" },
              { log_type: "DATA_READ", exempted_members: ["user:a@example.com"] },
              { log_type: "DATA_WRITE", exempted_members: [] },
            ],
          }),
        ]),
      ),
    ).toEqual(["fail: exempted_members set for DATA_READ @ google_project_iam_audit_config.a", missing]);
    expect(verdicts("LOG-1", ctxOf([audit({ service: "storage.googleapis.com" })]))).toEqual([missing]);
    expect(verdicts("LOG-1", ctxOf([audit()], { role: "workload" }))).toEqual([]);
  });

  it("LOG-2: a sink exporting audit logs into a retained CMEK log bucket", () => {
    expect(verdicts("LOG-2", ctxOf([logBucket(), sink()]))).toEqual([
      "pass @ (stack) [google_logging_project_sink.audit, google_logging_project_bucket_config.audit]",
    ]);
    expect(
      verdicts("LOG-2", ctxOf([logBucket(), sink({ filter: undefined }, "google_logging_folder_sink")]))[0],
    ).toMatch(/^pass/);
    expect(verdicts("LOG-2", ctxOf([logBucket(), sink({}, "google_logging_organization_sink")]))[0]).toMatch(
      /^pass/,
    );
    const none =
      "fail: no log sink exports audit logs into a retained, CMEK-encrypted log bucket in this stack @ (stack)";
    expect(verdicts("LOG-2", ctxOf([logBucket(), sink({ disabled: true })]))).toEqual([none]);
    expect(verdicts("LOG-2", ctxOf([logBucket(), sink({ filter: "severity>=ERROR" })]))).toEqual([none]);
    expect(verdicts("LOG-2", ctxOf([logBucket()]))).toEqual([none]);
    expect(
      verdicts("LOG-2", ctxOf([logBucket({ retention_days: 364, cmek_settings: undefined }), sink()])),
    ).toEqual([
      "fail: retention_days is 364 (at least 365); cmek_settings.kms_key_name is unset @ google_logging_project_bucket_config.audit",
      none,
    ]);
    expect(verdicts("LOG-2", ctxOf([logBucket({ retention_days: undefined }), sink()]))[0]).toBe(
      "fail: retention_days is unset (at least 365) @ google_logging_project_bucket_config.audit",
    );
    expect(
      verdicts(
        "LOG-2",
        ctxOf([
          logBucket({ bucket_id: "_Default", retention_days: 30 }),
          logBucket({ bucket_id: "_Required", retention_days: 30 }),
        ]),
      ),
    ).toEqual([none]);
  });

  it("LOG-2: sinks find their log bucket by literal bucket id, or their storage bucket by reference", () => {
    const byId = sink({ destination: "logging.googleapis.com/projects/p/locations/eu/buckets/audit" });
    expect(verdicts("LOG-2", ctxOf([logBucket(), byId]))[0]).toMatch(/^pass/);
    const otherId = sink({ destination: "logging.googleapis.com/projects/p/locations/eu/buckets/xaudit" });
    expect(verdicts("LOG-2", ctxOf([logBucket(), otherId]))[0]).toMatch(/^fail/);
    expect(
      verdicts(
        "LOG-2",
        ctxOf([logBucket({ bucket_id: "${var.id}" }), sink({ destination: "x/buckets/${var.id}" })]),
      )[0],
    ).toMatch(/^fail/);
    const archive = (attrs: Json) => res("google_storage_bucket.archive", attrs);
    const toArchive = sink({ destination: "storage.googleapis.com/${google_storage_bucket.archive.name}" });
    expect(
      verdicts(
        "LOG-2",
        ctxOf([
          archive({
            retention_policy: { retention_period: 31536000 },
            encryption: { default_kms_key_name: "k" },
          }),
          toArchive,
        ]),
      ),
    ).toEqual(["pass @ (stack) [google_logging_project_sink.audit, google_storage_bucket.archive]"]);
    expect(
      verdicts("LOG-2", ctxOf([archive({ encryption: { default_kms_key_name: "k" } }), toArchive]))[0],
    ).toMatch(/^fail/);
    expect(
      verdicts("LOG-2", ctxOf([archive({ retention_policy: { retention_period: 1 } }), toArchive]))[0],
    ).toMatch(/^fail/);
  });

  it("LOG-3: audit log destinations locked, in production baseline stacks only", () => {
    expect(verdicts("LOG-3", ctxOf([logBucket(), sink()]))).toEqual([
      "pass @ google_logging_project_bucket_config.audit",
    ]);
    expect(verdicts("LOG-3", ctxOf([logBucket({ locked: false }), sink()]))).toEqual([
      "fail: audit log destination is not locked (false) @ google_logging_project_bucket_config.audit",
    ]);
    const archive = (locked: boolean) =>
      res("google_storage_bucket.archive", { retention_policy: { is_locked: locked } });
    const toArchive = sink({ destination: "storage.googleapis.com/${google_storage_bucket.archive.name}" });
    expect(verdicts("LOG-3", ctxOf([archive(true), toArchive]))).toEqual([
      "pass @ google_storage_bucket.archive",
    ]);
    expect(verdicts("LOG-3", ctxOf([archive(false), toArchive]))).toEqual([
      "fail: audit log destination is not locked (false) @ google_storage_bucket.archive",
    ]);
    expect(verdicts("LOG-3", ctxOf([logBucket()]))).toEqual([
      "fail: no audit log sink destination in this stack to lock @ (stack)",
    ]);
    expect(verdicts("LOG-3", ctxOf([logBucket()], { production: false }))).toEqual([]);
    expect(verdicts("LOG-3", ctxOf([logBucket()], { role: "workload" }))).toEqual([]);
  });

  it("MON-1..8: a metric with the CIS filter, an alert policy on it, and a channel", () => {
    const metric = res("google_logging_metric.routes", {
      name: "routes",
      filter:
        'resource.type="gce_route"\n AND (protoPayload.methodName:"compute.routes.delete" OR protoPayload.methodName:"compute.routes.insert")',
    });
    const policy = (channels: string[]) =>
      res("google_monitoring_alert_policy.routes", {
        conditions: [{ condition_threshold: { filter: "${google_logging_metric.routes.name}" } }],
        notification_channels: channels,
      });
    expect(verdicts("MON-5", ctxOf([metric, policy(["c"])]))).toEqual([
      "pass @ (stack) [google_logging_metric.routes, google_monitoring_alert_policy.routes]",
    ]);
    expect(verdicts("MON-5", ctxOf([metric, policy([])]))).toEqual([
      "fail: the alert policy on the metric has no notification channel @ (stack)",
    ]);
    expect(verdicts("MON-5", ctxOf([metric]))).toEqual([
      "fail: no alert policy names metric google_logging_metric.routes @ (stack)",
    ]);
    expect(verdicts("MON-6", ctxOf([metric, policy(["c"])]))).toEqual([
      "fail: no google_logging_metric with the CIS 2.9 filter @ (stack)",
    ]);
    expect(verdicts("MON-5", ctxOf([metric], { role: "bootstrap" }))).toEqual([]);
  });

  it("MON-9: log-match alerts need a notification rate limit; other alerts are not applicable", () => {
    const policy = (attrs: Json) => res("google_monitoring_alert_policy.p", attrs);
    const logMatch = { conditions: [{ condition_matched_log: { filter: "x" } }] };
    expect(
      judge(
        "MON-9",
        policy({ ...logMatch, alert_strategy: { notification_rate_limit: { period: "300s" } } }),
      ),
    ).toBe("pass");
    expect(judge("MON-9", policy(logMatch))).toBe(
      "fail: condition_matched_log without alert_strategy.notification_rate_limit.period",
    );
    expect(judge("MON-9", policy({ conditions: [{ condition_threshold: { filter: "x" } }] }))).toBe("n/a");
  });

  it("MON-10: every alert policy notifies someone and is enabled", () => {
    const policy = (attrs: Json) => res("google_monitoring_alert_policy.p", attrs);
    expect(judge("MON-10", policy({ notification_channels: ["c"] }))).toBe("pass");
    expect(judge("MON-10", policy({}))).toBe("fail: notification_channels is empty");
    expect(judge("MON-10", policy({ notification_channels: ["c"], enabled: false }))).toBe(
      "fail: enabled is false",
    );
  });
});
