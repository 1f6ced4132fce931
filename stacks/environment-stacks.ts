import type { App } from "cdktf";
import type { EnvironmentConfig } from "../config/schema/environment";
import { BaselineStack } from "./baseline-stack";
import { BootstrapStack } from "./bootstrap-stack";
import { TeamStack, type TeamDefinition } from "./team-stack";

/** The stacks of one environment. */
export interface EnvironmentStacks {
  readonly bootstrap: BootstrapStack;
  readonly baseline: BaselineStack;
  readonly teams: TeamStack[];
}

/** Adds an environment's bootstrap, baseline and team stacks to `app`. */
export function addEnvironmentStacks(
  app: App,
  environment: EnvironmentConfig,
  teams: readonly TeamDefinition[],
): EnvironmentStacks {
  const bootstrap = new BootstrapStack(app, { environment });
  const baseline = new BaselineStack(app, { environment });
  // The baseline's backend is the bucket the bootstrap creates: deployed together, they must not run in
  // parallel. cdktf then orders them, and refuses `cdktf deploy baseline-<env>` unless bootstrap-<env> is
  // listed too (or --ignore-missing-stack-dependencies is given).
  baseline.addDependency(bootstrap);
  const teamStacks = teams
    .filter((t) => !t.environments || t.environments.includes(environment.name))
    .map((t) => {
      const stack = new TeamStack(app, { baseline, team: t.team, dataClassification: t.dataClassification });
      t.build(stack);
      return stack;
    });
  return { bootstrap, baseline, teams: teamStacks };
}
