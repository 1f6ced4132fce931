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
