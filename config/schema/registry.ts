import { z } from "zod";
import { daysSchema } from "./primitives";

/** REG-1: the container image repository. */
export const registrySchema = z
  .object({
    /** Create the baseline's Docker repository. */
    enabled: z.boolean({ invalid_type_error: "must be true or false" }).default(true),
    /** Repository id. */
    repositoryId: z
      .string()
      .regex(
        /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/,
        "must be 1-63 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen",
      )
      .default("containers"),
    /** Untagged images older than this are deleted. */
    deleteUntaggedAfterDays: daysSchema(1, 3650).default(14),
    /** Most recent versions of each image always kept. */
    keepMostRecentVersions: z
      .number({ invalid_type_error: "must be a whole number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(1000, "must be at most 1000")
      .default(10),
  })
  .strict();
