/**
 * IAM on every Google resource type, judged generically: no public member anywhere (IAM-4), service
 * accounts impersonated only by the environment's own identities (IAM-5), no HMAC keys (IAM-6), no basic
 * roles on resources (IAM-7), no data roles for people on the project, folder or organization (IAM-8).
 */
import { cannotVerify } from "../expressions";
import type { ControlDefinition, Outcome, Resource, StackContext } from "../model";
import providerTypes from "../types/google-provider-types.json";
import { block, refersTo } from "../terraform-json";
import { HIPAA, PASS, fail, resourceRule, seed } from "./helpers";
import { IAM_GRANT_TYPE, grantsOf, showMember, showRole, type Grant } from "./iam-grants";
import { BASIC_ROLES, isPublicMember } from "../../core/rules/iam";

/** Every resource-level IAM type of the Google provider (`*_iam_member`, `*_iam_binding`, `*_iam_policy`). */
export const RESOURCE_IAM_TYPES: readonly string[] = providerTypes.resources.filter((t) =>
  IAM_GRANT_TYPE.test(t),
);
const HIERARCHY = /^google_(project|folder|organization)_iam_/;
const SERVICE_ACCOUNT_IAM = ["member", "binding", "policy"].map((k) => `google_service_account_iam_${k}`);

/** Roles on a service account that only read its metadata; every other role can act as or administer it. */
const SERVICE_ACCOUNT_READ_ROLES = ["roles/iam.serviceAccountViewer"];
/** A Kubernetes service account of a GKE workload pool: `serviceAccount:<project>.svc.id.goog[<ns>/<ksa>]`. */
const GKE_WORKLOAD_MEMBER = /^serviceAccount:[a-z][a-z0-9.:-]*\.svc\.id\.goog\[[a-z0-9-]+\/[a-z0-9-]+\]$/;

/** The first failing grant of a resource under `judge`, or pass; unreadable policies fail. */
function judgeGrants(resource: Resource, ctx: StackContext, judge: (grant: Grant) => Outcome): Outcome {
  const { grants, problems } = grantsOf(resource, ctx);
  if (problems.length) return fail(problems[0]);
  for (const grant of grants) {
    const outcome = judge(grant);
    if (outcome !== PASS) return outcome;
  }
  return PASS;
}

/** A member whose principal type is written literally (`group:${...}`) names one principal, never the public. */
const NAMED_PRINCIPAL_PREFIX = /^(user|group|serviceAccount|domain):/;

function noPublicMember(grant: Grant): Outcome {
  const m = grant.member;
  if (m.kind === "unverifiable")
    return NAMED_PRINCIPAL_PREFIX.test(m.text) ? PASS : cannotVerify("IAM member", m.text);
  if (m.kind === "literal" && isPublicMember(m.member))
    return fail(`grants ${showRole(grant.role)} to ${m.member} (anyone on the internet)`);
  return PASS;
}

/**
 * The configured deployer (from the validated configuration, never the JSON) attaching a service account the
 * stack itself creates to what it deploys: Service Account User on that one account, nothing stronger.
 */
function isDeployerActAs(resource: Resource, ctx: StackContext, grant: Grant): boolean {
  return (
    ctx.deployer !== undefined &&
    grant.member.kind === "literal" &&
    grant.member.member === ctx.deployer &&
    grant.role.kind === "literal" &&
    grant.role.role === "roles/iam.serviceAccountUser" &&
    ctx
      .ofType("google_service_account")
      .some((account) => refersTo(resource.attrs.service_account_id, account))
  );
}

function impersonationByOwnIdentities(resource: Resource, ctx: StackContext, grant: Grant): Outcome {
  if (grant.role.kind === "literal" && SERVICE_ACCOUNT_READ_ROLES.includes(grant.role.role)) return PASS;
  if (isDeployerActAs(resource, ctx, grant)) return PASS;
  const m = grant.member;
  if (m.kind === "identity" && m.identity !== "existing-service-account") return PASS;
  if (m.kind === "unverifiable") return cannotVerify("IAM member", m.text);
  if (
    m.kind === "literal" &&
    grant.role.kind === "literal" &&
    grant.role.role === "roles/iam.workloadIdentityUser" &&
    GKE_WORKLOAD_MEMBER.test(m.member)
  )
    return PASS;
  return fail(
    `grants ${showRole(grant.role)} on a service account to ${showMember(m)}: only the environment's own service accounts and service agents may act as it`,
  );
}

function noBasicRole(grant: Grant): Outcome {
  if (grant.role.kind === "unverifiable") return cannotVerify("IAM role", grant.role.text);
  return grant.role.kind === "literal" && BASIC_ROLES.includes(grant.role.role)
    ? fail(`grants basic role ${grant.role.role} to ${showMember(grant.member)}`)
    : PASS;
}

/**
 * IAM-8: roles that read, write or decrypt customer data (or administer the store that holds it). On a
 * project they reach every bucket, secret, key, instance or dataset in it, present and future.
 */
const DATA_ROLES = [
  /^roles\/storage\.(object[A-Za-z]*|admin)$/,
  /^roles\/secretmanager\.(secretAccessor|admin)$/,
  /^roles\/cloudkms\.(cryptoKey(Encrypter|Decrypter)[A-Za-z]*|admin)$/,
  /^roles\/cloudsql\.(client|admin|instanceUser)$/,
  /^roles\/bigquery\.(dataViewer|dataEditor|dataOwner|admin)$/,
];
/** Permissions of a custom role that reach the same data as DATA_ROLES. */
const DATA_PERMISSIONS = [
  "storage.objects.get",
  "storage.objects.create",
  "storage.objects.update",
  "storage.objects.delete",
  "secretmanager.versions.access",
  "cloudkms.cryptoKeyVersions.useToDecrypt",
  "cloudkms.cryptoKeyVersions.useToEncrypt",
  "cloudsql.instances.connect",
  "cloudsql.instances.login",
  "bigquery.tables.getData",
  "bigquery.tables.updateData",
];
/** Cloud SQL has no instance-level IAM: connecting roles held on the project are scoped by this condition (PrivatePostgres.grantConnect). */
const CLOUD_SQL_CONNECT_ROLES = ["roles/cloudsql.client", "roles/cloudsql.instanceUser"];
const ONE_SQL_INSTANCE =
  /^resource\.service == "sqladmin\.googleapis\.com" && resource\.name\.endsWith\("\/instances\/[a-z]([-a-z0-9]{0,61}[a-z0-9])?"\)$/;
/** People: users, groups, whole domains and workforce identity federation principals. */
const PERSON_MEMBER =
  /^(user|group|domain):|^principal(set)?:\/\/iam\.googleapis\.com\/locations\/global\/workforcepools\//i;

/** Why a custom role defined in the stack reaches customer data, or undefined; unreadable permissions fail. */
function customRoleProblem(ref: string, ctx: StackContext): Outcome | undefined {
  const address = ref.split(".").slice(0, 2).join(".");
  const role = ctx.resources.find((r) => r.address === address);
  const permissions = role?.attrs.permissions;
  if (!role || !Array.isArray(permissions) || permissions.some((p) => typeof p !== "string"))
    return cannotVerify("custom role permissions", `\${${ref}}`);
  const data = (permissions as string[]).filter((p) => DATA_PERMISSIONS.includes(p));
  return data.length ? fail(`custom role ${address} holds ${data.join(", ")}`) : undefined;
}

function noProjectDataRoleForPeople(resource: Resource, ctx: StackContext): Outcome {
  const { grants, problems } = grantsOf(resource, ctx);
  if (problems.length) return fail(problems[0]);
  // A policy document's conditions are not read: only a member or binding resource's own condition scopes it.
  const condition = resource.type.endsWith("_iam_policy") ? undefined : block(resource.attrs.condition);
  const oneInstance =
    typeof condition?.expression === "string" && ONE_SQL_INSTANCE.test(condition.expression);
  const level = resource.type.replace(/^google_|_iam_.*$/g, "");
  for (const grant of grants) {
    const m = grant.member;
    if (m.kind === "identity") continue;
    const person = PERSON_MEMBER.test(m.kind === "literal" ? m.member : m.text);
    const literalRole = grant.role.kind === "literal" ? grant.role.role : undefined;
    if (m.kind === "unverifiable" && !person) {
      // An unreadable member is judged by IAM-4; here it matters only with a data role.
      if (literalRole !== undefined && DATA_ROLES.some((d) => d.test(literalRole)))
        return cannotVerify("IAM member", m.text);
      continue;
    }
    if (!person) continue;
    if (grant.role.kind === "unverifiable") return cannotVerify("IAM role", grant.role.text);
    if (grant.role.kind === "custom") {
      const problem = customRoleProblem(grant.role.ref, ctx);
      if (problem) return fail(`${problem.replace(/^fail: /, "")} for ${showMember(m)} at ${level} level`);
      continue;
    }
    const role = grant.role.role;
    if (!DATA_ROLES.some((d) => d.test(role))) continue;
    if (oneInstance && CLOUD_SQL_CONNECT_ROLES.includes(role)) continue;
    return fail(`grants data role ${role} to ${showMember(m)} at ${level} level`);
  }
  return PASS;
}

export const resourceIamControls: ControlDefinition[] = [
  {
    id: "IAM-4",
    title: "No public member in any IAM grant",
    severity: "error",
    why: "allUsers or allAuthenticatedUsers on any resource (bucket, managed folder, registry, dataset, table, Cloud Run service, function, secret, key, topic, service account) opens it to anyone with a Google account or to the whole internet. An IAM member the check cannot read could be one of them.",
    fix: "Grant named identities only (a WorkloadIdentity, a group, a service agent); use the construct's grant* method or a reference such as ${google_service_account.x.member}. A member from a variable, local or function cannot be verified.",
    mappings: {
      cis: ["1.9", "5.1", "7.1"],
      checkov: [
        "CKV_GCP_15",
        "CKV_GCP_99",
        "CKV_GCP_100",
        "CKV_GCP_101",
        "CKV_GCP_102",
        "CKV_GCP_107",
        "CKV_GCP_112",
        "CKV_GCP_113",
      ],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 6), seed("002", 25)],
    },
    rule: resourceRule(RESOURCE_IAM_TYPES, (r, ctx) => judgeGrants(r, ctx, noPublicMember)),
  },
  {
    id: "IAM-5",
    title: "Service accounts impersonated only by the environment's own identities",
    severity: "error",
    why: "Token Creator, Service Account User or Workload Identity User on a service account lets the member act as it with all its permissions; granted to a person, a domain or a foreign identity it bypasses every grant the kit reviews.",
    fix: "Grant roles on a service account only to service accounts the stack creates (WorkloadIdentity) or to service agents (and Service Account User to the configured deployer, on an account the stack creates: WorkloadIdentity.grantActAs), by reference (${google_service_account.x.member}); a GKE workload may receive roles/iam.workloadIdentityUser as serviceAccount:<project>.svc.id.goog[<namespace>/<ksa>]. People deploy through the pipeline, not by impersonation.",
    mappings: {
      other: [
        "CIS GCP 1.6 and Checkov CKV_GCP_41/CKV_GCP_49 (project level), applied to grants on one service account",
      ],
      hipaa: [HIPAA.accessControl, HIPAA.authentication],
      seed: [seed("002", 6)],
    },
    rule: resourceRule(SERVICE_ACCOUNT_IAM, (r, ctx) =>
      judgeGrants(r, ctx, (grant) => impersonationByOwnIdentities(r, ctx, grant)),
    ),
  },
  {
    id: "IAM-6",
    title: "No HMAC keys",
    severity: "error",
    why: "An HMAC key is a long-lived secret for the S3-compatible XML API: it can be copied anywhere, is stored in Terraform state, and reads or writes every bucket its service account can.",
    fix: "Remove google_storage_hmac_key; use the JSON API with the workload's attached service account or Workload Identity Federation.",
    mappings: {
      other: ["CIS GCP 1.4 (user-managed keys) applied to HMAC keys"],
      hipaa: [HIPAA.accessControl, HIPAA.authentication],
      seed: [seed("002", 17)],
    },
    // Like IAM-3: service accounts pass; every HMAC key (for any of them) fails.
    rule: resourceRule(["google_service_account", "google_storage_hmac_key"], (r) =>
      r.type === "google_storage_hmac_key"
        ? fail("creates an HMAC key (a long-lived credential in Terraform state)")
        : PASS,
    ),
  },
  {
    id: "IAM-7",
    title: "No basic roles on resources",
    severity: "error",
    why: "roles/owner, roles/editor and roles/viewer granted on a single resource still carry every permission of the basic role there (including setIamPolicy for owner); predefined roles say what is allowed.",
    fix: "Grant the predefined role for the task (e.g. roles/storage.objectViewer, roles/secretmanager.secretAccessor) or a custom role defined in the stack; a role from a variable or local cannot be verified.",
    mappings: {
      other: ["Google IAM guidance: predefined roles instead of basic roles in production"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 6)],
    },
    rule: resourceRule(
      RESOURCE_IAM_TYPES.filter((t) => !HIERARCHY.test(t)),
      (r, ctx) => judgeGrants(r, ctx, noBasicRole),
    ),
  },
  {
    id: "IAM-8",
    title: "No project-level data roles for people",
    severity: "error",
    why: "A data role (object access, secret access, encrypt/decrypt, Cloud SQL connect, BigQuery data) granted to a user, group or domain on the project, folder or organization reaches every bucket, secret, key, instance and dataset there, present and future; least access to customer data means granting it on the one resource that needs it.",
    fix: "Grant on the resource with the construct's grant* method (bucket.grantRead, secret.grantRead, key.grantEncryptDecrypt) or, for Cloud SQL (no instance-level IAM), PrivatePostgres.grantConnect, whose IAM condition limits the grant to one instance.",
    mappings: {
      other: ["Google IAM guidance: grant roles at the smallest scope"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 6)],
    },
    rule: resourceRule(
      RESOURCE_IAM_TYPES.filter((t) => HIERARCHY.test(t)),
      noProjectDataRoleForPeople,
    ),
  },
];
