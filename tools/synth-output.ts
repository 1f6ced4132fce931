/**
 * The two files cdktf writes for a stack: `cdk.tf.json` (default) or `cdk.tf` (`cdktf synth --hcl`). cdktf
 * never removes the other one, so a synthesis in the other format leaves both side by side: `terraform init`
 * then fails on two backends, and a check that reads the stale JSON judges something Terraform will not apply.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

export const JSON_STACK_FILE = "cdk.tf.json";
export const HCL_STACK_FILE = "cdk.tf";

/**
 * Removes the other format's file from each stack directory the app just wrote, so that every stack
 * directory holds exactly one. Returns the files it removed.
 */
export function removeOtherFormat(
  outdir: string,
  stackNames: readonly string[],
  hclOutput: boolean,
): string[] {
  const other = hclOutput ? JSON_STACK_FILE : HCL_STACK_FILE;
  return stackNames
    .map((name) => join(outdir, "stacks", name, other))
    .filter((file) => existsSync(file))
    .map((file) => {
      rmSync(file);
      return file;
    });
}

/** A message when `stackDir` holds both formats (which one Terraform would read is ambiguous), else undefined. */
export function mixedFormatProblem(stackDir: string, shown: string = stackDir): string | undefined {
  if (!existsSync(join(stackDir, JSON_STACK_FILE)) || !existsSync(join(stackDir, HCL_STACK_FILE)))
    return undefined;
  return (
    `${shown}: holds both ${JSON_STACK_FILE} and ${HCL_STACK_FILE}, so one of them is stale from an earlier ` +
    `synthesis in the other format; synthesize again (npm run synth, or npx cdktf synth --hcl) and retry`
  );
}

/**
 * Removes stack directories of `outdir` that this synthesis did not write (another environment's, a
 * renamed team's), as `cdktf synth` does, so that checks over the output directory judge only what this
 * synthesis produced. State never lives there (the bootstrap's local state is in `state/`). Returns the
 * directories it removed.
 */
export function removeOrphanStacks(outdir: string, stackNames: readonly string[]): string[] {
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) return [];
  return readdirSync(stacksDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !stackNames.includes(entry.name))
    .map((entry) => {
      const dir = join(stacksDir, entry.name);
      rmSync(dir, { recursive: true, force: true });
      return dir;
    });
}
