import { ctxOf, res, verdicts } from "./rules";

type Json = Record<string, unknown>;
const CHANNEL = "${google_monitoring_notification_channel.oncall.id}";
const channel = res("google_monitoring_notification_channel.oncall", { type: "pagerduty" });

/** The five health signals with the kit's thresholds (an independent copy of HEALTH_METRICS). */
const KIT: [string, string, string, string, number, string][] = [
  [
    "cpu",
    "cloudsql_database",
    "cloudsql.googleapis.com/database/cpu/utilization",
    "COMPARISON_GT",
    0.9,
    "600s",
  ],
  [
    "disk",
    "cloudsql_database",
    "cloudsql.googleapis.com/database/disk/utilization",
    "COMPARISON_GT",
    0.85,
    "300s",
  ],
  ["up", "cloudsql_database", "cloudsql.googleapis.com/database/up", "COMPARISON_LT", 1, "300s"],
  ["nat-alloc", "nat_gateway", "router.googleapis.com/nat/nat_allocation_failed", "COMPARISON_GT", 0, "300s"],
  [
    "nat-drop",
    "nat_gateway",
    "router.googleapis.com/nat/dropped_sent_packets_count",
    "COMPARISON_GT",
    0,
    "300s",
  ],
];

function policy(name: string, threshold: Json, attrs: Json = {}) {
  return res(`google_monitoring_alert_policy.${name}`, {
    notification_channels: [CHANNEL],
    conditions: [{ display_name: name, condition_threshold: threshold }],
    ...attrs,
  });
}

function kitPolicies(change: Record<string, Json> = {}) {
  return KIT.map(([name, resourceType, metricType, comparison, threshold, duration]) =>
    policy(name, {
      filter: `resource.type="${resourceType}" AND metric.type="${metricType}"`,
      comparison,
      threshold_value: threshold,
      duration,
      ...(change[name] ?? {}),
    }),
  );
}

const judge = (resources: ReturnType<typeof res>[], settings = {}) =>
  verdicts("MON-11", ctxOf([channel, ...resources], settings));

describe("MON-11: availability and health alerts", () => {
  it("passes when every signal has a paging policy at the kit's threshold or stricter", () => {
    const strict = kitPolicies({
      cpu: { threshold_value: 0.8, duration: "60s" },
      up: { threshold_value: 1.5 },
    });
    expect(judge(strict)).toEqual(
      KIT.map(([name]) => `pass @ (stack) [google_monitoring_alert_policy.${name}]`),
    );
    // Whitespace and clause order in the filter do not matter; the metric alone covers the project too.
    const reordered = kitPolicies({
      cpu: { filter: 'metric.type = "cloudsql.googleapis.com/database/cpu/utilization"' },
    });
    expect(judge(reordered)[0]).toBe("pass @ (stack) [google_monitoring_alert_policy.cpu]");
  });

  it("a missing signal, a looser threshold, a longer duration or a narrowed filter is a finding", () => {
    expect(judge(kitPolicies().filter((p) => p.name !== "nat-drop"))[4]).toBe(
      "fail: no alert policy on router.googleapis.com/nat/dropped_sent_packets_count (Cloud NAT dropping outbound packets) @ (stack)",
    );
    const loose = judge(
      kitPolicies({
        cpu: { threshold_value: 0.95 },
        disk: { duration: "3600s" },
        up: { comparison: "COMPARISON_GT" },
        "nat-alloc": {
          filter:
            'resource.type="nat_gateway" AND metric.type="router.googleapis.com/nat/nat_allocation_failed" AND resource.label.gateway_name="other"',
        },
        "nat-drop": { threshold_value: "${var.drops}" },
      }),
    );
    expect(loose).toEqual([
      expect.stringMatching(
        /^fail: .*google_monitoring_alert_policy\.cpu: threshold_value 0\.95 is looser than 0\.9/,
      ),
      expect.stringMatching(/duration "3600s" is longer than 300s/),
      expect.stringMatching(/comparison is "COMPARISON_GT" \(want COMPARISON_LT\)/),
      expect.stringMatching(/narrows the metric/),
      expect.stringMatching(/threshold_value "\$\{var\.drops\}" is looser than 0/),
    ]);
  });

  it("a policy that pages nobody does not count", () => {
    const [cpu, ...rest] = kitPolicies();
    const silent = { ...cpu, attrs: { ...cpu.attrs, notification_channels: [] } };
    expect(judge([silent, ...rest])[0]).toBe(
      "fail: the alert policy on cloudsql.googleapis.com/database/cpu/utilization pages nobody (google_monitoring_alert_policy.cpu) @ (stack)",
    );
    const disabled = { ...cpu, attrs: { ...cpu.attrs, enabled: false } };
    expect(judge([disabled, ...rest])[0]).toMatch(/pages nobody/);
  });

  it("is checked on the baseline stack only", () => {
    expect(judge([], { role: "workload" })).toEqual([]);
  });
});

describe("MON-12: production alerts page beyond e-mail", () => {
  const email = res("google_monitoring_notification_channel.mail", { type: "email" });
  const pager = res("google_monitoring_notification_channel.pager", { type: "pagerduty" });
  const alert = (channels: string[]) =>
    res("google_monitoring_alert_policy.a", { notification_channels: channels, conditions: [] });
  const MAIL = "${google_monitoring_notification_channel.mail.id}";
  const PAGER = "${google_monitoring_notification_channel.pager.id}";

  it("every policy must name an enabled non-e-mail channel of the stack", () => {
    expect(verdicts("MON-12", ctxOf([email, pager, alert([MAIL, PAGER])]))).toEqual([
      "pass @ google_monitoring_alert_policy.a [google_monitoring_notification_channel.pager]",
    ]);
    expect(verdicts("MON-12", ctxOf([email, pager, alert([MAIL])]))).toEqual([
      "fail: notifies no channel other than e-mail (the on-call engineer is not paged) @ google_monitoring_alert_policy.a",
    ]);
    // A channel id of another stack has a type the check cannot see.
    expect(
      verdicts("MON-12", ctxOf([email, pager, alert(["projects/p/notificationChannels/1"])]))[0],
    ).toMatch(/^fail: notifies no channel other than e-mail/);
    const off = res("google_monitoring_notification_channel.pager", { type: "pagerduty", enabled: false });
    expect(verdicts("MON-12", ctxOf([email, off, alert([MAIL, PAGER])]))).toEqual([
      "fail: no enabled notification channel other than e-mail in a production environment @ (stack)",
    ]);
  });

  it("applies to production baseline stacks only", () => {
    expect(verdicts("MON-12", ctxOf([email, alert([MAIL])], { production: false }))).toEqual([]);
    expect(verdicts("MON-12", ctxOf([email, alert([MAIL])], { role: "workload" }))).toEqual([]);
  });
});

describe("MON-13: secret values only into notification channels", () => {
  const REF = "${data.google_secret_manager_secret_version.key.secret_data}";
  // A data source as the checker normalizes it: address `data.<type>.<name>`.
  const source = {
    ...res("google_secret_manager_secret_version.key", { secret: "pagerduty-service-key" }),
    address: "data.google_secret_manager_secret_version.key",
  };
  const withSecret = (resources: ReturnType<typeof res>[], json: Json = {}) =>
    verdicts("MON-13", { ...ctxOf(resources, {}, json), dataSources: [source] });

  it("passes for a channel's sensitive label or webhook URL", () => {
    const pd = res("google_monitoring_notification_channel.pd", { sensitive_labels: { service_key: REF } });
    const hook = res("google_monitoring_notification_channel.hook", { labels: { url: REF } });
    expect(withSecret([pd])).toEqual([
      "pass @ data.google_secret_manager_secret_version.key [google_monitoring_notification_channel.pd]",
    ]);
    expect(withSecret([hook])[0]).toMatch(/^pass /);
  });

  it("fails when the value reaches anything else, or nothing", () => {
    const pd = res("google_monitoring_notification_channel.pd", { sensitive_labels: { service_key: REF } });
    const label = res("google_monitoring_notification_channel.pd2", { user_labels: { k: REF } });
    expect(withSecret([pd, label])[0]).toBe(
      "fail: the secret value flows into google_monitoring_notification_channel.pd2.user_labels.k @ data.google_secret_manager_secret_version.key",
    );
    expect(withSecret([pd], { output: { leak: { value: REF } } })[0]).toMatch(/flows into output\.leak/);
    expect(withSecret([])[0]).toMatch(/^fail: reads a secret value that no notification channel uses/);
  });
});
