/**
 * cdktf records a creation stack for every token it makes (each attribute reference, list and map): it
 * captures a stack trace on a plain object and reads its `stack`, which formats every frame. Those stacks
 * appear only in cdktf's message for a token it cannot resolve, yet formatting them is a tenth of
 * synthesis. While this is in force, a plain object's stack formats as empty (cdktf then records none)
 * and an error's stack formats as V8's default does, unmapped.
 *
 * V8 formats a stack when it is first read, so restoring Node's own formatting before an error is
 * reported still maps that error's stack through the source maps (tools/build-error.ts).
 */
export function skipTokenStackTraces(): () => void {
  const previous = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
  Error.prepareStackTrace = (target: object, frames: NodeJS.CallSite[]): string =>
    target instanceof Error
      ? [String(target), ...frames.map((frame) => `    at ${frame.toString()}`)].join("\n")
      : "";
  return () => {
    if (previous) Object.defineProperty(Error, "prepareStackTrace", previous);
    else delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  };
}
