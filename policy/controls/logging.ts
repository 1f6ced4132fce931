import type { ControlDefinition, Resource, StackContext, StackVerdict } from "../model";
import {
  attr,
  blocks,
  boolOf,
  isExpression,
  isSet,
  isTrue,
  list,
  numberOf,
  refersTo,
  show,
} from "../terraform-json";
import { cannotVerify, unverifiable } from "../expressions";
import { alertingFor, disabledChannels, normalizeFilter, switchedOn } from "./alerts";
import {
  HIPAA,
  PASS,
  checksProjectWide,
  fail,
  firstFailure,
  resourceRule,
  seed,
  stackRule,
  verdict,
} from "./helpers";
import { AUDIT_LOG_TYPES } from "../../core/rules/audit-logs";
import { CIS_LOG_METRICS } from "../../core/rules/cis-metrics";

const AUDIT_CONFIG_TYPES = [
  "google_project_iam_audit_config",
  "google_folder_iam_audit_config",
  "google_organization_iam_audit_config",
];
const SINK_TYPES = [
  "google_logging_project_sink",
  "google_logging_folder_sink",
  "google_logging_organization_sink",
];
/** LOG-2: audit logs are kept at least a year. */
const MIN_AUDIT_RETENTION_DAYS = 365;

function auditConfigProblems(config: Resource): string | undefined {
  const entries = blocks(config.attrs.audit_log_config);
  const types = entries.map((e) => String(e.log_type));
  const missing = AUDIT_LOG_TYPES.filter((t) => !types.includes(t));
  const exempted = entries.filter((e) => list(e.exempted_members).length > 0);
  if (missing.length) return `audit_log_config lacks ${missing.join(", ")}`;
  if (exempted.length)
    return `exempted_members set for ${exempted.map((e) => String(e.log_type)).join(", ")}`;
  return undefined;
}

function bucketConfigProblems(bucket: Resource): string | undefined {
  const days = numberOf(bucket.attrs.retention_days);
  const problems = [
    (days === undefined || days < MIN_AUDIT_RETENTION_DAYS) &&
      `retention_days is ${show(bucket.attrs.retention_days)} (at least ${MIN_AUDIT_RETENTION_DAYS})`,
    !isSet(attr(bucket.attrs, "cmek_settings.kms_key_name")) && "cmek_settings.kms_key_name is unset",
  ].filter((p): p is string => typeof p === "string");
  return problems.length ? problems.join("; ") : undefined;
}

/** The log bucket or storage bucket a sink exports to, when it is in the stack. */
function sinkDestination(sink: Resource, ctx: StackContext): Resource | undefined {
  const destination = String(sink.attrs.destination ?? "");
  if (destination.startsWith("storage.googleapis.com/")) {
    return ctx.ofType("google_storage_bucket").find((b) => refersTo(destination.slice(23), b));
  }
  return ctx
    .ofType("google_logging_project_bucket_config")
    .find(
      (b) =>
        refersTo(destination, b) ||
        (typeof b.attrs.bucket_id === "string" &&
          !isExpression(b.attrs.bucket_id) &&
          destination.endsWith(`/buckets/${b.attrs.bucket_id}`)),
    );
}

function exportsAuditLogs(sink: Resource): boolean {
  const filter = normalizeFilter(sink.attrs.filter);
  return (
    // Exports only when certainly not disabled: unset or literal false (an expression might be true).
    (sink.attrs.disabled === undefined || boolOf(sink.attrs.disabled) === false) &&
    unverifiable(sink.attrs.filter) === undefined &&
    (filter === "" || filter.includes("cloudaudit.googleapis.com"))
  );
}

/**
 * Exclusions on an audit sink that may drop audit logs: every enabled (or unverifiable) exclusion, since
 * an exclusion filter is evaluated against the audit entries the sink exports.
 */
function auditExclusions(sink: Resource): string[] {
  return blocks(sink.attrs.exclusions)
    .filter((e) => boolOf(e.disabled) !== true)
    .map((e) => `${show(e.name)} (filter ${show(e.filter)})`);
}

/** CIS 2.4-2.11 log metric filters, exactly as the benchmark (and Prowler) spell them; SecurityAlerts uses the same list. */
const CIS_METRICS: { id: string; cis: string; checkov?: string; title: string; filter: string }[] =
  CIS_LOG_METRICS.map((m) => ({ id: m.controlId, cis: m.cis, title: m.controlTitle, filter: m.filter }));

const cisMetricControls: ControlDefinition[] = CIS_METRICS.map((m) => {
  const wanted = normalizeFilter(m.filter);
  return {
    id: m.id,
    title: m.title,
    severity: "error",
    why: `CIS ${m.cis}: a log-based metric on these changes with an alert policy pages an engineer when they happen, instead of someone finding them in a review weeks later.`,
    fix: `Add a google_logging_metric with filter ${m.filter} and a google_monitoring_alert_policy whose condition filter names the metric (metric.type="logging.googleapis.com/user/<name>"), with at least one notification channel.`,
    mappings: { cis: [m.cis], hipaa: [HIPAA.audit, HIPAA.activityReview], seed: [seed("002", 26)] },
    rule: stackRule((ctx) => {
      if (!checksProjectWide(ctx)) return [];
      const alerting = alertingFor(ctx, (filter) => filter.includes(wanted));
      const paging = alerting.metricPolicies.filter((p) => alerting.paging.includes(p));
      if (!alerting.metrics.length)
        return [verdict(fail(`no google_logging_metric with the CIS ${m.cis} filter`))];
      if (!alerting.metricPolicies.length) {
        return [
          verdict(fail(`no alert policy names metric ${alerting.metrics.map((x) => x.address).join(", ")}`)),
        ];
      }
      if (!paging.length)
        return [verdict(fail("the alert policy on the metric has no notification channel"))];
      return [
        verdict(
          PASS,
          undefined,
          [...alerting.metrics, ...paging].map((r) => r.address),
        ),
      ];
    }),
  };
});

export const loggingControls: ControlDefinition[] = [
  {
    id: "LOG-1",
    title: "Data Access audit logs for all services",
    severity: "error",
    why: "Admin Activity logs are always on, but reads and writes of data are logged only when Data Access audit logs are enabled; without them nobody can tell who read PHI.",
    fix: 'Add google_project_iam_audit_config { service = "allServices" } with audit_log_config for ADMIN_READ, DATA_READ and DATA_WRITE and no exempted_members.',
    mappings: { cis: ["2.1"], checkov: ["CKV2_GCP_5"], hipaa: [HIPAA.audit], seed: [seed("002", 17)] },
    rule: stackRule((ctx) => {
      const configs = ctx.resources.filter((r) => AUDIT_CONFIG_TYPES.includes(r.type));
      if (!checksProjectWide(ctx)) {
        // Audit configs apply to the whole project wherever they are declared: exempted members, or an
        // allServices config (authoritative for that key) with fewer log types, weaken the baseline's.
        return configs
          .filter((c) => {
            const problem = auditConfigProblems(c);
            return problem && (problem.startsWith("exempted_members") || c.attrs.service === "allServices");
          })
          .map((c) => verdict(fail(auditConfigProblems(c) as string), c));
      }
      const verdicts: StackVerdict[] = configs
        .filter((c) => auditConfigProblems(c))
        .map((c) => verdict(fail(auditConfigProblems(c) as string), c));
      const covering = configs.filter((c) => c.attrs.service === "allServices" && !auditConfigProblems(c));
      verdicts.push(
        covering.length
          ? verdict(
              PASS,
              undefined,
              covering.map((c) => c.address),
            )
          : verdict(
              fail('no audit config for service "allServices" with ADMIN_READ, DATA_READ and DATA_WRITE'),
            ),
      );
      return verdicts;
    }),
  },
  {
    id: "LOG-2",
    title: "Audit logs exported to a retained, CMEK log bucket",
    severity: "error",
    why: "Audit logs routed into a dedicated bucket under your key are kept for the retention period whatever happens to the project's default buckets, and only readable while your key is usable.",
    fix: `Add a google_logging_project_sink (no filter, or one on cloudaudit.googleapis.com) into a google_logging_project_bucket_config with retention_days >= ${MIN_AUDIT_RETENTION_DAYS} and cmek_settings.kms_key_name (AuditLogging does).`,
    mappings: {
      cis: ["2.2"],
      hipaa: [HIPAA.audit, HIPAA.integrity, HIPAA.encryption],
      seed: [seed("002", 17)],
    },
    rule: stackRule((ctx) => {
      if (!checksProjectWide(ctx)) return [];
      const verdicts: StackVerdict[] = ctx
        .ofType("google_logging_project_bucket_config")
        .filter(
          (b) =>
            b.attrs.bucket_id !== "_Default" && b.attrs.bucket_id !== "_Required" && bucketConfigProblems(b),
        )
        .map((b) => verdict(fail(bucketConfigProblems(b) as string), b));
      const auditSinks = ctx.resources.filter((r) => SINK_TYPES.includes(r.type) && exportsAuditLogs(r));
      for (const sink of auditSinks) {
        const excluded = auditExclusions(sink);
        if (excluded.length)
          verdicts.push(
            verdict(
              fail(`exclusions on the audit log sink drop matching audit logs: ${excluded.join(", ")}`),
              sink,
            ),
          );
      }
      const good = auditSinks
        .filter((sink) => auditExclusions(sink).length === 0)
        .map((sink) => ({ sink, destination: sinkDestination(sink, ctx) }))
        .filter(({ destination }) =>
          destination?.type === "google_storage_bucket"
            ? isSet(attr(destination.attrs, "retention_policy.retention_period")) &&
              isSet(attr(destination.attrs, "encryption.default_kms_key_name"))
            : destination !== undefined && !bucketConfigProblems(destination),
        );
      verdicts.push(
        good.length
          ? verdict(
              PASS,
              undefined,
              good.flatMap(({ sink, destination }) => [sink.address, (destination as Resource).address]),
            )
          : verdict(
              fail("no log sink exports audit logs into a retained, CMEK-encrypted log bucket in this stack"),
            ),
      );
      return verdicts;
    }),
  },
  {
    id: "LOG-3",
    title: "Audit log bucket retention locked in production",
    severity: "error",
    why: "A locked bucket cannot be deleted and its retention never shortened, not even by a compromised project owner. Locking is irreversible, so it is required in production and left to the environment elsewhere.",
    fix: "Config logging.locked = true in production (irreversible). In Terraform: locked = true on the audit google_logging_project_bucket_config.",
    mappings: { cis: ["2.3"], checkov: ["CKV2_GCP_4"], hipaa: [HIPAA.audit, HIPAA.integrity] },
    rule: stackRule((ctx) => {
      if (!ctx.settings.production || !checksProjectWide(ctx)) return [];
      const destinations = ctx.resources
        .filter((r) => SINK_TYPES.includes(r.type) && exportsAuditLogs(r))
        .map((sink) => sinkDestination(sink, ctx))
        .filter((d): d is Resource => d !== undefined);
      if (!destinations.length) return [verdict(fail("no audit log sink destination in this stack to lock"))];
      return destinations.map((d) => {
        const locked =
          d.type === "google_storage_bucket" ? attr(d.attrs, "retention_policy.is_locked") : d.attrs.locked;
        return isTrue(locked)
          ? verdict(PASS, d)
          : verdict(fail(`audit log destination is not locked (${show(locked)})`), d);
      });
    }),
  },
  ...cisMetricControls,
  {
    id: "MON-9",
    title: "Log-match alerts are rate limited",
    severity: "error",
    why: "Google rejects a log-match alert policy without a notification rate limit; a limit also keeps a burst of entries from flooding the pager.",
    fix: 'Set alert_strategy { notification_rate_limit { period = "300s" } } on policies with condition_matched_log.',
    mappings: { other: ["google_monitoring_alert_policy docs"], hipaa: [HIPAA.incidents] },
    rule: resourceRule(["google_monitoring_alert_policy"], (policy) => {
      const logMatch = blocks(policy.attrs.conditions).some(
        (c) => blocks(c.condition_matched_log).length > 0,
      );
      if (!logMatch) return "n/a";
      return isSet(attr(policy.attrs, "alert_strategy.notification_rate_limit.period"))
        ? PASS
        : fail("condition_matched_log without alert_strategy.notification_rate_limit.period");
    }),
  },
  {
    id: "MON-10",
    title: "Every alert policy pages somebody",
    severity: "error",
    why: "An alert without a notification channel fires into the void (the security practices: engineers are paged).",
    fix: "Set notification_channels to at least one google_monitoring_notification_channel and keep enabled = true.",
    mappings: { hipaa: [HIPAA.incidents, HIPAA.activityReview], seed: [seed("002", 26)] },
    rule: resourceRule(
      ["google_monitoring_alert_policy", "google_monitoring_notification_channel"],
      (r, ctx) => {
        const enabled = r.attrs.enabled;
        if (unverifiable(enabled) !== undefined) return cannotVerify("enabled", enabled);
        if (r.type === "google_monitoring_notification_channel")
          return switchedOn(enabled, true)
            ? PASS
            : fail(`enabled is ${show(enabled)} (the channel pages nobody)`);
        if (unverifiable(r.attrs.notification_channels) !== undefined)
          return cannotVerify("notification_channels", r.attrs.notification_channels);
        const disabled = disabledChannels(r, ctx);
        return firstFailure(
          list(r.attrs.notification_channels).length === 0 && "notification_channels is empty",
          !switchedOn(enabled, true) && `enabled is ${show(enabled)}`,
          disabled.length > 0 &&
            disabled.length === list(r.attrs.notification_channels).length &&
            `every notification channel is disabled (${disabled.map((c) => c.address).join(", ")})`,
        );
      },
    ),
  },
];
