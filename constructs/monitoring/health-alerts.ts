import { Construct } from "constructs";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { InvalidPropError, requireIntegerInRange } from "../errors";
import { HEALTH_METRICS, connectionsMetric } from "../../core/rules/health-metrics";
import { connectionAlertThreshold } from "../../core/rules/postgres-connections";

export interface HealthAlertsProps {
  /**
   * Channel ids every alert notifies (`NotificationChannels.ids`). At least one: an alert nobody
   * receives is no control.
   */
  readonly notificationChannelIds: readonly string[];
  /**
   * `max_connections` of the Cloud SQL instances to watch (the smallest, when several): the connections
   * alert fires above `CONNECTION_ALERT_RATIO` of it. `connectionLimit(tier, flag)` computes it.
   * @default no connections alert (for a project without Cloud SQL)
   */
  readonly databaseConnectionLimit?: number;
}

/**
 * Availability and health alerts (MON-11): Cloud SQL CPU, disk, instance down and connections near the
 * limit, Cloud NAT allocation failures and dropped packets, each a metric-threshold alert policy on every instance or gateway of the
 * project that notifies every given channel. Thresholds are in `HEALTH_METRICS`.
 */
export class HealthAlerts extends Construct {
  /** Alert policies by metric name (`cloudsql-down`, `nat-dropped-packets`, ...). */
  readonly policies = new Map<string, MonitoringAlertPolicy>();

  constructor(scope: Construct, id: string, props: HealthAlertsProps) {
    super(scope, id);
    if (props.notificationChannelIds.length === 0) {
      throw new InvalidPropError(
        "HealthAlerts",
        "notificationChannelIds",
        [],
        "must name at least one notification channel: every alert policy must reach somebody",
      );
    }
    const channels = [...props.notificationChannelIds];
    const metrics = [...HEALTH_METRICS];
    if (props.databaseConnectionLimit !== undefined) {
      const limit = requireIntegerInRange(
        "HealthAlerts",
        "databaseConnectionLimit",
        props.databaseConnectionLimit,
        // Cloud SQL's range for the max_connections flag.
        14,
        262143,
      );
      metrics.push(connectionsMetric(connectionAlertThreshold(limit)));
    }
    for (const metric of metrics) {
      this.policies.set(
        metric.name,
        new MonitoringAlertPolicy(this, `alert-${metric.name}`, {
          displayName: metric.title,
          combiner: "OR",
          severity: metric.severity,
          notificationChannels: channels,
          conditions: [
            {
              displayName: metric.title,
              conditionThreshold: {
                filter: `resource.type="${metric.resourceType}" AND metric.type="${metric.metricType}"`,
                comparison: metric.comparison,
                thresholdValue: metric.threshold,
                duration: metric.duration,
                aggregations: [
                  {
                    alignmentPeriod: metric.alignmentPeriod,
                    perSeriesAligner: metric.perSeriesAligner,
                    crossSeriesReducer: metric.crossSeries?.reducer,
                    groupByFields: metric.crossSeries && [...metric.crossSeries.groupByFields],
                  },
                ],
                trigger: { count: 1 },
              },
            },
          ],
          alertStrategy: { autoClose: "1800s" },
          documentation: {
            mimeType: "text/markdown",
            content: `MON-11: ${metric.title}. ${metric.runbook}`,
          },
        }),
      );
    }
  }
}
