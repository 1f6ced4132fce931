import { z } from "zod";
import { emailSchema, labelsSchema, projectIdSchema, regionSchema } from "./primitives";
import { kmsSchema, secretsSchema, storageSchema } from "./security";
import { stateSchema } from "./state";
import { guardrailsSchema } from "./guardrails";
import { identityPlatformSchema } from "./identity";
import { loggingSchema, monitoringSchema, pagerDutySchema, webhookSchema } from "./monitoring";
import { registrySchema } from "./registry";
import { networkSchema } from "./network";
import { databaseSchema } from "./database";
import { isHipaaDatabase, redisSchema } from "./redis";
import { addDays } from "../../core/exceptions";
import { ENVIRONMENT_NAME, databaseNameProblem, purposeProblem } from "../../core/rules/redis-naming";
import {
  DATA_CLASSIFICATION_LABEL,
  DATA_CLASSIFICATIONS,
  isDataClassification,
} from "../../core/rules/data-classification";
import { policySchema } from "./policy";
import { retentionProblems, retentionSchema } from "./retention";

/** One environment (dev, staging, prod, ...): everything a `BaselineStack` needs. */
export const environmentSchema = z
  .object({
    /** Environment name; also the file name and part of every resource name. */
    name: z
      .string()
      .regex(ENVIRONMENT_NAME, "must be 3-16 lowercase letters, digits or hyphens, starting with a letter"),
    projectId: projectIdSchema,
    region: regionSchema,
    /** Production environments get HA and stricter defaults. */
    production: z.boolean().default(false),
    /**
     * Labels on every resource. `data_classification` (restricted = PHI, confidential, internal, public)
     * classifies the environment's data wherever a team or construct does not (DATA-1); without it, data is
     * `restricted`.
     */
    labels: labelsSchema.default({}),
    kms: kmsSchema.default({}),
    storage: storageSchema.default({}),
    secrets: secretsSchema.default({}),
    state: stateSchema.default({}),
    network: networkSchema.default({}),
    database: databaseSchema.default({}),
    /** Policy check pack: baseline (default) or hipaa. */
    policy: policySchema.default({}),
    /** GCS-7, RET-1: the longest each store may keep data; the settings above must fit inside. */
    retention: retentionSchema.default({}),
    notifications: z
      .object({
        /** Alert notification emails (at least one, so every alert pages somebody). */
        emails: z
          .array(emailSchema)
          .min(1, "must list at least one email address")
          .superRefine((emails, ctx) => {
            // Each address becomes one notification channel named after it: a repeat would collide.
            emails.forEach((email, i) => {
              if (emails.findIndex((e) => e.toLowerCase() === email.toLowerCase()) !== i)
                ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: "is listed twice" });
            });
          }),
        /**
         * PagerDuty channel; its service key is read from Secret Manager. A production environment needs it
         * or `webhook` (MON-12): e-mail alone does not wake anybody.
         */
        pagerduty: pagerDutySchema.optional(),
        /** Token-authenticated webhook; its token is read from Secret Manager. Production: this or `pagerduty` (MON-12). */
        webhook: webhookSchema.optional(),
      })
      .strict(),
    /** Uptime checks of the application (MON-14); production needs at least one. */
    monitoring: monitoringSchema.default({}),
    logging: loggingSchema.default({}),
    guardrails: guardrailsSchema.default({}),
    identityPlatform: identityPlatformSchema.default({}),
    registry: registrySchema.default({}),
    /** Upstash Redis databases and the Upstash team (UPS-1..11); omit for none (then no Upstash provider is configured). */
    redis: redisSchema.optional(),
  })
  .strict()
  .superRefine((env, ctx) => {
    // UPS-7 judges the whole database name: the environment's digits count with the purpose's (a bad
    // purpose already has its own issue).
    env.redis?.databases.forEach((db, i) => {
      if (purposeProblem(db.purpose)) return;
      const problem = databaseNameProblem(`${env.name}-${db.purpose}`);
      if (problem)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["redis", "databases", i, "purpose"],
          message: `in the database name ${env.name}-${db.purpose} ${problem}`,
        });
    });
    // Opt-outs become exceptions: their expiry obeys the same cap as every exception (policy.maxExceptionDays).
    const today = new Date().toISOString().slice(0, 10);
    const optOuts: [(string | number)[], { expires: string } | undefined][] = [
      ...(env.redis?.databases ?? []).map(
        (db, i) =>
          [["redis", "databases", i, "optOut", "expires"], db.optOut] as [
            (string | number)[],
            { expires: string } | undefined,
          ],
      ),
      ...env.network.ingressAllows.map(
        (rule, i) =>
          [["network", "ingressAllows", i, "optOut", "expires"], rule.optOut] as [
            (string | number)[],
            { expires: string } | undefined,
          ],
      ),
    ];
    for (const [path, optOut] of optOuts) {
      if (!optOut) continue;
      const latest = addDays(today, env.policy.maxExceptionDays);
      if (optOut.expires < today)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path,
          message: `has passed (today is ${today}); renew the opt-out or remove it`,
        });
      else if (optOut.expires > latest)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path,
          message: `must be at most ${env.policy.maxExceptionDays} days from today (${latest}; policy.maxExceptionDays)`,
        });
    }
    // GCS-7, RET-1: no store keeps data longer than the environment's retention bounds.
    for (const [path, message] of retentionProblems(env))
      ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
    // DATA-1/DATA-2: one of the four classifications; restricted data (PHI) in Redis only in HIPAA mode.
    const classification = env.labels[DATA_CLASSIFICATION_LABEL];
    if (classification !== undefined && !isDataClassification(classification))
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["labels", DATA_CLASSIFICATION_LABEL],
        message: `must be one of ${DATA_CLASSIFICATIONS.join(", ")} (got "${classification}")`,
      });
    if (classification === "restricted" && env.redis)
      env.redis.databases.forEach((db, i) => {
        if (!isHipaaDatabase(env.redis!, db))
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ["redis", "databases", i, "hipaa"],
            message:
              "must be true (or redis.hipaa): labels.data_classification is restricted, and restricted data is held only in HIPAA mode (DATA-2)",
          });
      });
    if (!env.production) return;
    // Production choices the policy check would refuse are refused here first, with the field named.
    const require = (ok: boolean, path: (string | number)[], message: string) => {
      if (!ok) ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
    };
    require(env.kms.protectionLevel === "HSM", [
      "kms",
      "protectionLevel",
    ], "must be HSM in a production environment (KMS-4)");
    require(env.logging.locked, [
      "logging",
      "locked",
    ], "must be true in a production environment (LOG-3); locking is irreversible, so set it deliberately");
    require(env.database.availability !== "ZONAL", [
      "database",
      "availability",
    ], "must be REGIONAL in a production environment (SQL-11)");
    require(env.notifications.pagerduty !== undefined || env.notifications.webhook !== undefined, [
      "notifications",
      "pagerduty",
    ], "must be set (or notifications.webhook) in a production environment: e-mail alone pages nobody (MON-12)");
    require(env.monitoring.uptimeChecks.length > 0, [
      "monitoring",
      "uptimeChecks",
    ], "must list at least one https:// URL of the application in a production environment: customers' outages must page somebody (MON-14)");
    require(!env.identityPlatform.enabled || env.identityPlatform.mfa === "MANDATORY", [
      "identityPlatform",
      "mfa",
    ], "must be MANDATORY in a production environment (IDP-1)");
    env.redis?.databases.forEach((db, i) =>
      require(db.readRegions.length > 0, [
        "redis",
        "databases",
        i,
        "readRegions",
      ], "must name at least one read region in a production environment (UPS-8)"),
    );
  });

/** Raw file contents, before defaults. */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment with every default filled in. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;
