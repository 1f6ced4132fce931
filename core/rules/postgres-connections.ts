/**
 * MON-11: how many connections a Cloud SQL for PostgreSQL instance accepts, and when the kit pages about
 * it. Cloud Monitoring has the backend count (`database/postgresql/num_backends`) but no metric for the
 * limit, so the limit comes from the instance's `max_connections` flag or, without one, from Cloud SQL's
 * default for the tier's memory. Shared by the `HealthAlerts` construct (threshold) and the policy check
 * (which recomputes it from the synthesized instance).
 */

/** Page when the backends of an instance reach this share of its connection limit. */
export const CONNECTION_ALERT_RATIO = 0.8;

/**
 * Cloud SQL for PostgreSQL's default `max_connections` by instance memory ("Quotas and limits",
 * connection limits): the first row whose `minGib` the memory reaches, read from the largest down.
 */
const DEFAULT_LIMITS_BY_MEMORY: readonly { readonly minGib: number; readonly limit: number }[] = [
  { minGib: 120, limit: 1000 },
  { minGib: 60, limit: 800 },
  { minGib: 30, limit: 600 },
  { minGib: 15, limit: 500 },
  { minGib: 7.5, limit: 400 },
  { minGib: 6, limit: 200 },
  { minGib: 3.75, limit: 100 },
];

const SHARED_CORE_LIMITS: Readonly<Record<string, number>> = { "db-f1-micro": 25, "db-g1-small": 50 };

const CUSTOM_TIER = /^db-custom-([0-9]+)-([0-9]+)$/;
// Enterprise Plus performance-optimized machines (N series) have 8 GiB per vCPU.
const PERF_OPTIMIZED_TIER = /^db-perf-optimized-N-([0-9]+)$/;

/** Memory in GiB of a dedicated-core tier, or undefined for a tier the kit does not know. */
function tierMemoryGib(tier: string): number | undefined {
  const custom = CUSTOM_TIER.exec(tier);
  if (custom) return Number(custom[2]) / 1024;
  const perf = PERF_OPTIMIZED_TIER.exec(tier);
  if (perf) return Number(perf[1]) * 8;
  return undefined;
}

/** Cloud SQL's default `max_connections` of `tier`, or undefined for a tier the kit does not know. */
export function defaultMaxConnections(tier: string): number | undefined {
  if (tier in SHARED_CORE_LIMITS) return SHARED_CORE_LIMITS[tier];
  const memory = tierMemoryGib(tier);
  if (memory === undefined) return undefined;
  return DEFAULT_LIMITS_BY_MEMORY.find((row) => memory >= row.minGib)?.limit ?? 25;
}

/**
 * The connection limit of an instance: its `max_connections` flag when set (a positive integer), else the
 * tier's default; undefined when neither can be read.
 */
export function connectionLimit(tier: string, maxConnectionsFlag?: string): number | undefined {
  if (maxConnectionsFlag !== undefined)
    return /^[1-9][0-9]*$/.test(maxConnectionsFlag) ? Number(maxConnectionsFlag) : undefined;
  return defaultMaxConnections(tier);
}

/** The backend count at which the kit pages for an instance whose limit is `limit`. */
export function connectionAlertThreshold(limit: number): number {
  return Math.floor(limit * CONNECTION_ALERT_RATIO);
}
