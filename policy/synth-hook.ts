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
  /**
   * Each stack's Terraform JSON by stack name, for output that is not JSON on disk (`cdktf synth --hcl`
   * writes `cdk.tf`): the check still sees exactly what Terraform will apply. Requires `stacks`.
   * @default read `stacks/<name>/cdk.tf.json`
   */
  readonly stackJson?: (stack: string) => Record<string, unknown>;
}

/** Checks and reports the synthesized app in `outdir`; true when no unsuppressed error exists. */
export function checkSynthesizedApp(
  outdir: string,
  options: SynthesizedAppOptions = {},
  // A clean result goes to stdout: cdktf labels everything an app writes to stderr as an error.
  log: (text: string, passed: boolean) => void = (text, passed) =>
    (passed ? console.log : console.error)(text),
): boolean {
  try {
    const fileOf = (name: string) => join(outdir, "stacks", name, STACK_FILE);
    const inMemory = options.stackJson && options.stacks;
    const files = options.stacks
      ? inMemory
        ? options.stacks.map(fileOf)
        : findStackFiles(options.stacks.map(fileOf))
      : findStackFiles([join(outdir, "stacks")]);
    const byFile = new Map(options.stacks?.map((name) => [fileOf(name), name]));
    const reports = inMemory
      ? checkFiles(files, { ...options, hclOnDisk: true }, (file) => options.stackJson!(byFile.get(file)!))
      : checkFiles(files, options);
    reports.forEach((report, i) => writeReport(report, files[i]));
    const passed = !hasErrors(reports);
    log(formatText(reports), passed);
    return passed;
  } catch (err) {
    if (!(err instanceof PolicyInputError)) throw err;
    log(`policy check: ${err.message}`, false);
    return false;
  }
}
