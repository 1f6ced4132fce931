import type { Resource, StackContext } from "../model";
import { blocks, boolOf, isExpression, list, refersTo } from "../terraform-json";

/** A log filter without whitespace, so formatting differences (line breaks, indentation) do not matter. */
export function normalizeFilter(filter: unknown): string {
  return typeof filter === "string" ? filter.replace(/\s+/g, "") : "";
}

/** Conditions of an alert policy (each condition type normalized to a block). */
function conditions(policy: Resource) {
  return blocks(policy.attrs.conditions);
}

/** True when an alert policy's threshold or absence condition watches `metric` (by reference or by name). */
export function watchesMetric(policy: Resource, metric: Resource): boolean {
  const literalName =
    typeof metric.attrs.name === "string" && !isExpression(metric.attrs.name) ? metric.attrs.name : undefined;
  return conditions(policy).some((c) =>
    [...blocks(c.condition_threshold), ...blocks(c.condition_absent)].some((t) => {
      const filter = typeof t.filter === "string" ? t.filter : "";
      return (
        refersTo(filter, metric) ||
        (literalName !== undefined && filter.includes(`logging.googleapis.com/user/${literalName}`))
      );
    }),
  );
}

/** True when an alert policy has a log-match condition whose filter satisfies `matches`. */
export function matchesLog(policy: Resource, matches: (normalizedFilter: string) => boolean): boolean {
  return conditions(policy).some((c) =>
    blocks(c.condition_matched_log).some((m) => matches(normalizeFilter(m.filter))),
  );
}

/**
 * True when an on/off switch is certainly on: literal true (in any spelling Terraform converts), or unset
 * when the provider's default is on. An expression is not certain.
 */
export function switchedOn(value: unknown, defaultOn: boolean): boolean {
  if (value === undefined || value === null) return defaultOn;
  return boolOf(value) === true;
}

/** Notification channels in the stack that `policy` names and that are not certainly enabled. */
export function disabledChannels(policy: Resource, ctx?: StackContext): Resource[] {
  if (!ctx) return [];
  return ctx
    .ofType("google_monitoring_notification_channel")
    .filter(
      (c) =>
        list(policy.attrs.notification_channels).some((n) => refersTo(n, c)) &&
        !switchedOn(c.attrs.enabled, true),
    );
}

/** True when the policy is certainly enabled and notifies at least one enabled channel (pages somebody). */
export function hasNotificationChannel(policy: Resource, ctx?: StackContext): boolean {
  const channels = list(policy.attrs.notification_channels);
  return (
    channels.length > 0 &&
    switchedOn(policy.attrs.enabled, true) &&
    disabledChannels(policy, ctx).length < channels.length
  );
}

/**
 * Alerting that covers log entries matched by `matches`: log-based metrics with such a filter and the
 * alert policies (with a notification channel) that watch them, plus log-match alert policies.
 */
export function alertingFor(ctx: StackContext, matches: (normalizedFilter: string) => boolean) {
  const metrics = ctx.ofType("google_logging_metric").filter((m) => matches(normalizeFilter(m.attrs.filter)));
  const policies = ctx.ofType("google_monitoring_alert_policy");
  const watching = policies.filter((p) => metrics.some((m) => watchesMetric(p, m)));
  const logMatch = policies.filter((p) => matchesLog(p, matches));
  return {
    metrics,
    /** Policies on the metrics, with and without channels. */
    metricPolicies: watching,
    logMatchPolicies: logMatch,
    paging: [...watching, ...logMatch].filter((p) => hasNotificationChannel(p, ctx)),
  };
}
