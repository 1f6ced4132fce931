/**
 * Reading cdktf's Terraform JSON: blocks synthesize as an object or a list of objects, values may be
 * Terraform expressions (`${google_kms_crypto_key.k.id}`); these helpers normalize both.
 */
import type { Resource } from "./model";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Every instance of a block (`settings`, `log_config`, `lifecycle_rule`), whether written as object or list. */
export function blocks(value: unknown): Json[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The first (usually only) instance of a block, or undefined. */
export function block(value: unknown): Json | undefined {
  return blocks(value)[0];
}

/** Follows a path of block and attribute names (`settings.ip_configuration.ipv4_enabled`) through first instances. */
export function attr(root: Readonly<Json> | undefined, path: string): unknown {
  let current: unknown = root;
  for (const key of path.split(".")) {
    const obj = block(current);
    if (!obj) return undefined;
    current = obj[key];
  }
  return current;
}

/** A list attribute as an array (a single value counts as a list of one; absent is empty). */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** True when a string is (or contains) a Terraform expression, resolved only at apply time. */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** True for a value that sets something: a non-empty literal or any expression (`${...}` counts as set). */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** True for literal `true` or a string Terraform converts to true (`"true"`, `"1"`). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true" || value === "1";
}

/** True for literal `false` or a string Terraform converts to false (`"false"`, `"0"`). */
export function isFalse(value: unknown): boolean {
  return value === false || value === "false" || value === "0";
}

/** A literal number (also from a numeric string), or undefined for expressions and absent values. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (
    typeof value === "string" &&
    !isExpression(value) &&
    value.trim() !== "" &&
    !Number.isNaN(Number(value))
  ) {
    return Number(value);
  }
  return undefined;
}

/** Seconds in a Google duration string (`"7776000s"`), or undefined. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Number(match[1]) : undefined;
}

/** True when `lifecycle.prevent_destroy` is on. */
export function preventsDestroy(resource: Resource): boolean {
  return isTrue(attr(resource.attrs, "lifecycle.prevent_destroy"));
}

/** True when `value` (any attribute, at any depth) refers to `target` (`${type.name.…}`) or to its literal name. */
export function refersTo(value: unknown, target: Resource): boolean {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  if (text.includes(`${target.type}.${target.name}.`) || text.includes(`${target.type}.${target.name}}`))
    return true;
  const literalName = target.attrs.name;
  return typeof literalName === "string" && !isExpression(literalName) && typeof value === "string"
    ? value === literalName || value.endsWith(`/${literalName}`)
    : false;
}

/** A resource's attributes without the `//` comment (what Terraform reads). */
export function withoutComments(resource: Resource): Json {
  return Object.fromEntries(Object.entries(resource.attrs).filter(([key]) => key !== "//"));
}

/** Short description of a value for findings: never multi-line, never long. */
export function show(value: unknown): string {
  if (value === undefined) return "unset";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

// ---------------------------------------------------------------------------------------------------
// Terraform's JSON syntax, normalized. Terraform accepts a block body as an object or a list of objects,
// a labelled block level (`resource`, `resource.<type>`, `output`, ...) as an object or a list of objects
// (merged), and converts strings to bool or number where the schema wants them. The check reads every form.

/** Deepest nesting the checker reads; deeper input is refused (Terraform's own configurations are shallow). */
export const MAX_JSON_DEPTH = 200;

/** The objects of a level given as an object or a list of objects (`[{...}, {...}]`), in order. */
export function objectsOf(value: unknown): Json[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** Entries of a level given as object or list of objects, merged in order (`output`, `locals`, `variable`). */
export function mergedEntries(value: unknown): [string, unknown][] {
  return objectsOf(value).flatMap((o) => Object.entries(o).filter(([key]) => key !== "//"));
}

/** One labelled block body, from `name: {...}` or `name: [{...}, ...]` (each instance). */
export function bodiesOf(value: unknown): Json[] {
  return objectsOf(value);
}

/** A labelled two-level section (`resource`, `data`) as `[type, name, body]` triples, every JSON form accepted. */
export function labelledBlocks(section: unknown): [string, string, Json][] {
  const out: [string, string, Json][] = [];
  for (const [type, byName] of mergedEntries(section)) {
    for (const [name, body] of mergedEntries(byName)) {
      for (const instance of bodiesOf(body)) out.push([type, name, instance]);
    }
  }
  return out;
}

/** A bool the way Terraform converts it: `true`, `"true"`, `"1"` / `false`, `"false"`, `"0"`; undefined otherwise. */
export function boolOf(value: unknown): boolean | undefined {
  if (value === true || value === "true" || value === "1") return true;
  if (value === false || value === "false" || value === "0") return false;
  return undefined;
}

/** A problem with the JSON text Terraform would read differently from `JSON.parse`, or too deep to read. */
export function jsonTextProblem(text: string): string | undefined {
  if (text.charCodeAt(0) === 0xfeff)
    return "starts with a UTF-8 byte order mark (BOM); write the file without one";
  // Iterative scan over structural characters only: object key sets on a stack, so depth costs memory,
  // never the call stack; string contents are skipped with indexOf.
  const stack: { keys: Set<string> | undefined; path: string }[] = [];
  let expectKey = false;
  let pendingKey: string | undefined;
  const structural = /["{}[\],]/g;
  let match: RegExpExecArray | null;
  while ((match = structural.exec(text)) !== null) {
    const i = match.index;
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        if (j < 0) return undefined; // JSON.parse reports the unterminated string.
        let backslashes = 0;
        while (text[j - 1 - backslashes] === "\\") backslashes++;
        if (backslashes % 2 === 0) break;
        j++;
      }
      const top = stack[stack.length - 1];
      if (top?.keys && expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          return undefined; // JSON.parse reports it.
        }
        if (top.keys.has(key))
          return `duplicate key "${key}" at ${top.path || "(top level)"} (JSON.parse keeps only the last one; Terraform refuses it)`;
        top.keys.add(key);
        pendingKey = key;
        expectKey = false;
      }
      structural.lastIndex = j + 1;
    } else if (c === "{" || c === "[") {
      if (stack.length >= MAX_JSON_DEPTH)
        return `nested deeper than ${MAX_JSON_DEPTH} levels (not a synthesized Terraform configuration)`;
      const parent = stack[stack.length - 1];
      const segment = parent?.keys ? (pendingKey ?? "?") : "[]";
      const path = parent ? (parent.path ? `${parent.path}.${segment}` : segment) : "";
      stack.push({ keys: c === "{" ? new Set() : undefined, path });
      expectKey = c === "{";
      pendingKey = undefined;
    } else if (c === "}" || c === "]") {
      stack.pop();
      expectKey = false;
    } else {
      expectKey = stack[stack.length - 1]?.keys !== undefined;
    }
  }
  return undefined;
}
