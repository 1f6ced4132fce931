/**
 * `npm run diff -- <base> <head> [--plan <plan.json|dir>]... [--fail-on-destroy] [--format markdown|json]
 * [--max-chars N] [--full-report FILE]`: reviews what a change does to the stacks. Exit codes: 0 reviewed,
 * 2 bad input, 3 a stateful resource would be destroyed and `--fail-on-destroy` was given.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { PlanInputError, planToStackJson } from "../../policy/plan-input";
import type { Exception } from "../../policy/model";
import { diffStackSets, type PlanDiff, type StackSet } from "./diff";
import { PlanDiffInputError } from "./errors";
import { diffExceptions, environmentOfFile, parseExceptionFiles, type ExceptionsDiff } from "./exceptions";
import { reviewControls, type CheckSide, type StackChecker } from "./findings";
import { exceptionFilesInTree, loadSide, type LoadedSide } from "./load";
import { loadPlans, planNotes, withPlans, type StackPlan } from "./plan";
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from "./render-markdown";

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 2;
export const EXIT_DESTROY = 3;

/** Smallest `--max-chars` that leaves room for a summary. */
const MIN_MAX_CHARS = 2_000;

export const USAGE = `usage: npm run diff -- <base> <head> [--plan <plan.json|dir>]... [options]
       npm run diff -- --plan <plan.json|dir>... [options]

  <base>, <head>       a synthesized output directory (cdktf.out, or any directory with
                       stacks/<stack>/cdk.tf.json) or a git revision (origin/main, HEAD~1, a commit)
  --plan <file|dir>    terraform show -json output of a stack's plan, or a directory searched for
                       plan.json (cdktf.out: stacks/<stack>/plan.json); repeatable. Planned stacks take
                       their actions from the plan; the others are estimated offline from the sides.
                       Without <base> <head>, the plans alone are reviewed (controls: prior state → planned)
  --fail-on-destroy    exit 3 when a stateful resource (key, bucket, secret, database, Redis, log
                       bucket, static address) would be destroyed or replaced
  --format             markdown (default; for a PR comment) or json
  --max-chars N        summarize the Markdown to at most N characters (GitHub comments: at most ${GITHUB_COMMENT_LIMIT})
  --full-report FILE   also write the complete Markdown review to FILE

Git revisions are synthesized in a temporary worktree with this checkout's node_modules; ENV selects
the environments as for cdktf synth. Exit codes: 0 reviewed, 2 bad input, 3 destroy (with --fail-on-destroy).`;

/** Where the CLI reads and writes; the defaults are the process's, tests pass their own. */
export interface CliContext {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** YYYY-MM-DD for exception expiry; default today (UTC). */
  readonly today?: string;
  /** The policy checker; default policy/check. */
  readonly checker?: StackChecker;
}

interface Options {
  readonly sides?: { readonly base: string; readonly head: string };
  readonly plans: readonly string[];
  readonly failOnDestroy: boolean;
  readonly format: "markdown" | "json";
  readonly maxChars?: number;
  readonly fullReport?: string;
}

function parseOptions(argv: readonly string[]): Options | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        plan: { type: "string", multiple: true, default: [] },
        "fail-on-destroy": { type: "boolean", default: false },
        format: { type: "string", default: "markdown" },
        "max-chars": { type: "string" },
        "full-report": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    throw new PlanDiffInputError((err as Error).message, true);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  const plans = values.plan ?? [];
  if (positionals.length !== 2 && !(positionals.length === 0 && plans.length > 0)) {
    throw new PlanDiffInputError(
      `expected two sides, <base> and <head>, or --plan alone; got ${positionals.length} side(s)`,
      true,
    );
  }
  const format = values.format;
  if (format !== "markdown" && format !== "json") {
    throw new PlanDiffInputError(`--format: got "${format}"; allowed: markdown, json`, true);
  }
  let maxChars: number | undefined;
  if (values["max-chars"] !== undefined) {
    maxChars = Number(values["max-chars"]);
    if (!Number.isInteger(maxChars) || maxChars < MIN_MAX_CHARS || maxChars > GITHUB_COMMENT_LIMIT * 16) {
      throw new PlanDiffInputError(
        `--max-chars: got "${values["max-chars"]}"; allowed: a whole number from ${MIN_MAX_CHARS} to ${GITHUB_COMMENT_LIMIT * 16} (GitHub comments: at most ${GITHUB_COMMENT_LIMIT})`,
        true,
      );
    }
  }
  return {
    sides: positionals.length === 2 ? { base: positionals[0], head: positionals[1] } : undefined,
    plans,
    failOnDestroy: values["fail-on-destroy"] === true,
    format,
    maxChars,
    fullReport: values["full-report"],
  };
}

/** Exceptions by environment from a side's exceptions files (unreadable files apply none: fail closed). */
function exceptionsByEnvironment(files: Readonly<Record<string, string>>): Map<string, Exception[]> {
  const { byFile } = parseExceptionFiles(files);
  return new Map([...byFile].map(([file, exceptions]) => [environmentOfFile(file), exceptions]));
}

/** The stacks a plan describes, before (prior state) and after (planned values), for the control review. */
/** Each plan's stack as the checker judges it: planned values, or the prior state with `prior`. */
function plannedStacks(plans: readonly StackPlan[], prior: boolean): StackSet {
  return Object.fromEntries(
    plans.map((p) => {
      try {
        return [
          p.stack,
          planToStackJson(p.plan, { where: p.file, stackName: p.stack, companion: p.companion, prior }),
        ];
      } catch (err) {
        if (err instanceof PlanInputError) throw new PlanDiffInputError(err.message);
        throw err;
      }
    }),
  );
}

/**
 * The sides the control review compares. With sides: the base as synthesized, the head as synthesized
 * except that a planned stack is judged by its planned values (variables, locals and data sources
 * resolved). Plans alone: each plan's prior state against its planned values.
 */
function checkSides(
  sides: Review["sides"],
  plans: readonly StackPlan[],
  cwd: string,
): [CheckSide, CheckSide] {
  if (!sides) {
    const exceptions = exceptionsByEnvironment(exceptionFilesInTree(cwd));
    return [
      { stacks: plannedStacks(plans, true), exceptionsByEnvironment: exceptions },
      { stacks: plannedStacks(plans, false), exceptionsByEnvironment: exceptions },
    ];
  }
  return [
    {
      stacks: sides.base.stacks,
      exceptionsByEnvironment: exceptionsByEnvironment(sides.base.exceptionFiles),
    },
    {
      stacks: { ...sides.head.stacks, ...plannedStacks(plans, false) },
      exceptionsByEnvironment: exceptionsByEnvironment(sides.head.exceptionFiles),
    },
  ];
}

interface Review {
  readonly base: string;
  readonly head: string;
  readonly sides?: { readonly base: LoadedSide; readonly head: LoadedSide };
  readonly diff: PlanDiff;
  readonly exceptions?: ExceptionsDiff;
  readonly controls: ReturnType<typeof reviewControls>;
  readonly notes: readonly string[];
}

function buildReview(options: Options, context: CliContext, today: string): Review {
  const loadOptions = { cwd: context.cwd, env: context.env };
  let sides: Review["sides"];
  if (options.sides) {
    context.stderr(`plan-diff: loading ${options.sides.base} (base)\n`);
    const base = loadSide(options.sides.base, loadOptions);
    context.stderr(`plan-diff: loading ${options.sides.head} (head)\n`);
    const head = loadSide(options.sides.head, loadOptions);
    sides = { base, head };
  }
  const plans = loadPlans(options.plans, context.cwd);
  for (const plan of plans) context.stderr(`plan-diff: actions of ${plan.stack} from ${plan.file}\n`);
  const notes = [...(sides ? [...sides.base.notes, ...sides.head.notes] : []), ...plans.flatMap(planNotes)];
  for (const note of notes) context.stderr(`plan-diff: ${note}\n`);

  const offline = sides
    ? diffStackSets(sides.base.stacks, sides.head.stacks)
    : { stacks: [], destroyWarnings: [], protectionWarnings: [] };
  const diff = withPlans(offline, plans);
  const [baseCheck, headCheck] = checkSides(sides, plans, context.cwd);
  return {
    base: options.sides?.base ?? "prior state",
    head: options.sides?.head ?? "planned",
    sides,
    diff,
    exceptions: sides
      ? diffExceptions(
          { stacks: sides.base.stacks, files: sides.base.exceptionFiles },
          { stacks: sides.head.stacks, files: sides.head.exceptionFiles },
          today,
        )
      : undefined,
    controls: reviewControls(baseCheck, headCheck, diff, today, context.checker),
    notes,
  };
}

function review(options: Options, context: CliContext): number {
  const today = context.today ?? new Date().toISOString().slice(0, 10);
  const result = buildReview(options, context, today);
  const input = {
    base: result.base,
    head: result.head,
    diff: result.diff,
    controls: result.controls,
    exceptions: result.exceptions,
    notes: result.notes,
  };
  if (options.fullReport) {
    const file = resolve(context.cwd, options.fullReport);
    writeFileSync(file, renderMarkdown(input, { today }));
    context.stderr(`plan-diff: wrote the full review to ${options.fullReport}\n`);
  }
  if (options.format === "json") {
    const sides = result.sides
      ? {
          base: { label: result.sides.base.label, ...result.sides.base.source },
          head: { label: result.sides.head.label, ...result.sides.head.source },
        }
      : {};
    const { diff, controls, exceptions, notes } = result;
    context.stdout(`${JSON.stringify({ ...sides, notes, ...diff, controls, exceptions }, null, 2)}\n`);
  } else {
    context.stdout(
      renderMarkdown(input, {
        today,
        maxChars: options.maxChars,
        fullReport: options.fullReport ? `the full report (${options.fullReport})` : undefined,
      }),
    );
  }

  const destroys = result.diff.destroyWarnings.length;
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
