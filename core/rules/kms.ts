/**
 * KMS-1, KMS-3, KMS-4: what a Cloud KMS key's settings may be. KmsKey, the config schema and the policy's
 * KMS rules use the same limits.
 */

/** KMS-1: longest rotation period, in days (CIS 1.10). */
export const MAX_ROTATION_DAYS = 90;

/** KMS-3: how long a destroyed key version stays recoverable; Cloud KMS allows 1-120 days. */
export const DESTROY_SCHEDULED_DAYS = { min: 1, max: 120 } as const;

/** KMS-4: protection levels the kit accepts (HSM for production; SOFTWARE for development). */
export const KEY_PROTECTION_LEVELS = ["SOFTWARE", "HSM"] as const;
export type KeyProtectionLevel = (typeof KEY_PROTECTION_LEVELS)[number];
