/**
 * Prepares an existing project for its first deploy: creates the deployer's service account and the
 * bucket-admin custom role it is granted (the bootstrap stack grants the deployer its project roles, in
 * Terraform), and removes the `default` network and its firewall rules.
 * Dry run by default: prints the exact gcloud commands. `--execute` runs them (needs gcloud and, on the
 * project, iam.serviceAccounts.create, iam.roles.create/update, compute.networks.delete and
 * compute.firewalls.delete: a project owner, or the roles the runbook lists for the first deploy).
 *
 *   npm run prepare-project -- dev             # print the commands
 *   npm run prepare-project -- dev --execute   # run them
 */
import { spawnSync } from "node:child_process";
import { ConfigError } from "../config/errors";
import { loadEnvironments } from "../config/load";
import { BUCKET_ADMIN_PERMISSIONS, BUCKET_ADMIN_ROLE_ID, stateDeployers } from "../core/rules/deployer";
import {
  DEFAULT_NETWORK_RULES,
  bucketAdminRoleCommand,
  createServiceAccountCommand,
  deployerAccountId,
  describeBucketAdminRoleCommand,
  describeServiceAccountCommand,
  enableIamCommand,
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

/** True when the read-only command succeeds (the thing it describes exists); its output is not shown. */
function exists(command: Command): boolean {
  const result = spawnSync(command[0], command.slice(1), { stdio: "ignore" });
  if (result.error) throw new Error(`${command[0]} could not be started: ${result.error.message}`);
  return result.status === 0;
}

/** The deployer's service account and the bucket-admin role, created when missing (the role reset when present). */
function prepareDeployer(projectId: string, deployer: string, accountId: string | undefined): void {
  run(enableIamCommand(projectId));
  if (accountId === undefined) {
    console.log(`The deployer ${deployer} lives in another project: create it there.`);
  } else if (exists(describeServiceAccountCommand(projectId, accountId))) {
    console.log(`The deployer ${deployer} exists.`);
  } else {
    const create = createServiceAccountCommand(projectId, accountId);
    console.log(`$ ${formatCommand(create)}`);
    run(create);
  }
  const verb = exists(describeBucketAdminRoleCommand(projectId, BUCKET_ADMIN_ROLE_ID)) ? "update" : "create";
  const role = bucketAdminRoleCommand(verb, projectId, BUCKET_ADMIN_ROLE_ID, BUCKET_ADMIN_PERMISSIONS);
  console.log(`$ ${formatCommand(role)}`);
  run(role);
}

function main(args: string[]): number {
  const execute = args.includes("--execute");
  const names = args.filter((a) => !a.startsWith("--"));
  if (names.length !== 1) {
    console.error("usage: npm run prepare-project -- <environment> [--execute]");
    return 2;
  }
  let projectId: string;
  let deployer: string;
  try {
    const [environment] = loadEnvironments({ only: names });
    projectId = environment.projectId;
    deployer = stateDeployers(environment.state, projectId)[0];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Invalid configuration:\n${err.problems.map((p) => `  - ${p}`).join("\n")}`);
    return 1;
  }

  const accountId = deployerAccountId(deployer, projectId);
  if (!execute) {
    console.log(`# Dry run for project ${projectId}; add --execute to run these commands.`);
    console.log(
      `# The deployer (${deployer}) and its bucket-admin custom role; the bootstrap stack grants its roles.`,
    );
    console.log(formatCommand(enableIamCommand(projectId)));
    if (accountId === undefined) console.log(`# ${deployer} lives in another project: create it there.`);
    else {
      console.log(
        `# Only if \`${formatCommand(describeServiceAccountCommand(projectId, accountId))}\` fails:`,
      );
      console.log(formatCommand(createServiceAccountCommand(projectId, accountId)));
    }
    console.log(
      `# "update" instead of "create" when \`${formatCommand(describeBucketAdminRoleCommand(projectId, BUCKET_ADMIN_ROLE_ID))}\` succeeds:`,
    );
    console.log(
      formatCommand(
        bucketAdminRoleCommand("create", projectId, BUCKET_ADMIN_ROLE_ID, BUCKET_ADMIN_PERMISSIONS),
      ),
    );
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
    prepareDeployer(projectId, deployer, accountId);
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
