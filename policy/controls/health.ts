/**
 * Availability and health alerting (MON-11): the baseline stack pages on Cloud SQL CPU, disk, instance
 * state and connections near max_connections and on Cloud NAT errors, with thresholds no looser than the kit's (`HEALTH_METRICS`). Paging in
 * production (MON-12): every alert policy reaches a channel other than e-mail. The credential of such a
 * channel is read from Secret Manager and may flow only into the channel (MON-13).
 */
import { HEALTH_METRICS, connectionsMetric, type HealthMetric } from "../../core/rules/health-metrics";
import { connectionAlertThreshold, connectionLimit } from "../../core/rules/postgres-connections";
import { CREDENTIAL_HEADERS, UPTIME_ALERT, UPTIME_METRIC } from "../../core/rules/uptime";
import type { ControlDefinition, Resource, StackContext, StackVerdict } from "../model";
import {
  block,
  blocks,
  boolOf,
  isExpression,
  isSet,
  list,
  numberOf,
  refersTo,
  show,
} from "../terraform-json";
import { hasNotificationChannel, normalizeFilter, switchedOn } from "./alerts";
import { HIPAA, PASS, checksProjectWide, fail, seed, stackRule, verdict } from "./helpers";

const SECONDS = /^([0-9]+)s$/;

/**
 * Why the threshold conditions of `policy` do not cover `metric` as strictly as the kit, or undefined when
 * one does; `"unrelated"` when no condition names the metric. A filter that adds clauses (one instance,
 * one label) covers less than the whole project, so it does not count.
 */
function coverage(policy: Resource, metric: HealthMetric): string | undefined {
  const wanted = new Set([`metric.type="${metric.metricType}"`, `resource.type="${metric.resourceType}"`]);
  const problems: string[] = [];
  let named = false;
  for (const condition of blocks(policy.attrs.conditions)) {
    for (const t of blocks(condition.condition_threshold)) {
      const clauses = normalizeFilter(t.filter).split("AND");
      if (!clauses.includes(`metric.type="${metric.metricType}"`)) continue;
      named = true;
      const value = numberOf(t.threshold_value ?? 0);
      const seconds = SECONDS.exec(String(t.duration ?? "0s"));
      const problem =
        (clauses.some((c) => !wanted.has(c)) && `filter ${show(t.filter)} narrows the metric`) ||
        aggregationProblem(t.aggregations, metric) ||
        (t.comparison !== metric.comparison &&
          `comparison is ${show(t.comparison)} (want ${metric.comparison})`) ||
        ((value === undefined ||
          (metric.comparison === "COMPARISON_GT" ? value > metric.threshold : value < metric.threshold)) &&
          `threshold_value ${show(t.threshold_value)} is looser than ${metric.threshold}`) ||
        ((!seconds || Number(seconds[1]) > Number(SECONDS.exec(metric.duration)![1])) &&
          `duration ${show(t.duration)} is longer than ${metric.duration}`);
      if (!problem) return undefined;
      problems.push(problem);
    }
  }
  return named ? problems.join("; ") : "unrelated";
}

/** Aligners that fire no later than `metric`'s own: the kit's, or the extreme in the alerting direction. */
function acceptedAligners(metric: HealthMetric): string[] {
  return [metric.perSeriesAligner, metric.comparison === "COMPARISON_GT" ? "ALIGN_MAX" : "ALIGN_MIN"];
}

/**
 * Why a condition's aggregations see the metric later or diluted compared with the kit's, or false. One
 * aggregation, with an accepted aligner over a period no longer than the kit's; across series, the kit's
 * reducer grouped by no more labels (more labels split the sum), or, where the kit reduces nothing, none
 * or the extreme in the alerting direction (a mean across instances would hide the one that is down).
 */
function aggregationProblem(value: unknown, metric: HealthMetric): string | false {
  const aggregations = blocks(value);
  if (aggregations.length !== 1)
    return `${aggregations.length} aggregations (want one, as the kit's ${metric.perSeriesAligner})`;
  const a = aggregations[0];
  const period = SECONDS.exec(String(a.alignment_period ?? ""));
  if (!period || Number(period[1]) > Number(SECONDS.exec(metric.alignmentPeriod)![1]))
    return `alignment_period ${show(a.alignment_period)} is longer than ${metric.alignmentPeriod}`;
  if (!acceptedAligners(metric).includes(String(a.per_series_aligner)))
    return `per_series_aligner ${show(a.per_series_aligner)} (want ${acceptedAligners(metric).join(" or ")})`;
  const reducer = a.cross_series_reducer ?? "REDUCE_NONE";
  if (metric.crossSeries) {
    if (reducer !== metric.crossSeries.reducer)
      return `cross_series_reducer ${show(a.cross_series_reducer)} (want ${metric.crossSeries.reducer})`;
    const extra = list(a.group_by_fields).filter(
      (f) => !metric.crossSeries!.groupByFields.includes(String(f)),
    );
    if (extra.length) return `group_by_fields ${show(extra)} split the ${metric.crossSeries.reducer}`;
    return false;
  }
  const extreme = metric.comparison === "COMPARISON_GT" ? "REDUCE_MAX" : "REDUCE_MIN";
  return (
    !["REDUCE_NONE", extreme].includes(String(reducer)) &&
    `cross_series_reducer ${show(a.cross_series_reducer)} dilutes the metric (want none or ${extreme})`
  );
}

/**
 * The connection limit of each Cloud SQL instance of the stack (its max_connections flag, else its tier's
 * default); a problem for an instance whose limit the check cannot read.
 */
function instanceLimits(ctx: StackContext): { limits: number[]; problems: string[] } {
  const limits: number[] = [];
  const problems: string[] = [];
  for (const instance of ctx.ofType("google_sql_database_instance")) {
    const settings = blocks(instance.attrs.settings)[0] ?? {};
    const flags = blocks(settings.database_flags);
    const flag = flags.find((f) => f.name === "max_connections")?.value;
    const tier = settings.tier;
    const limit =
      flags.some((f) => isExpression(f.name)) || (flag !== undefined && typeof flag !== "string")
        ? undefined
        : typeof tier === "string" && !isExpression(tier)
          ? connectionLimit(tier, flag as string | undefined)
          : flag !== undefined
            ? connectionLimit("", flag as string)
            : undefined;
    if (limit === undefined)
      problems.push(
        `cannot tell the connection limit of ${instance.address} (tier ${show(tier)}, max_connections ${show(flag)})`,
      );
    else limits.push(limit);
  }
  return { limits, problems };
}

/** The signals the stack must page on: the fixed ones, plus connections when it has Cloud SQL. */
function requiredSignals(ctx: StackContext): { metrics: HealthMetric[]; problems: string[] } {
  const { limits, problems } = instanceLimits(ctx);
  // The smallest instance decides: a project-wide threshold above its limit would never fire for it.
  const connections = limits.length ? [connectionsMetric(connectionAlertThreshold(Math.min(...limits)))] : [];
  return { metrics: [...HEALTH_METRICS, ...connections], problems };
}

function healthVerdict(metric: HealthMetric, ctx: StackContext): StackVerdict {
  const policies = ctx.ofType("google_monitoring_alert_policy");
  const judged = policies.map((p) => ({ policy: p, problem: coverage(p, metric) }));
  const covering = judged.filter((j) => j.problem === undefined).map((j) => j.policy);
  const paging = covering.filter((p) => hasNotificationChannel(p, ctx));
  if (paging.length)
    return verdict(
      PASS,
      undefined,
      paging.map((p) => p.address),
    );
  if (covering.length)
    return verdict(
      fail(
        `the alert policy on ${metric.metricType} pages nobody (${covering.map((p) => p.address).join(", ")})`,
      ),
    );
  const near = judged.filter((j) => j.problem !== "unrelated");
  return verdict(
    fail(
      near.length
        ? `no alert policy pages on ${metric.metricType} as strictly as the kit: ${near.map((j) => `${j.policy.address}: ${j.problem}`).join("; ")}`
        : `no alert policy on ${metric.metricType} (${metric.title})`,
    ),
  );
}

/** Enabled channels of the stack that page a person other than by e-mail (PagerDuty, webhooks, SMS, ...). */
function pagingChannels(ctx: StackContext): Resource[] {
  return ctx
    .ofType("google_monitoring_notification_channel")
    .filter(
      (c) =>
        typeof c.attrs.type === "string" && c.attrs.type !== "email" && switchedOn(c.attrs.enabled, true),
    );
}

function pagesBeyondEmail(policy: Resource, paging: readonly Resource[]): Resource[] {
  // A channel id written literally (a channel of another stack) has a type the check cannot see: not counted.
  return paging.filter((c) => list(policy.attrs.notification_channels).some((n) => refersTo(n, c)));
}

/** Why an uptime check does not probe like a customer, or carries a credential; undefined when it is fine. */
function uptimeCheckProblem(check: Resource): string | undefined {
  const http = blocks(check.attrs.http_check)[0];
  if (!http)
    return blocks(check.attrs.tcp_check).length
      ? "is a TCP check: it proves a port is open, not that the application answers"
      : "has no http_check";
  if (boolOf(http.use_ssl) !== true) return `http_check.use_ssl is ${show(http.use_ssl)} (probe over HTTPS)`;
  if (boolOf(http.validate_ssl) !== true)
    return `http_check.validate_ssl is ${show(http.validate_ssl)} (an expired or wrong certificate is an outage too)`;
  const credentialHeaders = Object.keys((http.headers as Record<string, unknown>) ?? {}).filter((h) =>
    CREDENTIAL_HEADERS.test(h),
  );
  if (credentialHeaders.length || blocks(http.auth_info).some((a) => isSet(a.password)))
    return `carries a credential in the configuration (${[...credentialHeaders, ...(blocks(http.auth_info).length ? ["auth_info"] : [])].join(", ")}); probe a public health path`;
  return undefined;
}

/** The host `check` probes, when written as a literal (the alert selects the check by it). */
function uptimeHost(check: Resource): string | undefined {
  const host = block(blocks(check.attrs.monitored_resource)[0]?.labels)?.host;
  return typeof host === "string" && !isExpression(host) ? host : undefined;
}

/** Why `policy` does not page when `check` fails from more than one region, or undefined when it does. */
function uptimeAlertProblem(policy: Resource, check: Resource): string | undefined {
  const host = uptimeHost(check);
  const hostClause = normalizeFilter(`resource.label.host="${host}"`);
  const problems: string[] = [];
  for (const condition of blocks(policy.attrs.conditions))
    for (const t of blocks(condition.condition_threshold)) {
      const filter = normalizeFilter(t.filter);
      if (
        host === undefined ||
        !filter.includes(`metric.type="${UPTIME_METRIC}"`) ||
        !filter.includes(hostClause)
      )
        continue;
      const a = blocks(t.aggregations);
      const seconds = SECONDS.exec(String(t.duration ?? ""));
      const period = SECONDS.exec(String(a[0]?.alignment_period ?? ""));
      const value = numberOf(t.threshold_value ?? 0);
      // Any other clause (one checker region, one host) narrows what is counted, so the alert may never fire.
      const narrowing = filter
        .split("AND")
        .filter(
          (c) =>
            c !== `metric.type="${UPTIME_METRIC}"` && c !== 'resource.type="uptime_url"' && c !== hostClause,
        );
      const problem =
        (narrowing.length > 0 && `filter ${show(t.filter)} narrows the check (${narrowing.join(", ")})`) ||
        (t.comparison !== "COMPARISON_GT" && `comparison is ${show(t.comparison)} (want COMPARISON_GT)`) ||
        ((value === undefined || value > UPTIME_ALERT.maxFailingRegions) &&
          `threshold_value ${show(t.threshold_value)} is looser than ${UPTIME_ALERT.maxFailingRegions} failing region`) ||
        ((!seconds || Number(seconds[1]) > 300) && `duration ${show(t.duration)} is longer than 300s`) ||
        ((a.length !== 1 ||
          a[0].cross_series_reducer !== UPTIME_ALERT.crossSeriesReducer ||
          a[0].per_series_aligner !== UPTIME_ALERT.perSeriesAligner ||
          !period ||
          Number(period[1]) > Number(SECONDS.exec(UPTIME_ALERT.alignmentPeriod)![1])) &&
          `aggregations ${show(t.aggregations)} do not count failing regions (${UPTIME_ALERT.perSeriesAligner}, ${UPTIME_ALERT.crossSeriesReducer}, period at most ${UPTIME_ALERT.alignmentPeriod})`);
      if (!problem) return undefined;
      problems.push(problem);
    }
  return problems.length ? problems.join("; ") : "unrelated";
}

function uptimeVerdicts(ctx: StackContext): StackVerdict[] {
  const checks = ctx.ofType("google_monitoring_uptime_check_config");
  const verdicts = checks.map((check) => {
    const problem = uptimeCheckProblem(check);
    if (problem) return verdict(fail(problem), check);
    const judged = ctx
      .ofType("google_monitoring_alert_policy")
      .map((p) => ({ policy: p, problem: uptimeAlertProblem(p, check) }));
    const covering = judged.filter((j) => j.problem === undefined).map((j) => j.policy);
    const paging = covering.filter((p) => hasNotificationChannel(p, ctx));
    if (paging.length)
      return verdict(
        PASS,
        check,
        paging.map((p) => p.address),
      );
    if (covering.length)
      return verdict(
        fail(`its alert policy pages nobody (${covering.map((p) => p.address).join(", ")})`),
        check,
      );
    const near = judged.filter((j) => j.problem !== "unrelated");
    return verdict(
      fail(
        near.length
          ? `no alert policy pages on it as the kit does: ${near.map((j) => `${j.policy.address}: ${j.problem}`).join("; ")}`
          : `no alert policy on its ${UPTIME_METRIC} (resource.label.host = the host it probes${uptimeHost(check) === undefined ? ", which must be a literal" : ""})`,
      ),
      check,
    );
  });
  if (!checks.length && ctx.settings.production && checksProjectWide(ctx))
    verdicts.push(
      verdict(
        fail(
          "no uptime check of the application in a production environment (config monitoring.uptimeChecks)",
        ),
      ),
    );
  return verdicts;
}

const SECRET_VERSION = "google_secret_manager_secret_version";
const CHANNEL = "google_monitoring_notification_channel";

/** JSON paths (`a.b[0].c`) under `value` whose strings contain `needle`. */
function pathsContaining(value: unknown, needle: string, path = ""): string[] {
  if (typeof value === "string") return value.includes(needle) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => pathsContaining(v, needle, `${path}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) =>
      k === "//" ? [] : pathsContaining(v, needle, path ? `${path}.${k}` : k),
    );
  return [];
}

/** Where a notification channel carries its credential: sensitive labels, or a webhook's URL (token inside). */
const CHANNEL_CREDENTIAL_PATH = /^(sensitive_labels(\[0\])?\.[a-z_]+|labels(\[0\])?\.url)$/;

const SECRET_VERSION_REF = /data\.google_secret_manager_secret_version\.([A-Za-z0-9_-]+)\./g;

/** Every use of a secret version's value outside a notification channel's credential field. */
function secretValueUses(name: string, secretVersion: Resource | undefined, ctx: StackContext): string[] {
  const needle = `data.${SECRET_VERSION}.${name}.`;
  const uses: string[] = [];
  for (const r of ctx.resources)
    for (const path of pathsContaining(r.attrs, needle))
      if (!(r.type === CHANNEL && CHANNEL_CREDENTIAL_PATH.test(path))) uses.push(`${r.address}.${path}`);
  for (const o of ctx.outputs) if (pathsContaining(o.value, needle).length) uses.push(`output.${o.name}`);
  for (const p of ctx.providers) if (pathsContaining(p.attrs, needle).length) uses.push(`provider.${p.type}`);
  for (const d of ctx.dataSources)
    if (d !== secretVersion && pathsContaining(d.attrs, needle).length) uses.push(d.address);
  return uses;
}

export const healthControls: ControlDefinition[] = [
  {
    id: "MON-11",
    title: "Availability and health alerts page somebody",
    severity: "error",
    why: "Configuration-change alerts do not notice a database that is down, full or saturated, or egress that fails; customers do. The source documents promise continuous checks for issues affecting customers, with engineers paged.",
    fix: `Keep the baseline's HealthAlerts, or add google_monitoring_alert_policy resources with a notification channel and a condition_threshold on ${HEALTH_METRICS.map((m) => `${m.metricType} (${m.comparison === "COMPARISON_GT" ? ">" : "<"} ${m.threshold})`).join(", ")}, filtered on the metric and resource type only, with one aggregation as the kit's; where the stack has Cloud SQL, also on cloudsql.googleapis.com/database/postgresql/num_backends summed per instance (> 80% of the smallest instance's max_connections flag or tier default).`,
    mappings: {
      other: ["Cloud SQL and Cloud NAT monitoring documentation"],
      hipaa: [HIPAA.contingency, HIPAA.incidents],
      seed: [seed("002", 26)],
    },
    rule: stackRule((ctx) => {
      if (!checksProjectWide(ctx)) return [];
      const { metrics, problems } = requiredSignals(ctx);
      return [
        ...metrics.map((m) => healthVerdict(m, ctx)),
        ...problems.map((p) => verdict(fail(`${p}, so no connections alert can be judged`))),
      ];
    }),
  },
  {
    id: "MON-14",
    title: "Uptime checks of the application page somebody",
    severity: "error",
    why: "Alerts on the database and the network do not see what customers see: a failed deploy, an expired certificate or a broken load balancer. The source documents promise continuous checks for issues affecting customers; in production at least one public URL of the application is probed from several regions, and every uptime check of any stack pages when it fails.",
    fix: `Config monitoring.uptimeChecks (name and https:// URL of a public health path; required in production). In Terraform: a google_monitoring_uptime_check_config with http_check.use_ssl and validate_ssl true and no credential, and an enabled google_monitoring_alert_policy with a notification channel whose condition_threshold filters ${UPTIME_METRIC} on resource.label.host = the host the check probes (a literal; one check per host), ${UPTIME_ALERT.perSeriesAligner} and ${UPTIME_ALERT.crossSeriesReducer}, COMPARISON_GT at most ${UPTIME_ALERT.maxFailingRegions}.`,
    mappings: {
      other: ["Cloud Monitoring uptime checks"],
      hipaa: [HIPAA.contingency, HIPAA.incidents],
      seed: [seed("002", 26)],
    },
    // Every stack's uptime checks must page (a team's too); the production minimum is the baseline's.
    rule: stackRule(uptimeVerdicts),
  },
  {
    id: "MON-12",
    title: "Production alerts page beyond e-mail",
    severity: "error",
    why: "An e-mail at 3 a.m. is read in the morning; the source documents promise that engineers are paged automatically. In production every alert policy must reach PagerDuty, a webhook or another channel that wakes the on-call engineer.",
    fix: "Config notifications.pagerduty (or notifications.webhook) for the production environment; the kit routes every alert to it. In Terraform: a google_monitoring_notification_channel whose type is not email, named by reference in each alert policy's notification_channels.",
    mappings: { hipaa: [HIPAA.incidents], seed: [seed("002", 26)] },
    rule: stackRule((ctx) => {
      if (!ctx.settings.production || !checksProjectWide(ctx)) return [];
      const paging = pagingChannels(ctx);
      if (!paging.length)
        return [
          verdict(fail("no enabled notification channel other than e-mail in a production environment")),
        ];
      return ctx.ofType("google_monitoring_alert_policy").map((p) => {
        const reached = pagesBeyondEmail(p, paging);
        return reached.length
          ? verdict(
              PASS,
              p,
              reached.map((c) => c.address),
            )
          : verdict(fail("notifies no channel other than e-mail (the on-call engineer is not paged)"), p);
      });
    }),
  },
  {
    id: "MON-13",
    title: "Secret values read only into notification channels",
    severity: "error",
    why: "A google_secret_manager_secret_version data source copies a secret's value into the plan and state. The kit reads only paging credentials (PagerDuty key, webhook URL) this way, because Cloud Monitoring takes them as channel labels; used anywhere else the value could land in an output, a label or a log.",
    fix: "Read secret values only for a notification channel's sensitive_labels (or a webhook channel's labels.url), as NotificationChannels does; workloads read secrets at runtime (EncryptedSecret.grantRead), never through Terraform.",
    mappings: { hipaa: [HIPAA.accessControl], seed: [seed("002", 15)] },
    rule: stackRule((ctx) => {
      // Secret versions declared, and those referenced (a plan may carry the reference without the data block).
      const declared = ctx.dataSources.filter((d) => d.type === SECRET_VERSION);
      const referenced = new Set(
        [...ctx.resources.map((r) => r.attrs), ...ctx.outputs.map((o) => o.value)].flatMap((v) =>
          [...JSON.stringify(v ?? "").matchAll(SECRET_VERSION_REF)].map((m) => m[1]),
        ),
      );
      const names = new Set([...declared.map((d) => d.name), ...referenced]);
      return [...names].map((name) => {
        const subject = declared.find((d) => d.name === name);
        const uses = secretValueUses(name, subject, ctx);
        const channels = ctx
          .ofType(CHANNEL)
          .filter((c) => pathsContaining(c.attrs, `data.${SECRET_VERSION}.${name}.`).length > 0);
        if (uses.length) return verdict(fail(`the secret value flows into ${uses.join(", ")}`), subject);
        if (!channels.length)
          return verdict(fail("reads a secret value that no notification channel uses"), subject);
        return verdict(
          PASS,
          subject,
          channels.map((c) => c.address),
        );
      });
    }),
  },
];
