import { readFileSync } from "node:fs";
import { join } from "node:path";
import { movedFrom } from "../../scripts/pin-addresses";
import { statefulAddresses } from "../../core/rules/stateful";
import { shippedStacks } from "../support/shipped";

const PIN_FILE = join(__dirname, "stateful-addresses.json");

/**
 * Pins the Terraform address of every stateful resource (keys, buckets, secrets, databases, Redis, log
 * buckets, static IPs, the state bucket) of the shipped environments. A refactor that renames a construct
 * changes an address, and Terraform would destroy the old resource and create a new, empty one.
 */
describe("stateful resource addresses are stable", () => {
  const pinned = JSON.parse(readFileSync(PIN_FILE, "utf8")) as Record<string, string[]>;
  const stacks = shippedStacks();

  it("pins a reasonable set: every kind of stateful resource in each environment", () => {
    const all = Object.values(pinned).flat().join("\n");
    for (const type of [
      "google_kms_key_ring",
      "google_kms_crypto_key",
      "google_storage_bucket",
      "google_secret_manager_secret",
      "google_sql_database_instance",
      "upstash_redis_database",
      "google_logging_project_bucket_config",
      "google_compute_address",
    ]) {
      expect(all).toContain(`${type}.`);
    }
  });

  it.each(Object.keys(pinned))(
    "%s: no pinned stateful address disappeared (it would be destroyed)",
    (stack) => {
      const current = new Set(statefulAddresses(stacks[stack] ?? {}));
      // A `moved` block keeps the resource in state under its new address.
      const moved = movedFrom(stacks[stack] ?? {});
      const gone = pinned[stack].filter((address) => !current.has(address) && !moved.has(address));
      if (gone.length) {
        throw new Error(
          `${stack}: these stateful resources changed address, so Terraform would DESTROY them and create new, empty ones:\n` +
            gone.map((a) => `  - ${a}`).join("\n") +
            "\nRestore the construct ids, or add a `moved` block (see docs/runbook.md, 'Changing an address'), then run npm run pin-addresses.",
        );
      }
    },
  );

  it("every stateful resource of the shipped stacks is pinned", () => {
    const unpinned = Object.entries(stacks).flatMap(([stack, json]) =>
      statefulAddresses(json)
        .filter((address) => !(pinned[stack] ?? []).includes(address))
        .map((address) => `${stack}: ${address}`),
    );
    if (unpinned.length) {
      throw new Error(
        `new stateful resources are not pinned yet (run npm run pin-addresses):\n${unpinned.join("\n")}`,
      );
    }
  });
});
