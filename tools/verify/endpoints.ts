/**
 * Where verify and the drills send their requests. Every API has a public default; an override points one
 * API, all Google APIs or Upstash at another base URL: a regional or private endpoint, a corporate proxy,
 * or a local stand-in for tests and rehearsals. Plain http is refused except to the loopback interface, so
 * an override can never send credentials across a network in clear text.
 */
import { UsageError } from "./errors";

/**
 * Google APIs the kit reads: the public base URL of each, and the version a gateway serves it under
 * (`<gateway>/<api>/<version>`, the layout of www.googleapis.com-style gateways and of the test stand-in).
 */
export const GOOGLE_APIS = {
  storage: { url: "https://storage.googleapis.com/storage/v1", version: "v1" },
  sqladmin: { url: "https://sqladmin.googleapis.com/v1", version: "v1" },
  compute: { url: "https://compute.googleapis.com/compute/v1", version: "v1" },
  cloudkms: { url: "https://cloudkms.googleapis.com/v1", version: "v1" },
  cloudresourcemanager: { url: "https://cloudresourcemanager.googleapis.com/v3", version: "v3" },
  monitoring: { url: "https://monitoring.googleapis.com/v3", version: "v3" },
  orgpolicy: { url: "https://orgpolicy.googleapis.com/v2", version: "v2" },
  secretmanager: { url: "https://secretmanager.googleapis.com/v1", version: "v1" },
  logging: { url: "https://logging.googleapis.com/v2", version: "v2" },
} as const;

export type GoogleApi = keyof typeof GOOGLE_APIS;
export type Api = GoogleApi | "upstash";

export const API_NAMES: readonly Api[] = [...(Object.keys(GOOGLE_APIS) as GoogleApi[]), "upstash"];

/** Base URL of every API (`https://storage.googleapis.com/storage/v1`, ..., `https://api.upstash.com/v2`). */
export type Endpoints = Readonly<Record<Api, string>>;

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The URL without a trailing slash, after refusing anything but https (or http to loopback). */
export function checkedBaseUrl(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${source}: "${raw}" is not a URL (expected e.g. https://proxy.example.com)`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw new UsageError(
      `${source}: "${raw}" must use https (plain http is accepted only for 127.0.0.1, ::1 or localhost)`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new UsageError(`${source}: "${raw}" must be a base URL without query, fragment or credentials`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * Resolves the endpoints from, in increasing precedence: the defaults, `BASELINE_GOOGLE_API_URL` (every
 * Google API under `<url>/<api>/<version>`), `BASELINE_UPSTASH_API_URL` (or the older `UPSTASH_API_URL`,
 * which the daily-backup script reads) and `--endpoint name=url` options, where name is `google`,
 * `upstash` or one Google API (`storage`, `sqladmin`, ...; the URL then includes the version).
 */
export function resolveEndpoints(
  overrides: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Endpoints {
  const endpoints: Record<Api, string> = {} as Record<Api, string>;
  const setGoogle = (base: string) => {
    for (const [api, { version }] of Object.entries(GOOGLE_APIS))
      endpoints[api as GoogleApi] = `${base}/${api}/${version}`;
  };
  for (const [api, { url }] of Object.entries(GOOGLE_APIS)) endpoints[api as GoogleApi] = url;
  endpoints.upstash = "https://api.upstash.com/v2";
  if (env.BASELINE_GOOGLE_API_URL)
    setGoogle(checkedBaseUrl(env.BASELINE_GOOGLE_API_URL, "BASELINE_GOOGLE_API_URL"));
  const upstashVar = env.BASELINE_UPSTASH_API_URL
    ? "BASELINE_UPSTASH_API_URL"
    : env.UPSTASH_API_URL
      ? "UPSTASH_API_URL"
      : undefined;
  if (upstashVar) endpoints.upstash = `${checkedBaseUrl(env[upstashVar]!, upstashVar)}/v2`;
  for (const override of overrides) {
    const eq = override.indexOf("=");
    const name = eq > 0 ? override.slice(0, eq) : "";
    const source = `--endpoint ${override}`;
    if (name === "google") setGoogle(checkedBaseUrl(override.slice(eq + 1), source));
    else if (name === "upstash") endpoints.upstash = `${checkedBaseUrl(override.slice(eq + 1), source)}/v2`;
    else if (name in GOOGLE_APIS)
      endpoints[name as GoogleApi] = checkedBaseUrl(override.slice(eq + 1), source);
    else {
      throw new UsageError(
        `--endpoint "${override}": expected name=url with name one of google, upstash, ${Object.keys(GOOGLE_APIS).join(", ")}`,
      );
    }
  }
  return endpoints;
}
