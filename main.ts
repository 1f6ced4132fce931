import { App } from "cdktf";
import { ConfigError } from "./config/errors";
import { loadEnvironments, selectedEnvironments } from "./config/load";
import { BaselineStack } from "./stacks/baseline-stack";
import { checkSynthesizedApp } from "./policy/synth-hook";
import { recordPolicySettings } from "./policy/suppress";

/** Wires validated environments to stacks. `ENV=dev,prod` selects environments; default: all. */
function main(): void {
  let environments;
  try {
    environments = loadEnvironments({ only: selectedEnvironments(process.env.ENV) });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Invalid configuration:\n${err.problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exit(1);
  }
  const app = new App();
  for (const environment of environments) {
    const stack = new BaselineStack(app, { environment });
    recordPolicySettings(stack, {
      ...environment.policy,
      environment: environment.name,
      production: environment.production,
    });
  }
  app.synth();
  // Policy check of what Terraform will apply; violations fail synth (and so `cdktf deploy`).
  if (!checkSynthesizedApp(app.outdir)) process.exit(1);
}

main();
