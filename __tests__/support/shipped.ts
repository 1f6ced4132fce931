import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SynthesizedStack } from "./synth";

let cache: Record<string, SynthesizedStack> | undefined;

/** Directory holding the shipped environments' synthesized output (written once by global-setup.ts). */
export function shippedSynthDir(): string {
  const dir = process.env.BASELINE_SHIPPED_SYNTH_DIR;
  if (!dir)
    throw new Error("BASELINE_SHIPPED_SYNTH_DIR is not set: run the tests through jest's globalSetup");
  return dir;
}

/** Every shipped stack's `cdk.tf.json` (with `//` metadata), by stack name. */
export function shippedStacks(): Record<string, SynthesizedStack> {
  if (!cache) {
    const dir = join(shippedSynthDir(), "stacks");
    cache = Object.fromEntries(
      readdirSync(dir).map((name) => [
        name,
        JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8")) as SynthesizedStack,
      ]),
    );
  }
  return cache;
}
