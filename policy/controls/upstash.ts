import type { ControlDefinition, Outcome, Resource, StackContext } from "../model";
import { coversPublicSpace } from "../../core/rules/cidr";
import { databaseNameProblem } from "../../core/rules/redis-naming";
import { ACL_STEP_COMMAND, aclRulesProblem, aclUserNameProblem } from "../../core/rules/redis-acl";
import { teamMemberProblem, teamMembershipProblem } from "../../core/rules/upstash-team";
import {
  cannotVerify,
  classify,
  isExternalInput,
  isHostReference,
  unverifiable,
  unverifiableExcept,
} from "../expressions";
import { block, blocks, isExpression, isTrue, list, numberOf, refersTo, show } from "../terraform-json";
import {
  HIPAA,
  NOT_APPLICABLE,
  PASS,
  fail,
  firstFailure,
  resourceRule,
  seed,
  stackRule,
  verdict,
} from "./helpers";

const REDIS = "upstash_redis_database";
const ANYWHERE = ["0.0.0.0/0", "::/0"];

/**
 * `local-exec` provisioners that run when the resource is created and stop the apply when they fail:
 * `when = "destroy"` runs only at destroy, `on_failure = "continue"` lets a failed call pass silently.
 */
function createTimeLocalExecs(resource: Resource): Record<string, unknown>[] {
  return blocks(resource.attrs.provisioner)
    .flatMap((p) => blocks(p["local-exec"]))
    .filter((exec) => {
      const when = exec.when ?? "create";
      const onFailure = exec.on_failure ?? "fail";
      return when === "create" && onFailure === "fail";
    });
}

/** Resources (terraform_data / null_resource provisioners) that enable daily backups for `db` at apply time. */
export function dailyBackupEnablers(db: Resource, ctx: StackContext): Resource[] {
  const databases = ctx.ofType(REDIS);
  return ctx.resources.filter((r) => {
    if (r === db) return false;
    return createTimeLocalExecs(r).some((exec) => {
      const text = JSON.stringify(exec);
      // The Developer API path (enable-dailybackup) or a script named for daily backups, run with "enable".
      const enables =
        text.includes("enable-dailybackup") || (/daily-?backup/i.test(text) && /\benable\b/.test(text));
      return enables && (databases.length === 1 || refersTo(text, db));
    });
  });
}

/** The spec of the kit's ACL step (constructs/redis/acl-user.ts), as the deploy script receives it. */
export interface RedisAclStepSpec {
  readonly endpoint: string;
  readonly adminTokenSecret: string;
  readonly userSecret: string;
  readonly user: string;
  readonly rules: readonly unknown[];
}

const ACL_SPEC_KEYS = ["adminTokenSecret", "endpoint", "rules", "user", "userSecret"];
const DATABASE_ENDPOINT = /^\$\{upstash_redis_database\.[A-Za-z0-9_-]+\.endpoint\}$/;
const SECRET_ID = /^\$\{google_secret_manager_secret\.[A-Za-z0-9_-]+\.id\}$/;

/**
 * The kit's ACL step, or undefined when `provisioner` is anything else: a create-time `local-exec` of a
 * `terraform_data` that runs the committed script with node and `apply`, whose one argument is the
 * resource's `input` (ACL_STEP_COMMAND), a spec naming a database of the stack by reference, two secrets of
 * the stack by reference and a valid user name. Its rules are judged by UPS-10, not here: a step of the
 * right shape with too broad rules is an UPS-10 finding.
 */
export function redisAclStep(
  resource: Resource,
  provisioner: Record<string, unknown>,
): RedisAclStepSpec | undefined {
  if (resource.type !== "terraform_data") return undefined;
  const keys = Object.keys(provisioner).filter((k) => k !== "//");
  if (keys.length !== 1 || keys[0] !== "local-exec") return undefined;
  const exec = blocks(provisioner["local-exec"])[0];
  if (!exec || !Object.keys(exec).every((k) => ["interpreter", "command", "//"].includes(k)))
    return undefined;
  const interpreter = exec.interpreter;
  if (
    !Array.isArray(interpreter) ||
    interpreter.length !== 3 ||
    interpreter[0] !== "node" ||
    typeof interpreter[1] !== "string" ||
    !/(^|\/)upstash-redis-acl\.mjs$/.test(interpreter[1]) ||
    interpreter[2] !== "apply" ||
    exec.command !== ACL_STEP_COMMAND
  )
    return undefined;
  const s = block(resource.attrs.input);
  if (!s || Object.keys(s).sort().join() !== ACL_SPEC_KEYS.join()) return undefined;
  const ok =
    typeof s.endpoint === "string" &&
    DATABASE_ENDPOINT.test(s.endpoint) &&
    typeof s.adminTokenSecret === "string" &&
    SECRET_ID.test(s.adminTokenSecret) &&
    typeof s.userSecret === "string" &&
    SECRET_ID.test(s.userSecret) &&
    s.userSecret !== s.adminTokenSecret &&
    typeof s.user === "string" &&
    !aclUserNameProblem(s.user) &&
    Array.isArray(s.rules);
  return ok ? (s as unknown as RedisAclStepSpec) : undefined;
}

/** The kit's ACL steps of the stack that create users of `db`, with their specs. */
export function aclStepsFor(
  db: Resource,
  ctx: StackContext,
): { resource: Resource; spec: RedisAclStepSpec }[] {
  return ctx.resources.flatMap((r) =>
    createTimeLocalExecs(r).length
      ? blocks(r.attrs.provisioner)
          .map((p) => redisAclStep(r, p))
          .filter((spec): spec is RedisAclStepSpec => spec !== undefined && refersTo(spec.endpoint, db))
          .map((spec) => ({ resource: r, spec }))
      : [],
  );
}

/** `//` metadata keys ProdRedis writes (constructs/redis/prod-redis.ts). */
const HIPAA_MODE = "hipaa_mode";

/**
 * UPS-10 applies to databases in HIPAA mode: every database of an environment configured for PHI in Redis
 * (a team file cannot label its way out), else restricted data or ProdRedis's `hipaa` in the metadata.
 */
function inHipaaMode(db: Resource, ctx: StackContext): boolean {
  const meta = block(db.attrs["//"]);
  return ctx.hipaaRedis === true || meta?.data_classification === "restricted" || meta?.[HIPAA_MODE] === true;
}

const SECRET_IAM = [
  "google_secret_manager_secret_iam_member",
  "google_secret_manager_secret_iam_binding",
  "google_secret_manager_secret_iam_policy",
];

/** A secret IAM resource's `secret_id` names `secret`: by reference, or by its literal id or full name. */
function namesSecret(value: unknown, secret: Resource): boolean {
  if (refersTo(value, secret)) return true;
  const id = secret.attrs.secret_id;
  return (
    typeof value === "string" &&
    typeof id === "string" &&
    !isExpression(id) &&
    (value === id || value.endsWith(`/secrets/${id}`))
  );
}

/**
 * The kit's names for a database's default credentials (`redis-<purpose>-password`, `-rest-token`,
 * `-read-only-rest-token`, with a team prefix in team stacks): a grant naming one literally from another
 * stack cannot be matched to its database there, so UPS-10 refuses it in an environment holding PHI in Redis.
 */
const DEFAULT_CREDENTIAL_SECRET = /(^|\/|-)redis-[a-z0-9-]+-(password|rest-token|read-only-rest-token)$/;

/** UPS-10: grants on a default-credential secret named literally, not one of this stack's secrets. */
function literalDefaultCredentialGrants(ctx: StackContext): Resource[] {
  const own = ctx.ofType("google_secret_manager_secret");
  return SECRET_IAM.flatMap((type) => ctx.ofType(type)).filter((g) => {
    const id = g.attrs.secret_id;
    return (
      typeof id === "string" &&
      !isExpression(id) &&
      DEFAULT_CREDENTIAL_SECRET.test(id) &&
      !own.some((s) => namesSecret(id, s))
    );
  });
}

/** Why workloads could be using `db`'s default user, or undefined (UPS-10). */
function defaultUserProblems(db: Resource, ctx: StackContext): string[] {
  const credential = new RegExp(
    `upstash_redis_database\\.${db.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\.(password|rest_token|read_only_rest_token)\\b|\\})`,
  );
  const problems: string[] = [];
  const secrets = ctx.ofType("google_secret_manager_secret");
  for (const r of ctx.resources) {
    if (r === db) continue;
    const uses = Object.entries(r.attrs)
      .filter(([key]) => key !== "//" && key !== "provisioner" && key !== "depends_on")
      .some(([, value]) => credential.test(JSON.stringify(value)));
    if (!uses) continue;
    if (r.type !== "google_secret_manager_secret_version" || !credential.test(String(r.attrs.secret_data))) {
      problems.push(`${r.address} uses its default credentials (only a secret version may hold them)`);
      continue;
    }
    const secret = secrets.find((s) => refersTo(r.attrs.secret, s));
    if (!secret) {
      problems.push(
        `${r.address} stores its default credentials in ${show(r.attrs.secret)}, not a secret of this stack (cannot verify who may read it)`,
      );
      continue;
    }
    const grants = SECRET_IAM.flatMap((type) => ctx.ofType(type)).filter((g) =>
      namesSecret(g.attrs.secret_id, secret),
    );
    if (grants.length)
      problems.push(
        `the default credentials in ${secret.address} are granted (${grants.map((g) => g.address).join(", ")}): workloads get ACL users instead`,
      );
  }
  return problems;
}

/** UPS-11: what is wrong with an `upstash_team`'s membership, or PASS. */
function teamOutcome(team: Resource, ctx: StackContext): Outcome {
  if (ctx.settings.role !== "baseline")
    return fail(
      "an Upstash team belongs to the environment: only the baseline creates it, from redis.team in the configuration",
    );
  const members = block(team.attrs.team_members);
  const entries = members ? Object.entries(members) : [];
  if (
    !members ||
    entries.some(([email, role]) => isExpression(email) || typeof role !== "string" || isExpression(role))
  )
    return cannotVerify("team_members", team.attrs.team_members);
  const domains = ctx.upstashEmailDomains ?? [];
  return firstFailure(
    ...entries.map(([email, role]) => teamMemberProblem(email, role, domains)),
    teamMembershipProblem(members),
  );
}

/** The allowlist entries, or the outcome when the allowlist cannot be verified. */
function allowlistOf(db: Resource): string[] | Outcome {
  const value = db.attrs.ip_allowlist;
  if (unverifiableExcept(value, isHostReference) !== undefined) return cannotVerify("ip_allowlist", value);
  return list(value).map(String);
}

export const upstashControls: ControlDefinition[] = [
  {
    id: "UPS-1",
    title: "Prod Pack on",
    severity: "error",
    why: "Prod Pack adds encryption at rest, the 99.99% SLA and SOC 2 coverage; the Upstash shared-responsibility model requires it for PHI.",
    fix: "Config redis.databases[].prodPack = true (ProdRedis prodPack); a development opt-out needs redis.databases[].optOut { reason, owner, expires }. In Terraform: prod_pack = true on upstash_redis_database.",
    mappings: { hipaa: [HIPAA.encryption, HIPAA.contingency], seed: [seed("000", 35), seed("000", 16)] },
    rule: resourceRule([REDIS], (db) =>
      isTrue(db.attrs.prod_pack) ? PASS : fail(`prod_pack is ${show(db.attrs.prod_pack)}`),
    ),
  },
  {
    id: "UPS-2",
    title: "IP allowlist set, never open",
    severity: "error",
    why: "An empty allowlist lets any IP address connect with the password; the VPC's static NAT egress IPs are the only sources that need access.",
    fix: "Config redis.databases[].allowlist (ProdRedis ipAllowlist / egressFrom): the network's NAT egress IPs and named /32 or narrow blocks. In Terraform: ip_allowlist never empty, never 0.0.0.0/0 or halves of it, references only as ${...}/32.",
    mappings: { hipaa: [HIPAA.accessControl], seed: [seed("000", 37), seed("000", 42)] },
    rule: resourceRule([REDIS], (db) => {
      const entries = allowlistOf(db);
      if (!Array.isArray(entries)) return entries;
      if (!entries.length) return fail("ip_allowlist is empty (every IP address may connect)");
      const open = entries.filter((e) => ANYWHERE.includes(e));
      if (open.length) return fail(`ip_allowlist contains ${open.join(", ")}`);
      return coversPublicSpace(entries)
        ? fail(
            `ip_allowlist ${entries.join(", ")} together admits more public address space than one /8 (halves or quarters of the internet)`,
          )
        : PASS;
    }),
  },
  {
    id: "UPS-3",
    title: "Daily backups enabled",
    severity: "error",
    why: "Daily backups are the only way to recover Redis data after deletion or corruption (the Upstash shared-responsibility model); the provider cannot set them, so the kit calls the Upstash API at apply.",
    fix: 'Config redis.databases[].dailyBackups = true (ProdRedis dailyBackups); a development opt-out needs redis.databases[].optOut. In Terraform: the UpstashDailyBackup local-exec runs at create (no when = "destroy", no on_failure = "continue").',
    mappings: { hipaa: [HIPAA.contingency], seed: [seed("000", 38)] },
    rule: stackRule((ctx) =>
      ctx.ofType(REDIS).map((db) => {
        const enablers = dailyBackupEnablers(db, ctx);
        return enablers.length
          ? verdict(
              PASS,
              db,
              enablers.map((r) => r.address),
            )
          : verdict(
              fail(
                'nothing in the stack calls enable-dailybackup for this database when it is created (a local-exec provisioner without when = "destroy" or on_failure = "continue")',
              ),
              db,
            );
      }),
    ),
  },
  {
    id: "UPS-4",
    title: "TLS on",
    severity: "error",
    why: "Without TLS the password and every value cross the internet in clear text.",
    fix: "Set tls = true.",
    mappings: { hipaa: [HIPAA.transmission], seed: [seed("000", 16), seed("000", 39)] },
    rule: resourceRule([REDIS], (db) => (isTrue(db.attrs.tls) ? PASS : fail(`tls is ${show(db.attrs.tls)}`))),
  },
  {
    id: "UPS-5",
    title: "Eviction off for data that must not be lost",
    severity: "warning",
    why: "With eviction on, Redis silently deletes keys when memory is full; acceptable for a cache, data loss for anything else.",
    fix: "Config redis.databases[].mode = store (ProdRedis mode), or suppress UPS-5 for a database that is only a cache. In Terraform: eviction = false.",
    mappings: { hipaa: [HIPAA.integrity], seed: [seed("000", 18)] },
    rule: resourceRule([REDIS], (db) =>
      unverifiable(db.attrs.eviction) !== undefined
        ? cannotVerify("eviction", db.attrs.eviction)
        : isTrue(db.attrs.eviction)
          ? fail("eviction is true")
          : PASS,
    ),
  },
  {
    id: "UPS-6",
    title: "Redis credentials only in Secret Manager",
    severity: "error",
    why: "The database password is a full-access credential: it belongs in a CMEK secret, never in outputs or logs; the Upstash API key comes from the environment at apply time.",
    fix: "Store the password with EncryptedSecret.setValueFrom(db.password); no output of password/rest_token; provider api_key from UPSTASH_API_KEY.",
    mappings: { hipaa: [HIPAA.accessControl, HIPAA.encryption], seed: [seed("000", 36), seed("000", 41)] },
    rule: stackRule((ctx) => {
      const databases = ctx.ofType(REDIS);
      if (!databases.length) return [];
      const versions = ctx.ofType("google_secret_manager_secret_version");
      const verdicts = databases.map((db) => {
        const stored = versions.filter(
          (v) =>
            refersTo(v.attrs.secret_data, db) &&
            /\.(password|rest_token)\}/.test(String(v.attrs.secret_data)),
        );
        const exposed = Object.entries((ctx.json.output ?? {}) as Record<string, { value?: unknown }>).filter(
          ([, o]) =>
            refersTo(o.value, db) &&
            /\.(password|rest_token|read_only_rest_token)\b/.test(JSON.stringify(o.value)),
        );
        return verdict(
          firstFailure(
            exposed.length > 0 &&
              `output ${exposed.map(([name]) => `"${name}"`).join(", ")} exposes its credentials`,
            !stored.length && "its password is not stored in a google_secret_manager_secret_version",
          ),
          db,
          stored.map((v) => v.address),
        );
      });
      // Resolved provider blocks: a key from a local or a variable default is as literal as a written one.
      for (const provider of ctx.providers.filter((p) => p.type === "upstash")) {
        const key = provider.attrs.api_key;
        if (key === undefined || key === null || isExternalInput(key)) continue;
        if (classify(key).kind === "literal")
          verdicts.push(verdict(fail("provider upstash has a literal api_key (use UPSTASH_API_KEY)")));
        else if (classify(key).kind === "expression")
          verdicts.push(verdict(cannotVerify("provider upstash api_key", key)));
      }
      return verdicts;
    }),
  },
  {
    id: "UPS-7",
    title: "No PHI in database names",
    severity: "error",
    why: "Names appear in consoles, invoices, logs and support tickets; the Upstash shared-responsibility model prohibits PHI in resource names. Names derive from environment and purpose.",
    fix: "Config redis.databases[].purpose (ProdRedis purpose): the name is <environment>-<purpose>, lowercase letters, digits and hyphens, no long numbers. In Terraform: database_name.",
    mappings: { hipaa: [HIPAA.accessControl], seed: [seed("000", 40), seed("000", 41)] },
    rule: resourceRule([REDIS], (db) => {
      const name = db.attrs.database_name;
      if (isExpression(name)) return PASS;
      // One predicate with the config schema and ProdRedis (core/rules/redis-naming.ts).
      const problem =
        typeof name === "string"
          ? databaseNameProblem(name)
          : "is not 3-63 lowercase letters, digits and hyphens";
      return problem ? fail(`database_name ${show(name)} ${problem}`) : PASS;
    }),
  },
  {
    id: "UPS-8",
    title: "Multi-region replication in production",
    // An error since issue 17: the source documents make replication part of the customer's availability duty;
    // a production database that cannot have read regions needs a justified, expiring exception.
    severity: "error",
    why: "A global database with read regions keeps serving when one region fails (the Upstash shared-responsibility model: multi-region replication). A production database without them needs an exception with a reason, an owner and an expiry.",
    fix: 'Config redis.databases[].readRegions (ProdRedis readRegions) in production. In Terraform: region = "global", primary_region and read_regions.',
    mappings: { hipaa: [HIPAA.contingency], seed: [seed("000", 15)] },
    rule: resourceRule([REDIS], (db, ctx) => {
      if (!ctx.settings.production) return NOT_APPLICABLE;
      return firstFailure(
        db.attrs.region !== "global" && `region is ${show(db.attrs.region)} (not global)`,
        !db.attrs.primary_region && "primary_region is unset",
        list(db.attrs.read_regions).length === 0 && "read_regions is empty",
      );
    }),
  },
  {
    id: "UPS-9",
    title: "Budget cap set",
    severity: "warning",
    why: "Pay-as-you-go databases scale with traffic; a budget caps the monthly cost of a runaway client or an attack.",
    fix: "Config redis.databases[].budget (ProdRedis monthlyBudgetUsd). In Terraform: budget (USD per month) on upstash_redis_database.",
    mappings: { other: ["Upstash cost control"] },
    rule: resourceRule([REDIS], (db) => {
      const budget = numberOf(db.attrs.budget);
      return budget !== undefined && budget > 0 ? PASS : fail(`budget is ${show(db.attrs.budget)}`);
    }),
  },
  {
    id: "UPS-10",
    title: "HIPAA databases are used through per-workload ACL users",
    severity: "error",
    why: "The default user of an Upstash database runs every command on every key, FLUSHALL included, and cannot be restricted; when workloads share its password nothing tells them apart and one leak exposes everything. In HIPAA mode each workload gets its own ACL user (its key patterns, no dangerous commands) with its own credential in an EncryptedSecret, and the default credentials stay with the deployer. Every ACL user of the kit, in any mode, is least privilege.",
    fix: "ProdRedis.grantRead / grantReadWrite / addUser (config redis.databases[].users); never grant the default credentials (ProdRedis.grantDefaultCredentials is refused in HIPAA mode). In Terraform: the RedisAclUser step referencing the database's endpoint; no IAM on the secrets holding password / rest_token / read_only_rest_token, and no other resource reading them.",
    mappings: {
      hipaa: [HIPAA.accessControl, HIPAA.authentication],
      seed: [seed("000", 20), seed("000", 22)],
    },
    rule: stackRule((ctx) => {
      const verdicts = ctx.ofType(REDIS).flatMap((db) => {
        const steps = aclStepsFor(db, ctx);
        const out = steps.map(({ resource, spec }) => {
          const problem = aclRulesProblem(spec.rules);
          return verdict(problem ? fail(`ACL user ${spec.user}: rules ${problem}`) : PASS, resource);
        });
        if (!inHipaaMode(db, ctx)) return out;
        const problems = defaultUserProblems(db, ctx);
        out.push(
          verdict(
            firstFailure(
              !steps.length &&
                "is in HIPAA mode but has no ACL user: its workloads would share the default user's password",
              ...problems,
            ),
            db,
            steps.map((s) => s.resource.address),
          ),
        );
        return out;
      });
      if (ctx.hipaaRedis)
        for (const grant of literalDefaultCredentialGrants(ctx))
          verdicts.push(
            verdict(
              fail(
                `grants ${show(grant.attrs.secret_id)}, a Redis database's default credentials by name: workloads get ACL users instead`,
              ),
              grant,
            ),
          );
      return verdicts;
    }),
  },
  {
    id: "UPS-11",
    title: "Upstash console users least privilege",
    severity: "error",
    why: "Every member of the Upstash team can reach its databases through the console; owners and admins also manage members and billing. Membership from configuration is reviewed in pull requests: exactly one owner (the deploying API key's), at most two admins, only the company's e-mail domains. MFA on every account and Credential Protection are account settings no API exposes; they remain manual duties.",
    fix: "Config redis.team { name, members: { email: owner|admin|dev|finance }, emailDomains } (UpstashTeam). In Terraform: upstash_team only in the baseline stack, team_members a literal map with one owner, at most two admins, addresses in the configured domains.",
    mappings: {
      hipaa: [HIPAA.accessControl, "164.308(a)(4) information access management"],
      seed: [seed("000", 20)],
    },
    rule: resourceRule(["upstash_team"], teamOutcome),
  },
];
