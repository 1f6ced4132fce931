/**
 * Reading security-relevant values that must be literal, failing closed: a list from a variable, a range
 * from a function, or a reference the check cannot follow to a literal is reported, never skipped.
 */
import { classify } from "../expressions";
import type { Resource, StackContext } from "../model";
import { list } from "../terraform-json";

/** Literal strings of a list attribute, or the first element the check cannot read. */
export type LiteralList =
  | { readonly ok: true; readonly values: readonly string[] }
  | { readonly ok: false; readonly unverifiable: unknown };

/**
 * The reference when `value` is exactly one `${type.name.attr}` and nothing else (no literal text around
 * it, which `classify` does not keep): only such a value can stand for a known-safe attribute.
 */
export function plainReference(value: unknown): string | undefined {
  const c = classify(value);
  if (c.kind !== "references" || c.refs.length !== 1) return undefined;
  return value === `\${${c.refs[0]}}` ? c.refs[0] : undefined;
}

/** The resource (or data source) a plain reference names, when it is in the stack. */
export function referencedResource(ref: string, ctx: StackContext): Resource | undefined {
  const parts = ref.split(".");
  if (parts[0] === "data") return ctx.dataSources.find((d) => d.type === parts[1] && d.name === parts[2]);
  return ctx.ofType(parts[0]).find((r) => r.name === parts[1]);
}

/** Follows `${type.name.attr}` to the literal value of that attribute in the stack, if there is one. */
export function resolvedReference(ref: string, ctx: StackContext): unknown {
  const parts = ref.split(".");
  const attribute = parts[0] === "data" ? parts[3] : parts[2];
  const target = referencedResource(ref, ctx);
  if (!target || (parts[0] === "data" ? parts.length !== 4 : parts.length !== 3)) return undefined;
  const value = target.attrs[attribute];
  return classify(value).kind === "literal" ? value : undefined;
}

/** A literal string, a reference resolved to one in the stack, or undefined. */
export function literalString(value: unknown, ctx: StackContext): string | undefined {
  const c = classify(value);
  if (c.kind === "literal")
    return typeof c.value === "string" || typeof c.value === "number" ? String(c.value) : undefined;
  const ref = plainReference(value);
  if (ref !== undefined) {
    const resolved = resolvedReference(ref, ctx);
    return typeof resolved === "string" ? resolved : undefined;
  }
  return undefined;
}

/** Every element of a list attribute as a literal string (references followed within the stack). */
export function literalList(value: unknown, ctx: StackContext): LiteralList {
  if (
    typeof value === "string" &&
    classify(value).kind !== "literal" &&
    literalString(value, ctx) === undefined
  )
    return { ok: false, unverifiable: value };
  const values: string[] = [];
  for (const item of list(value)) {
    const text = literalString(item, ctx);
    if (text === undefined) return { ok: false, unverifiable: item };
    values.push(text);
  }
  return { ok: true, values };
}
