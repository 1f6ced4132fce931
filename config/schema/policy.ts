import { z } from "zod";

/** Which controls the policy check enforces for an environment (docs/policy.md). */
export const policySchema = z
  .object({
    /** `baseline`: every control; `hipaa`: the controls that map to the HIPAA Security Rule and seed 000. */
    pack: z
      .enum(["baseline", "hipaa"], { errorMap: () => ({ message: "must be one of: baseline, hipaa" }) })
      .default("baseline"),
  })
  .strict();
