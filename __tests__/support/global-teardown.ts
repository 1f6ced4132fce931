import { rmSync } from "node:fs";

/** Removes the run's temporary directory (see global-setup.ts): no test leaves a directory behind. */
export default function globalTeardown(): void {
  const runDir = process.env.BASELINE_JEST_RUN_DIR;
  if (runDir) rmSync(runDir, { recursive: true, force: true });
}
