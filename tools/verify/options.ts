/** Command-line options verify and the drills share: endpoints, timeouts, retries, output format. */
import { resolveEndpoints, type Endpoints } from "./endpoints";
import { UsageError } from "./errors";
import { DEFAULT_RETRY, type RetryPolicy } from "./http";

export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,29}$/;

export interface CommonOptions {
  readonly environment: string;
  readonly positional: readonly string[];
  readonly format: "text" | "json";
  readonly synthDir: string;
  readonly endpoints: Endpoints;
  readonly retry: RetryPolicy;
  /** Flags a command reads itself (`--restore`, `--max-age-days 90`), by name. */
  readonly extra: ReadonlyMap<string, string | true>;
}

export const COMMON_USAGE = `  --format text|json        output (default text)
  --synth-dir DIR            synthesized output to read (default cdktf.out; run \`ENV=<env> npm run synth\` first)
  --endpoint NAME=URL        send API calls elsewhere: NAME is google (every Google API under URL/<api>/<version>),
                             upstash (URL/v2/...) or one Google API (storage, sqladmin, compute, cloudkms,
                             cloudresourcemanager, monitoring, orgpolicy, secretmanager, logging; URL includes the
                             version). https only; plain http only to 127.0.0.1, ::1 or localhost. Repeatable.
                             Environment: BASELINE_GOOGLE_API_URL, BASELINE_UPSTASH_API_URL.
  --timeout MS               time allowed per request (default ${DEFAULT_RETRY.timeoutMs})
  --retries N                tries per request on 429, 5xx and network errors (default ${DEFAULT_RETRY.attempts})`;

function positiveInteger(flag: string, raw: string | undefined, max: number): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < 1 || n > max) {
    throw new UsageError(`${flag}: got "${raw ?? ""}"; allowed: a whole number from 1 to ${max}`);
  }
  return n;
}

/**
 * Parses `<env> [positional...] [options]`. `valueFlags` and `booleanFlags` are the command's own flags.
 */
export function parseCommon(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  own: { valueFlags?: readonly string[]; booleanFlags?: readonly string[] } = {},
): CommonOptions {
  const positional: string[] = [];
  const overrides: string[] = [];
  const extra = new Map<string, string | true>();
  let format: "text" | "json" = "text";
  let synthDir = "cdktf.out";
  let retry: RetryPolicy = DEFAULT_RETRY;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--format") {
      const f = value();
      if (f !== "text" && f !== "json") throw new UsageError(`--format: got "${f}"; allowed: text, json`);
      format = f;
    } else if (arg === "--synth-dir") synthDir = value();
    else if (arg === "--endpoint") overrides.push(value());
    else if (arg === "--timeout") retry = { ...retry, timeoutMs: positiveInteger(arg, value(), 600_000) };
    else if (arg === "--retries") retry = { ...retry, attempts: positiveInteger(arg, value(), 10) };
    else if (own.valueFlags?.includes(arg)) extra.set(arg, value());
    else if (own.booleanFlags?.includes(arg)) extra.set(arg, true);
    else if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [environment, ...rest] = positional;
  if (!environment) throw new UsageError("missing <env>: the environment to check, e.g. dev");
  if (!ENVIRONMENT_NAME.test(environment)) {
    throw new UsageError(
      `<env>: got "${environment}"; allowed: lowercase letters, digits and hyphens (an environment file's name)`,
    );
  }
  return {
    environment,
    positional: rest,
    format,
    synthDir,
    endpoints: resolveEndpoints(overrides, env),
    retry,
    extra,
  };
}
