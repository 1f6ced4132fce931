import { z } from "zod";
import { daysSchema, regionSchema, storageLocationSchema } from "./primitives";
import { DESTROY_SCHEDULED_DAYS, KEY_PROTECTION_LEVELS, MAX_ROTATION_DAYS } from "../../core/rules/kms";

/** KMS-1, KMS-3, KMS-4. */
export const kmsSchema = z
  .object({
    /** HSM for production; SOFTWARE is acceptable for development. */
    protectionLevel: z
      .enum(KEY_PROTECTION_LEVELS, {
        errorMap: () => ({ message: `must be one of: ${KEY_PROTECTION_LEVELS.join(", ")}` }),
      })
      .default("HSM"),
    /** KMS-1: at most 90 days (CIS 1.10). */
    rotationDays: daysSchema(1, MAX_ROTATION_DAYS).default(MAX_ROTATION_DAYS),
    /** KMS-3: how long a destroyed key version stays recoverable (Cloud KMS allows 1-120 days). */
    destroyScheduledDays: daysSchema(DESTROY_SCHEDULED_DAYS.min, DESTROY_SCHEDULED_DAYS.max).default(30),
  })
  .strict();

/** GCS-6..9. */
export const storageSchema = z
  .object({
    /** GCS-8: replicated location for customer data (multi- or dual-region), or a region. */
    location: storageLocationSchema.default("EU"),
    /**
     * GCS-7: days a noncurrent object version is kept before deletion. With deleteAfterTerminationDays and
     * softDeleteDays it must fit in retention.customerDataDeletionDays (30 + 23 + 7 = 60 by default).
     */
    noncurrentVersionRetentionDays: daysSchema(1, 3650).default(23),
    /**
     * GCS-7: days after an object's custom time (set at customer termination by `npm run terminate-customer`)
     * before it is deleted.
     */
    deleteAfterTerminationDays: daysSchema(1, 3650).default(30),
    /** GCS-6: soft delete window (GCS allows 7-90 days; every day counts toward GCS-7's bound). */
    softDeleteDays: daysSchema(7, 90).default(7),
    /** GCS-9: days access logs are kept in the access-log bucket. */
    accessLogRetentionDays: daysSchema(1, 3650).default(365),
    /**
     * GCS-9: also write Cloud Storage usage logs into the access-log bucket. Off by default: delivery needs
     * a grant to group:cloud-storage-analytics@google.com, which domain restricted sharing (enforced by
     * default in organizations created since May 2024) refuses. Data Access audit logs cover GCS-9 either way.
     */
    usageLogs: z.boolean().default(false),
  })
  .strict();

/** SEC-1, SEC-2, SEC-4. */
export const secretsSchema = z
  .object({
    /** SEC-1: regions that hold a replica, each encrypted with a key in that region. Defaults to the environment's region. */
    replicaLocations: z.array(regionSchema).min(1, "must list at least one region").optional(),
    /** SEC-2: days a destroyed secret version stays recoverable. */
    versionDestroyDays: daysSchema(1, 30).default(7),
    /** SEC-4: rotation reminder period for the kit's secrets (reminders go to a CMEK Pub/Sub topic). */
    rotationDays: daysSchema(1, 365).default(90),
  })
  .strict();
