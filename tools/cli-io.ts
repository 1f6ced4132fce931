/**
 * What the kit's live commands (verify, drill, terminate-customer) share as entry points: their output
 * channels, the one line an error ends them with, and running as a script. A stack trace could carry API
 * answers (Upstash answers hold credentials), so no error ever prints one.
 */

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export type CliMain = (
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
) => Promise<number>;

/**
 * The one line a failed command prints: bad input and unreachable APIs (errors carrying exit code 2) by their
 * message; anything else is a bug, named as unexpected so the run fails closed instead of passing.
 */
export function failureLine(command: string, err: unknown): string {
  const error = err as { exitCode?: number; name?: string; message?: string } | undefined;
  const message = error?.message ?? String(err);
  return error?.exitCode === 2
    ? `${command}: ${message}`
    : `${command}: unexpected ${error?.name ?? "error"}: ${message}`;
}

/**
 * Runs `main` as the process's entry point, with the console as its IO and its result as the exit code.
 * google-auth-library warns when it finds no metadata server (off Google Cloud) on top of the one line the
 * command prints about missing credentials; that warning is dropped, every other one still printed.
 */
export function runAsScript(main: CliMain): void {
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    if (warning.name !== "MetadataLookupWarning") console.error(`${warning.name}: ${warning.message}`);
  });
  void main(process.argv.slice(2), process.env, {
    stdout: (t) => console.log(t),
    stderr: (t) => console.error(t),
  }).then((code) => {
    process.exitCode = code;
  });
}
