/**
 * cdktf records a creation stack for every token it makes (each attribute reference, list and map): it
 * captures a stack trace of every frame on a plain object and reads it back as text. Those stacks appear
 * only in cdktf's message for a token it cannot resolve, yet capturing and formatting them is about a
 * fifth of synthesis. While this is in force, capturing a stack on anything but an error records nothing
 * (cdktf then keeps an empty creation stack), and an error's stack formats as V8's default does, unmapped.
 *
 * V8 formats a stack when it is first read, so restoring Node's own formatting before an error is
 * reported still maps that error's stack through the source maps (tools/build-error.ts).
 */
export function skipTokenStackTraces(): () => void {
  const capture = Object.getOwnPropertyDescriptor(Error, "captureStackTrace");
  const format = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
  const captureStackTrace = Error.captureStackTrace.bind(Error);
  Error.captureStackTrace = (...args: Parameters<typeof Error.captureStackTrace>): void => {
    if (args[0] instanceof Error) captureStackTrace(...args);
  };
  Error.prepareStackTrace = (target: object, frames: NodeJS.CallSite[]): string =>
    target instanceof Error
      ? [String(target), ...frames.map((frame) => `    at ${frame.toString()}`)].join("\n")
      : "";
  return () => {
    if (capture) Object.defineProperty(Error, "captureStackTrace", capture);
    if (format) Object.defineProperty(Error, "prepareStackTrace", format);
    else delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  };
}
