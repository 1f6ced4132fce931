import type { IConstruct } from "constructs";
import { TerraformStack, type ITerraformDependable } from "cdktf";

/**
 * The dependencies that can be expressed as `depends_on` from `dependent`: those in its own stack.
 * Terraform's `depends_on` cannot name another stack's resources; cross-stack order comes from
 * deploying the other stack first (cdktf's stack dependencies).
 */
export function sameStackDependencies(
  dependent: IConstruct,
  dependencies: readonly (ITerraformDependable & IConstruct)[],
): ITerraformDependable[] {
  const stack = TerraformStack.of(dependent);
  return dependencies.filter((d) => TerraformStack.of(d) === stack);
}
