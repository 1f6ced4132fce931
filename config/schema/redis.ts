import { z } from "zod";
import { coversPublicSpace } from "../../core/rules/cidr";
import { optOutSchema } from "./policy";
import { allowlistEntryProblem, allowlistProblem } from "../../core/rules/redis-allowlist";
import { budgetProblem, minimumBudgetUsd } from "../../core/rules/redis-budget";
import { hipaaProblems } from "../../core/rules/redis-hipaa";
import { purposeProblem } from "../../core/rules/redis-naming";
import { aclUserNameProblem, keyPatternProblem, REDIS_ACCESS_LEVELS } from "../../core/rules/redis-acl";
import { NAMED_MEMBER, isPublicMember } from "../../core/rules/iam";
import {
  UPSTASH_TEAM_ROLES,
  emailDomainProblem,
  teamMemberProblem,
  teamMembershipProblem,
  teamNameProblem,
} from "../../core/rules/upstash-team";
import { readRegionProblem, UPSTASH_REGIONS } from "../../core/rules/upstash-regions";

const upstashRegionSchema = z.enum(UPSTASH_REGIONS, {
  errorMap: () => ({ message: `must be an Upstash region, one of: ${UPSTASH_REGIONS.join(", ")}` }),
});

/** UPS-2: one allowlist entry, refused here with the same reasons the construct gives. */
const allowlistEntrySchema = z.string().superRefine((entry, ctx) => {
  const problem = allowlistEntryProblem(entry);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
});

/** UPS-10: one ACL user of a database, for one workload. */
const redisUserSchema = z
  .object({
    /** ACL user name: the workload's name (2-32 lowercase letters, digits, hyphens; never `default`). */
    name: z.string().superRefine((name, ctx) => {
      const problem = aclUserNameProblem(name);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    }),
    /** `read` or `read-write` (never dangerous commands). */
    access: z
      .enum(REDIS_ACCESS_LEVELS as [string, ...string[]], {
        errorMap: () => ({ message: `must be one of: ${REDIS_ACCESS_LEVELS.join(", ")}` }),
      })
      .default("read"),
    /** Key patterns (`checkout:*`), or `*` for every key. */
    keyPatterns: z
      .array(
        z.string().superRefine((pattern, ctx) => {
          const problem = keyPatternProblem(pattern);
          if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
        }),
      )
      .min(1, 'must list at least one pattern ("*" for every key)')
      .default(["*"]),
    /** IAM members that may read the user's credential (serviceAccount:, group:, user:); none = the deployer only. */
    readers: z
      .array(
        z.string().superRefine((member, ctx) => {
          if (isPublicMember(member) || !NAMED_MEMBER.test(member))
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              message: "must be one named identity: serviceAccount:EMAIL, group:EMAIL or user:EMAIL",
            });
        }),
      )
      .default([]),
  })
  .strict();

/** One Upstash Redis database (ProdRedis). */
export const redisDatabaseSchema = z
  .object({
    /** UPS-7: what the database is for; the name becomes `<environment>-<purpose>`. */
    purpose: z.string().superRefine((purpose, ctx) => {
      const problem = purposeProblem(purpose);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    }),
    /** UPS-8: Upstash region taking the writes. */
    primaryRegion: upstashRegionSchema,
    /** UPS-8: read replica regions (not the primary). */
    readRegions: z.array(upstashRegionSchema).default([]),
    /**
     * UPS-9: monthly budget cap in whole US dollars; at least the Prod Pack fee plus a usage margin
     * (core/rules/redis-budget.ts), since Upstash throttles a database that reaches it.
     */
    budget: z
      .number({ invalid_type_error: "must be a whole number of US dollars" })
      .min(1, "must be at least 1 US dollar")
      .max(100000, "must be at most 100000 US dollars")
      // A refinement, not .int(): zod reports .int() as a type error, which the loader words as "got float".
      .refine(Number.isInteger, "must be a whole number of US dollars")
      .default(minimumBudgetUsd(true)),
    /**
     * UPS-2: IPv4 CIDR blocks allowed besides the network's NAT egress IPs (office, CI). Until the stack
     * passes the network's egress IPs, this must be non-empty (the construct refuses an empty allowlist).
     */
    allowlist: z.array(allowlistEntrySchema).default([]),
    /** The database holds PHI; inherits `redis.hipaa` when omitted. */
    hipaa: z.boolean().optional(),
    /** UPS-5: `store` (eviction off) or `cache` (eviction on; refused with HIPAA). */
    mode: z
      .enum(["store", "cache"], { errorMap: () => ({ message: "must be one of: store, cache" }) })
      .default("store"),
    /** UPS-1 opt-out for development only; refused with HIPAA. */
    prodPack: z.boolean().default(true),
    /** UPS-3 opt-out for development only; refused with HIPAA. */
    dailyBackups: z.boolean().default(true),
    /**
     * UPS-10: ACL users, one per workload, each with its own credential in Secret Manager
     * (`redis-<purpose>-acl-<name>`). At least one is required in HIPAA mode.
     */
    users: z.array(redisUserSchema).default([]),
    /** Required with `prodPack: false` or `dailyBackups: false`: reason, owner and expiry of the opt-out (an exception to UPS-1 / UPS-3). */
    optOut: optOutSchema.optional(),
  })
  .strict()
  .superRefine((db, ctx) => {
    const budget =
      Number.isInteger(db.budget) && db.budget >= 1 && db.budget <= 100000
        ? budgetProblem(db.budget, db.prodPack)
        : undefined;
    if (budget) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["budget"], message: budget });
    db.users.forEach((user, i) => {
      if (db.users.findIndex((other) => other.name === user.name) !== i)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["users", i, "name"],
          message: "is used by another user of this database",
        });
    });
    db.readRegions.forEach((_region, i) => {
      const problem = readRegionProblem(db.primaryRegion, db.readRegions, i);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["readRegions", i], message: problem });
    });
    if (db.allowlist.length && db.allowlist.every((entry) => !allowlistEntryProblem(entry))) {
      const problem = allowlistProblem(db.allowlist);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["allowlist"], message: problem });
      else if (coversPublicSpace(db.allowlist)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["allowlist"],
          message:
            "together admits more public address space than one /8 (halves or quarters of the internet are refused, UPS-2); list your egress IPs",
        });
      }
    }
  });

/** UPS-1 / UPS-3 opt-outs need `optOut` (reason, owner, expiry); `optOut` without an opt-out is refused. */
function optOutProblems(db: { prodPack: boolean; dailyBackups: boolean; optOut?: unknown }): string[] {
  const optedOut = [!db.prodPack && "prodPack: false", !db.dailyBackups && "dailyBackups: false"].filter(
    (x): x is string => typeof x === "string",
  );
  const controls = [!db.prodPack && "UPS-1", !db.dailyBackups && "UPS-3"].filter(Boolean).join(" and ");
  if (optedOut.length && !db.optOut)
    return [
      `required with ${optedOut.join(" and ")}: an opt-out from ${controls} needs { reason, owner, expires } (it is reported as an exception)`,
    ];
  if (!optedOut.length && db.optOut)
    return ["only allowed with prodPack: false or dailyBackups: false (nothing is opted out)"];
  return [];
}

/** UPS-11: the Upstash team (console users) of the environment. */
const upstashTeamSchema = z
  .object({
    /** Team name in the Upstash console; changing it replaces the team. */
    name: z.string().superRefine((name, ctx) => {
      const problem = teamNameProblem(name);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    }),
    /** The company's e-mail domains; every member's address must be in one of them. */
    emailDomains: z
      .array(
        z.string().superRefine((domain, ctx) => {
          const problem = emailDomainProblem(domain);
          if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
        }),
      )
      .default([]),
    /** E-mail → role (owner, admin, dev, finance): one owner (the deploying API key's), at most two admins. */
    members: z.record(
      z.enum(UPSTASH_TEAM_ROLES as [string, ...string[]], {
        errorMap: () => ({ message: `must be one of: ${UPSTASH_TEAM_ROLES.join(", ")}` }),
      }),
    ),
  })
  .strict()
  .superRefine((team, ctx) => {
    const seen = new Set<string>();
    for (const [email, role] of Object.entries(team.members)) {
      const problem = teamMemberProblem(email, role, team.emailDomains);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["members", email], message: problem });
      if (seen.has(email.toLowerCase()))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["members", email],
          message: "is listed twice (e-mail addresses are case-insensitive)",
        });
      seen.add(email.toLowerCase());
    }
    const membership = teamMembershipProblem(team.members);
    if (membership) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["members"], message: membership });
  });

/** Upstash Redis databases of one environment (UPS-1..11). */
export const redisSchema = z
  .object({
    /** Every database of the environment holds PHI (HIPAA mode); a database cannot opt out. */
    hipaa: z.boolean().default(false),
    databases: z.array(redisDatabaseSchema).min(1, "must list at least one database"),
    /**
     * UPS-11: the Upstash team whose members may use the console, created by the baseline.
     * @default none (console access is managed in Upstash by hand)
     */
    team: upstashTeamSchema.optional(),
  })
  .strict()
  .superRefine((redis, ctx) => {
    redis.databases.forEach((db, i) => {
      const at = (field: string) => ["databases", i, field];
      if (redis.databases.findIndex((other) => other.purpose === db.purpose) !== i) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: at("purpose"),
          message: "is used by another database",
        });
      }
      if (redis.hipaa && db.hipaa === false) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: at("hipaa"),
          message: "cannot be false: redis.hipaa is true, so every database of this environment is HIPAA",
        });
      }
      if (!(redis.hipaa || db.hipaa)) {
        // HIPAA mode refuses the opt-outs outright; elsewhere they need an owned, dated justification.
        optOutProblems(db).forEach((message) =>
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: at("optOut"), message }),
        );
        return;
      }
      for (const problem of hipaaProblems(db)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: at(problem.field), message: problem.allowed });
      }
      if (!db.users.length) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: at("users"),
          message:
            "in HIPAA mode must list at least one ACL user ({ name, access, keyPatterns, readers }): workloads must not share the default user (UPS-10)",
        });
      }
    });
  });

export type RedisConfig = z.output<typeof redisSchema>;
export type RedisDatabaseConfig = z.output<typeof redisDatabaseSchema>;

/** Whether a database runs in HIPAA mode: set on the database or for the whole environment. */
export function isHipaaDatabase(redis: RedisConfig, db: RedisDatabaseConfig): boolean {
  return redis.hipaa || db.hipaa === true;
}
