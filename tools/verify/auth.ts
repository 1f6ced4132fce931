/**
 * Credentials, read only from the environment: Google through Application Default Credentials
 * (`gcloud auth application-default login`, or Workload Identity Federation in CI) or an access token in
 * `GOOGLE_OAUTH_ACCESS_TOKEN` (the variable the Terraform google provider also reads); Upstash through
 * `UPSTASH_EMAIL` and `UPSTASH_API_KEY`. Nothing here is ever printed.
 */
import { GoogleAuth } from "google-auth-library";
import type { Api } from "./endpoints";
import { UsageError } from "./errors";
import type { Authorizer } from "./http";

/** Read-only scope for verify; the drills need `cloud-platform` (they clone and delete instances). */
export const READ_ONLY_SCOPE = "https://www.googleapis.com/auth/cloud-platform.read-only";
export const READ_WRITE_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

export function environmentAuthorizer(
  env: Readonly<Record<string, string | undefined>>,
  scope: string,
): Authorizer {
  let google: GoogleAuth | undefined;
  return async (api: Api) => {
    if (api === "upstash") {
      const missing = ["UPSTASH_EMAIL", "UPSTASH_API_KEY"].filter((name) => !env[name]);
      if (missing.length) {
        throw new UsageError(
          `${missing.join(" and ")} not set: export the Upstash account email and a Developer API key`,
        );
      }
      return `Basic ${Buffer.from(`${env.UPSTASH_EMAIL}:${env.UPSTASH_API_KEY}`).toString("base64")}`;
    }
    if (env.GOOGLE_OAUTH_ACCESS_TOKEN) return `Bearer ${env.GOOGLE_OAUTH_ACCESS_TOKEN}`;
    google ??= new GoogleAuth({ scopes: [scope] });
    let token: string | null | undefined;
    try {
      token = await google.getAccessToken();
    } catch {
      token = undefined;
    }
    if (!token) {
      throw new UsageError(
        "no Google credentials: run `gcloud auth application-default login` (or authenticate through Workload Identity Federation in CI), or set GOOGLE_OAUTH_ACCESS_TOKEN",
      );
    }
    return `Bearer ${token}`;
  };
}
