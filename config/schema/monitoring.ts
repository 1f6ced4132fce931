import { z } from "zod";
import { daysSchema } from "./primitives";
import { UPTIME_CHECK_NAME, uptimeTarget } from "../../core/rules/uptime";

/** LOG-2: the audit log bucket. */
export const loggingSchema = z
  .object({
    /** Days audit log entries are kept in the audit log bucket (Cloud Logging allows 1-3650). */
    retentionDays: daysSchema(365, 3650).default(365),
    /**
     * Lock the audit log bucket's retention (CIS 2.3). IRREVERSIBLE: a locked bucket can never be
     * unlocked or shortened. Set it per environment once the retention is settled.
     */
    locked: z.boolean({ invalid_type_error: "must be true or false" }).default(false),
  })
  .strict();

/** A Secret Manager secret holding a channel credential; filled out of band, never a literal value. */
export const secretReferenceSchema = z
  .object({
    /** Secret id in the environment's project, or `projects/P/secrets/S`. */
    secretId: z
      .string()
      .regex(
        /^([a-zA-Z0-9_-]{1,255}|projects\/[^/]+\/secrets\/[a-zA-Z0-9_-]{1,255})$/,
        "must be a Secret Manager secret id (1-255 letters, digits, '_' or '-') or projects/PROJECT/secrets/SECRET; put the credential itself in Secret Manager, never in this file",
      ),
    /** Version to read. */
    version: z
      .string()
      .regex(/^(latest|[1-9][0-9]*)$/, 'must be "latest" or a version number')
      .default("latest"),
  })
  .strict();

/** Optional PagerDuty channel: the service key comes from Secret Manager. */
export const pagerDutySchema = z
  .object({
    /** Secret that holds the PagerDuty service (integration) key. */
    serviceKeySecret: secretReferenceSchema,
  })
  .strict();

/**
 * Optional token-authenticated webhook channel. Cloud Monitoring carries the token in the URL's query
 * string, so the whole https:// URL is kept in Secret Manager.
 */
export const webhookSchema = z
  .object({
    /** Secret that holds the full https:// endpoint URL including its token. */
    urlSecret: secretReferenceSchema,
  })
  .strict();

/** MON-14: one application URL probed by an uptime check that pages. */
export const uptimeCheckSchema = z
  .object({
    /** Short name: the check's id and display name. */
    name: z
      .string()
      .regex(UPTIME_CHECK_NAME, "must be 1-30 lowercase letters, digits or hyphens, starting with a letter"),
    /** `https://` URL of a public, unauthenticated health path. */
    url: z.string().superRefine((url, ctx) => {
      const target = uptimeTarget(url);
      if (typeof target === "string") ctx.addIssue({ code: z.ZodIssueCode.custom, message: target });
    }),
  })
  .strict();

/** Application monitoring beyond the baseline's own alerts. */
export const monitoringSchema = z
  .object({
    /**
     * Uptime checks of the application (MON-14), each with an alert that pages. A production environment
     * needs at least one: the source documents promise checks of issues affecting customers.
     */
    uptimeChecks: z
      .array(uptimeCheckSchema)
      .superRefine((checks, ctx) => {
        const hostOf = (url: string) => {
          const target = uptimeTarget(url);
          return typeof target === "string" ? undefined : target.host;
        };
        checks.forEach((check, i) => {
          if (checks.findIndex((c) => c.name === check.name) !== i)
            ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, "name"], message: "is used twice" });
          // The check's alert selects it by host (core/rules/uptime.ts): one check per host.
          const host = hostOf(check.url);
          const first = checks.findIndex((c) => host !== undefined && hostOf(c.url) === host);
          if (first !== i && first !== -1)
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              path: [i, "url"],
              message: `probes host ${host} like uptimeChecks[${first}]: one check per host (its alert selects it by host)`,
            });
        });
      })
      .default([]),
  })
  .strict();
