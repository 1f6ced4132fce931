import { skipTokenStackTraces } from "../../tools/token-stack-traces";

/**
 * Runs in every test file after jest has installed source-map-support (`setupFilesAfterEnv`).
 *
 * cdktf records a creation stack for every token it makes, and jest source-mapped every one of them: about
 * a fifth of the suite's CPU time. Tests skip those stacks as `main.ts` does (tools/token-stack-traces.ts),
 * while errors stay source-mapped, so a failing test points at the right line.
 */
function skipTokenStacksKeepingSourceMaps(): () => void {
  // Undefined when nothing is installed, whatever @types/node declares.
  const sourceMapped = Error.prepareStackTrace as typeof Error.prepareStackTrace | undefined;
  const restore = skipTokenStackTraces();
  const unmapped = Error.prepareStackTrace;
  Error.prepareStackTrace = (target: Error, frames: NodeJS.CallSite[]): unknown =>
    sourceMapped && target instanceof Error ? sourceMapped(target, frames) : unmapped(target, frames);
  return restore;
}

/** Puts back Node's capture and jest's source-mapped formatting, for the tests of the skipping itself. */
export const restoreStackTraces = skipTokenStacksKeepingSourceMaps();
