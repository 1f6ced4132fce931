import { z } from "zod";
import { REPLICATED_STORAGE_LOCATIONS, isReplicatedStorageLocation } from "../regions";
import { GCP_REGIONS, REGION_ALLOWED } from "../../core/rules/regions";

/** GCP project id: 6-30 chars, lowercase letters, digits, hyphens; starts with a letter, no trailing hyphen. */
export const projectIdSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
    "must be a GCP project id: 6-30 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen",
  )
  .refine((id) => !id.includes("google"), "must not contain 'google' (GCP rejects such project ids)");

// The one list and sentence the constructs use too (core/rules/regions.ts).
/** A Google Cloud region where the resource lives. */
export const regionSchema = z.enum(GCP_REGIONS, { errorMap: () => ({ message: REGION_ALLOWED }) });

/**
 * GCS-8: where buckets keep customer data and state: a replicated (multi- or dual-region) location such as
 * EU or NAM4 (the security practices: "objects in blob storage are automatically replicated"). A single-region bucket is
 * possible with the construct and a justified exception, never as an environment default.
 */
export const storageLocationSchema = z
  .string()
  .refine(
    isReplicatedStorageLocation,
    `must be a replicated (multi- or dual-region) storage location (GCS-8): ${Object.keys(REPLICATED_STORAGE_LOCATIONS).join(", ")}`,
  );

// GCP also allows '-' in keys, but `cdktf synth --hcl` rewrites hyphenated map keys to underscores,
// so the HCL exit path would apply different labels than the JSON: the kit accepts '_' only.
const LABEL_KEY = /^[a-z][a-z0-9_]{0,62}$/;

/** GCP labels: lowercase keys of 1-63 chars starting with a letter; values of 0-63 chars. */
export const labelsSchema = z
  .record(
    z.string(),
    z.string().regex(/^[a-z0-9_-]{0,63}$/, "label values must be 0-63 lowercase letters, digits, '_' or '-'"),
  )
  .superRefine((labels, ctx) => {
    for (const key of Object.keys(labels).filter((k) => !LABEL_KEY.test(k))) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [key],
        params: { value: key },
        message:
          "label keys must be 1-63 lowercase letters, digits or '_', starting with a letter ('-' is refused: cdktf synth --hcl rewrites it)",
      });
    }
    if (Object.keys(labels).length > 60) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "at most 60 labels (GCP allows 64; the kit adds its own)",
      });
    }
  });

/** Whole number of days within [min, max]. */
export function daysSchema(min: number, max: number) {
  return z
    .number({ invalid_type_error: "must be a whole number of days" })
    .int("must be a whole number of days")
    .min(min, `must be at least ${min} days`)
    .max(max, `must be at most ${max} days`);
}

export const emailSchema = z.string().email("must be an email address");
