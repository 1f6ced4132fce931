import { Token } from "cdktf";
import { InvalidPropError } from "../core/errors";
import { kmsLocationProblem, regionProblem } from "../core/rules/regions";

// Defined in core/errors.ts so the policy's `suppress()` throws the same error without importing constructs/.
export { InvalidPropError };

/** True when `value` is a literal known at synth time (not a reference resolved by Terraform). */
export function isLiteral(value: string): boolean {
  return !Token.isUnresolved(value);
}

/** Validates a whole number within [min, max], naming the construct and field when it is not. */
export function requireIntegerInRange(
  construct: string,
  field: string,
  value: number,
  min: number,
  max: number,
): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidPropError(construct, field, value, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** Validates a literal string against a pattern; references resolved by Terraform are accepted as they are. */
export function requireMatch(
  construct: string,
  field: string,
  value: string,
  pattern: RegExp,
  allowed: string,
): string {
  if (isLiteral(value) && !pattern.test(value)) throw new InvalidPropError(construct, field, value, allowed);
  return value;
}

/**
 * Validates a literal string with a shared rule's predicate (`core/rules/*`), which returns what is allowed
 * when it refuses the value; references resolved by Terraform are accepted as they are.
 */
export function requireRule(
  construct: string,
  field: string,
  value: string,
  problemOf: (value: string) => string | undefined,
): string {
  const problem = isLiteral(value) ? problemOf(value) : undefined;
  if (problem) throw new InvalidPropError(construct, field, value, problem);
  return value;
}

/** A Google Cloud region (the one list in core/rules/regions.ts). */
export function requireRegion(construct: string, field: string, value: string): string {
  return requireRule(construct, field, value, regionProblem);
}

/** A Cloud KMS location: a region or a multi-region (core/rules/regions.ts). */
export function requireKmsLocation(construct: string, field: string, value: string): string {
  return requireRule(construct, field, value, kmsLocationProblem);
}
