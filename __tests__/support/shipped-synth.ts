import { App } from "cdktf";
import { loadEnvironments } from "../../config/load";
import { recordEnvironmentPolicy } from "../../policy/record";
import { addEnvironmentStacks } from "../../stacks/environment-stacks";
import { TEAMS } from "../../teams";
import { skipTokenStackTraces } from "../../tools/token-stack-traces";

/** Synthesizes every shipped environment with every team into `outdir`, as `cdktf synth` does; returns `outdir`. */
export function synthesizeShipped(outdir: string): string {
  const restoreStackTraces = skipTokenStackTraces();
  try {
    const app = new App({ outdir });
    for (const environment of loadEnvironments()) {
      recordEnvironmentPolicy(addEnvironmentStacks(app, environment, TEAMS), environment);
    }
    app.synth();
  } finally {
    restoreStackTraces();
  }
  return outdir;
}
