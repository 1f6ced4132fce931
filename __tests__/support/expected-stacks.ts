import { loadEnvironments } from "../../config/load";
import { TEAMS } from "../../teams";

/**
 * The stack names the shipped configuration must synthesize, derived from `config/environments/` and
 * `teams/` (an independent oracle of stacks/environment-stacks.ts): adding a team or an environment the
 * documented way changes what the tests expect, not the tests.
 */
export function expectedStackNames(only?: readonly string[]): string[] {
  return loadEnvironments({ only })
    .flatMap((env) => [
      `bootstrap-${env.name}`,
      `baseline-${env.name}`,
      ...TEAMS.filter((t) => !t.environments || t.environments.includes(env.name)).map(
        (t) => `${t.team}-${env.name}`,
      ),
    ])
    .sort();
}
