import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeShipped } from "./shipped-synth";

/**
 * Runs once per `jest` run, before any worker starts:
 * - points TMPDIR at one directory of this run, so every temporary directory a test or cdktf makes
 *   (`Testing.app()` leaves a `cdktf.outdir.*` per call) lands there and global-teardown.ts removes it;
 * - synthesizes the shipped environments once, as `cdktf synth` does, so every test file that checks
 *   the default output reads JSON instead of synthesizing again.
 * Workers inherit this process's environment, which is how both directories reach them.
 */
export default function globalSetup(): void {
  const runDir = mkdtempSync(join(tmpdir(), "baseline-jest-"));
  process.env.BASELINE_JEST_RUN_DIR = runDir;
  process.env.TMPDIR = runDir;
  process.env.BASELINE_SHIPPED_SYNTH_DIR = synthesizeShipped(mkdtempSync(join(runDir, "shipped-")));
}
