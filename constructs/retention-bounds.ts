import type { IConstruct } from "constructs";
import { InvalidPropError } from "../core/errors";
import { DEFAULT_RETENTION_BOUNDS, type RetentionBounds } from "../core/rules/retention";

/** Context key under which a stack holds its environment's retention bounds. */
const CONTEXT_KEY = "@gcp-upstash-baseline/retention-bounds";

/**
 * Sets the retention bounds (GCS-7, RET-1) the constructs of `stack` hold their settings to, so a construct
 * refuses before synthesis what the policy check would refuse after it. The kit's stacks set their
 * environment's `retention`; must be called before the stack has children (construct context).
 */
export function setRetentionBounds(stack: IConstruct, bounds: RetentionBounds): void {
  stack.node.setContext(CONTEXT_KEY, bounds);
}

/** The retention bounds in force at `scope`: its stack's, else the documented defaults. */
export function retentionBoundsOf(scope: IConstruct): RetentionBounds {
  return (scope.node.tryGetContext(CONTEXT_KEY) as RetentionBounds | undefined) ?? DEFAULT_RETENTION_BOUNDS;
}

/** Refuses `value` above the bound `name` of `scope`'s retention bounds (RET-1). */
export function requireWithinRetentionBound(
  scope: IConstruct,
  construct: string,
  field: string,
  value: number,
  name: Exclude<keyof RetentionBounds, "customerDataDeletionDays">,
): number {
  const bound = retentionBoundsOf(scope)[name];
  if (value > bound) {
    throw new InvalidPropError(
      construct,
      field,
      value,
      `must be at most ${bound}, the environment's retention.${name} (RET-1: data is not kept longer than its retention policy)`,
    );
  }
  return value;
}
