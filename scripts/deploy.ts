/**
 * `npm run deploy -- <env> [stack...] [cdktf deploy options]`: deploys an environment's stacks with cdktf's
 * multi-stack deploy, which orders them by their dependencies (bootstrap, baseline, then the teams in
 * parallel). Naming stacks (`payments`, `payments-dev`, `baseline`) deploys those and every stack they depend
 * on: cdktf refuses a stack whose dependencies are not among the stacks it runs.
 *
 *   npm run deploy -- dev                  # every stack of dev
 *   npm run deploy -- dev payments         # bootstrap-dev, baseline-dev, payments-dev
 *   npm run deploy -- dev --dry-run        # print the cdktf command instead of running it
 *
 * `npm run deploy -- --targets [env...]` prints, for CI, every environment of config/environments/ (or the
 * ones named) in promotion order with its stacks (JSON); it refuses an environment CI cannot deploy.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { App, type TerraformStack } from "cdktf";
import { ConfigError, describeValue } from "../config/errors";
import { loadEnvironments } from "../config/load";
import type { EnvironmentConfig } from "../config/schema/environment";
import { localStatePath } from "../stacks/bootstrap-stack";
import { addEnvironmentStacks } from "../stacks/environment-stacks";
import type { TeamDefinition } from "../stacks/team-stack";
import { TEAMS } from "../teams";

const ROOT = join(__dirname, "..");

/** A wrong argument or an environment that cannot be deployed: printed as-is, exit code 2. */
export class DeployInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeployInputError";
  }
}

/** One stack of an environment and the stacks it depends on, as cdktf records them. */
export interface StackNode {
  readonly name: string;
  readonly kind: "bootstrap" | "baseline" | "team";
  readonly dependsOn: readonly string[];
}

/** An environment's stacks in construction order (bootstrap, baseline, teams). */
export interface EnvironmentGraph {
  readonly environment: string;
  readonly stacks: readonly StackNode[];
  /** The bootstrap stack keeps its state on this machine (`state.bootstrapStateInBucket: false`). */
  readonly bootstrapStateIsLocal: boolean;
}

/** Builds an environment's stacks (without synthesizing them) and reads their dependencies. */
export function environmentGraph(
  environment: EnvironmentConfig,
  teams: readonly TeamDefinition[],
): EnvironmentGraph {
  const outdir = mkdtempSync(join(tmpdir(), "deploy-graph-"));
  try {
    const stacks = addEnvironmentStacks(new App({ outdir }), environment, teams);
    const node = (stack: TerraformStack, kind: StackNode["kind"]): StackNode => ({
      name: stack.node.id,
      kind,
      dependsOn: stack.dependencies.map((d) => d.node.id),
    });
    return {
      environment: environment.name,
      stacks: [
        node(stacks.bootstrap, "bootstrap"),
        node(stacks.baseline, "baseline"),
        ...stacks.teams.map((t) => node(t, "team")),
      ],
      bootstrapStateIsLocal: !environment.state.bootstrapStateInBucket,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The stacks to pass to `cdktf deploy`: every stack when none is requested, otherwise the requested ones and
 * everything they depend on, transitively. A request names a stack (`payments-dev`) or its kind or team
 * without the environment (`payments`, `baseline`, `bootstrap`). The bootstrap is always included: the
 * baseline's state lives in the bucket it creates. Result in the graph's order (dependencies first).
 */
export function selectStacks(graph: EnvironmentGraph, requested: readonly string[]): string[] {
  const names = graph.stacks.map((s) => s.name);
  if (requested.length === 0) return names;
  const byRequest = (request: string): string => {
    const name = names.find((n) => n === request || n === `${request}-${graph.environment}`);
    if (!name) {
      throw new DeployInputError(
        `stack ${describeValue(request)} is not a stack of environment ${graph.environment}; allowed: ${names.join(", ")}`,
      );
    }
    return name;
  };
  const wanted = new Set<string>();
  const add = (name: string): void => {
    if (wanted.has(name)) return;
    wanted.add(name);
    graph.stacks.find((s) => s.name === name)?.dependsOn.forEach(add);
  };
  requested.map(byRequest).forEach(add);
  add(graph.stacks.find((s) => s.kind === "bootstrap")!.name);
  return names.filter((n) => wanted.has(n));
}

/** Options of one deploy. */
export interface DeployOptions {
  /** Options passed on to `cdktf deploy` as given (`--auto-approve`, `--parallelism 2`). */
  readonly cdktfOptions?: readonly string[];
}

/**
 * The command that deploys `stacks` of `environment`: `cdktf deploy` over all of them at once, so cdktf
 * orders them by dependency and runs independent ones (the teams) in parallel. `ENV` limits synthesis to
 * that environment.
 */
export function deployCommand(
  environment: string,
  stacks: readonly string[],
  options: DeployOptions = {},
): { env: Record<string, string>; argv: string[] } {
  return {
    env: { ENV: environment, CHECKPOINT_DISABLE: "1" },
    argv: ["cdktf", "deploy", ...stacks, ...(options.cdktfOptions ?? [])],
  };
}

/** Order environments are promoted in: dev, staging, other non-production, then production ones (prod first). */
export function promotionOrder(
  environments: readonly Pick<EnvironmentConfig, "name" | "production">[],
): string[] {
  const known = ["dev", "staging", "prod"];
  const rank = (e: Pick<EnvironmentConfig, "name" | "production">) => [
    e.production ? 1 : 0,
    known.includes(e.name) ? known.indexOf(e.name) : known.length,
  ];
  return [...environments]
    .sort((a, b) => {
      const [ra, rb] = [rank(a), rank(b)];
      return ra[0] - rb[0] || ra[1] - rb[1] || a.name.localeCompare(b.name);
    })
    .map((e) => e.name);
}

/** What CI deploys of one environment: the foundation one after the other, then the teams in parallel. */
export interface DeployTarget {
  readonly environment: string;
  /** Every stack, dependencies first (one saved plan each). */
  readonly stacks: string[];
  /** Bootstrap, then baseline: applied in this order in one job. */
  readonly foundation: string[];
  /** Team stacks: one job each, in parallel, after the foundation. */
  readonly teams: string[];
}

/**
 * CI's targets, in promotion order. Refuses (fail closed) an environment CI cannot deploy: a bootstrap whose
 * state is still on a workstation (CI would plan against empty state), or a team stack that depends on
 * another team (CI applies teams in parallel).
 */
export function deployTargets(graphs: readonly EnvironmentGraph[], order: readonly string[]): DeployTarget[] {
  const problems: string[] = [];
  const targets = order.map((name) => {
    const graph = graphs.find((g) => g.environment === name)!;
    const foundation = graph.stacks.filter((s) => s.kind !== "team").map((s) => s.name);
    const teams = graph.stacks.filter((s) => s.kind === "team");
    if (graph.bootstrapStateIsLocal) {
      problems.push(
        `${name}: bootstrap-${name} still keeps its state on the workstation that created it ` +
          `(state.bootstrapStateInBucket is false in config/environments/${name}.yaml); bootstrap it and ` +
          `migrate its state first (docs/runbook.md, section 3), CI cannot deploy a stack whose state is elsewhere`,
      );
    }
    for (const team of teams) {
      const onTeams = team.dependsOn.filter((d) => !foundation.includes(d));
      if (onTeams.length) {
        problems.push(
          `${name}: ${team.name} depends on ${onTeams.join(", ")}; CI applies team stacks in parallel, so a team ` +
            `may depend only on ${foundation.join(" and ")}`,
        );
      }
    }
    return {
      environment: name,
      stacks: graph.stacks.map((s) => s.name),
      foundation,
      teams: teams.map((t) => t.name),
    };
  });
  if (problems.length) throw new DeployInputError(`CI cannot deploy:\n  - ${problems.join("\n  - ")}`);
  return targets;
}

const USAGE = `usage: npm run deploy -- <env> [stack...] [--dry-run] [cdktf deploy options, e.g. --auto-approve]
       npm run deploy -- --targets [env...]   (CI: environments in promotion order with their stacks, as JSON)`;

/** Splits arguments into the environment, requested stacks, our flags and options for cdktf. */
export function parseDeployArgs(argv: readonly string[]): {
  targets: boolean;
  dryRun: boolean;
  environment?: string;
  stacks: string[];
  cdktfOptions: string[];
} {
  const positionals: string[] = [];
  const cdktfOptions: string[] = [];
  let targets = false;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--targets") targets = true;
    else if (arg === "--dry-run") dryRun = true;
    else if (arg === "-h" || arg === "--help") throw new DeployInputError(USAGE);
    else if (
      arg === "--parallelism" ||
      arg === "--terraform-parallelism" ||
      arg === "--var" ||
      arg === "--var-file"
    ) {
      // Options that take a value: keep the value with its option.
      if (argv[i + 1] === undefined) throw new DeployInputError(`${arg} needs a value\n${USAGE}`);
      cdktfOptions.push(arg, argv[++i]);
    } else if (arg.startsWith("-")) cdktfOptions.push(arg);
    else positionals.push(arg);
  }
  if (!targets && positionals.length === 0) throw new DeployInputError(`name an environment\n${USAGE}`);
  const [environment, ...stacks] = positionals;
  return { targets, dryRun, environment, stacks, cdktfOptions };
}

function loadOrExplain(only?: string[]): EnvironmentConfig[] {
  try {
    return loadEnvironments({ dir: process.env.BASELINE_CONFIG_DIR || undefined, only });
  } catch (err) {
    if (err instanceof ConfigError)
      throw new DeployInputError(`invalid configuration:\n  - ${err.problems.join("\n  - ")}`);
    throw err;
  }
}

/** Runs the command line; returns the exit code. */
export function main(argv: readonly string[]): number {
  try {
    const args = parseDeployArgs(argv);
    if (args.targets) {
      // `--targets dev staging`: only those (a manual run); none: every environment.
      const environments = loadOrExplain(args.environment ? [args.environment, ...args.stacks] : undefined);
      const graphs = environments.map((e) => environmentGraph(e, TEAMS));
      console.log(JSON.stringify(deployTargets(graphs, promotionOrder(environments))));
      return 0;
    }
    const [environment] = loadOrExplain([args.environment!]);
    const graph = environmentGraph(environment, TEAMS);
    const stacks = selectStacks(graph, args.stacks);
    const command = deployCommand(environment.name, stacks, { cdktfOptions: args.cdktfOptions });
    const shown = `${Object.entries(command.env)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ")} npx ${command.argv.join(" ")}`;
    if (args.dryRun) {
      console.log(shown);
      return 0;
    }
    const bootstrap = stacks.find((s) => s.startsWith("bootstrap-"));
    if (bootstrap && graph.bootstrapStateIsLocal && !existsSync(localStatePath(bootstrap))) {
      console.log(
        `note: ${bootstrap} keeps its state in ${relative(process.cwd(), localStatePath(bootstrap))}, which does not exist ` +
          `yet: this deploy creates the state bucket. If ${environment.name} was bootstrapped from another machine, ` +
          `stop and migrate that state first (docs/runbook.md, section 3).`,
      );
    }
    console.log(`deploying ${stacks.join(", ")}: ${shown}`);
    const result = spawnSync(join(ROOT, "node_modules", ".bin", command.argv[0]), command.argv.slice(1), {
      cwd: ROOT,
      env: { ...process.env, ...command.env },
      stdio: "inherit",
    });
    return result.status ?? 1;
  } catch (err) {
    if (err instanceof DeployInputError) {
      console.error(`deploy: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
