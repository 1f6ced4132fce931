import { ctxOf, res, verdicts } from "./rules";

type Json = Record<string, unknown>;
const CHANNEL = "${google_monitoring_notification_channel.oncall.id}";
const channel = res("google_monitoring_notification_channel.oncall", { type: "pagerduty" });

/** The five fixed health signals with the kit's thresholds (an independent copy of HEALTH_METRICS). */
const KIT: [string, string, string, string, number, string, string][] = [
  [
    "cpu",
    "cloudsql_database",
    "cloudsql.googleapis.com/database/cpu/utilization",
    "COMPARISON_GT",
    0.9,
    "600s",
    "ALIGN_MEAN",
  ],
  [
    "disk",
    "cloudsql_database",
    "cloudsql.googleapis.com/database/disk/utilization",
    "COMPARISON_GT",
    0.85,
    "300s",
    "ALIGN_MEAN",
  ],
  ["up", "cloudsql_database", "cloudsql.googleapis.com/database/up", "COMPARISON_LT", 1, "300s", "ALIGN_MIN"],
  [
    "nat-alloc",
    "nat_gateway",
    "router.googleapis.com/nat/nat_allocation_failed",
    "COMPARISON_GT",
    0,
    "300s",
    "ALIGN_COUNT_TRUE",
  ],
  [
    "nat-drop",
    "nat_gateway",
    "router.googleapis.com/nat/dropped_sent_packets_count",
    "COMPARISON_GT",
    0,
    "300s",
    "ALIGN_SUM",
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
  return KIT.map(([name, resourceType, metricType, comparison, threshold, duration, aligner]) =>
    policy(name, {
      filter: `resource.type="${resourceType}" AND metric.type="${metricType}"`,
      comparison,
      threshold_value: threshold,
      duration,
      aggregations: [{ alignment_period: name === "nat-drop" ? "300s" : "60s", per_series_aligner: aligner }],
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

  it("an aggregation that sees the metric later or diluted is a finding", () => {
    const judged = judge(
      kitPolicies({
        cpu: { aggregations: [{ alignment_period: "60s", per_series_aligner: "ALIGN_MIN" }] },
        disk: { aggregations: [{ alignment_period: "3600s", per_series_aligner: "ALIGN_MEAN" }] },
        up: {
          aggregations: [
            { alignment_period: "60s", per_series_aligner: "ALIGN_MIN", cross_series_reducer: "REDUCE_MEAN" },
          ],
        },
        "nat-alloc": { aggregations: [] },
      }),
    );
    expect(judged.slice(0, 4)).toEqual([
      expect.stringMatching(/per_series_aligner "ALIGN_MIN" \(want ALIGN_MEAN or ALIGN_MAX\)/),
      expect.stringMatching(/alignment_period "3600s" is longer than 60s/),
      expect.stringMatching(
        /cross_series_reducer "REDUCE_MEAN" dilutes the metric \(want none or REDUCE_MIN\)/,
      ),
      expect.stringMatching(/0 aggregations \(want one/),
    ]);
    // The extreme in the alerting direction fires no later: accepted.
    const stricter = kitPolicies({
      cpu: {
        aggregations: [
          { alignment_period: "60s", per_series_aligner: "ALIGN_MAX", cross_series_reducer: "REDUCE_MAX" },
        ],
      },
    });
    expect(judge(stricter)[0]).toMatch(/^pass /);
  });

  it("is checked on the baseline stack only", () => {
    expect(judge([], { role: "workload" })).toEqual([]);
  });
});

describe("MON-11: Cloud SQL connections near max_connections", () => {
  const instance = (settings: Json) => res("google_sql_database_instance.db", { settings: [settings] });
  const CONNECTIONS = "cloudsql.googleapis.com/database/postgresql/num_backends";
  const connections = (change: Json = {}) =>
    policy("conn", {
      filter: `resource.type="cloudsql_database" AND metric.type="${CONNECTIONS}"`,
      comparison: "COMPARISON_GT",
      threshold_value: 320,
      duration: "300s",
      aggregations: [
        {
          alignment_period: "60s",
          per_series_aligner: "ALIGN_MAX",
          cross_series_reducer: "REDUCE_SUM",
          group_by_fields: ["resource.label.database_id"],
        },
      ],
      ...change,
    });
  const last = (resources: ReturnType<typeof res>[]) => judge([...kitPolicies(), ...resources]).at(-1);

  it("requires an alert above 80% of the tier's default max_connections (db-custom-2-7680: 400)", () => {
    const db = instance({ tier: "db-custom-2-7680" });
    expect(last([db, connections()])).toBe("pass @ (stack) [google_monitoring_alert_policy.conn]");
    expect(last([db])).toBe(
      `fail: no alert policy on ${CONNECTIONS} (Cloud SQL connections near max_connections) @ (stack)`,
    );
    expect(last([db, connections({ threshold_value: 321 })])).toMatch(
      /threshold_value 321 is looser than 320/,
    );
    // Without a database there is nothing to count.
    expect(judge(kitPolicies())).toHaveLength(5);
  });

  it("follows the max_connections flag and the smallest instance", () => {
    const flagged = instance({
      tier: "db-custom-2-7680",
      database_flags: [{ name: "max_connections", value: "100" }],
    });
    expect(last([flagged, connections()])).toMatch(/threshold_value 320 is looser than 80/);
    const micro = res("google_sql_database_instance.small", { settings: [{ tier: "db-f1-micro" }] });
    expect(last([instance({ tier: "db-custom-2-7680" }), micro, connections()])).toMatch(
      /threshold_value 320 is looser than 20/,
    );
  });

  it("per-database counts, a mean across databases or an unreadable limit are findings", () => {
    const db = instance({ tier: "db-custom-2-7680" });
    const perDatabase = connections({
      aggregations: [{ alignment_period: "60s", per_series_aligner: "ALIGN_MAX" }],
    });
    expect(last([db, perDatabase])).toMatch(/cross_series_reducer unset \(want REDUCE_SUM\)/);
    const split = connections({
      aggregations: [
        {
          alignment_period: "60s",
          per_series_aligner: "ALIGN_MAX",
          cross_series_reducer: "REDUCE_SUM",
          group_by_fields: ["resource.label.database_id", "metric.label.database"],
        },
      ],
    });
    expect(last([db, split])).toMatch(/group_by_fields \["metric.label.database"\] split the REDUCE_SUM/);
    expect(last([instance({ tier: "${var.tier}" }), connections()])).toBe(
      'fail: cannot tell the connection limit of google_sql_database_instance.db (tier "${var.tier}", max_connections unset), so no connections alert can be judged @ (stack)',
    );
    expect(
      last([
        instance({
          tier: "db-custom-2-7680",
          database_flags: [{ name: "max_connections", value: "${var.n}" }],
        }),
        connections(),
      ]),
    ).toMatch(/^fail: cannot tell the connection limit/);
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
