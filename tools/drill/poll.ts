/** Bounded polling for long-running operations (clone, delete): never waits forever. */
import { UnreachableError } from "../verify/errors";

export interface PollOptions {
  /** Seconds between polls. @default 20 */
  readonly intervalSeconds: number;
  /** Longest wait in minutes before the drill gives up (and still cleans up). @default 60 */
  readonly maxWaitMinutes: number;
}

export async function pollUntil<T>(
  what: string,
  poll: () => Promise<T>,
  done: (value: T) => boolean,
  options: PollOptions,
): Promise<T> {
  const deadline = Date.now() + options.maxWaitMinutes * 60_000;
  for (;;) {
    const value = await poll();
    if (done(value)) return value;
    if (Date.now() >= deadline)
      throw new UnreachableError(`${what}: not done after ${options.maxWaitMinutes} minute(s)`);
    await new Promise((r) => setTimeout(r, options.intervalSeconds * 1000));
  }
}
