import { HealthAlerts } from "../../../constructs/monitoring/health-alerts";
import { checkStack } from "../../../policy/check";
import { constructTestStack, resourceAt, resourcesOf, synth } from "../../support/synth";

const CHANNEL = "projects/test-project-1/notificationChannels/123";

type Threshold = {
  filter: string;
  comparison: string;
  threshold_value: number;
  duration: string;
  aggregations: { per_series_aligner: string }[];
};

describe("HealthAlerts", () => {
  const stack = constructTestStack();
  new HealthAlerts(stack, "health", { notificationChannelIds: [CHANNEL] });
  const json = synth(stack);
  const threshold = (name: string) =>
    (
      resourceAt(json, "google_monitoring_alert_policy", `alert-${name}`).conditions as {
        condition_threshold: Threshold;
      }[]
    )[0].condition_threshold;

  test("MON-11: five metric-threshold policies, each paging the given channels", () => {
    const policies = Object.values(resourcesOf(json, "google_monitoring_alert_policy"));
    expect(policies).toHaveLength(5);
    for (const p of policies) expect(p.notification_channels).toEqual([CHANNEL]);
  });

  test("MON-11: Cloud SQL CPU > 90%, disk > 85%, instance down", () => {
    expect(threshold("cloudsql-cpu-high")).toMatchObject({
      filter:
        'resource.type="cloudsql_database" AND metric.type="cloudsql.googleapis.com/database/cpu/utilization"',
      comparison: "COMPARISON_GT",
      threshold_value: 0.9,
    });
    expect(threshold("cloudsql-disk-high")).toMatchObject({
      filter:
        'resource.type="cloudsql_database" AND metric.type="cloudsql.googleapis.com/database/disk/utilization"',
      comparison: "COMPARISON_GT",
      threshold_value: 0.85,
    });
    expect(threshold("cloudsql-down")).toMatchObject({
      filter: 'resource.type="cloudsql_database" AND metric.type="cloudsql.googleapis.com/database/up"',
      comparison: "COMPARISON_LT",
      threshold_value: 1,
      aggregations: [{ per_series_aligner: "ALIGN_MIN" }],
    });
  });

  test("MON-11: Cloud NAT allocation failures and dropped packets", () => {
    expect(threshold("nat-allocation-failed")).toMatchObject({
      filter: 'resource.type="nat_gateway" AND metric.type="router.googleapis.com/nat/nat_allocation_failed"',
      comparison: "COMPARISON_GT",
      threshold_value: 0,
      aggregations: [{ per_series_aligner: "ALIGN_COUNT_TRUE" }],
    });
    expect(threshold("nat-dropped-packets")).toMatchObject({
      filter:
        'resource.type="nat_gateway" AND metric.type="router.googleapis.com/nat/dropped_sent_packets_count"',
      comparison: "COMPARISON_GT",
      threshold_value: 0,
      aggregations: [{ per_series_aligner: "ALIGN_SUM" }],
    });
  });

  test("the policy check's MON-11 passes on what the construct synthesizes", () => {
    const report = checkStack(json as unknown as Record<string, unknown>, { file: "x", today: "2026-06-01" });
    const result = report.results.find((r) => r.control.id === "MON-11")!;
    expect(result.status).toBe("pass");
    expect(result.satisfiedBy).toHaveLength(5);
  });

  test("refuses an empty channel list", () => {
    expect(() => new HealthAlerts(constructTestStack(), "h", { notificationChannelIds: [] })).toThrow(
      /notificationChannelIds.*must name at least one notification channel/,
    );
  });

  test("MON-11: with a connection limit, a connections alert above 80% of it, summed per instance", () => {
    const withDb = constructTestStack();
    new HealthAlerts(withDb, "health", { notificationChannelIds: [CHANNEL], databaseConnectionLimit: 400 });
    const out = synth(withDb);
    const policy = resourceAt(out, "google_monitoring_alert_policy", "alert-cloudsql-connections-high") as {
      conditions: { condition_threshold: Record<string, unknown> }[];
    };
    expect(policy.conditions[0].condition_threshold).toMatchObject({
      filter:
        'resource.type="cloudsql_database" AND metric.type="cloudsql.googleapis.com/database/postgresql/num_backends"',
      comparison: "COMPARISON_GT",
      threshold_value: 320,
      aggregations: [
        {
          per_series_aligner: "ALIGN_MAX",
          cross_series_reducer: "REDUCE_SUM",
          group_by_fields: ["resource.label.database_id"],
        },
      ],
    });
    expect(Object.keys(resourcesOf(out, "google_monitoring_alert_policy"))).toHaveLength(6);
  });

  test("refuses a connection limit Cloud SQL does not accept", () => {
    expect(
      () =>
        new HealthAlerts(constructTestStack(), "h", {
          notificationChannelIds: [CHANNEL],
          databaseConnectionLimit: 10,
        }),
    ).toThrow(/databaseConnectionLimit.*10.*must be a whole number from 14 to 262143/);
  });
});
