import { Construct } from "constructs";
import { LoggingMetric } from "@cdktf/provider-google/lib/logging-metric";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { InvalidPropError, requireIntegerInRange } from "../errors";
import { CONSISTENCY_WAITS, ConsistencyWait } from "../project/waits";
import { CIS_LOG_METRICS, type AlertSeverity } from "../../core/rules/cis-metrics";

/** A log entry whose mere occurrence must page somebody; alerted with `condition_matched_log`. */
export interface LogMatchAlert {
  /** Control id the alert implements. */
  readonly controlId: string;
  /** Stable construct id and display name suffix. */
  readonly name: string;
  readonly title: string;
  readonly severity: AlertSeverity;
  readonly filter: string;
}

/** KMS-7 and SEC-6: destroying key material or a secret version is rare, irreversible and alarming. */
export const LOG_MATCH_ALERTS: readonly LogMatchAlert[] = [
  {
    controlId: "KMS-7",
    name: "kms-key-version-destroyed",
    title: "Cloud KMS key version scheduled for destruction",
    severity: "CRITICAL",
    filter:
      'protoPayload.serviceName="cloudkms.googleapis.com" AND protoPayload.methodName="DestroyCryptoKeyVersion"',
  },
  {
    controlId: "SEC-6",
    name: "secret-version-destroyed",
    title: "Secret Manager secret version destroyed",
    severity: "CRITICAL",
    filter:
      'protoPayload.serviceName="secretmanager.googleapis.com" AND protoPayload.methodName:"DestroySecretVersion"',
  },
];

export interface SecurityAlertsProps {
  /**
   * Channel ids every alert notifies (`NotificationChannels.ids`). At least one: an alert nobody
   * receives is no control.
   */
  readonly notificationChannelIds: readonly string[];
  /**
   * Minimum minutes between two notifications of the same log-match alert (Cloud Monitoring allows
   * 5 minutes or more); bursts of matching entries otherwise flood the channel.
   * @default 5
   */
  readonly notificationRateLimitMinutes?: number;
  /**
   * Minutes after which an incident whose condition stopped firing is closed.
   * @default 30
   */
  readonly autoCloseMinutes?: number;
}

/**
 * The CIS 2.4-2.11 log-based metrics, each with an alert policy (MON-1..MON-8), plus log-match alert
 * policies for key version destruction (KMS-7) and secret version destruction (SEC-6). Every policy
 * notifies every given channel.
 */
export class SecurityAlerts extends Construct {
  /** Log-based metrics by CIS control id (MON-1..MON-8). */
  readonly metrics = new Map<string, LoggingMetric>();
  /** Alert policies by control id (MON-1..MON-8, KMS-7, SEC-6). */
  readonly policies = new Map<string, MonitoringAlertPolicy>();
  /** Wait between the metrics and the alert policies on them (`CONSISTENCY_WAITS.logMetric`). */
  readonly metricsVisible: ConsistencyWait;

  constructor(scope: Construct, id: string, props: SecurityAlertsProps) {
    super(scope, id);
    if (props.notificationChannelIds.length === 0) {
      throw new InvalidPropError(
        "SecurityAlerts",
        "notificationChannelIds",
        [],
        "must name at least one notification channel: every alert policy must reach somebody",
      );
    }
    const rateLimitMinutes = requireIntegerInRange(
      "SecurityAlerts",
      "notificationRateLimitMinutes",
      props.notificationRateLimitMinutes ?? 5,
      5,
      1440,
    );
    const autoClose = `${requireIntegerInRange("SecurityAlerts", "autoCloseMinutes", props.autoCloseMinutes ?? 30, 30, 10080) * 60}s`;
    const channels = [...props.notificationChannelIds];

    for (const cis of CIS_LOG_METRICS) {
      this.metrics.set(
        cis.controlId,
        new LoggingMetric(this, `metric-${cis.name}`, {
          name: cis.name,
          description: `CIS ${cis.cis} (${cis.controlId}): ${cis.title}`,
          filter: cis.filter,
          metricDescriptor: { metricKind: "DELTA", valueType: "INT64", unit: "1" },
        }),
      );
    }
    // Cloud Monitoring sees a new log-based metric only after a delay; one wait covers every metric.
    this.metricsVisible = new ConsistencyWait(this, "metrics-visible", {
      duration: CONSISTENCY_WAITS.logMetric,
      after: [...this.metrics.values()],
    });

    for (const cis of CIS_LOG_METRICS) {
      const metric = this.metrics.get(cis.controlId)!;
      this.policies.set(
        cis.controlId,
        new MonitoringAlertPolicy(this, `alert-${cis.name}`, {
          displayName: `${cis.title} (CIS ${cis.cis})`,
          combiner: "OR",
          severity: cis.severity,
          notificationChannels: channels,
          conditions: [
            {
              displayName: `${cis.title}: any occurrence`,
              conditionThreshold: {
                // The literal name (not a reference) lets scanners reading the plan pair alert and metric.
                filter: `metric.type="logging.googleapis.com/user/${cis.name}"`,
                comparison: "COMPARISON_GT",
                thresholdValue: 0,
                duration: "0s",
                aggregations: [
                  { alignmentPeriod: "60s", perSeriesAligner: "ALIGN_SUM", crossSeriesReducer: "REDUCE_SUM" },
                ],
                trigger: { count: 1 },
              },
            },
          ],
          alertStrategy: { autoClose },
          dependsOn: [metric, this.metricsVisible],
          documentation: {
            mimeType: "text/markdown",
            content: `${cis.controlId} / CIS ${cis.cis}: ${cis.title}. Check the audit log entries matching the metric's filter and confirm the change was planned.`,
          },
        }),
      );
    }

    for (const alert of LOG_MATCH_ALERTS) {
      this.policies.set(
        alert.controlId,
        new MonitoringAlertPolicy(this, `alert-${alert.name}`, {
          displayName: alert.title,
          combiner: "OR",
          severity: alert.severity,
          notificationChannels: channels,
          conditions: [{ displayName: alert.title, conditionMatchedLog: { filter: alert.filter } }],
          // Log-match policies require a rate limit; it also stops a burst from flooding the channel.
          alertStrategy: { notificationRateLimit: { period: `${rateLimitMinutes * 60}s` }, autoClose },
          documentation: {
            mimeType: "text/markdown",
            content: `${alert.controlId}: ${alert.title}. Destruction is irreversible once the grace period ends: confirm it was intended, otherwise restore the version now.`,
          },
        }),
      );
    }
  }
}
