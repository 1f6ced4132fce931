import type { ControlDefinition, Resource, StackVerdict } from "../model";
import SENSITIVE_DATA from "../data/google-sensitive-attributes.json";
import { isDeployerGrant } from "./deployer";
import { cannotVerify, classify, isExternalInput } from "../expressions";
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
  iamRule,
  iamTypes,
  publicMembers,
  resourceRule,
  seed,
  stackRule,
  verdict,
} from "./helpers";

const SECRET = "google_secret_manager_secret";
/** Sensitive and write-only attribute paths by resource type and provider (derived from the provider schemas). */
const SENSITIVE = SENSITIVE_DATA as {
  readonly resources: Readonly<Record<string, readonly string[]>>;
  readonly providers: Readonly<Record<string, readonly string[]>>;
};
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

/**
 * Sensitive-marked attributes that are not secrets: public certificates and keys (a PEM certificate is
 * published by design), and a bucket object's content, which is judged by what it holds (looksLikeCredential).
 */
function isPublicMaterial(type: string, path: string): boolean {
  const last = path.split(".").pop() ?? path;
  if (type === "google_storage_bucket_object" && path === "content") return true;
  return /(^|_)(cert|certificate|ca_cert)$/.test(last) || path.endsWith("public_key.value");
}

/** Values at a schema path (`settings.root_password`) through every block instance. */
function valuesAt(root: unknown, path: readonly string[]): unknown[] {
  if (!path.length) return [root];
  return blocks(root).flatMap((b) => (path[0] in b ? valuesAt(b[path[0]], path.slice(1)) : []));
}

/**
 * Attributes the provider schema marks sensitive or write-only (google 6.50.0, upstash 2.0.1) that hold a
 * literal after resolution, or a value the check cannot verify: a literal there is a credential in the
 * repository, in the synthesized JSON and in CI logs.
 */
function sensitiveLiterals(r: Resource): string[] {
  const paths = (SENSITIVE.resources[r.type] ?? []).filter((p) => !isPublicMaterial(r.type, p));
  return paths.flatMap((path) =>
    valuesAt(r.attrs, path.split(".")).flatMap((value) => {
      if (value === undefined || value === null || value === "" || isExternalInput(value)) return [];
      const found = classify(value);
      if (found.kind === "references") return [];
      return [found.kind === "literal" ? path : `${path} (cannot verify: ${show(found.text)})`];
    }),
  );
}

/** Text that looks like a credential: private keys, service account keys, tokens, `password=` assignments. */
const CREDENTIAL_TEXT = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /"type"\s*:\s*"service_account"/,
  /"private_key"\s*:/,
  // No word boundary before the name: DATABASE_PASSWORD=... and db.password: ... both count.
  /(password|passwd|pwd|secret|token|api[_-]?key)\s*[:=]\s*\S{6,}/i,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/,
  /\bxox[baprs]-[A-Za-z0-9-]{10,}\b/,
  /\b(rediss?|postgres(ql)?|mysql):\/\/[^\s:@/]+:[^\s@/]+@/,
];

/** True when `text` looks like a credential (a storage object's content, a metadata value). */
export function looksLikeCredential(text: string): boolean {
  return CREDENTIAL_TEXT.some((pattern) => pattern.test(text));
}

/** The problem with an output's value: a whole resource or data source with sensitive attributes, or a sensitive attribute. */
function outputExposure(value: unknown): string | undefined {
  const text = JSON.stringify(value ?? "");
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = match[1];
    const credential = CREDENTIAL_REFERENCE.exec(`.${inner.split(".").slice(-1)[0]}`);
    for (const m of inner.matchAll(
      /(?:^|[^A-Za-z0-9_.])((?:data\.)?[a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)(\.[A-Za-z0-9_.]+)?/g,
    )) {
      const [, typeText, , rest] = m;
      const type = typeText.replace(/^data\./, "");
      const sensitive = SENSITIVE.resources[type];
      if (!sensitive) continue;
      if (rest === undefined)
        return `the whole ${type} (which has sensitive attributes ${sensitive.join(", ")})`;
      const attribute = rest.slice(1).split(".")[0];
      if (sensitive.some((p) => p.split(".")[0] === attribute))
        return `${type}.${attribute} (a sensitive attribute)`;
    }
    if (credential) return credential[1];
  }
  // Locals and variables are resolved already; what is still neither literal nor references cannot be verified.
  const found = classify(value);
  return found.kind === "expression" ? `a value the check cannot verify (${show(found.text)})` : undefined;
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
    fix: 'Config secrets.versionDestroyDays (EncryptedSecret). In Terraform: version_destroy_ttl (e.g. "604800s").',
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
    fix: "Do not pass allowDestroy: true to EncryptedSecret. In Terraform: deletion_protection = true and lifecycle.prevent_destroy = true.",
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
    fix: "Config secrets.rotationDays (EncryptedSecret rotation). In Terraform: rotation { rotation_period, next_rotation_time } and topics.",
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
    fix: "Grant roles/secretmanager.secretAccessor on the secret with EncryptedSecret.grantRead(principal), never on the project (the one exception: roles/secretmanager.admin that the bootstrap stack grants the configured deployer).",
    mappings: { other: ["CFT secret-manager"], hipaa: [HIPAA.accessControl], seed: [seed("002", 6)] },
    rule: iamRule([...iamTypes(SECRET), ...HIERARCHY_IAM_TYPES], (r, ctx) => {
      if (r.type.startsWith(SECRET)) {
        const open = publicMembers(r);
        return open.length ? fail(`grants ${iamRoles(r).join(", ")} to ${open.join(", ")}`) : PASS;
      }
      const secretRoles = iamRoles(r).filter((role) => role.startsWith("roles/secretmanager."));
      if (!secretRoles.length) return NOT_APPLICABLE;
      // The deployer writes the secret versions and reads them back (the provider reads secret_data), as it
      // reads every credential in state: its one project-level secret role is the kit's, in the bootstrap.
      const refused = secretRoles.filter((role) => !isDeployerGrant(r, ctx, role));
      return refused.length
        ? fail(
            `grants ${refused.join(", ")} at ${r.type.replace(/^google_|_iam_.*$/g, "")} level: every secret becomes readable`,
          )
        : PASS;
    }),
  },
  {
    id: "SEC-6",
    title: "No credential in configuration, outputs or logs",
    severity: "error",
    why: "A literal credential sits in the repository, the synthesized JSON and CI logs; an output holding one is printed by `terraform output`. Values must flow from resource attributes into Secret Manager.",
    fix: "Take secret values from other resources' attributes (EncryptedSecret.setValueFrom), provider credentials from environment variables, and never output credentials or whole resources that hold them. In Terraform: no literal in any attribute the provider schema marks sensitive or write-only (secret_data, root_password, *_wo, tokens, keys).",
    mappings: {
      hipaa: [HIPAA.accessControl, HIPAA.passwords],
      seed: [seed("002", 15), seed("000", 36), seed("000", 41)],
    },
    rule: stackRule((ctx) => {
      const verdicts: StackVerdict[] = [];
      for (const r of ctx.resources) {
        const literals = [...new Set([...literalCredentials(r.attrs), ...sensitiveLiterals(r)])];
        if (literals.length) verdicts.push(verdict(fail(`literal credential in ${literals.join(", ")}`), r));
        if (r.type === "google_storage_bucket_object" && r.attrs.content !== undefined) {
          const found = classify(r.attrs.content);
          if (
            found.kind === "literal" &&
            typeof r.attrs.content === "string" &&
            looksLikeCredential(r.attrs.content)
          )
            verdicts.push(verdict(fail("content looks like a credential (a key, token or password)"), r));
          else if (found.kind === "expression")
            verdicts.push(verdict(cannotVerify("google_storage_bucket_object.content", r.attrs.content), r));
        }
      }
      for (const provider of ctx.providers) {
        const names = [...(SENSITIVE.providers[provider.type] ?? []), ...CREDENTIAL_ATTRIBUTES];
        const literal = [...new Set(names)].filter((n) => {
          const v = provider.attrs[n];
          return (
            v !== undefined &&
            v !== null &&
            v !== "" &&
            !isExternalInput(v) &&
            classify(v).kind !== "references"
          );
        });
        if (literal.length)
          verdicts.push(
            verdict(
              fail(
                `literal credential in provider.${provider.type}.${literal.join(`, provider.${provider.type}.`)}`,
              ),
            ),
          );
      }
      for (const output of ctx.outputs) {
        const exposed = outputExposure(output.value);
        if (exposed) verdicts.push(verdict(fail(`output "${output.name}" exposes ${exposed}`)));
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
