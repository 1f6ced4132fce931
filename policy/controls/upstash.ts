import type { ControlDefinition, Outcome, Resource, StackContext } from "../model";
import { coversPublicSpace } from "../../core/rules/cidr";
import { databaseNameProblem } from "../../core/rules/redis-naming";
import {
  cannotVerify,
  classify,
  isExternalInput,
  isHostReference,
  unverifiable,
  unverifiableExcept,
} from "../expressions";
import { blocks, isExpression, isTrue, list, numberOf, refersTo, show } from "../terraform-json";
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
];
