/**
 * References the check knows to name an identity the environment itself manages, so an IAM member that is
 * an expression can still be judged: `${google_service_account.app.member}` or
 * `serviceAccount:${google_service_account.app.email}` is the stack's own service account, never a public
 * or foreign principal. Any other expression cannot be verified (the rules fail closed).
 */
import { SERVICE_AGENT_FROM_PROJECT_NUMBER, classify } from "../expressions";

/** Who an identity reference names. */
export type IdentityKind =
  /** A service account the stack creates (the kit's `WorkloadIdentity`, or a team's own). */
  | "service-account"
  /** A Google-managed service agent of the project (Cloud Storage, Pub/Sub, Cloud SQL, Logging, ...). */
  | "service-agent"
  /** A service account looked up by a data source: a named identity, but not one the stack manages. */
  | "existing-service-account";

interface IdentityReference {
  readonly kind: IdentityKind;
  /** Attributes that are a full IAM member (`serviceAccount:<email>`). */
  readonly member: readonly string[];
  /** Attributes that are an email (valid after a `serviceAccount:` prefix). */
  readonly email: readonly string[];
}

/** Reference roots (`type` or `data.type`) whose attributes are identities, by what they name. */
export const IDENTITY_REFERENCES: Readonly<Record<string, IdentityReference>> = {
  google_service_account: { kind: "service-account", member: ["member"], email: ["email"] },
  google_project_service_identity: { kind: "service-agent", member: ["member"], email: ["email"] },
  "data.google_storage_project_service_account": {
    kind: "service-agent",
    member: ["member"],
    email: ["email_address"],
  },
  "data.google_logging_project_cmek_settings": {
    kind: "service-agent",
    member: [],
    email: ["service_account_id"],
  },
  "data.google_service_account": { kind: "existing-service-account", member: ["member"], email: ["email"] },
  "data.google_compute_default_service_account": {
    kind: "existing-service-account",
    member: ["member"],
    email: ["email"],
  },
  "data.google_bigquery_default_service_account": {
    kind: "service-agent",
    member: ["member"],
    email: ["email"],
  },
};

/** An IAM member as the check understands it. */
export type MemberValue =
  | { readonly kind: "literal"; readonly member: string }
  | {
      readonly kind: "identity";
      readonly identity: IdentityKind;
      readonly ref: string;
      readonly text: string;
    }
  | { readonly kind: "unverifiable"; readonly text: string };

function identityOf(ref: string, as: "member" | "email"): { kind: IdentityKind } | undefined {
  const parts = ref.split(".");
  const root = parts[0] === "data" ? `data.${parts[1]}` : parts[0];
  const attribute = parts[0] === "data" ? parts.slice(3).join(".") : parts.slice(2).join(".");
  const known = IDENTITY_REFERENCES[root];
  return known && known[as].includes(attribute) ? known : undefined;
}

const SERVICE_ACCOUNT_EMAIL_REF = /^serviceAccount:\$\{([^${}]+)\}$/;
/** Classifies one IAM member value: a literal, a known identity reference, or unverifiable. */
export function memberValue(value: unknown): MemberValue {
  if (typeof value === "string" && SERVICE_AGENT_FROM_PROJECT_NUMBER.test(value)) {
    return {
      kind: "identity",
      identity: "service-agent",
      ref: value.slice("serviceAccount:".length),
      text: value,
    };
  }
  if (typeof value === "string") {
    const prefixed = SERVICE_ACCOUNT_EMAIL_REF.exec(value);
    if (prefixed) {
      const known = identityOf(prefixed[1], "email");
      return known
        ? { kind: "identity", identity: known.kind, ref: prefixed[1], text: value }
        : { kind: "unverifiable", text: value };
    }
  }
  const classified = classify(value);
  if (classified.kind === "literal")
    return typeof classified.value === "string"
      ? { kind: "literal", member: classified.value }
      : { kind: "unverifiable", text: JSON.stringify(classified.value) ?? String(classified.value) };
  // Only a value that is exactly `${ref}`: text around a reference would change what it names.
  if (
    classified.kind === "references" &&
    classified.refs.length === 1 &&
    value === `\${${classified.refs[0]}}`
  ) {
    const known = identityOf(classified.refs[0], "member");
    if (known)
      return { kind: "identity", identity: known.kind, ref: classified.refs[0], text: String(value) };
  }
  return { kind: "unverifiable", text: typeof value === "string" ? value : JSON.stringify(value) };
}

/** True when `ref` (`type.name.attr` or `data.type.name.attr`) names an identity's email or member. */
export function isIdentityReference(ref: string): boolean {
  return identityOf(ref, "email") !== undefined || identityOf(ref, "member") !== undefined;
}
