/**
 * The process settings that decide what the policy check trusts (configuration and exceptions
 * directories, selected environments), read once when `main.ts` starts: imported before any team file,
 * so code in a team file that changes `process.env` later cannot redirect them. The contents of both
 * directories are fingerprinted at the same moment: a team file that writes an environment or an
 * exceptions file during synthesis (to waive its own finding) is caught by comparing afterwards.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Where environment and exceptions files live when the environment variables do not say. */
const DEFAULT_CONFIG_DIR = join(__dirname, "environments");
const DEFAULT_EXCEPTIONS_DIR = join(__dirname, "exceptions");

/** A digest of every file's name and contents in `dir` (one level, as the loaders read it); "" when absent. */
export function directoryFingerprint(dir: string): string {
  const hash = createHash("sha256");
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return "";
  }
  for (const name of names) {
    const path = join(dir, name);
    hash.update(name).update("\0");
    try {
      hash.update(statSync(path).isFile() ? readFileSync(path) : "(not a file)");
    } catch {
      hash.update("(unreadable)");
    }
    hash.update("\0");
  }
  return hash.digest("hex");
}

const configDir = process.env.BASELINE_CONFIG_DIR || undefined;
const exceptionsDir = process.env.BASELINE_EXCEPTIONS_DIR || undefined;

export const LAUNCH = Object.freeze({
  configDir,
  exceptionsDir,
  environments: process.env.ENV,
  fingerprints: Object.freeze({
    config: directoryFingerprint(configDir ?? DEFAULT_CONFIG_DIR),
    exceptions: directoryFingerprint(exceptionsDir ?? DEFAULT_EXCEPTIONS_DIR),
  }),
});

/** The directories whose files changed since launch (empty when none did). */
export function changedSinceLaunch(): string[] {
  const changed: string[] = [];
  if (directoryFingerprint(configDir ?? DEFAULT_CONFIG_DIR) !== LAUNCH.fingerprints.config)
    changed.push(configDir ?? "config/environments");
  if (directoryFingerprint(exceptionsDir ?? DEFAULT_EXCEPTIONS_DIR) !== LAUNCH.fingerprints.exceptions)
    changed.push(exceptionsDir ?? "config/exceptions");
  return changed;
}
