/**
 * `npm run check -- <file-or-dir>...` and `npm run report -- <dir>...`: check synthesized stacks
 * (`cdk.tf.json`, directories searched recursively) or Terraform plans (`terraform show -json` output,
 * detected by content; `--plan` searches directories for `plan.json`). Exit 0: no unsuppressed error;
 * 1: errors; 2: unreadable input.
 */
import { hasErrors } from "./check";
import { formatJson, formatText } from "./format";
import { PACK_NAMES, type PackName } from "./model";
import { writeReport } from "./report";
import { PlanInputError, findPlanFiles, stackOrPlanReader } from "./plan-input";
import { PolicyInputError, checkFiles, findStackFiles } from "./run";

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const USAGE = `usage: policy/cli.ts [check|report] [--format text|json] [--pack baseline|hipaa] [--exceptions DIR] [--config DIR] [--plan] [--stack NAME] <cdk.tf.json, plan.json or directory>...
  check   print findings; exit 1 when an unsuppressed error exists (default)
  report  also write controls.json and compliance-report.md next to each checked file
  --config DIR  environment files that decide each stack's environment, role and production flag
                (default: config/environments)
  --plan        judge Terraform plans: directories are searched for plan.json (terraform show -json output)
                instead of cdk.tf.json; a file holding a plan is recognized without it
  --stack NAME  the stack a single plan file belongs to (default: its directory, stacks/<stack>/plan.json)`;

interface Args {
  command: "check" | "report";
  format: "text" | "json";
  pack?: PackName;
  exceptionsDir?: string;
  plan: boolean;
  stack?: string;
  configDir?: string;
  paths: string[];
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { command: "check", format: "text", plan: false, paths: [] };
  const rest = [...argv];
  if (rest[0] === "check" || rest[0] === "report") args.command = rest.shift() as Args["command"];
  while (rest.length) {
    const arg = rest.shift() as string;
    const value = () => {
      const v = rest.shift();
      if (v === undefined || v.startsWith("--")) throw new PolicyInputError(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === "--format") {
      const format = value();
      if (format !== "text" && format !== "json")
        throw new PolicyInputError(`--format: got "${format}"; allowed: text, json`);
      args.format = format;
    } else if (arg === "--pack") {
      const pack = value();
      if (!PACK_NAMES.includes(pack as PackName))
        throw new PolicyInputError(`--pack: got "${pack}"; allowed: ${PACK_NAMES.join(", ")}`);
      args.pack = pack as PackName;
    } else if (arg === "--exceptions") {
      args.exceptionsDir = value();
    } else if (arg === "--plan") {
      args.plan = true;
    } else if (arg === "--stack") {
      args.stack = value();
    } else if (arg === "--config") {
      args.configDir = value();
    } else if (arg === "--help" || arg === "-h") {
      throw new PolicyInputError(USAGE);
    } else if (arg.startsWith("--")) {
      throw new PolicyInputError(`unknown option ${arg}\n${USAGE}`);
    } else {
      args.paths.push(arg);
    }
  }
  if (!args.paths.length)
    throw new PolicyInputError(`no input: name cdk.tf.json files or directories (e.g. cdktf.out)\n${USAGE}`);
  return args;
}

/** Runs the CLI; returns the exit code. `today` is for tests. */
export function main(argv: readonly string[], io: CliIo, today?: string): number {
  try {
    const args = parseArgs(argv);
    const files = args.plan ? findPlanFiles(args.paths) : findStackFiles(args.paths);
    if (args.stack && files.length !== 1)
      throw new PolicyInputError(
        `--stack ${args.stack}: names the stack of one plan file; got ${files.length} files`,
      );
    const reports = checkFiles(
      files,
      {
        pack: args.pack,
        exceptionsDir: args.exceptionsDir,
        configDir: args.configDir,
        stack: args.stack,
        today,
      },
      stackOrPlanReader(args.stack),
    );
    if (args.command === "report") {
      reports.forEach((report, i) =>
        writeReport(report, files[i]).forEach((path) => io.stderr(`wrote ${path}`)),
      );
    }
    io.stdout(args.format === "json" ? formatJson(reports) : formatText(reports));
    return hasErrors(reports) ? 1 : 0;
  } catch (err) {
    if (err instanceof PolicyInputError || err instanceof PlanInputError) {
      io.stderr(`policy check: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    stdout: (text) => console.log(text),
    stderr: (text) => console.error(text),
  });
}
