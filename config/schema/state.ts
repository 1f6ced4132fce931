import { z } from "zod";
import { storageLocationSchema } from "./primitives";
import { NAMED_MEMBER, isPublicMember } from "../../core/rules/iam";
import { deployerMemberProblem } from "../../core/rules/deployer";

/** STATE-1, STATE-2: where Terraform state lives and who may touch it. */
export const stateSchema = z
  .object({
    /** State bucket name. @default "<projectId>-tfstate" */
    bucket: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/,
        "must be a bucket name: 3-63 lowercase letters, digits, '-' or '_'",
      )
      .optional(),
    /** State bucket location. @default the environment's storage.location */
    location: storageLocationSchema.optional(),
    /**
     * STATE-2: the identities granted object access on the state bucket: the deployer, and the CI planner
     * if you use one (a plan reads the whole state and takes its lock). The first is the deployer, a service
     * account: the bootstrap stack grants it the kit's deployer roles on the project (IAM-1).
     * @default ["serviceAccount:cdktf-deployer@<projectId>.iam.gserviceaccount.com"]
     */
    deployers: z
      .array(
        z
          .string()
          .regex(
            NAMED_MEMBER,
            "must be an IAM member such as serviceAccount:deployer@p.iam.gserviceaccount.com",
          )
          // STATE-2 refuses public members however they are spelled (user:allUsers, principalSet://goog/public:all).
          .refine((member) => !isPublicMember(member), "must not be a public member (STATE-2)"),
      )
      .min(1, "must list at least one deployer identity")
      .superRefine((members, ctx) => {
        // A member that is not a named identity at all has its own error above.
        const first = members[0];
        const named = first !== undefined && NAMED_MEMBER.test(first) && !isPublicMember(first);
        const problem = named ? deployerMemberProblem(first) : undefined;
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [0], message: problem });
      })
      .optional(),
    /** Set to true after the bootstrap stack's own state was migrated into the bucket. */
    bootstrapStateInBucket: z.boolean().default(false),
  })
  .strict();
