/**
 * What an IAM resource grants, as (role, member) pairs, for every `*_iam_member`, `*_iam_binding` and
 * `*_iam_policy` type. Members and roles that are expressions stay visible as unverifiable, so rules fail
 * closed instead of skipping them; a policy built with `data.google_iam_policy` is read from its bindings.
 */
import { classify } from "../expressions";
import type { Resource, StackContext } from "../model";
import { blocks, list } from "../terraform-json";
import { memberValue, type MemberValue } from "../types/identities";
import { plainReference } from "./literals";

/** Resource-level IAM types: `google_<anything>_iam_member`, `_iam_binding`, `_iam_policy`. */
export const IAM_GRANT_TYPE = /^google_[a-z0-9_]+_iam_(member|binding|policy)$/;

export type RoleValue =
  | { readonly kind: "literal"; readonly role: string }
  /** A custom role the stack defines (`${google_project_iam_custom_role.x.id}`). */
  | { readonly kind: "custom"; readonly ref: string }
  | { readonly kind: "unverifiable"; readonly text: string };

export interface Grant {
  readonly role: RoleValue;
  readonly member: MemberValue;
}

/** Grants of a resource, plus problems that keep the check from reading them (each one a finding). */
export interface Grants {
  readonly grants: readonly Grant[];
  readonly problems: readonly string[];
}

const CUSTOM_ROLE_TYPES = ["google_project_iam_custom_role", "google_organization_iam_custom_role"];

function roleValue(value: unknown): RoleValue {
  const c = classify(value);
  if (c.kind === "literal" && typeof c.value === "string") return { kind: "literal", role: c.value };
  const ref = plainReference(value);
  if (ref !== undefined && CUSTOM_ROLE_TYPES.includes(ref.split(".")[0])) return { kind: "custom", ref };
  return { kind: "unverifiable", text: JSON.stringify(value) ?? String(value) };
}

function membersOf(value: unknown): MemberValue[] {
  // `members = "${var.members}"` is one expression standing for a whole list: unverifiable.
  return list(value).map(memberValue);
}

function bindingGrants(bindings: readonly Record<string, unknown>[]): Grant[] {
  return bindings.flatMap((b) => {
    const role = roleValue(b.role);
    return membersOf(b.members).map((member) => ({ role, member }));
  });
}

const POLICY_DATA_REF = /^data\.google_iam_policy\.([^.]+)\.policy_data$/;

function policyGrants(policyData: unknown, ctx: StackContext): Grants {
  const c = classify(policyData);
  if (c.kind === "literal") {
    if (typeof c.value !== "string") return { grants: [], problems: ["policy_data is not a JSON string"] };
    try {
      const parsed = JSON.parse(c.value) as { bindings?: unknown };
      const bindings = Array.isArray(parsed?.bindings) ? blocks(parsed.bindings) : [];
      return { grants: bindingGrants(bindings), problems: [] };
    } catch {
      return { grants: [], problems: ["policy_data is not valid JSON"] };
    }
  }
  const ref = plainReference(policyData);
  const name = ref !== undefined ? POLICY_DATA_REF.exec(ref)?.[1] : undefined;
  const document = name
    ? ctx.dataSources.find((d) => d.type === "google_iam_policy" && d.name === name)
    : undefined;
  if (!document)
    return {
      grants: [],
      problems: [
        `cannot verify policy_data: ${String(policyData).slice(0, 80)} is neither literal JSON nor a data.google_iam_policy of this stack`,
      ],
    };
  return { grants: bindingGrants(blocks(document.attrs.binding)), problems: [] };
}

/** Every (role, member) pair the IAM resource (or `data.google_iam_policy` document) grants. */
export function grantsOf(resource: Resource, ctx: StackContext): Grants {
  if (resource.type === "google_iam_policy")
    return { grants: bindingGrants(blocks(resource.attrs.binding)), problems: [] };
  if (resource.type.endsWith("_iam_policy")) return policyGrants(resource.attrs.policy_data, ctx);
  const role = roleValue(resource.attrs.role);
  const members = resource.type.endsWith("_iam_binding")
    ? membersOf(resource.attrs.members)
    : [memberValue(resource.attrs.member)];
  return { grants: members.map((member) => ({ role, member })), problems: [] };
}

/** The literal role's text, or how it is written when it is not literal. */
export function showRole(role: RoleValue): string {
  return role.kind === "literal" ? role.role : role.kind === "custom" ? `\${${role.ref}}` : role.text;
}

/** The member's text as written. */
export function showMember(member: MemberValue): string {
  return member.kind === "literal" ? member.member : member.text;
}
