import { CIS_LOG_METRICS } from "../../../core/rules/cis-metrics";
import { SecurityAlerts, type SecurityAlertsProps } from "../../../constructs/monitoring/security-alerts";
import {
  constructTestStack,
  resourcesOf,
  synth,
  type SynthesizedStack,
  resourceAt,
  logicalIdAt,
} from "../../support/synth";
import { addressOf, waitsAfter } from "../../support/graph";

const CHANNEL = "projects/test-project-1/notificationChannels/123";

function synthWith(props: Partial<SecurityAlertsProps> = {}): SynthesizedStack {
  const stack = constructTestStack();
  new SecurityAlerts(stack, "alerts", { notificationChannelIds: [CHANNEL], ...props });
  return synth(stack);
}

type Policy = Record<string, unknown> & {
  conditions: Record<string, Record<string, unknown>>[];
  alert_strategy?: { notification_rate_limit?: { period: string } };
};

function policyAt(json: SynthesizedStack, pathSuffix: string): Policy {
  return resourceAt(json, "google_monitoring_alert_policy", pathSuffix) as unknown as Policy;
}

describe("SecurityAlerts", () => {
  let json: SynthesizedStack;
  beforeAll(() => {
    json = synthWith();
  });

  test("MON-1..8: one log-based metric per CIS filter, counting DELTA INT64", () => {
    const metrics = Object.values(resourcesOf(json, "google_logging_metric"));
    expect(metrics).toHaveLength(8);
    for (const cis of CIS_LOG_METRICS) {
      const metric = resourceAt(json, "google_logging_metric", `metric-${cis.name}`);
      expect(metric.name).toBe(cis.name);
      expect(metric.filter).toBe(cis.filter);
      expect(metric.metric_descriptor).toMatchObject({ metric_kind: "DELTA", value_type: "INT64" });
    }
  });

  test.each(CIS_LOG_METRICS.map((m) => [m.controlId, m] as const))(
    "%s: the metric has an alert policy (threshold > 0, OR, severity) notifying at least one channel",
    (_id, cis) => {
      const policy = policyAt(json, `alert-${cis.name}`);
      expect(policy.combiner).toBe("OR");
      expect(policy.severity).toBe(cis.severity);
      expect(policy.notification_channels).toEqual([CHANNEL]);
      expect(policy.conditions).toHaveLength(1);
      const threshold = policy.conditions[0].condition_threshold;
      const metricId = logicalIdAt(json, "google_logging_metric", `metric-${cis.name}`);
      expect(threshold.filter).toBe(`metric.type="logging.googleapis.com/user/${cis.name}"`);
      // Created after a wait that starts once the metric exists (provider issues #11102, #10325).
      expect(waitsAfter(json, addressOf(json, policy), `google_logging_metric.${metricId}`)).toBe(true);
      expect(threshold.comparison).toBe("COMPARISON_GT");
      expect(threshold.threshold_value).toBe(0);
      expect(threshold.aggregations).toEqual([
        { alignment_period: "60s", per_series_aligner: "ALIGN_SUM", cross_series_reducer: "REDUCE_SUM" },
      ]);
    },
  );

  test("KMS-7: log-match alert on key version destruction, rate limited, with a channel", () => {
    const policy = policyAt(json, "alert-kms-key-version-destroyed");
    expect(policy.conditions[0].condition_matched_log.filter).toBe(
      'protoPayload.serviceName="cloudkms.googleapis.com" AND protoPayload.methodName="DestroyCryptoKeyVersion"',
    );
    expect(policy.alert_strategy?.notification_rate_limit).toEqual({ period: "300s" });
    expect(policy.notification_channels).toEqual([CHANNEL]);
    expect(policy.severity).toBe("CRITICAL");
  });

  test("SEC-6: log-match alert on secret version destruction, rate limited, with a channel", () => {
    const policy = policyAt(json, "alert-secret-version-destroyed");
    expect(policy.conditions[0].condition_matched_log.filter).toContain(
      'protoPayload.methodName:"DestroySecretVersion"',
    );
    expect(policy.conditions[0].condition_matched_log.filter).toContain(
      'protoPayload.serviceName="secretmanager.googleapis.com"',
    );
    expect(policy.alert_strategy?.notification_rate_limit).toEqual({ period: "300s" });
    expect(policy.notification_channels).toEqual([CHANNEL]);
  });

  test("every alert policy (10) notifies at least one channel; every log-match policy is rate limited", () => {
    const policies = Object.values(resourcesOf(json, "google_monitoring_alert_policy")) as Policy[];
    expect(policies).toHaveLength(10);
    for (const policy of policies) {
      expect((policy.notification_channels as string[]).length).toBeGreaterThanOrEqual(1);
      if (policy.conditions.some((c) => c.condition_matched_log)) {
        expect(policy.alert_strategy?.notification_rate_limit?.period).toMatch(/^\d+s$/);
      }
    }
  });
});

describe("SecurityAlerts options and bad props", () => {
  test("KMS-7: the rate limit follows notificationRateLimitMinutes", () => {
    const json = synthWith({ notificationRateLimitMinutes: 60 });
    const policy = policyAt(json, "alert-kms-key-version-destroyed");
    expect(policy.alert_strategy?.notification_rate_limit).toEqual({ period: "3600s" });
  });

  test("refuses alerts without a notification channel", () => {
    expect(() => synthWith({ notificationChannelIds: [] })).toThrow(
      "SecurityAlerts: notificationChannelIds: got []; must name at least one notification channel",
    );
  });

  test("refuses a rate limit under 5 minutes", () => {
    expect(() => synthWith({ notificationRateLimitMinutes: 1 })).toThrow(
      "SecurityAlerts: notificationRateLimitMinutes: got 1; must be a whole number from 5 to 1440",
    );
  });
});

describe("SecurityAlerts validates each field exactly", () => {
  it.each<[Partial<SecurityAlertsProps>, string]>([
    [
      { notificationRateLimitMinutes: 1441 },
      "SecurityAlerts: notificationRateLimitMinutes: got 1441; must be a whole number from 5 to 1440",
    ],
    [
      { autoCloseMinutes: 29 },
      "SecurityAlerts: autoCloseMinutes: got 29; must be a whole number from 30 to 10080",
    ],
    [
      { autoCloseMinutes: 10081 },
      "SecurityAlerts: autoCloseMinutes: got 10081; must be a whole number from 30 to 10080",
    ],
  ])("refuses %j", (props, message) => {
    expect(() => synthWith(props)).toThrow(message);
  });

  it("accepts the boundaries", () => {
    expect(() => synthWith({ notificationRateLimitMinutes: 5, autoCloseMinutes: 30 })).not.toThrow();
    expect(() => synthWith({ notificationRateLimitMinutes: 1440, autoCloseMinutes: 10080 })).not.toThrow();
  });
});
