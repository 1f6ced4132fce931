/**
 * `npm run diff -- <base> <head> [--fail-on-destroy] [--format markdown|json]`: reviews what a change does
 * to the synthesized stacks. Exit codes: 0 reviewed, 2 bad input, 3 a stateful resource would be destroyed
 * and `--fail-on-destroy` was given.
 */
import { parseArgs } from "node:util";
import { diffStackSets } from "./diff";
import { PlanDiffInputError } from "./errors";
import { diffFindings, loadPolicyChecker } from "./findings";
import { loadSide } from "./load";
import { renderMarkdown } from "./render-markdown";

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 2;
export const EXIT_DESTROY = 3;

export const USAGE = `usage: npm run diff -- <base> <head> [--fail-on-destroy] [--format markdown|json]

  <base>, <head>     a synthesized output directory (cdktf.out, or any directory with
                     stacks/<stack>/cdk.tf.json) or a git revision (origin/main, HEAD~1, a commit)
  --fail-on-destroy  exit 3 when a stateful resource (key, bucket, secret, database, Redis, log
                     bucket, static address) would be destroyed or replaced
  --format           markdown (default; for a PR comment) or json

Git revisions are synthesized in a temporary worktree with this checkout's node_modules; ENV selects
the environments as for cdktf synth. Exit codes: 0 reviewed, 2 bad input, 3 destroy (with --fail-on-destroy).`;

/** Where the CLI reads and writes; the defaults are the process's, tests pass their own. */
export interface CliContext {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The policy checker module; default `policy/check` in this repository. */
  readonly policyModule?: string;
}

interface Options {
  readonly base: string;
  readonly head: string;
  readonly failOnDestroy: boolean;
  readonly format: "markdown" | "json";
}

function parseOptions(argv: readonly string[]): Options | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        "fail-on-destroy": { type: "boolean", default: false },
        format: { type: "string", default: "markdown" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    throw new PlanDiffInputError((err as Error).message, true);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length !== 2) {
    throw new PlanDiffInputError(`expected two sides, <base> and <head>; got ${positionals.length}`, true);
  }
  const format = values.format;
  if (format !== "markdown" && format !== "json") {
    throw new PlanDiffInputError(`--format: got "${format}"; allowed: markdown, json`, true);
  }
  return {
    base: positionals[0],
    head: positionals[1],
    failOnDestroy: values["fail-on-destroy"] === true,
    format,
  };
}

function review(options: Options, context: CliContext): number {
  const loadOptions = { cwd: context.cwd, env: context.env };
  context.stderr(`plan-diff: loading ${options.base} (base)\n`);
  const base = loadSide(options.base, loadOptions);
  context.stderr(`plan-diff: loading ${options.head} (head)\n`);
  const head = loadSide(options.head, loadOptions);

  const notes = [...base.notes, ...head.notes];
  for (const note of notes) context.stderr(`plan-diff: ${note}\n`);
  const diff = diffStackSets(base.stacks, head.stacks);
  const findings = diffFindings(loadPolicyChecker(context.policyModule), base.stacks, head.stacks);
  if (options.format === "json") {
    const sides = {
      base: { label: base.label, ...base.source },
      head: { label: head.label, ...head.source },
    };
    context.stdout(`${JSON.stringify({ ...sides, notes, ...diff, findings }, null, 2)}\n`);
  } else {
    context.stdout(renderMarkdown({ base: options.base, head: options.head, diff, findings, notes }));
  }

  const destroys = diff.destroyWarnings.length;
  if (destroys === 0) return EXIT_OK;
  context.stderr(`plan-diff: ${destroys} stateful resource(s) would be destroyed or replaced\n`);
  return options.failOnDestroy ? EXIT_DESTROY : EXIT_OK;
}

/** Runs the CLI; returns the exit code. Bad input is reported in one message, without a stack trace. */
export function runCli(argv: readonly string[], context: CliContext): number {
  try {
    const options = parseOptions(argv);
    if (options === "help") {
      context.stdout(`${USAGE}\n`);
      return EXIT_OK;
    }
    return review(options, context);
  } catch (err) {
    if (!(err instanceof PlanDiffInputError)) throw err;
    context.stderr(`plan-diff: ${err.message}\n${err.showUsage ? `\n${USAGE}\n` : ""}`);
    return EXIT_BAD_INPUT;
  }
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
