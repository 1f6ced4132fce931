import {
  alertingFor,
  hasNotificationChannel,
  matchesLog,
  normalizeFilter,
  watchesMetric,
} from "../../../policy/controls/alerts";
import { ctxOf, res } from "./rules";

const metric = res("google_logging_metric.m", { name: "kms-destroy", filter: 'a = "x"\n  AND b' });
const threshold = (filter: string) => ({ conditions: [{ condition_threshold: { filter } }] });

describe("alert helpers", () => {
  it("normalizeFilter drops all whitespace; non-strings are empty", () => {
    expect(normalizeFilter(' a = "x"\n\t AND b ')).toBe('a="x"ANDb');
    expect(normalizeFilter(undefined)).toBe("");
    expect(normalizeFilter(5)).toBe("");
  });

  it("watchesMetric: threshold or absence conditions naming the metric by reference or by its literal name", () => {
    expect(
      watchesMetric(
        res("google_monitoring_alert_policy.p", threshold("${google_logging_metric.m.name}")),
        metric,
      ),
    ).toBe(true);
    expect(
      watchesMetric(
        res(
          "google_monitoring_alert_policy.p",
          threshold('metric.type="logging.googleapis.com/user/kms-destroy"'),
        ),
        metric,
      ),
    ).toBe(true);
    expect(
      watchesMetric(
        res("google_monitoring_alert_policy.p", {
          conditions: [
            { condition_absent: { filter: 'metric.type="logging.googleapis.com/user/kms-destroy"' } },
          ],
        }),
        metric,
      ),
    ).toBe(true);
    expect(
      watchesMetric(
        res("google_monitoring_alert_policy.p", threshold('metric.type="logging.googleapis.com/user/other"')),
        metric,
      ),
    ).toBe(false);
    expect(
      watchesMetric(
        res("google_monitoring_alert_policy.p", { conditions: [{ condition_threshold: {} }] }),
        metric,
      ),
    ).toBe(false);
    const byExpression = res("google_logging_metric.m2", { name: "${var.name}" });
    expect(
      watchesMetric(
        res("google_monitoring_alert_policy.p", threshold("logging.googleapis.com/user/${var.name}")),
        byExpression,
      ),
    ).toBe(false);
  });

  it("matchesLog reads log-match conditions with normalized filters", () => {
    const policy = res("google_monitoring_alert_policy.p", {
      conditions: [{ condition_matched_log: { filter: 'a = "x"' } }],
    });
    expect(matchesLog(policy, (f) => f === 'a="x"')).toBe(true);
    expect(matchesLog(policy, () => false)).toBe(false);
    expect(matchesLog(res("google_monitoring_alert_policy.p", threshold('a = "x"')), () => true)).toBe(false);
  });

  it("hasNotificationChannel: at least one channel and not disabled", () => {
    expect(
      hasNotificationChannel(res("google_monitoring_alert_policy.p", { notification_channels: ["c"] })),
    ).toBe(true);
    expect(
      hasNotificationChannel(res("google_monitoring_alert_policy.p", { notification_channels: "c" })),
    ).toBe(true);
    expect(
      hasNotificationChannel(res("google_monitoring_alert_policy.p", { notification_channels: [] })),
    ).toBe(false);
    expect(
      hasNotificationChannel(
        res("google_monitoring_alert_policy.p", { notification_channels: ["c"], enabled: false }),
      ),
    ).toBe(false);
    expect(
      hasNotificationChannel(
        res("google_monitoring_alert_policy.p", { notification_channels: ["c"], enabled: "false" }),
      ),
    ).toBe(false); // Terraform converts "false" to false: disabled in any spelling (issue 11).
  });

  it("alertingFor: metrics by filter, the policies on them, log-match policies and those that page", () => {
    const other = res("google_logging_metric.other", { name: "other", filter: "zzz" });
    const onMetric = res("google_monitoring_alert_policy.on", {
      ...threshold("${google_logging_metric.m.name}"),
      notification_channels: [],
    });
    const logMatch = res("google_monitoring_alert_policy.log", {
      conditions: [{ condition_matched_log: { filter: 'a="x" AND b' } }],
      notification_channels: ["c"],
    });
    const unrelated = res("google_monitoring_alert_policy.x", {
      ...threshold("${google_logging_metric.other.name}"),
      notification_channels: ["c"],
    });
    const found = alertingFor(ctxOf([metric, other, onMetric, logMatch, unrelated]), (f) =>
      f.includes('a="x"'),
    );
    expect(found.metrics.map((r) => r.address)).toEqual(["google_logging_metric.m"]);
    expect(found.metricPolicies.map((r) => r.address)).toEqual(["google_monitoring_alert_policy.on"]);
    expect(found.logMatchPolicies.map((r) => r.address)).toEqual(["google_monitoring_alert_policy.log"]);
    expect(found.paging.map((r) => r.address)).toEqual(["google_monitoring_alert_policy.log"]);
  });
});
