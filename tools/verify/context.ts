/** What every live check receives, and how checks express their findings (the policy check's `Finding`). */
import type { Finding, Severity } from "../../policy/model";
import { isPublicMember } from "../../core/rules/iam";
import type { Expected, Managed } from "./expected";
import type { ApiClient } from "./http";

export interface VerifyContext {
  readonly client: ApiClient;
  readonly expected: Expected;
  readonly now: Date;
}

/**
 * Verify's own controls, beside the catalogue's: what keeps the verification itself honest.
 * Their ids start with `VERIFY-` so they never collide with a catalogue id.
 */
export const VERIFY_CONTROLS = {
  "VERIFY-1": "Live state readable by the verifying identity",
  "VERIFY-2": "Every managed resource exists",
  "VERIFY-3": "No unmanaged resources of managed kinds",
} as const;

/** One area of the live environment: the API it reads, the controls it judges, the role it needs. */
export interface LiveCheck {
  /** Short name used in findings and the summary (`storage`, `cloud-sql`, ...). */
  readonly area: string;
  /** Catalogue controls this area judges (listed when the area cannot be read). */
  readonly controls: readonly string[];
  /** The predefined role that grants the reads, named in a permission finding. */
  readonly role: string;
  /** Severity of a permission finding. @default "error" (fail closed); org policies are "where readable". */
  readonly deniedSeverity?: Severity;
  /** True when the environment has nothing of this area (the check is skipped, no API call is made). */
  readonly notApplicable?: (expected: Expected) => boolean;
  readonly run: (ctx: VerifyContext) => Promise<Finding[]>;
}

/** A finding about a managed resource (`m`) or a live one the kit does not manage (`live` name). */
export function finding(
  subject: Managed | { readonly project: string; readonly live: string },
  control: string,
  message: string,
  fix: string,
  severity: Severity = "error",
): Finding {
  if ("address" in subject) {
    return {
      control,
      stack: subject.stack,
      resource: subject.address,
      path: subject.path,
      severity,
      message,
      fix,
    };
  }
  return {
    control,
    stack: `live:${subject.project}`,
    resource: subject.live,
    path: subject.live,
    severity,
    message,
    fix,
  };
}

/** The finding for a managed resource the API does not know (deleted in the console, or never applied). */
export function missing(m: Managed, kind: string, control = "VERIFY-2"): Finding {
  return finding(
    m,
    control,
    `${kind} "${m.name}" is in the synthesized output but does not exist in project ${m.project}`,
    "Run `cdktf deploy` for this environment (it recreates the resource), or find out who deleted it from the audit logs",
  );
}

/** The warning for a live resource of a managed kind that no stack of the environment declares. */
export function unmanaged(project: string, kind: string, live: string, fix?: string): Finding {
  return finding(
    { project, live },
    "VERIFY-3",
    `${kind} "${live}" exists in ${project} but no stack of this environment manages it (created in the console or by another tool?)`,
    fix ?? "Import it into a stack (so the policy check judges it) or delete it",
    "warning",
  );
}

/** Seconds in a Google duration string (`"7776000s"`, `"2592000.5s"`), or undefined. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** Members of an IAM policy's bindings that make the resource public, as `role member`. */
export function publicGrants(policy: unknown): string[] {
  const bindings =
    (policy as { bindings?: { role?: string; members?: string[] }[] } | undefined)?.bindings ?? [];
  return bindings.flatMap((b) =>
    (b.members ?? []).filter(isPublicMember).map((m) => `${b.role ?? "?"} ${m}`),
  );
}

/** The key id without a `/cryptoKeyVersions/N` suffix (Cloud SQL reports the version it encrypts with). */
export function keyOf(name: unknown): string | undefined {
  return typeof name === "string" && name ? name.replace(/\/cryptoKeyVersions\/[^/]+$/, "") : undefined;
}

/**
 * Judges a live CMEK key name: it must be set and equal the synthesized key when that resolves, or at
 * least be one of the environment's managed keys when the reference cannot be resolved.
 */
export function cmekProblem(
  ctx: VerifyContext,
  m: Managed,
  expectedValue: unknown,
  live: unknown,
): string | undefined {
  const actual = keyOf(live);
  if (!actual) return "no customer-managed key (Google-managed encryption)";
  const wanted = ctx.expected.resolve(m.stack, expectedValue);
  if (wanted && actual !== wanted) return `encrypted with ${actual}, expected ${wanted}`;
  if (!wanted && !ctx.expected.keys.some((k) => k.name === actual)) {
    return `encrypted with ${actual}, which is not a key of this environment`;
  }
  return undefined;
}

/** A nested value by dotted path (`settings.ipConfiguration.ipv4Enabled`). */
export function at(value: unknown, path: string): unknown {
  let cur = value;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
