import { Token } from "cdktf";
import { InvalidPropError } from "../core/errors";

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
