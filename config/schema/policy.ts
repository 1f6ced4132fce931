import { z } from "zod";
import { justificationFieldsSchema } from "../../core/exceptions";

/**
 * The justification an opt-out from a control needs (a dev Redis without Prod Pack, a partner's public
 * ingress range): who answers for it, why, and until when. The stack turns it into a `suppress()`, so it
 * is listed as an exception in every report and fails the check once it expires.
 */
export const optOutSchema = justificationFieldsSchema.strict();
export type OptOut = z.output<typeof optOutSchema>;

/** Which controls the policy check enforces for an environment (docs/policy.md). */
export const policySchema = z
  .object({
    /** `baseline`: every control; `hipaa`: the controls that map to the HIPAA Security Rule and the Upstash shared-responsibility model. */
    pack: z
      .enum(["baseline", "hipaa"], { errorMap: () => ({ message: "must be one of: baseline, hipaa" }) })
      .default("baseline"),
    /**
     * Longest lifetime of an exception (exceptions files and `suppress()`), in days from the day of the
     * check: an exception expiring later is a finding and waives nothing.
     * @default 180
     */
    maxExceptionDays: z
      .number({ invalid_type_error: "must be a whole number of days from 1 to 365" })
      .refine(
        (n) => Number.isInteger(n) && n >= 1 && n <= 365,
        "must be a whole number of days from 1 to 365",
      )
      .default(180),
  })
  .strict();
