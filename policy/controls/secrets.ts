import type { ControlDefinition, Resource, StackVerdict } from "../model";
import {
  attr,
  blocks,
  durationSeconds,
  isExpression,
  isTrue,
  preventsDestroy,
  show,
} from "../terraform-json";
import {
  HIERARCHY_IAM_TYPES,
  HIPAA,
  NOT_APPLICABLE,
  PASS,
  fail,
  firstFailure,
  iamRoles,
  iamTypes,
  publicMembers,
  resourceRule,
  seed,
  stackRule,
  verdict,
} from "./helpers";

const SECRET = "google_secret_manager_secret";
/** Attribute names that carry credentials: a literal value there is a secret in the repository. */
const CREDENTIAL_ATTRIBUTES = new Set([
  "password",
  "secret_data",
  "api_key",
  "private_key",
  "client_secret",
  "access_token",
  "credentials",
  "auth_token",
  "rest_token",
]);
/** Computed attributes that hold credentials; outputs must not expose them. */
const CREDENTIAL_REFERENCE =
  /\.(password|rest_token|read_only_rest_token|secret_data|private_key|api_key|access_token)\b/;

/** Paths (a.b[0].c) of literal strings under credential-named keys. */
function literalCredentials(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => literalCredentials(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    if (key === "//") return [];
    const here = path ? `${path}.${key}` : key;
    if (CREDENTIAL_ATTRIBUTES.has(key) && typeof v === "string" && v.trim() !== "" && !isExpression(v))
      return [here];
    return literalCredentials(v, here);
  });
}

function secretVersionOk(version: Resource): boolean {
  return isExpression(version.attrs.secret_data) || version.attrs.secret_data === undefined;
}

export const secretControls: ControlDefinition[] = [
  {
    id: "SEC-1",
    title: "Secrets under CMEK in pinned locations",
    severity: "error",
    why: "Automatic replication places copies anywhere under Google-managed keys; user-managed replicas keep secrets in chosen regions under keys you control and audit.",
    fix: "Use replication.user_managed.replicas, each with customer_managed_encryption.kms_key_name (EncryptedSecret does).",
    mappings: { other: ["CFT secret-manager"], hipaa: [HIPAA.encryption], seed: [seed("002", 17)] },
    rule: resourceRule([SECRET], (secret) => {
      const replicas = blocks(attr(secret.attrs, "replication.user_managed.replicas"));
      if (!replicas.length) return fail("replication is not user_managed (locations are not pinned)");
      const missing = replicas.filter((r) => !attr(r, "customer_managed_encryption.kms_key_name"));
      return missing.length
        ? fail(
            `replica(s) ${missing.map((r) => show(r.location)).join(", ")} have no customer_managed_encryption.kms_key_name`,
          )
        : PASS;
    }),
  },
  {
    id: "SEC-2",
    title: "Delayed destruction of secret versions",
    severity: "error",
    why: "A destroyed version stays recoverable for the TTL, so a mistaken destroy does not lose a credential.",
    fix: 'Set version_destroy_ttl (e.g. "604800s").',
    mappings: { other: ["CFT secret-manager"], hipaa: [HIPAA.contingency] },
    rule: resourceRule([SECRET], (secret) =>
      (durationSeconds(secret.attrs.version_destroy_ttl) ?? 0) > 0
        ? PASS
        : fail(`version_destroy_ttl is ${show(secret.attrs.version_destroy_ttl)}`),
    ),
  },
  {
    id: "SEC-3",
    title: "Secrets protected from deletion",
    severity: "error",
    why: "Deleting a secret deletes every version: the credential is gone for every consumer at once.",
    fix: "Keep deletion_protection = true and lifecycle.prevent_destroy = true (do not pass allowDestroy: true).",
    mappings: { other: ["provider 6.43+ deletion_protection"], hipaa: [HIPAA.contingency] },
    rule: resourceRule([SECRET], (secret) =>
      firstFailure(
        !isTrue(secret.attrs.deletion_protection) &&
          `deletion_protection is ${show(secret.attrs.deletion_protection)}`,
        !preventsDestroy(secret) && "lifecycle.prevent_destroy is not true",
      ),
    ),
  },
  {
    id: "SEC-4",
    title: "Secret rotation reminders",
    severity: "warning",
    why: "Credentials that never rotate stay valid forever once leaked; Secret Manager publishes a reminder to a topic when rotation is due.",
    fix: "Set rotation { rotation_period, next_rotation_time } and topics (environment config secrets.rotationDays).",
    mappings: { other: ["CFT secret-manager"], hipaa: [HIPAA.passwords] },
    rule: resourceRule([SECRET], (secret) => {
      const period = durationSeconds(attr(secret.attrs, "rotation.rotation_period"));
      return firstFailure(
        period === undefined && "rotation.rotation_period is unset (no rotation reminder)",
        blocks(secret.attrs.topics).length === 0 && "topics is empty (reminders go nowhere)",
      );
    }),
  },
  {
    id: "SEC-5",
    title: "Secret access granted per secret",
    severity: "error",
    why: "secretAccessor on the project reads every secret in it; a grant on one secret reads only that one.",
    fix: "Grant roles/secretmanager.secretAccessor on the secret with EncryptedSecret.grantAccess(principal), never on the project.",
    mappings: { other: ["CFT secret-manager"], hipaa: [HIPAA.accessControl], seed: [seed("002", 6)] },
    rule: resourceRule([...iamTypes(SECRET), ...HIERARCHY_IAM_TYPES], (r) => {
      if (r.type.startsWith(SECRET)) {
        const open = publicMembers(r);
        return open.length ? fail(`grants ${iamRoles(r).join(", ")} to ${open.join(", ")}`) : PASS;
      }
      const secretRoles = iamRoles(r).filter((role) => role.startsWith("roles/secretmanager."));
      return secretRoles.length
        ? fail(
            `grants ${secretRoles.join(", ")} at ${r.type.replace(/^google_|_iam_.*$/g, "")} level: every secret becomes readable`,
          )
        : NOT_APPLICABLE;
    }),
  },
  {
    id: "SEC-6",
    title: "No credential in configuration, outputs or logs",
    severity: "error",
    why: "A literal credential sits in the repository, the synthesized JSON and CI logs; an output holding one is printed by `terraform output`. Values must flow from resource attributes into Secret Manager.",
    fix: "Take secret values from other resources' attributes (EncryptedSecret.setValueFrom), provider credentials from environment variables, and never output credentials.",
    mappings: {
      hipaa: [HIPAA.accessControl, HIPAA.passwords],
      seed: [seed("002", 15), seed("000", 36), seed("000", 41)],
    },
    rule: stackRule((ctx) => {
      const verdicts: StackVerdict[] = [];
      for (const r of ctx.resources) {
        const literals = literalCredentials(r.attrs);
        if (literals.length) verdicts.push(verdict(fail(`literal credential in ${literals.join(", ")}`), r));
      }
      const providers = literalCredentials(ctx.json.provider);
      if (providers.length)
        verdicts.push(verdict(fail(`literal credential in provider.${providers.join(", provider.")}`)));
      for (const [name, output] of Object.entries(
        (ctx.json.output ?? {}) as Record<string, { value?: unknown }>,
      )) {
        const match = CREDENTIAL_REFERENCE.exec(JSON.stringify(output.value ?? ""));
        if (match) verdicts.push(verdict(fail(`output "${name}" exposes ${match[1]}`)));
      }
      if (!verdicts.length) {
        const versions = ctx.ofType("google_secret_manager_secret_version").filter(secretVersionOk);
        verdicts.push(
          verdict(
            PASS,
            undefined,
            versions.map((v) => v.address),
          ),
        );
      }
      return verdicts;
    }),
  },
];
