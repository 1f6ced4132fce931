/**
 * MON-14: uptime checks of the application, as data and checks shared by the config schema, the
 * `UptimeChecks` construct and the policy check. Google's checkers probe each URL from several regions
 * over HTTPS with certificate validation; the alert fires when more than one region fails, the shape
 * Cloud Monitoring's own uptime alerts use (one region failing is usually the network, not the app).
 */

/** Check names: become construct ids and display names. */
export const UPTIME_CHECK_NAME = /^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$/;

/** Probe period and timeout of the kit's checks. */
export const UPTIME_PERIOD = "60s";
export const UPTIME_TIMEOUT = "10s";

/** The metric every uptime check writes (true when a probe passed), per checker region. */
export const UPTIME_METRIC = "monitoring.googleapis.com/uptime_check/check_passed";

/** The alert: failing regions counted per check, paging when more than this many fail. */
export const UPTIME_ALERT = {
  maxFailingRegions: 1,
  duration: "60s",
  alignmentPeriod: "1200s",
  perSeriesAligner: "ALIGN_NEXT_OLDER",
  crossSeriesReducer: "REDUCE_COUNT_FALSE",
} as const;

/**
 * The alert filter of the check probing `host`: the check's metric on that host. By host, a literal, and not
 * by the check's generated id: a reference inside quotes cannot be rendered by `cdktf synth --hcl`. So each
 * check has its own host.
 */
export function uptimeAlertFilter(host: string): string {
  return `metric.type="${UPTIME_METRIC}" AND resource.type="uptime_url" AND resource.label.host="${host}"`;
}

/** Header names that carry credentials: never written into a check (they would sit in plain JSON). */
export const CREDENTIAL_HEADERS =
  /^(authorization|proxy-authorization|cookie|x-api-key|api-key|x-auth-token)$/i;

/** A URL the kit probes, split as the uptime check takes it. */
export interface UptimeTarget {
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

/**
 * The host, port and path of `url`, or why the kit does not probe it: only `https://` URLs without
 * credentials, query or fragment (a token in a probe URL would sit in plain JSON and in every probe log).
 */
export function uptimeTarget(url: string): UptimeTarget | string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an absolute https:// URL such as https://app.example.com/healthz";
  }
  if (parsed.protocol !== "https:")
    return "must use https:// (checks validate the certificate, as customers do)";
  if (parsed.username || parsed.password)
    return "must not carry a user name or password: probe a public health path instead";
  if (parsed.search || parsed.hash || url.includes("?") || url.includes("#"))
    return "must not have a query string or fragment (tokens do not belong in probe URLs)";
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : 443, path: parsed.pathname };
}
