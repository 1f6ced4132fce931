/**
 * The post-synth step `main.ts` runs after `app.synth()`: checks every stack in the output directory,
 * writes each stack's compliance report next to its `cdk.tf.json`, prints findings, and says whether
 * synthesis may succeed (so `npm run synth`, `cdktf synth` and `cdktf deploy` stop on violations).
 */
import { join } from "node:path";
import { hasErrors } from "./check";
import { formatText } from "./format";
import { writeReport } from "./report";
import { PolicyInputError, STACK_FILE, checkFiles, findStackFiles, type RunOptions } from "./run";

export interface SynthesizedAppOptions extends RunOptions {
  /**
   * Names of the stacks this synthesis wrote; stale stack directories of earlier runs are ignored.
   * @default every stack directory in the output
   */
  readonly stacks?: readonly string[];
}

/** Checks and reports the synthesized app in `outdir`; true when no unsuppressed error exists. */
export function checkSynthesizedApp(
  outdir: string,
  options: SynthesizedAppOptions = {},
  log: (text: string) => void = console.error,
): boolean {
  try {
    const files = options.stacks
      ? findStackFiles(options.stacks.map((name) => join(outdir, "stacks", name, STACK_FILE)))
      : findStackFiles([join(outdir, "stacks")]);
    const reports = checkFiles(files, options);
    reports.forEach((report, i) => writeReport(report, files[i]));
    log(formatText(reports));
    return !hasErrors(reports);
  } catch (err) {
    if (!(err instanceof PolicyInputError)) throw err;
    log(`policy check: ${err.message}`);
    return false;
  }
}
