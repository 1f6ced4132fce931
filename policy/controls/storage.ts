import type { ControlDefinition, Outcome, Resource, StackContext } from "../model";
import { cannotVerify, unverifiable } from "../expressions";
import {
  attr,
  blocks,
  isExpression,
  isFalse,
  isSet,
  isTrue,
  list,
  numberOf,
  preventsDestroy,
  refersTo,
  show,
} from "../terraform-json";
import {
  HIPAA,
  NOT_APPLICABLE,
  PASS,
  fail,
  firstFailure,
  iamTypes,
  publicMembers,
  resourceRule,
  unverifiedIam,
  seed,
} from "./helpers";
import { isReplicatedStorageLocation } from "../../core/rules/storage-locations";
import { isPublicMember } from "../../core/rules/iam";
import { describeTermination, terminationDays } from "../../core/rules/retention";
import { bucketDeletion, retentionBounds } from "./bucket-deletion";

const BUCKET = "google_storage_bucket";
/** Canned ACLs that grant allUsers or allAuthenticatedUsers. */
const PUBLIC_PREDEFINED_ACLS = ["publicRead", "publicReadWrite", "authenticatedRead"];
/** Multi- and predefined dual-region locations: data is stored in at least two regions. */
const MIN_SOFT_DELETE = 7 * 86400;
const MAX_SOFT_DELETE = 90 * 86400;

/** True when another bucket in the stack sends its access logs to `bucket` (it is an access-log sink). */
function isAccessLogSink(bucket: Resource, ctx: StackContext): boolean {
  return ctx
    .ofType(BUCKET)
    .some((other) => other !== bucket && refersTo(attr(other.attrs, "logging.log_bucket"), bucket));
}

/** Audit-config services whose Data Access logs cover Cloud Storage. */
const STORAGE_AUDIT_SERVICES = ["allServices", "storage.googleapis.com"];

/**
 * The stack's `google_project_iam_audit_config` that records every object read and write (DATA_READ and
 * DATA_WRITE for allServices or storage.googleapis.com, nobody exempted), or undefined. Evidence for GCS-9
 * when a bucket has no usage logs; it proves the configuration the stack applies, not the live project.
 */
export function storageDataAccessAudit(ctx: StackContext): Resource | undefined {
  return ctx.ofType("google_project_iam_audit_config").find((config) => {
    if (!STORAGE_AUDIT_SERVICES.includes(String(config.attrs.service))) return false;
    const logs = blocks(config.attrs.audit_log_config);
    const recorded = (type: string) =>
      logs.some((l) => l.log_type === type && list(l.exempted_members).length === 0);
    return recorded("DATA_READ") && recorded("DATA_WRITE");
  });
}

/** True when a log sink in the stack exports into `bucket` (`storage.googleapis.com/<bucket>`). */
function isLogSinkDestination(bucket: Resource, ctx: StackContext): boolean {
  return ctx.resources
    .filter((r) => /^google_logging_(project|folder|organization|billing_account)_sink$/.test(r.type))
    .some((sink) => {
      const destination = String(sink.attrs.destination ?? "");
      return destination.startsWith("storage.googleapis.com/") && refersTo(destination.slice(23), bucket);
    });
}

/** GCS-7's end-to-end check: days from termination until nothing of the object is recoverable, against `bound`. */
export function terminationBoundOutcome(bucket: Resource, bound: number): Outcome {
  const d = bucketDeletion(bucket);
  if (d.unverifiable)
    return fail(
      `cannot verify ${d.unverifiable} (the check cannot evaluate it; use a literal value), so the days a terminated customer's objects stay recoverable are unknown`,
    );
  if (d.liveDays === undefined)
    return fail(
      "no Delete lifecycle rule by days_since_custom_time or age applies to every object (a rule narrowed by prefix, suffix, storage class, date or state proves nothing about a terminated customer's objects)",
    );
  if (d.noncurrentDays === undefined)
    return fail(
      d.noncurrentByCountOnly
        ? "noncurrent versions are deleted by num_newer_versions only: the last version of a deleted object has no newer version and is kept forever; add a Delete rule with days_since_noncurrent_time"
        : "no Delete lifecycle rule by days_since_noncurrent_time applies to every noncurrent version",
    );
  if (d.softDeleteDays === undefined)
    return fail(
      "soft_delete_policy.retention_duration_seconds is unset (Cloud Storage applies its own default window, so the bound cannot be proven)",
    );
  const window = {
    afterCustomTimeDays: Math.max(d.liveDays, d.retentionPolicyDays),
    noncurrentDays: d.noncurrentDays,
    softDeleteDays: d.softDeleteDays,
  };
  return terminationDays(window) <= bound
    ? PASS
    : fail(
        `a terminated customer's objects stay recoverable up to ${describeTermination(window)}${d.retentionPolicyDays > d.liveDays ? ` (the retention policy holds objects ${d.retentionPolicyDays} days)` : ""}; the bound is ${bound} days (retention.customerDataDeletionDays)`,
      );
}

function deleteRules(bucket: Resource) {
  return blocks(bucket.attrs.lifecycle_rule).filter((r) => attr(r, "action.type") === "Delete");
}

export const storageControls: ControlDefinition[] = [
  {
    id: "GCS-1",
    title: "Public access prevention enforced",
    severity: "error",
    why: "The provider default ('inherited') lets an IAM or ACL change publish objects; 'enforced' refuses public access whatever is granted.",
    fix: 'Set public_access_prevention = "enforced" (SecureBucket always does).',
    mappings: { checkov: ["CKV_GCP_114"], hipaa: [HIPAA.accessControl], seed: [seed("002", 30)] },
    rule: resourceRule([BUCKET], (b) =>
      b.attrs.public_access_prevention === "enforced"
        ? PASS
        : fail(`public_access_prevention is ${show(b.attrs.public_access_prevention)}`),
    ),
  },
  {
    id: "GCS-2",
    title: "Uniform bucket-level access",
    severity: "error",
    why: "Object ACLs grant access object by object, invisible to bucket IAM reviews; uniform access makes IAM the only way in.",
    fix: "Set uniform_bucket_level_access = true.",
    mappings: {
      cis: ["5.2"],
      checkov: ["CKV_GCP_29"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 30)],
    },
    rule: resourceRule([BUCKET], (b) =>
      isTrue(b.attrs.uniform_bucket_level_access)
        ? PASS
        : fail(`uniform_bucket_level_access is ${show(b.attrs.uniform_bucket_level_access)}`),
    ),
  },
  {
    id: "GCS-3",
    title: "No public bucket IAM or ACL",
    severity: "error",
    why: "allUsers or allAuthenticatedUsers on a bucket publishes its contents to the internet.",
    fix: "Remove allUsers / allAuthenticatedUsers; grant named identities with SecureBucket.grantRead / grantPut / grantReadWrite.",
    mappings: {
      cis: ["5.1"],
      checkov: ["CKV_GCP_28"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 30)],
    },
    rule: resourceRule(
      [
        ...iamTypes(BUCKET),
        "google_storage_bucket_acl",
        "google_storage_default_object_acl",
        "google_storage_object_acl",
        "google_storage_bucket_access_control",
        "google_storage_default_object_access_control",
        "google_storage_object_access_control",
        "google_storage_bucket_object",
      ],
      (r) => {
        const unverified =
          unverifiedIam(r) ??
          (["role_entity", "entity", "predefined_acl"]
            .filter((field) => unverifiable(r.attrs[field]) !== undefined)
            .map((field) => cannotVerify(`${r.type}.${field}`, r.attrs[field]))[0] as Outcome | undefined);
        if (unverified) return unverified;
        const entities = [
          ...publicMembers(r),
          ...[...list(r.attrs.role_entity), ...list(r.attrs.entity)].map(String).filter(isPublicMember),
          // Canned ACLs that publish: publicRead(Write) to allUsers, authenticatedRead to allAuthenticatedUsers.
          ...list(r.attrs.predefined_acl)
            .map(String)
            .filter((acl) => PUBLIC_PREDEFINED_ACLS.includes(acl))
            .map((acl) => `predefined_acl ${acl}`),
        ];
        return entities.length ? fail(`grants access to ${entities.join(", ")}`) : PASS;
      },
    ),
  },
  {
    id: "GCS-4",
    title: "Versioning on, no force-destroy, retained by Terraform",
    severity: "error",
    why: "Versions recover overwritten or deleted objects; force_destroy and a destroyable bucket let one command erase the data.",
    fix: "SecureBucket keeps versioning (or retention) and refuses force_destroy; do not pass allowDestroy: true. In Terraform: versioning.enabled = true (or a retention policy), force_destroy = false and lifecycle.prevent_destroy = true.",
    mappings: {
      checkov: ["CKV_GCP_78"],
      hipaa: [HIPAA.contingency, HIPAA.integrity],
      seed: [seed("002", 29)],
    },
    rule: resourceRule([BUCKET], (b) =>
      firstFailure(
        !isTrue(attr(b.attrs, "versioning.enabled")) &&
          !b.attrs.retention_policy &&
          `versioning.enabled is ${show(attr(b.attrs, "versioning.enabled"))}`,
        b.attrs.force_destroy !== undefined &&
          !isFalse(b.attrs.force_destroy) &&
          `force_destroy is ${show(b.attrs.force_destroy)}`,
        !preventsDestroy(b) && "lifecycle.prevent_destroy is not true",
      ),
    ),
  },
  {
    id: "GCS-5",
    title: "Customer-managed encryption key",
    severity: "error",
    why: "With CMEK, access to the data also requires access to a key you control, rotate and audit; disabling the key cuts off the data.",
    fix: "Set encryption.default_kms_key_name and grant the Cloud Storage service agent encrypt/decrypt on the key (SecureBucket does both).",
    mappings: { other: ["CFT cloud-storage"], hipaa: [HIPAA.encryption], seed: [seed("002", 18)] },
    rule: resourceRule([BUCKET], (b, ctx) => {
      const key = attr(b.attrs, "encryption.default_kms_key_name");
      if (!isSet(key)) return fail("encryption.default_kms_key_name is unset (Google-managed key)");
      const keyResource = ctx.ofType("google_kms_crypto_key").find((k) => refersTo(key, k));
      if (!keyResource) return PASS;
      const granted = ctx
        .ofType("google_kms_crypto_key_iam_member")
        .some(
          (g) =>
            refersTo(g.attrs.crypto_key_id, keyResource) &&
            /google_storage_project_service_account|gs-project-accounts\.iam\.gserviceaccount\.com/.test(
              String(g.attrs.member),
            ) &&
            String(g.attrs.role).startsWith("roles/cloudkms.cryptoKey"),
        );
      return granted
        ? PASS
        : fail(`the Cloud Storage service agent is not granted on ${keyResource.address}`);
    }),
  },
  {
    id: "GCS-6",
    title: "Soft delete for 7 to 90 days",
    severity: "error",
    why: "Soft-deleted objects (and buckets) stay restorable for the retention window after a delete.",
    fix: "Config storage.softDeleteDays (SecureBucket softDeleteDays, 7-90). In Terraform: soft_delete_policy.retention_duration_seconds between 604800 and 7776000.",
    mappings: { other: ["CFT cloud-storage"], hipaa: [HIPAA.contingency], seed: [seed("002", 29)] },
    rule: resourceRule([BUCKET], (b) => {
      const seconds = numberOf(attr(b.attrs, "soft_delete_policy.retention_duration_seconds"));
      return seconds !== undefined && seconds >= MIN_SOFT_DELETE && seconds <= MAX_SOFT_DELETE
        ? PASS
        : fail(`soft_delete_policy.retention_duration_seconds is ${show(seconds)}`);
    }),
  },
  {
    id: "GCS-7",
    title: "Versions expire; terminated customers' data gone within the bound",
    severity: "error",
    why: "Old versions are kept long enough to recover, then deleted. Customer data is deleted a set number of days after termination (the source documents: 60), end to end: an object whose custom time marks a terminated customer is deleted by lifecycle, its noncurrent version is kept, then the permanently deleted version stays soft-deleted, so days after custom time (or the retention policy, if longer) + noncurrent days + soft-delete days must fit in the environment's retention.customerDataDeletionDays (at most 60). Only Delete rules that apply to every object count (no prefix, suffix, storage class, date or version-count condition); num_newer_versions alone never deletes the last version of a deleted object. Not applied to the bootstrap stack (Terraform state and its access logs, never customer data) or to a log sink's destination under a locked retention policy (an audit archive, GCS-10, whose retention RET-1 caps); any other bucket that must keep objects longer needs an exception that says why.",
    fix: "Config storage.deleteAfterTerminationDays + storage.noncurrentVersionRetentionDays + storage.softDeleteDays within retention.customerDataDeletionDays (defaults 30 + 23 + 7 = 60; SecureBucket deleteAfterCustomTimeDays, noncurrentVersionRetentionDays, softDeleteDays). In Terraform: Delete lifecycle rules with condition.days_since_custom_time (or age) and condition.days_since_noncurrent_time, and soft_delete_policy.retention_duration_seconds, adding up to the bound. Set the custom time with `npm run terminate-customer`.",
    mappings: {
      other: ["security practices, line 20, 29, 36"],
      hipaa: [HIPAA.contingency],
      seed: [seed("002", 20), seed("002", 29), seed("002", 36)],
    },
    rule: resourceRule([BUCKET], (b, ctx) => {
      const rules = deleteRules(b);
      const noncurrent = rules.some(
        (r) =>
          isSet(attr(r, "condition.days_since_noncurrent_time")) ||
          isSet(attr(r, "condition.num_newer_versions")),
      );
      const expiry = rules.some(
        (r) => isSet(attr(r, "condition.days_since_custom_time")) || isSet(attr(r, "condition.age")),
      );
      const missing = firstFailure(
        !noncurrent && "no Delete lifecycle rule for noncurrent versions",
        !expiry && "no Delete lifecycle rule by custom time (termination) or age",
      );
      if (missing !== PASS) return missing;
      // The bootstrap stack (trusted from the stack's name) holds only Terraform state and its access logs;
      // a log archive under a locked retention policy (GCS-10) keeps audit evidence, capped by RET-1.
      if (ctx.settings.role === "bootstrap") return PASS;
      if (isLogSinkDestination(b, ctx) && isTrue(attr(b.attrs, "retention_policy.is_locked"))) return PASS;
      return terminationBoundOutcome(b, retentionBounds(ctx.settings).customerDataDeletionDays);
    }),
  },
  {
    id: "GCS-8",
    title: "Replicated location",
    severity: "warning",
    why: "A multi- or dual-region bucket keeps serving, and keeps the data, when one region is lost.",
    fix: "Config storage.location: a multi-region (EU, US, ASIA) or predefined dual-region (EUR4, NAM4, ...). In Terraform: location, or custom_placement_config with two regions.",
    mappings: { other: ["security practices, line 29"], hipaa: [HIPAA.contingency], seed: [seed("002", 29)] },
    rule: resourceRule([BUCKET], (b) => {
      const location = String(b.attrs.location ?? "").toUpperCase();
      const custom = list(attr(b.attrs, "custom_placement_config.data_locations"));
      if (isReplicatedStorageLocation(location) || custom.length >= 2 || isExpression(b.attrs.location))
        return PASS;
      return fail(`location ${show(b.attrs.location)} is a single region`);
    }),
  },
  {
    id: "GCS-9",
    title: "Object access is logged",
    severity: "error",
    why: "Access logs record who read or wrote which object. Accepted evidence: usage logs to another bucket (logging.log_bucket), or, in the same stack, a google_project_iam_audit_config recording DATA_READ and DATA_WRITE for allServices or storage.googleapis.com with nobody exempted (Cloud Audit Logs Data Access). Usage logs need a grant to group:cloud-storage-analytics@google.com that domain restricted sharing refuses, so the kit's default is the audit logs. An access-log bucket itself is exempt (logging into itself would loop). The check judges the configuration, not the live project.",
    fix: "Keep the Data Access audit config in the stack (SecureBucket accessLogs: { dataAccessAuditLogs }), or set logging.log_bucket to the access-log bucket (storage.usageLogs: true).",
    mappings: { checkov: ["CKV_GCP_62", "CKV_GCP_63"], hipaa: [HIPAA.audit] },
    rule: resourceRule([BUCKET], (b, ctx) => {
      if (isAccessLogSink(b, ctx)) return NOT_APPLICABLE;
      const target = attr(b.attrs, "logging.log_bucket");
      if (isSet(target)) return refersTo(target, b) ? fail("logging.log_bucket is the bucket itself") : PASS;
      return storageDataAccessAudit(ctx)
        ? PASS
        : fail(
            "logging.log_bucket is unset and the stack has no audit config recording DATA_READ and DATA_WRITE for Cloud Storage (no access logs)",
          );
    }),
  },
  {
    id: "GCS-10",
    title: "Locked retention on log export buckets",
    severity: "error",
    why: "A locked retention policy stops anyone, including project owners, from deleting exported audit logs before they expire.",
    fix: "Set retention_policy { retention_period, is_locked = true } on buckets that receive log sink exports.",
    mappings: { cis: ["2.3"], checkov: ["CKV2_GCP_4"], hipaa: [HIPAA.audit, HIPAA.integrity] },
    rule: resourceRule([BUCKET], (b, ctx) => {
      if (!isLogSinkDestination(b, ctx)) return NOT_APPLICABLE;
      return isTrue(attr(b.attrs, "retention_policy.is_locked"))
        ? PASS
        : fail(
            `receives log exports but retention_policy.is_locked is ${show(attr(b.attrs, "retention_policy.is_locked"))}`,
          );
    }),
  },
];
