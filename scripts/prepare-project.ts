/**
 * Removes the `default` network and its firewall rules from an existing project before its first deploy.
 * Dry run by default: prints the exact gcloud commands. `--execute` runs them (needs gcloud and
 * compute.networks.delete / compute.firewalls.delete on the project).
 *
 *   npm run prepare-project -- dev             # print the commands
 *   npm run prepare-project -- dev --execute   # run them
 */
import { spawnSync } from "node:child_process";
import { ConfigError } from "../config/errors";
import { loadEnvironments } from "../config/load";
import {
  DEFAULT_NETWORK_RULES,
  enableComputeCommand,
  formatCommand,
  listDefaultNetworkRulesCommand,
  parseRuleNames,
  removeDefaultNetworkCommands,
  skipDefaultNetworkPolicyCommand,
  type Command,
} from "./prepare-project-commands";

function run(command: Command, capture = false): string {
  const result = spawnSync(command[0], command.slice(1), {
    encoding: "utf8",
    stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit",
  });
  if (result.error) throw new Error(`${command[0]} could not be started: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`command failed (exit ${result.status}): ${formatCommand(command)}`);
  return result.stdout ?? "";
}

function main(args: string[]): number {
  const execute = args.includes("--execute");
  const names = args.filter((a) => !a.startsWith("--"));
  if (names.length !== 1) {
    console.error("usage: npm run prepare-project -- <environment> [--execute]");
    return 2;
  }
  let projectId: string;
  try {
    const [environment] = loadEnvironments({ only: names });
    projectId = environment.projectId;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Invalid configuration:\n${err.problems.map((p) => `  - ${p}`).join("\n")}`);
    return 1;
  }

  if (!execute) {
    console.log(`# Dry run for project ${projectId}; add --execute to run these commands.`);
    console.log("# Precondition (read-only): is compute.skipDefaultNetworkCreation enforced?");
    console.log(formatCommand(skipDefaultNetworkPolicyCommand(projectId)));
    console.log(formatCommand(enableComputeCommand(projectId)));
    console.log("# Rules on the default network (the run deletes every rule this lists):");
    console.log(formatCommand(listDefaultNetworkRulesCommand(projectId)));
    for (const command of removeDefaultNetworkCommands(projectId, DEFAULT_NETWORK_RULES)) {
      console.log(formatCommand(command));
    }
    return 0;
  }
  try {
    run(skipDefaultNetworkPolicyCommand(projectId));
    run(enableComputeCommand(projectId));
    const rules = parseRuleNames(run(listDefaultNetworkRulesCommand(projectId), true));
    const networks = run(
      [
        "gcloud",
        "compute",
        "networks",
        "list",
        `--project=${projectId}`,
        "--filter=name=default",
        "--format=value(name)",
      ],
      true,
    );
    if (parseRuleNames(networks).length === 0) {
      console.log(`Project ${projectId} has no default network: nothing to remove.`);
      return 0;
    }
    for (const command of removeDefaultNetworkCommands(projectId, rules)) {
      console.log(`$ ${formatCommand(command)}`);
      run(command);
    }
    console.log(`Removed the default network of ${projectId} and ${rules.length} firewall rule(s).`);
    return 0;
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
