/**
 * Data classification (DATA-1..4): every data-holding resource says what it holds, and restricted data
 * (PHI) gets the stricter handling the source documents ask of the customer.
 */
import {
  APPLICATION_KEY_PURPOSE,
  DATA_CLASSIFICATION_LABEL,
  DATA_CLASSIFICATIONS,
  IDENTIFIER_DIGIT_RUN,
  isDataClassification,
  type DataClassification,
} from "../../core/rules/data-classification";
import { cannotVerify } from "../expressions";
import type { ControlDefinition, Outcome, Resource, StackContext, StackVerdict } from "../model";
import { attr, block, isExpression, isTrue, list, show } from "../terraform-json";
import { DATA_HOLDING_TYPES } from "../types/data-holding";
import { HIPAA, PASS, fail, firstFailure, resourceRule, stackRule, verdict } from "./helpers";
import { storageDataAccessAudit } from "./storage";
import { dailyBackupEnablers } from "./upstash";

const DATA_TYPES = Object.keys(DATA_HOLDING_TYPES);
const ENCRYPT_DECRYPT = "roles/cloudkms.cryptoKeyEncrypterDecrypter";
const KEY_IAM_TYPES = [
  "google_kms_crypto_key_iam_member",
  "google_kms_crypto_key_iam_binding",
  "google_kms_crypto_key_iam_policy",
];
const SERVICE_ACCOUNT_REF =
  /^(serviceAccount:)?\$\{google_service_account\.([A-Za-z0-9_-]+)\.(member|email)\}$/;

/** The resource's classification value as written (label or `//` metadata), before validation. */
function classificationValue(resource: Resource): unknown {
  const where = DATA_HOLDING_TYPES[resource.type];
  const labels = where.labels === "//" ? block(resource.attrs["//"]) : attr(resource.attrs, where.labels);
  return block(labels)?.[DATA_CLASSIFICATION_LABEL];
}

/** The resource's classification, or undefined when it has no valid literal one (DATA-1 reports it). */
export function classificationOf(resource: Resource): DataClassification | undefined {
  if (!Object.hasOwn(DATA_HOLDING_TYPES, resource.type)) return undefined;
  const value = classificationValue(resource);
  return isDataClassification(value) ? value : undefined;
}

/** Data-holding resources of the stack, each with its classification (undefined when unclassified). */
function classified(ctx: StackContext): { resource: Resource; classification?: DataClassification }[] {
  return DATA_TYPES.flatMap((type) => ctx.ofType(type)).map((resource) => ({
    resource,
    classification: classificationOf(resource),
  }));
}

/** DATA-2: why `resource`'s name could carry an identifier, or undefined. */
function identifierInName(resource: Resource, ctx: StackContext): string | undefined {
  const field = DATA_HOLDING_TYPES[resource.type].name;
  const name = resource.attrs[field];
  if (typeof name !== "string" || isExpression(name)) return cannotVerify(field, name).slice(6);
  // Bucket names start with the project id, which the configuration validated and the owner chose: the
  // configured one, else the literal project of the stack's Google provider.
  const projects = [
    ctx.projectId,
    ...ctx.providers
      .filter((p) => p.type === "google" || p.type === "google-beta")
      .map((p) => p.attrs.project),
  ].filter((p): p is string => typeof p === "string" && p !== "" && !isExpression(p));
  const project = projects.find((p) => name.startsWith(`${p}-`));
  const own = project ? name.slice(project.length + 1) : name;
  return IDENTIFIER_DIGIT_RUN.test(own)
    ? `${field} ${show(name)} contains three or more digits in a row (a date, a record or a member number?)`
    : undefined;
}

/** DATA-2: what restricted data of this type needs beyond its name. */
function restrictedHandlingProblems(resource: Resource, ctx: StackContext): (string | false | undefined)[] {
  if (resource.type === "google_storage_bucket") {
    const logBucket = attr(resource.attrs, "logging.log_bucket");
    const logged =
      (logBucket !== undefined && logBucket !== null && logBucket !== "") || !!storageDataAccessAudit(ctx);
    return [
      !logged &&
        "no access logs: logging.log_bucket is unset and the stack records no Data Access audit logs for Cloud Storage (GCS-9)",
    ];
  }
  if (resource.type === "upstash_redis_database") {
    return [
      !isTrue(resource.attrs.prod_pack) &&
        `prod_pack is ${show(resource.attrs.prod_pack)} (HIPAA mode needs Prod Pack)`,
      resource.attrs.eviction !== false &&
        resource.attrs.eviction !== "false" &&
        `eviction is ${show(resource.attrs.eviction)} (HIPAA mode needs eviction off)`,
      dailyBackupEnablers(resource, ctx).length === 0 &&
        "nothing enables daily backups for it (HIPAA mode needs them, UPS-3)",
    ];
  }
  return [];
}

/** The application keys of the stack (`purpose = application` label). */
function applicationKeys(ctx: StackContext): Resource[] {
  return ctx
    .ofType("google_kms_crypto_key")
    .filter((key) => block(key.attrs.labels)?.purpose === APPLICATION_KEY_PURPOSE);
}

/** DATA-3: what is wrong with `key` as an application key, or PASS with the grants that make it one. */
function applicationKeyVerdict(key: Resource, ctx: StackContext): StackVerdict {
  const grants = KEY_IAM_TYPES.flatMap((type) => ctx.ofType(type)).filter((g) => refersToKey(g, key));
  const accounts = ctx.ofType("google_service_account");
  const names = new Set(accounts.map((sa) => sa.name));
  const emails = new Set(accounts.flatMap((sa) => serviceAccountEmails(sa, ctx)));
  const problems: string[] = [];
  const workloadGrants: string[] = [];
  const purpose = key.attrs.purpose ?? "ENCRYPT_DECRYPT";
  if (purpose !== "ENCRYPT_DECRYPT") problems.push(`purpose is ${show(purpose)} (not ENCRYPT_DECRYPT)`);
  for (const grant of grants) {
    if (grant.type === "google_kms_crypto_key_iam_policy") {
      problems.push(`${grant.address} sets the whole policy (cannot verify who may use the key)`);
      continue;
    }
    const members = list(grant.type.endsWith("_member") ? grant.attrs.member : grant.attrs.members).map(
      String,
    );
    // A reference in synthesized JSON; in a plan, the literal member of the same account.
    const strangers = members.filter((m) => {
      const match = SERVICE_ACCOUNT_REF.exec(m);
      if (match) return !names.has(match[2]);
      return !(m.startsWith("serviceAccount:") && emails.has(m.slice("serviceAccount:".length)));
    });
    if (strangers.length) {
      problems.push(
        `${grant.address} grants it to ${strangers.join(", ")} (only the team's workload identity may use it)`,
      );
    } else if (grant.attrs.role === ENCRYPT_DECRYPT && members.length) {
      workloadGrants.push(grant.address);
    }
  }
  if (!problems.length && !workloadGrants.length) {
    problems.push(`no ${ENCRYPT_DECRYPT} grant to a workload identity (service account) of this stack`);
  }
  return problems.length ? verdict(fail(problems.join("; ")), key) : verdict(PASS, key, workloadGrants);
}

/** The literal emails a service account of the stack has: its `email`, or `<account_id>@<project>.iam.gserviceaccount.com`. */
function serviceAccountEmails(sa: Resource, ctx: StackContext): string[] {
  const literal = (v: unknown) => (typeof v === "string" && v !== "" && !isExpression(v) ? v : undefined);
  const email = literal(sa.attrs.email);
  const accountId = literal(sa.attrs.account_id);
  const project = literal(sa.attrs.project) ?? ctx.projectId;
  return [
    ...(email ? [email] : []),
    ...(accountId && project ? [`${accountId}@${project}.iam.gserviceaccount.com`] : []),
  ];
}

function refersToKey(grant: Resource, key: Resource): boolean {
  const id = grant.attrs.crypto_key_id;
  return (
    typeof id === "string" &&
    (id.includes(`google_kms_crypto_key.${key.name}.`) || id.includes(`google_kms_crypto_key.${key.name}}`))
  );
}

/** Whether the stack declares restricted data: its Google provider's default label or a resource. */
function restrictedEvidence(ctx: StackContext): string[] {
  // A team stack's provider carries the team's classification; elsewhere it is only the environment's default.
  const providers = ctx.providers
    .filter(() => ctx.settings.role === "workload")
    .filter((p) => p.type === "google" || p.type === "google-beta")
    .filter((p) => block(p.attrs.default_labels)?.[DATA_CLASSIFICATION_LABEL] === "restricted")
    .map((p) => `provider ${p.type}${p.alias ? `.${p.alias}` : ""}`);
  const resources = classified(ctx)
    .filter((c) => c.classification === "restricted")
    .map((c) => c.resource.address);
  return [...providers, ...resources];
}

export const dataClassificationControls: ControlDefinition[] = [
  {
    id: "DATA-1",
    title: "Data-holding resources carry a data classification",
    severity: "error",
    why: "HIPAA asks the customer to know where PHI lives; a classification on every bucket, database and Redis (restricted = PHI, confidential, internal, public) is what the stricter rules for PHI, reviews and inventories read. Upstash databases have no labels, so the kit records it in the resource's `//` metadata.",
    fix: `Pass dataClassification (SecureBucket, PrivatePostgres, ProdRedis, TeamStack helpers, TeamDefinition) or set the environment's labels.${DATA_CLASSIFICATION_LABEL}. In Terraform: labels.${DATA_CLASSIFICATION_LABEL} (settings.user_labels for Cloud SQL, "//".${DATA_CLASSIFICATION_LABEL} for upstash_redis_database) set to one of ${DATA_CLASSIFICATIONS.join(", ")}.`,
    mappings: { hipaa: [HIPAA.accessControl], other: ["HIPAA 164.308(a)(1)(ii)(A) risk analysis"] },
    rule: resourceRule(DATA_TYPES, (resource): Outcome => {
      const value = classificationValue(resource);
      if (isDataClassification(value)) return PASS;
      const where = DATA_HOLDING_TYPES[resource.type].labels;
      return fail(
        `${where}.${DATA_CLASSIFICATION_LABEL} is ${show(value)} (must be one of ${DATA_CLASSIFICATIONS.join(", ")})`,
      );
    }),
  },
  {
    id: "DATA-2",
    title: "Restricted data gets HIPAA handling",
    severity: "error",
    why: "Restricted data is PHI: the source documents ask for no PHI in names or identifiers (names appear in consoles, invoices and support tickets), access logs on the buckets that hold it, and HIPAA mode (Prod Pack, daily backups, no eviction) for Redis.",
    fix: "Name restricted resources from purposes without digit runs; keep GCS-9's access logs (Data Access audit logs or usage logs) on restricted buckets; in Terraform, restricted upstash_redis_database needs prod_pack = true, eviction = false and the daily-backup step (ProdRedis puts restricted data in HIPAA mode).",
    mappings: { hipaa: [HIPAA.accessControl, HIPAA.audit, HIPAA.contingency] },
    rule: stackRule((ctx) =>
      classified(ctx)
        .filter((c) => c.classification === "restricted")
        .map(({ resource }) =>
          verdict(
            firstFailure(identifierInName(resource, ctx), ...restrictedHandlingProblems(resource, ctx)),
            resource,
          ),
        ),
    ),
  },
  {
    id: "DATA-3",
    title: "Stacks holding restricted data have an application-layer key",
    severity: "error",
    why: "The source documents ask the customer to encrypt the most sensitive data at the application layer too, so a storage-level grant, a backup or a debug dump never exposes those fields. A stack (a team's, or the baseline) holding restricted data must have an ENCRYPT_DECRYPT key of its own usable only by its workload identities (service accounts).",
    fix: "TeamStack creates the key for restricted teams (TeamStack.applicationKey(), docs/application-encryption.md); BaselineStack for the example workload of a restricted environment. In Terraform: a google_kms_crypto_key labelled purpose = application, with roles/cloudkms.cryptoKeyEncrypterDecrypter granted only to service accounts of the stack.",
    mappings: { hipaa: [HIPAA.encryption, HIPAA.accessControl] },
    rule: stackRule((ctx) => {
      const keys = applicationKeys(ctx);
      // A key labelled as an application key is judged wherever it is; its absence only where data is restricted.
      const verdicts = keys.map((key) => applicationKeyVerdict(key, ctx));
      const evidence = restrictedEvidence(ctx);
      if (evidence.length && !keys.length) {
        verdicts.push(
          verdict(
            fail(
              `the stack holds restricted data (${evidence.join(", ")}) but has no application key (google_kms_crypto_key labelled purpose = ${APPLICATION_KEY_PURPOSE})`,
            ),
          ),
        );
      }
      return verdicts;
    }),
  },
  {
    id: "DATA-4",
    title: "Public data never shares a key with restricted data",
    severity: "error",
    why: "Whoever may use a key for public data (publishing pipelines, CDN writers) could decrypt restricted data under the same key, and disabling the key for an incident stops both; restricted data keeps keys of its own. Judged per stack: keys are compared as written.",
    fix: "Give public data its own key (KeyChain.keyFor with another purpose, or a KmsKey).",
    mappings: { hipaa: [HIPAA.encryption, HIPAA.accessControl] },
    rule: stackRule((ctx) => {
      const keyOf = (r: Resource) => {
        const path = DATA_HOLDING_TYPES[r.type].key;
        const key = path ? attr(r.attrs, path) : undefined;
        return typeof key === "string" && key ? key : undefined;
      };
      const all = classified(ctx);
      const publicData = all.filter((c) => c.classification === "public");
      return all
        .filter((c) => c.classification === "restricted" && keyOf(c.resource))
        .map(({ resource }) => {
          const key = keyOf(resource);
          const neighbours = publicData
            .filter((c) => keyOf(c.resource) === key)
            .map((c) => c.resource.address);
          return verdict(
            neighbours.length
              ? fail(`its key ${show(key)} also encrypts public ${neighbours.join(", ")}`)
              : PASS,
            resource,
          );
        });
    }),
  },
];
