import { Construct } from "constructs";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { MonitoringUptimeCheckConfig } from "@cdktf/provider-google/lib/monitoring-uptime-check-config";
import { InvalidPropError, requireMatch } from "../errors";
import {
  UPTIME_ALERT,
  UPTIME_CHECK_NAME,
  UPTIME_PERIOD,
  UPTIME_TIMEOUT,
  uptimeAlertFilter,
  uptimeTarget,
} from "../../core/rules/uptime";

/** One application URL to probe. */
export interface UptimeCheck {
  /** Short name (lowercase letters, digits, hyphens): the check's id and display name. */
  readonly name: string;
  /** `https://` URL of a public, unauthenticated health path, e.g. `https://app.example.com/healthz`. */
  readonly url: string;
}

export interface UptimeChecksProps {
  /** Project that owns the checks (the monitored resource's `project_id` label). */
  readonly projectId: string;
  /** URLs to probe; each gets an uptime check and an alert policy. */
  readonly checks: readonly UptimeCheck[];
  /**
   * Channel ids every alert notifies (`NotificationChannels.ids`). At least one: an alert nobody
   * receives is no control.
   */
  readonly notificationChannelIds: readonly string[];
}

/**
 * MON-14: the application as customers see it. Each URL is probed every minute from Google's checker
 * regions over HTTPS with certificate validation (an expired certificate is an outage too), expecting a
 * 2xx answer; an alert policy per check pages when more than one region fails. The checks carry no
 * credential: only public health paths are probed.
 */
export class UptimeChecks extends Construct {
  /** Uptime checks by name. */
  readonly checks = new Map<string, MonitoringUptimeCheckConfig>();
  /** Alert policies by check name. */
  readonly policies = new Map<string, MonitoringAlertPolicy>();

  constructor(scope: Construct, id: string, props: UptimeChecksProps) {
    super(scope, id);
    if (props.checks.length && props.notificationChannelIds.length === 0) {
      throw new InvalidPropError(
        "UptimeChecks",
        "notificationChannelIds",
        [],
        "must name at least one notification channel: every alert policy must reach somebody",
      );
    }
    const seen = new Set<string>();
    const hosts = new Map<string, number>();
    props.checks.forEach((check, i) => {
      requireMatch(
        "UptimeChecks",
        `checks[${i}].name`,
        check.name,
        UPTIME_CHECK_NAME,
        "must be 1-30 lowercase letters, digits or hyphens, starting with a letter",
      );
      if (seen.has(check.name))
        throw new InvalidPropError("UptimeChecks", `checks[${i}].name`, check.name, "is used twice");
      seen.add(check.name);
      const target = uptimeTarget(check.url);
      if (typeof target === "string")
        throw new InvalidPropError("UptimeChecks", `checks[${i}].url`, check.url, target);
      // The alert selects its check by host (uptimeAlertFilter): one check per host.
      if (hosts.has(target.host))
        throw new InvalidPropError(
          "UptimeChecks",
          `checks[${i}].url`,
          check.url,
          `probes host ${target.host} like checks[${hosts.get(target.host)}]: one check per host (its alert selects it by host)`,
        );
      hosts.set(target.host, i);

      const uptime = new MonitoringUptimeCheckConfig(this, `check-${check.name}`, {
        displayName: `Uptime: ${check.name}`,
        period: UPTIME_PERIOD,
        timeout: UPTIME_TIMEOUT,
        checkerType: "STATIC_IP_CHECKERS",
        monitoredResource: { type: "uptime_url", labels: { project_id: props.projectId, host: target.host } },
        httpCheck: {
          path: target.path,
          port: target.port,
          useSsl: true,
          validateSsl: true,
          requestMethod: "GET",
          acceptedResponseStatusCodes: [{ statusClass: "STATUS_CLASS_2XX" }],
        },
      });
      this.checks.set(check.name, uptime);
      this.policies.set(
        check.name,
        new MonitoringAlertPolicy(this, `alert-${check.name}`, {
          displayName: `Uptime check failing: ${check.name}`,
          combiner: "OR",
          severity: "CRITICAL",
          notificationChannels: [...props.notificationChannelIds],
          conditions: [
            {
              displayName: `${check.url} fails from more than ${UPTIME_ALERT.maxFailingRegions} region`,
              conditionThreshold: {
                filter: uptimeAlertFilter(target.host),
                comparison: "COMPARISON_GT",
                thresholdValue: UPTIME_ALERT.maxFailingRegions,
                duration: UPTIME_ALERT.duration,
                aggregations: [
                  {
                    alignmentPeriod: UPTIME_ALERT.alignmentPeriod,
                    perSeriesAligner: UPTIME_ALERT.perSeriesAligner,
                    crossSeriesReducer: UPTIME_ALERT.crossSeriesReducer,
                    groupByFields: ["resource.label.project_id", "resource.label.host"],
                  },
                ],
                trigger: { count: 1 },
              },
            },
          ],
          alertStrategy: { autoClose: "1800s" },
          documentation: {
            mimeType: "text/markdown",
            content: `MON-14: ${check.url} does not answer 2xx over valid HTTPS from several regions: customers cannot reach the application. Check the load balancer, the backends' health and the certificate; the uptime check's page shows each region's result.`,
          },
        }),
      );
    });
  }
}
