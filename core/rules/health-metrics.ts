/**
 * MON-11: the availability and health signals every environment pages on, as pure data shared by the
 * `HealthAlerts` construct and the policy check (which verifies a baseline stack has an alert policy on
 * each, with a threshold at least as strict). Metric types are Cloud Monitoring's documented names.
 */
import type { AlertSeverity } from "./cis-metrics";

/** Threshold comparison, as Cloud Monitoring names it. */
export type HealthComparison = "COMPARISON_GT" | "COMPARISON_LT";

export interface HealthMetric {
  /** Stable construct id and display-name suffix. */
  readonly name: string;
  readonly title: string;
  /** Monitored resource type the metric is written against. */
  readonly resourceType: string;
  /** Cloud Monitoring metric type. */
  readonly metricType: string;
  /** The alert fires when the aligned value compares this way with `threshold`. */
  readonly comparison: HealthComparison;
  /**
   * The kit's threshold, and the loosest one MON-11 accepts: for COMPARISON_GT an alert may fire earlier
   * (a lower threshold), for COMPARISON_LT it may fire earlier (a higher one), never later.
   */
  readonly threshold: number;
  /** How long the condition must hold before the alert fires. */
  readonly duration: string;
  readonly alignmentPeriod: string;
  readonly perSeriesAligner: string;
  /**
   * Reducer across the series of one resource (e.g. the databases of an instance), with the labels that
   * keep resources apart; none when each series is judged alone.
   */
  readonly crossSeries?: { readonly reducer: string; readonly groupByFields: readonly string[] };
  readonly severity: AlertSeverity;
  /** What the on-call engineer does first (alert documentation). */
  readonly runbook: string;
}

export const HEALTH_METRICS: readonly HealthMetric[] = [
  {
    name: "cloudsql-cpu-high",
    title: "Cloud SQL CPU above 90%",
    resourceType: "cloudsql_database",
    metricType: "cloudsql.googleapis.com/database/cpu/utilization",
    comparison: "COMPARISON_GT",
    threshold: 0.9,
    duration: "600s",
    alignmentPeriod: "60s",
    perSeriesAligner: "ALIGN_MEAN",
    severity: "ERROR",
    runbook:
      "Queries slow down for every customer. Check Query Insights for the heaviest queries, then scale the tier (config database.tier).",
  },
  {
    name: "cloudsql-disk-high",
    title: "Cloud SQL disk above 85%",
    resourceType: "cloudsql_database",
    metricType: "cloudsql.googleapis.com/database/disk/utilization",
    comparison: "COMPARISON_GT",
    threshold: 0.85,
    duration: "300s",
    alignmentPeriod: "60s",
    perSeriesAligner: "ALIGN_MEAN",
    severity: "ERROR",
    runbook:
      "Storage grows automatically, but a full disk stops writes. Check what grows (tables, temporary files, transaction logs) and the storage auto-increase limit.",
  },
  {
    name: "cloudsql-down",
    title: "Cloud SQL instance down",
    resourceType: "cloudsql_database",
    metricType: "cloudsql.googleapis.com/database/up",
    comparison: "COMPARISON_LT",
    threshold: 1,
    duration: "300s",
    alignmentPeriod: "60s",
    perSeriesAligner: "ALIGN_MIN",
    severity: "CRITICAL",
    runbook:
      "The database is not serving. Check the instance's operations and logs in the console; a regional instance should have failed over (SQL-11).",
  },
  {
    name: "nat-allocation-failed",
    title: "Cloud NAT cannot allocate addresses or ports",
    resourceType: "nat_gateway",
    metricType: "router.googleapis.com/nat/nat_allocation_failed",
    comparison: "COMPARISON_GT",
    threshold: 0,
    duration: "300s",
    alignmentPeriod: "60s",
    perSeriesAligner: "ALIGN_COUNT_TRUE",
    severity: "ERROR",
    runbook:
      "Some workloads cannot reach the internet (Upstash included). Add NAT addresses or raise the ports per VM.",
  },
  {
    name: "nat-dropped-packets",
    title: "Cloud NAT dropping outbound packets",
    resourceType: "nat_gateway",
    metricType: "router.googleapis.com/nat/dropped_sent_packets_count",
    comparison: "COMPARISON_GT",
    threshold: 0,
    duration: "300s",
    alignmentPeriod: "300s",
    perSeriesAligner: "ALIGN_SUM",
    severity: "ERROR",
    runbook:
      "Outbound connections fail (reason label OUT_OF_RESOURCES: ports or addresses exhausted; ENDPOINT_INDEPENDENCE_CONFLICT: mapping conflicts). Add NAT addresses or ports per VM.",
  },
];

/**
 * Cloud SQL connections: the backends of an instance (summed over its databases) above
 * `threshold` (`connectionAlertThreshold` of its connection limit). The threshold depends on the instance,
 * so this signal is built per stack rather than listed in `HEALTH_METRICS`.
 */
export function connectionsMetric(threshold: number): HealthMetric {
  return {
    name: "cloudsql-connections-high",
    title: "Cloud SQL connections near max_connections",
    resourceType: "cloudsql_database",
    metricType: "cloudsql.googleapis.com/database/postgresql/num_backends",
    comparison: "COMPARISON_GT",
    threshold,
    duration: "300s",
    alignmentPeriod: "60s",
    perSeriesAligner: "ALIGN_MAX",
    crossSeries: { reducer: "REDUCE_SUM", groupByFields: ["resource.label.database_id"] },
    severity: "ERROR",
    runbook:
      "New connections will soon be refused. Look for connection leaks or a missing pool (pg_stat_activity by application_name and state), then pool connections or raise the tier (or max_connections).",
  };
}
