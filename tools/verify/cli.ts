/**
 * `npm run verify -- <env> [options]`: reads the live state of every control the kit can observe,
 * read-only, and reports drift from the synthesized environment in the policy check's format.
 * Exit codes: 0 no error finding, 1 error findings, 2 bad input or an API that cannot be reached.
 */
import { environmentAuthorizer, READ_ONLY_SCOPE } from "./auth";
import { expectedEnvironment } from "./expected";
import { formatJson, formatText, counts } from "./format";
import { ApiClient, type Authorizer } from "./http";
import { COMMON_USAGE, parseCommon } from "./options";
import { verifyLive } from "./run";
import { failureLine, runAsScript, type CliIo } from "../cli-io";

export const USAGE = `usage: npm run verify -- <env> [options]
${COMMON_USAGE}
exit codes: 0 no error finding, 1 error findings, 2 bad input or an unreachable API`;

/** Runs verify; returns the exit code. `authorize`, `now` and `sleep` (the waits between retries) are for tests. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  deps: { authorize?: Authorizer; now?: Date; sleep?: (ms: number) => Promise<void> } = {},
): Promise<number> {
  try {
    if (argv.includes("--help") || argv.includes("-h")) {
      io.stdout(USAGE);
      return 0;
    }
    const options = parseCommon(argv, env);
    const expected = expectedEnvironment(options.synthDir, options.environment);
    const client = new ApiClient(
      options.endpoints,
      deps.authorize ?? environmentAuthorizer(env, READ_ONLY_SCOPE),
      options.retry,
      deps.sleep,
    );
    const now = deps.now ?? new Date();
    const result = await verifyLive({ client, expected, now });
    io.stdout(
      options.format === "json"
        ? formatJson(options.environment, result, now)
        : formatText(options.environment, result),
    );
    return counts(result).passed ? 0 : 1;
  } catch (err) {
    io.stderr(failureLine("verify", err));
    return 2;
  }
}

if (require.main === module) runAsScript(main);
