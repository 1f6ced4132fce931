import { App } from "cdktf";
import { ConfigError } from "./config/errors";
import { loadEnvironments, selectedEnvironments } from "./config/load";
import { BaselineStack } from "./stacks/baseline-stack";
import { BootstrapStack } from "./stacks/bootstrap-stack";
import { TeamStack } from "./stacks/team-stack";
import { TEAMS } from "./teams";

/**
 * Wires validated environments to stacks. `ENV=dev,prod` selects environments (default: all);
 * `BASELINE_CONFIG_DIR` points at another directory of environment files (default: config/environments).
 */
function main(): void {
  let environments;
  try {
    environments = loadEnvironments({
      dir: process.env.BASELINE_CONFIG_DIR || undefined,
      only: selectedEnvironments(process.env.ENV),
    });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Invalid configuration:\n${err.problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exit(1);
  }
  const app = new App();
  for (const environment of environments) {
    new BootstrapStack(app, { environment });
    const baseline = new BaselineStack(app, { environment });
    for (const team of TEAMS.filter((t) => !t.environments || t.environments.includes(environment.name))) {
      team.build(new TeamStack(app, { baseline, team: team.team }));
    }
  }
  app.synth();
}

main();
