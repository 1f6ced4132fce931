/** Records a stack's policy settings in its synthesized JSON (root `//.policy`), where the checker reads them. */
import type { TerraformStack } from "cdktf";
import type { StackPolicySettings } from "./model";
import { POLICY_KEY } from "./stack";

/** Records the stack's pack, environment, production flag and role for the checker. */
export function recordPolicySettings(stack: TerraformStack, settings: StackPolicySettings): void {
  stack.addOverride(`//.${POLICY_KEY}`, { ...settings });
}

/** An environment's stacks as `addEnvironmentStacks` returns them. */
export interface EnvironmentStackSet {
  readonly bootstrap: TerraformStack;
  readonly baseline: TerraformStack;
  readonly teams: readonly TerraformStack[];
}

/** Records the environment's pack and production flag on each of its stacks, with the stack's role. */
export function recordEnvironmentPolicy(
  stacks: EnvironmentStackSet,
  environment: {
    readonly name: string;
    readonly production: boolean;
    readonly policy: Pick<StackPolicySettings, "pack">;
  },
): void {
  const common = {
    pack: environment.policy.pack,
    environment: environment.name,
    production: environment.production,
  };
  recordPolicySettings(stacks.bootstrap, { ...common, role: "bootstrap" });
  recordPolicySettings(stacks.baseline, { ...common, role: "baseline" });
  for (const team of stacks.teams) recordPolicySettings(team, { ...common, role: "workload" });
}
