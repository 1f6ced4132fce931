import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { loadEnvironments } from "../../config/load";
import { recordEnvironmentPolicy } from "../../policy/record";
import { addEnvironmentStacks } from "../../stacks/environment-stacks";
import { TEAMS } from "../../teams";

/**
 * Synthesizes the shipped environments once per `jest` run, as `cdktf synth` does, so every test file
 * that checks the default output reads JSON instead of synthesizing again.
 */
export default function globalSetup(): void {
  const outdir = mkdtempSync(join(tmpdir(), "baseline-shipped-"));
  const app = new App({ outdir });
  for (const environment of loadEnvironments()) {
    recordEnvironmentPolicy(addEnvironmentStacks(app, environment, TEAMS), environment);
  }
  app.synth();
  process.env.BASELINE_SHIPPED_SYNTH_DIR = outdir;
}
