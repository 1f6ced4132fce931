/**
 * Writes the Terraform addresses of every stateful resource of the shipped environments to
 * `__tests__/stacks/stateful-addresses.json`, which `__tests__/stacks/address-stability.test.ts` pins.
 * It refuses to drop a pinned address (Terraform would destroy that resource) unless `--allow-destroy`
 * is given; an address that a `moved` block carries to its new name is not dropped.
 *
 *   npm run pin-addresses                    # pin new addresses; refuse if any pinned one would go
 *   npm run pin-addresses -- --allow-destroy # after review: also drop the listed addresses
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { loadEnvironments } from "../config/load";
import { addEnvironmentStacks } from "../stacks/environment-stacks";
import { TEAMS } from "../teams";
import { statefulAddresses } from "../core/rules/stateful";

export const PIN_FILE = join(__dirname, "..", "__tests__", "stacks", "stateful-addresses.json");

/** Pinned addresses by stack name. */
export type Pins = Record<string, readonly string[]>;

/** What re-pinning changes: addresses new to the pins, and pinned ones that would be destroyed. */
export interface PinChanges {
  /** `stack: address` of stateful resources not pinned yet. */
  readonly added: readonly string[];
  /** `stack: address` of pinned stateful resources that are gone (no `moved` block carries them). */
  readonly dropped: readonly string[];
}

/** `from` addresses of a stack's `moved` blocks (Terraform keeps those resources under their new address). */
export function movedFrom(json: Record<string, unknown>): Set<string> {
  const moved = Array.isArray(json.moved) ? json.moved : json.moved ? [json.moved] : [];
  return new Set(
    moved.flatMap((m) =>
      m && typeof (m as { from?: unknown }).from === "string" ? [(m as { from: string }).from] : [],
    ),
  );
}

/** Compares the pins with the current addresses (and each stack's moved-from addresses). */
export function pinChanges(pinned: Pins, current: Pins, moved: Record<string, Set<string>> = {}): PinChanges {
  const added: string[] = [];
  const dropped: string[] = [];
  for (const [stack, addresses] of Object.entries(current)) {
    for (const a of addresses) if (!(pinned[stack] ?? []).includes(a)) added.push(`${stack}: ${a}`);
  }
  for (const [stack, addresses] of Object.entries(pinned)) {
    for (const a of addresses) {
      if (!(current[stack] ?? []).includes(a) && !moved[stack]?.has(a)) dropped.push(`${stack}: ${a}`);
    }
  }
  return { added, dropped };
}

function synthesizedPins(): { pins: Record<string, string[]>; moved: Record<string, Set<string>> } {
  const outdir = mkdtempSync(join(tmpdir(), "pin-addresses-"));
  try {
    const app = new App({ outdir });
    for (const environment of loadEnvironments()) addEnvironmentStacks(app, environment, TEAMS);
    app.synth();
    const pins: Record<string, string[]> = {};
    const moved: Record<string, Set<string>> = {};
    for (const stack of readdirSync(join(outdir, "stacks")).sort()) {
      const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
      pins[stack] = statefulAddresses(json);
      moved[stack] = movedFrom(json);
    }
    return { pins, moved };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function main(argv: readonly string[]): number {
  const unknown = argv.filter((a) => a !== "--allow-destroy");
  if (unknown.length) {
    console.error(`pin-addresses: unknown argument ${unknown[0]}; allowed: --allow-destroy`);
    return 2;
  }
  const allowDestroy = argv.includes("--allow-destroy");
  const pinned: Pins = existsSync(PIN_FILE) ? JSON.parse(readFileSync(PIN_FILE, "utf8")) : {};
  const { pins, moved } = synthesizedPins();
  const { added, dropped } = pinChanges(pinned, pins, moved);
  if (dropped.length && !allowDestroy) {
    console.error(
      `pin-addresses: refused: ${dropped.length} pinned stateful resource(s) changed address, so Terraform would DESTROY them:\n` +
        dropped.map((d) => `  - ${d}`).join("\n") +
        "\nRestore the construct ids or add a `moved` block (docs/runbook.md, 'Changing an address'); if the destroy is" +
        " intended and reviewed, run: npm run pin-addresses -- --allow-destroy",
    );
    return 1;
  }
  writeFileSync(PIN_FILE, `${JSON.stringify(pins, null, 2)}\n`);
  const total = Object.values(pins).flat().length;
  console.log(
    `pinned ${total} stateful addresses (${added.length} new, ${dropped.length} dropped) in ${PIN_FILE}`,
  );
  added.forEach((a) => console.log(`  + ${a}`));
  dropped.forEach((d) => console.log(`  - ${d} (destroy allowed by --allow-destroy)`));
  return 0;
}

if (require.main === module) {
  // `npm run pin-addresses | head` closes the pipe early: that is not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  process.exitCode = main(process.argv.slice(2));
}
