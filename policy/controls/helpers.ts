import type {
  Mappings,
  Outcome,
  Resource,
  ResourceRule,
  StackContext,
  StackRule,
  StackVerdict,
} from "../model";
import { cannotVerify, isTypedMemberReference, unverifiable, unverifiableExcept } from "../expressions";
import { attr, blocks, list } from "../terraform-json";
import { PUBLIC_MEMBERS, isPublicMember } from "../../core/rules/iam";

export const PASS: Outcome = "pass";
export const NOT_APPLICABLE: Outcome = "n/a";

/**
 * True when project-wide controls (audit logging, CIS alerts, key-destruction alert) are checked on this
 * stack: the environment's baseline stack (or an unlabelled stack) that manages Google Cloud resources.
 * Bootstrap and team stacks share the project, so the baseline stack's audit config and alerts cover them.
 */
export function checksProjectWide(ctx: StackContext): boolean {
  return ctx.settings.role === "baseline" && ctx.resources.some((r) => r.type.startsWith("google_"));
}

/** A failing outcome saying what is wrong. */
export function fail(message: string): Outcome {
  return `fail: ${message}`;
}

/** The first failure of several checks, or pass. */
export function firstFailure(...problems: (string | false | undefined)[]): Outcome {
  const problem = problems.find((p): p is string => typeof p === "string");
  return problem ? fail(problem) : PASS;
}

export function resourceRule(types: readonly string[], check: ResourceRule["check"]): ResourceRule {
  return { kind: "resource", types, check };
}

export function stackRule(check: (ctx: StackContext) => readonly StackVerdict[]): StackRule {
  return { kind: "stack", check };
}

/** HIPAA Security Rule sections (45 CFR Part 164, Subpart C) the controls map to. */
export const HIPAA = {
  accessControl: "164.312(a)(1) access control",
  encryption: "164.312(a)(2)(iv) encryption and decryption",
  audit: "164.312(b) audit controls",
  integrity: "164.312(c)(1) integrity",
  authentication: "164.312(d) person or entity authentication",
  transmission: "164.312(e)(1) transmission security",
  activityReview: "164.308(a)(1)(ii)(D) information system activity review",
  passwords: "164.308(a)(5)(ii)(D) password management",
  incidents: "164.308(a)(6) security incident procedures",
  contingency: "164.308(a)(7) contingency plan (data backup, disaster recovery)",
} as const;

/** The two source documents the controls come from, by the id the mappings key them with. */
export const SOURCE_DOCUMENTS: Readonly<Record<string, string>> = {
  "000": "Upstash shared-responsibility model (HIPAA duties)",
  "002": "Company security practices (Google Cloud)",
};

/** Lines of the two seed documents that controls come from (file, line number, text). */
const SEED_LINES = {
  "000": {
    33: "Ensuring MFA is enabled on all Upstash accounts.",
    35: "Enabling Prod Pack which provides encryption at rest and advanced security features.",
    36: "Enabling Credential Protection to prevent storing credentials in Upstash infrastructure",
    37: "Configuring IP allowlist to restrict database access to authorized networks.",
    38: "Enabling daily backups to validate recoverability and meet retention requirements.",
    39: "Complying with encryption requirements in the HIPAA Security Rule.",
    40: "Storing PHI in resource names or other locations is strictly prohibited.",
    41: "Ensuring that PHI is stored only in values of data structures, not in identifiers or keys. Avoid logging keys anywhere.",
    42: "Not using public endpoints to process PHI.",
    15: "99.99% SLA (Prod Pack), multi-region replication, auto-scaling, disaster recovery",
    16: "TLS in transit, encryption at rest (Prod Pack), key management",
    18: "Data classification, retention policies, quality controls",
    20: "Access Control: Redis ACL, user permissions, credential management, MFA",
    22: "Security Configuration: ACL setup, security policies",
  },
  "002": {
    4: "All Upstream employees are required to enable MFA (multi-factor authentication) for all services used to conduct business",
    6: "Employees are given the least amount of access to customer data possible.",
    11: "We keep our runtimes and dependencies up to date to ensure we pick up bug and security fixes as soon as they’re available.",
    14: "We use Google’s Firebase Authentication platform to authenticate access to our products.",
    15: "We never store or log any credentials used by Firebase to authenticate access.",
    17: "No access to raw key material is given, and usage is audited.",
    18: "All customer data is encrypted in transit, and at rest",
    19: "require the use of HTTPS and TLS.",
    20: "Customer data is automatically deleted 60 days after termination.",
    22: "All containers are automatically scanned for vulnerabilities",
    24: "We run an automated CSPM (Cloud Security Posture Management) tool to identify risks and misconfiguration in our infrastructure.",
    25: "Access to all resources in our VPC (Virtual Private Cloud) from the public internet is denied by default.",
    26: "Dozens of checks run continuously to alert us to issues affecting customers. Our engineering team is automatically paged",
    28: "We retain database replication logs for 7 days to enable granular point in time recovery. Full database system backups are performed daily",
    29: "Older versions of sensitive data are temporarily saved to enable recovery from accidental corruption or deletion.",
    30: "Uniform public access prevention is applied to buckets with customer data",
    36: "We’re careful to limit our attack surface and avoid storing or retaining any sensitive PII.",
  },
} as const;

type SeedFile = keyof typeof SEED_LINES;

/** A seed reference: `seed("002", 25)`. */
export function seed<F extends SeedFile>(
  file: F,
  line: keyof (typeof SEED_LINES)[F] & number,
): NonNullable<Mappings["seed"]>[number] {
  return { file, line, text: (SEED_LINES[file] as Record<number, string>)[line] };
}

/** The bindings of a policy document (`policy_data`) after resolution, or undefined when it is not readable JSON. */
function policyBindings(policy: unknown): { role?: unknown; members?: unknown }[] | undefined {
  if (typeof policy !== "string") return undefined;
  try {
    const parsed = JSON.parse(policy) as { bindings?: unknown };
    if (parsed === null || typeof parsed !== "object") return undefined;
    const bindings = (parsed as { bindings?: unknown }).bindings;
    if (bindings === undefined) return [];
    return Array.isArray(bindings) ? (bindings as { role?: unknown; members?: unknown }[]) : undefined;
  } catch {
    return undefined;
  }
}

/** IAM members a resource grants (member, members, and policy_data bindings, references included as `${...}`). */
export function iamMembers(resource: Resource): string[] {
  const members = [...list(resource.attrs.member), ...list(resource.attrs.members)].map(String);
  const policy = resource.attrs.policy_data;
  const bindings = policyBindings(policy);
  if (bindings) {
    for (const binding of bindings) members.push(...list(binding.members).map(String));
  } else if (typeof policy === "string") {
    // Unreadable policy: scan the text for public members (the control also fails it as unverifiable).
    members.push(...PUBLIC_MEMBERS.filter((m) => policy.includes(m)));
  }
  return members;
}

/** IAM roles a resource grants (role, and policy_data roles). */
export function iamRoles(resource: Resource): string[] {
  const roles = list(resource.attrs.role).map(String);
  for (const binding of policyBindings(resource.attrs.policy_data) ?? []) {
    if (binding.role !== undefined) roles.push(String(binding.role));
  }
  return roles;
}

/**
 * The outcome for an IAM resource whose members, role or policy the check cannot verify: an expression
 * that is neither a literal nor a resource reference after resolution, or a policy that is not a
 * readable document. Undefined when everything is verifiable.
 */
export function unverifiedIam(resource: Resource): Outcome | undefined {
  for (const field of ["member", "members", "role"]) {
    if (unverifiableExcept(resource.attrs[field], isTypedMemberReference) !== undefined)
      return cannotVerify(`IAM ${field} of ${resource.type}`, resource.attrs[field]);
  }
  const policy = resource.attrs.policy_data;
  if (policy !== undefined) {
    const bindings = policyBindings(policy);
    if (!bindings) return cannotVerify(`IAM policy_data of ${resource.type}`, policy);
    for (const b of bindings) {
      if (
        unverifiableExcept(b.members, isTypedMemberReference) !== undefined ||
        unverifiable(b.role) !== undefined
      )
        return cannotVerify(`IAM policy_data of ${resource.type}`, policy);
    }
  }
  return undefined;
}

/** A resource rule over IAM types that fails closed on members, roles or policies it cannot verify. */
export function iamRule(types: readonly string[], check: ResourceRule["check"]): ResourceRule {
  return resourceRule(types, (r, ctx) => unverifiedIam(r) ?? check(r, ctx));
}

/** The public members (allUsers, allAuthenticatedUsers, principalSet://goog/public:all) among a resource's IAM members. */
export function publicMembers(resource: Resource): string[] {
  return iamMembers(resource).filter(isPublicMember);
}

/** Resource-level IAM types of a Google resource family: `_iam_member`, `_iam_binding`, `_iam_policy`. */
export function iamTypes(...prefixes: string[]): string[] {
  return prefixes.flatMap((p) => [`${p}_iam_member`, `${p}_iam_binding`, `${p}_iam_policy`]);
}

/** Project-, folder- and organization-level IAM grant types. */
export const HIERARCHY_IAM_TYPES = iamTypes("google_project", "google_folder", "google_organization");

/** Flags of a Cloud SQL instance as a name → value map. */
export function databaseFlags(resource: Resource): Map<string, string> {
  const flags = new Map<string, string>();
  for (const flag of blocks(attr(resource.attrs, "settings.database_flags"))) {
    flags.set(String(flag.name), String(flag.value));
  }
  return flags;
}

/** True when a stack-level verdict list has no subject: convenient constructor. */
export function verdict(outcome: Outcome, subject?: Resource, evidence?: readonly string[]): StackVerdict {
  return { outcome, subject, evidence };
}
