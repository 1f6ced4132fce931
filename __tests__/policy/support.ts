import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App, type TerraformStack } from "cdktf";

/**
 * Synthesizes the stack's app the way `main.ts` does and returns the stack's `cdk.tf.json`, with the
 * `//` metadata (construct paths, suppressions, policy settings) that `Testing.synth` strips.
 */
export function synthStackFile(stack: TerraformStack): Record<string, unknown> {
  const app = stack.node.root as App;
  app.synth();
  return JSON.parse(readFileSync(stackFilePath(stack), "utf8")) as Record<string, unknown>;
}

/** Where `app.synth()` writes the stack's JSON. */
export function stackFilePath(stack: TerraformStack): string {
  return join((stack.node.root as App).outdir, "stacks", stack.node.id, "cdk.tf.json");
}
