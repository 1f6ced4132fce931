/**
 * Masks values of sensitive attributes before they reach a PR comment or a CI log. Synthesized JSON should
 * hold no secret literal at all (SEC-6: values come from references); this is the second line of defence.
 */

/** Attribute names whose values are never printed; everything under a matching block is masked too. */
export const SENSITIVE_ATTRIBUTE =
  /password|secret|token|key_data|private_key|sensitive_labels|secret_data|api_key/i;

/** Identifiers that match the pattern but name a resource rather than hold a value. */
const NOT_SENSITIVE = new Set(["secret_id"]);

/** What a masked value is replaced with. */
export const MASKED = "(sensitive)";

/** True for an attribute name whose value must not be shown. */
export function isSensitiveName(name: string): boolean {
  return !NOT_SENSITIVE.has(name) && SENSITIVE_ATTRIBUTE.test(name);
}

/** True when any attribute or block on the path is sensitive. */
export function isSensitivePath(path: readonly (string | number)[]): boolean {
  return path.some((segment) => typeof segment === "string" && isSensitiveName(segment));
}

/** A copy of `value` with every sensitive attribute's value (at any depth) replaced by `(sensitive)`. */
export function maskValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskValue);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, isSensitiveName(key) ? MASKED : maskValue(inner)]),
  );
}

/** The value at `path`, masked as a whole when the path is sensitive (absent stays absent). */
export function maskAt(path: readonly (string | number)[], value: unknown): unknown {
  if (value === undefined) return undefined;
  return isSensitivePath(path) ? MASKED : maskValue(value);
}
