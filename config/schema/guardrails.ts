import { z } from "zod";

/** ORG-1: project-level organization policies. */
export const guardrailsSchema = z
  .object({
    /**
     * Apply the baseline's org policy constraints to the project. Needs `roles/orgpolicy.policyAdmin`
     * at organization level for the deployer, so it is off unless the environment opts in.
     */
    orgPolicies: z.boolean({ invalid_type_error: "must be true or false" }).default(false),
  })
  .strict();
