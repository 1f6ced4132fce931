/**
 * Writes the Terraform addresses of every stateful resource of the shipped environments to
 * `__tests__/stacks/stateful-addresses.json`, which `__tests__/stacks/address-stability.test.ts` pins.
 * Run it only after reviewing why an address changed (and adding a `moved` block; see docs/runbook.md).
 *
 *   npm run pin-addresses
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { loadEnvironments } from "../config/load";
import { addEnvironmentStacks } from "../stacks/environment-stacks";
import { TEAMS } from "../teams";
import { statefulAddresses } from "../tools/plan-diff/stateful";

export const PIN_FILE = join(__dirname, "..", "__tests__", "stacks", "stateful-addresses.json");

function main(): void {
  const outdir = mkdtempSync(join(tmpdir(), "pin-addresses-"));
  const app = new App({ outdir });
  for (const environment of loadEnvironments()) addEnvironmentStacks(app, environment, TEAMS);
  app.synth();
  const pins: Record<string, string[]> = {};
  for (const stack of readdirSync(join(outdir, "stacks")).sort()) {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    pins[stack] = statefulAddresses(json);
  }
  rmSync(outdir, { recursive: true, force: true });
  writeFileSync(PIN_FILE, `${JSON.stringify(pins, null, 2)}\n`);
  console.log(`pinned ${Object.values(pins).flat().length} stateful addresses in ${PIN_FILE}`);
}

main();
