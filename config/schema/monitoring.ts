import { z } from "zod";
import { daysSchema } from "./primitives";

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
