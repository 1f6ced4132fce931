/**
 * Runs in every test file after jest has installed source-map-support (`setupFilesAfterEnv`).
 *
 * cdktf records a creation stack for every token it makes (each attribute reference, list and map) by
 * capturing a stack trace on a plain object. Under jest every one of those traces was mapped through the
 * source maps: a tenth of the suite's CPU time. Errors are still source-mapped, so a failing test points
 * at the right line; the creation stacks cdktf keeps (printed only when a token cannot be resolved) name
 * the transpiled lines.
 */
// Undefined when nothing is installed, whatever @types/node declares.
const sourceMapped = Error.prepareStackTrace as typeof Error.prepareStackTrace | undefined;

/** V8's own format: the target's string, then one `at` line per frame. */
function unmapped(target: object, frames: readonly NodeJS.CallSite[]): string {
  return [String(target), ...frames.map((frame) => `    at ${frame.toString()}`)].join("\n");
}

Error.prepareStackTrace = (target: Error, frames: NodeJS.CallSite[]): unknown =>
  sourceMapped && target instanceof Error ? sourceMapped(target, frames) : unmapped(target, frames);
