import type { ControlDefinition, Resource } from "../model";
import { attr, durationSeconds, isSet, preventsDestroy, show } from "../terraform-json";
import { alertingFor } from "./alerts";
import {
  HIERARCHY_IAM_TYPES,
  HIPAA,
  NOT_APPLICABLE,
  checksProjectWide,
  PASS,
  fail,
  firstFailure,
  iamMembers,
  iamRoles,
  iamRule,
  iamTypes,
  publicMembers,
  resourceRule,
  seed,
  stackRule,
  verdict,
} from "./helpers";
import { MAX_ROTATION_DAYS } from "../../core/rules/kms";
import { NAMED_MEMBER } from "../../core/rules/iam";

const KEY = "google_kms_crypto_key";
const MAX_ROTATION_SECONDS = MAX_ROTATION_DAYS * 86400;
/** Roles that use a key (encrypt/decrypt) as opposed to administering it. */
const KEY_USE_ROLES = [
  "roles/cloudkms.cryptoKeyEncrypterDecrypter",
  "roles/cloudkms.cryptoKeyEncrypter",
  "roles/cloudkms.cryptoKeyDecrypter",
  "roles/cloudkms.cryptoKeyEncrypterDecrypterViaDelegation",
];

function isSymmetric(key: Resource): boolean {
  return (key.attrs.purpose ?? "ENCRYPT_DECRYPT") === "ENCRYPT_DECRYPT";
}

export const kmsControls: ControlDefinition[] = [
  {
    id: "KMS-1",
    title: "Key rotation at most every 90 days",
    severity: "error",
    why: "Rotation limits how much data one key version protects and how long a leaked version stays useful.",
    fix: 'Config kms.rotationDays (KmsKey rotationDays, at most 90). In Terraform: rotation_period at most "7776000s".',
    mappings: { cis: ["1.10"], checkov: ["CKV_GCP_43"], hipaa: [HIPAA.encryption], seed: [seed("002", 17)] },
    rule: resourceRule([KEY], (key) => {
      if (!isSymmetric(key)) return NOT_APPLICABLE;
      const seconds = durationSeconds(key.attrs.rotation_period);
      if (seconds === undefined) return fail(`rotation_period is ${show(key.attrs.rotation_period)}`);
      return seconds <= MAX_ROTATION_SECONDS
        ? PASS
        : fail(`rotation_period is ${seconds / 86400} days (max ${MAX_ROTATION_DAYS})`);
    }),
  },
  {
    id: "KMS-2",
    title: "Keys and key rings cannot be destroyed by Terraform",
    severity: "error",
    why: "Destroying a key makes everything it encrypted unreadable; a `terraform destroy` must never schedule that.",
    fix: "Do not pass allowDestroy: true to KmsKey. In Terraform: keep lifecycle.prevent_destroy = true.",
    mappings: { checkov: ["CKV_GCP_82"], other: ["CFT kms"], hipaa: [HIPAA.contingency, HIPAA.encryption] },
    rule: resourceRule([KEY, "google_kms_key_ring"], (r) =>
      preventsDestroy(r) ? PASS : fail("lifecycle.prevent_destroy is not true"),
    ),
  },
  {
    id: "KMS-3",
    title: "Destroy grace period on keys",
    severity: "error",
    why: "A scheduled-for-destruction key version stays restorable for the grace period, so a mistaken destroy can be undone.",
    fix: 'Config kms.destroyScheduledDays (KmsKey destroyScheduledDays). In Terraform: destroy_scheduled_duration explicitly, at least "86400s".',
    mappings: { other: ["CFT kms"], hipaa: [HIPAA.contingency] },
    rule: resourceRule([KEY], (key) => {
      const seconds = durationSeconds(key.attrs.destroy_scheduled_duration);
      return seconds !== undefined && seconds >= 86400
        ? PASS
        : fail(`destroy_scheduled_duration is ${show(key.attrs.destroy_scheduled_duration)}`);
    }),
  },
  {
    id: "KMS-4",
    title: "Explicit key purpose and protection level (HSM in production)",
    severity: "error",
    why: "HSM keys never leave a FIPS 140-2 Level 3 module; an explicit purpose and level make the key's strength reviewable.",
    fix: 'Config kms.protectionLevel (KmsKey protectionLevel; HSM in production). In Terraform: purpose = "ENCRYPT_DECRYPT" and version_template.protection_level.',
    mappings: { other: ["CFT kms"], hipaa: [HIPAA.encryption], seed: [seed("002", 17)] },
    rule: resourceRule([KEY], (key, ctx) => {
      const level = attr(key.attrs, "version_template.protection_level");
      return firstFailure(
        !isSet(key.attrs.purpose) && "purpose is unset",
        !isSet(level) && "version_template.protection_level is unset",
        ctx.settings.production &&
          level !== "HSM" &&
          `protection_level is ${show(level)} in a production environment`,
      );
    }),
  },
  {
    id: "KMS-5",
    title: "Key use granted per key to named identities",
    severity: "error",
    why: "Encrypt/decrypt rights granted on a project or key ring reach every key in it; per-key grants to named service agents keep use separate from administration.",
    fix: "Grant roles/cloudkms.cryptoKeyEncrypterDecrypter (or Encrypter/Decrypter) on the key with KmsKey.grantEncryptDecrypt(principal); never cloudkms.admin on a key, never key use on a project or ring.",
    mappings: { cis: ["1.11"], hipaa: [HIPAA.accessControl], seed: [seed("002", 17)] },
    rule: iamRule(
      [...iamTypes("google_kms_crypto_key", "google_kms_key_ring"), ...HIERARCHY_IAM_TYPES],
      (r) => {
        const roles = iamRoles(r);
        const useRoles = roles.filter((role) => KEY_USE_ROLES.includes(role));
        if (r.type.startsWith("google_kms_crypto_key_")) {
          const unnamed = iamMembers(r).filter((m) => !m.includes("${") && !NAMED_MEMBER.test(m));
          return firstFailure(
            roles.some((role) => !KEY_USE_ROLES.includes(role)) &&
              `grants ${roles.filter((role) => !KEY_USE_ROLES.includes(role)).join(", ")} on a key (administration belongs on the ring or project, to other identities)`,
            unnamed.length > 0 && `grants key use to ${unnamed.join(", ")} (not a named identity)`,
          );
        }
        if (!roles.some((role) => role.startsWith("roles/cloudkms."))) return NOT_APPLICABLE;
        return useRoles.length
          ? fail(
              `grants ${useRoles.join(", ")} on a ${r.type.startsWith("google_kms_key_ring") ? "key ring" : "project/folder/organization"}: every key in it becomes usable`,
            )
          : PASS;
      },
    ),
  },
  {
    id: "KMS-6",
    title: "No public key or key ring IAM",
    severity: "error",
    why: "allUsers or allAuthenticatedUsers on a key lets anyone use or read it.",
    fix: "Remove allUsers / allAuthenticatedUsers from the key's or ring's IAM; grant named identities only.",
    mappings: { cis: ["1.9"], checkov: ["CKV_GCP_112"], hipaa: [HIPAA.accessControl] },
    rule: iamRule(iamTypes("google_kms_crypto_key", "google_kms_key_ring"), (r) => {
      const open = publicMembers(r);
      return open.length ? fail(`grants ${iamRoles(r).join(", ")} to ${open.join(", ")}`) : PASS;
    }),
  },
  {
    id: "KMS-7",
    title: "Alert on key version destruction",
    severity: "error",
    why: "Destroying a key version is irreversible after the grace period; someone must be paged while it can still be restored.",
    fix: 'Add a google_monitoring_alert_policy with a condition_matched_log on protoPayload.methodName="DestroyCryptoKeyVersion" (and alert_strategy.notification_rate_limit) or a log metric plus alert, with a notification channel.',
    mappings: {
      other: ["CFT kms example"],
      hipaa: [HIPAA.audit, HIPAA.incidents],
      seed: [seed("002", 17), seed("002", 26)],
    },
    rule: stackRule((ctx) => {
      if (!checksProjectWide(ctx)) return [];
      const alerting = alertingFor(ctx, (f) => f.includes("DestroyCryptoKeyVersion"));
      return [
        alerting.paging.length
          ? verdict(
              PASS,
              undefined,
              [...alerting.metrics, ...alerting.paging].map((r) => r.address),
            )
          : verdict(
              fail(
                alerting.metricPolicies.length || alerting.logMatchPolicies.length
                  ? "the DestroyCryptoKeyVersion alert policy has no notification channel"
                  : "no alert policy matches DestroyCryptoKeyVersion log entries",
              ),
            ),
      ];
    }),
  },
];
