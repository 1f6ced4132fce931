import type { TerraformResourceLifecycle } from "cdktf";

/**
 * Lifecycle for a resource that holds data: Terraform refuses to destroy it unless the construct was
 * explicitly told `allowDestroy: true` (the reviewable opt-out; the policy check still reports it).
 */
export function retainLifecycle(allowDestroy: boolean | undefined): TerraformResourceLifecycle {
  return { preventDestroy: allowDestroy !== true };
}

/** Converts days to the duration string Google APIs expect ("7776000s"). */
export function daysToDuration(days: number): string {
  return `${days * 86400}s`;
}
