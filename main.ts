// First: snapshot the settings the check trusts before any team file runs.
import { LAUNCH, changedSinceLaunch } from "./config/launch";
import { App, TerraformStack } from "cdktf";
import { ConfigError } from "./config/errors";
import { loadEnvironments, selectedEnvironments } from "./config/load";
import { addEnvironmentStacks } from "./stacks/environment-stacks";
import { TEAMS } from "./teams";
import { recordEnvironmentPolicy } from "./policy/record";
import { checkSynthesizedApp } from "./policy/synth-hook";
import { describeBuildError } from "./tools/build-error";
import { skipTokenStackTraces } from "./tools/token-stack-traces";
import { removeOrphanStacks, removeOtherFormat } from "./tools/synth-output";

/** Puts back Node's own stack capture and formatting before an error is reported (tools/token-stack-traces.ts). */
let restoreStackTraces = (): void => undefined;

/** An error from a team file or a construct: one readable message at the user's line, exit 1. */
function exitWithBuildError(err: unknown): never {
  restoreStackTraces();
  console.error(describeBuildError(err, __dirname));
  process.exit(1);
}

/**
 * Wires validated environments to stacks. `ENV=dev,prod` selects environments (default: all);
 * `BASELINE_CONFIG_DIR` points at another directory of environment files (default: config/environments),
 * `BASELINE_EXCEPTIONS_DIR` at another directory of exceptions files (default: config/exceptions).
 */
function main(): void {
  // cdktf captures a full stack trace for every token it creates: mapping them (tsx turns source maps on)
  // cost a fifth of synthesis, capturing them another fifth of what was left. Both are skipped while
  // building and synthesizing (errors are still captured, and mapped when reported);
  // BASELINE_SOURCE_MAPS=1 keeps every stack, mapped.
  if (!process.env.BASELINE_SOURCE_MAPS) {
    process.setSourceMapsEnabled(false);
    restoreStackTraces = skipTokenStackTraces();
  }
  let environments;
  try {
    environments = loadEnvironments({
      dir: LAUNCH.configDir,
      only: selectedEnvironments(LAUNCH.environments),
    });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Invalid configuration:\n${err.problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exit(1);
  }
  const app = new App();
  try {
    for (const environment of environments) {
      recordEnvironmentPolicy(addEnvironmentStacks(app, environment, TEAMS), environment);
    }
  } catch (err) {
    exitWithBuildError(err);
  }
  const synthStart = performance.now();
  try {
    app.synth();
  } catch (err) {
    exitWithBuildError(err);
  }
  restoreStackTraces();
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  // One format per stack directory: a cdk.tf.json left from a JSON synth beside a new cdk.tf (or the
  // reverse) is stale, and Terraform and the checks would read both.
  const stackNames = stacks.map((stack) => stack.node.id);
  removeOtherFormat(app.outdir, stackNames, app.hclOutput);
  // `npm run synth` runs this app directly (3x faster than through the cdktf CLI): clean up as the CLI does.
  // The CLI sets CDKTF_OUTDIR for its app and removes orphaned stacks itself (and fails if they are gone).
  if (!process.env.CDKTF_OUTDIR) removeOrphanStacks(app.outdir, stackNames);
  const checkStart = performance.now();
  // Policy check of what Terraform will apply; violations fail synth (and so `cdktf deploy`).
  const exceptionsDir = LAUNCH.exceptionsDir;
  // `cdktf synth --hcl` writes HCL: check the same configuration from memory instead of cdk.tf.json.
  const byName = new Map(stacks.map((stack) => [stack.node.id, stack]));
  const stackJson = app.hclOutput
    ? (name: string) => JSON.parse(JSON.stringify(byName.get(name)!.toTerraform())) as Record<string, unknown>
    : undefined;
  // The configuration just validated decides each stack's environment, role and production flag.
  const passed = checkSynthesizedApp(app.outdir, {
    stacks: [...byName.keys()],
    exceptionsDir,
    stackJson,
    environments,
  });
  if (process.env.BASELINE_TIMING) {
    // For `npm run bench`: where the process's time goes.
    const ms = (from: number, to: number) => `${Math.round(to - from)} ms`;
    console.error(
      `timing: until synth ${ms(0, synthStart)}, synth ${ms(synthStart, checkStart)}, policy check ${ms(checkStart, performance.now())}`,
    );
  }
  // Team code runs in this process: configuration it rewrote during synthesis would decide the check.
  const tampered = changedSinceLaunch();
  if (tampered.length) {
    console.error(
      `policy check: ${tampered.join(" and ")} changed while the stacks were built (code in a team file writes ` +
        "configuration or exceptions); synthesis refused. Change these files in the repository, where review sees them.",
    );
    process.exit(1);
  }
  if (!passed) process.exit(1);
}

main();
