/**
 * Availability and health alerting (MON-11): the baseline stack pages on Cloud SQL CPU, disk and instance
 * state and on Cloud NAT errors, with thresholds no looser than the kit's (`HEALTH_METRICS`).
 */
import { HEALTH_METRICS, type HealthMetric } from "../../constructs/monitoring/health-metrics";
import type { ControlDefinition, Resource, StackContext, StackVerdict } from "../model";
import { blocks, numberOf, show } from "../terraform-json";
import { hasNotificationChannel, normalizeFilter } from "./alerts";
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

export const healthControls: ControlDefinition[] = [
  {
    id: "MON-11",
    title: "Availability and health alerts page somebody",
    severity: "error",
    why: "Configuration-change alerts do not notice a database that is down, full or saturated, or egress that fails; customers do. The source documents promise continuous checks for issues affecting customers, with engineers paged.",
    fix: `Keep the baseline's HealthAlerts, or add google_monitoring_alert_policy resources with a notification channel and a condition_threshold on ${HEALTH_METRICS.map((m) => `${m.metricType} (${m.comparison === "COMPARISON_GT" ? ">" : "<"} ${m.threshold})`).join(", ")}, filtered on the metric and resource type only.`,
    mappings: {
      other: ["Cloud SQL and Cloud NAT monitoring documentation"],
      hipaa: [HIPAA.contingency, HIPAA.incidents],
      seed: [seed("002", 26)],
    },
    rule: stackRule((ctx) =>
      checksProjectWide(ctx) ? HEALTH_METRICS.map((m) => healthVerdict(m, ctx)) : [],
    ),
  },
];
