/**
 * The post-synth step `main.ts` runs after `app.synth()`: checks every stack in the output directory,
 * writes each stack's compliance report next to its `cdk.tf.json`, prints findings, and says whether
 * synthesis may succeed (so `npm run synth`, `cdktf synth` and `cdktf deploy` stop on violations).
 */
import { join } from "node:path";
import { hasErrors } from "./check";
import { formatText } from "./format";
import { writeReport } from "./report";
import { PolicyInputError, checkFiles, findStackFiles, type RunOptions } from "./run";

/** Checks and reports the synthesized app in `outdir`; true when no unsuppressed error exists. */
export function checkSynthesizedApp(
  outdir: string,
  options: RunOptions = {},
  log: (text: string) => void = console.error,
): boolean {
  try {
    const files = findStackFiles([join(outdir, "stacks")]);
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
