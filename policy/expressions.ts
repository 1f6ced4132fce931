/**
 * Classifying a value the check must judge: a literal it can read, plain references to other resources'
 * attributes (which a rule may know to be safe), or any other Terraform expression (which it cannot
 * verify, so the rule fails closed).
 */
import { show } from "./terraform-json";

export type Classified =
  | { readonly kind: "literal"; readonly value: unknown }
  | { readonly kind: "references"; readonly refs: readonly string[] } // only ${<type>.<name>.<attr>} / ${data.<type>.<name>.<attr>}
  | { readonly kind: "expression"; readonly text: string };

/** Root names that are not resource types: variables, locals, modules, iteration and path symbols. */
const NOT_RESOURCE_TYPES = ["var", "local", "module", "each", "count", "path", "terraform", "self"];
/** `${type.name.attr}` or `${data.type.name.attr}`, with further attribute names or list indexes. */
const REFERENCE =
  /^\$\{((?:data\.)?([a-z][a-z0-9_]*)\.[A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)\}$/;

/** Literal, plain reference, or expression. Strings without `${` are literals; so are numbers, booleans, null. */
export function classify(value: unknown): Classified {
  if (typeof value !== "string") {
    const text = JSON.stringify(value) ?? "";
    return text.includes("${") ? { kind: "expression", text } : { kind: "literal", value };
  }
  if (!value.includes("${")) return { kind: "literal", value };
  const match = REFERENCE.exec(value);
  if (match && !NOT_RESOURCE_TYPES.includes(match[2])) return { kind: "references", refs: [match[1]] };
  return { kind: "expression", text: value };
}

/** The finding for a security-relevant value the check cannot verify: it fails closed. */
export function cannotVerify(what: string, value: unknown): `fail: ${string}` {
  return `fail: cannot verify ${what}: ${show(value)} is an expression the check cannot resolve; use a literal or a reference to a resource the kit knows`;
}
