/**
 * The gcloud commands that prepare an existing project for its first deploy: pure data, so the commands
 * the runbook documents are the commands `npm run prepare-project` runs, and tests check them.
 *
 * The deployer: its service account and the bucket-admin custom role must exist before the bootstrap
 * stack (deployed once with a person's credentials) grants the deployer its project roles in Terraform.
 *
 * Enabling the Compute API creates the auto-mode `default` network with firewall rules that admit SSH,
 * RDP and ICMP from 0.0.0.0/0 (unless the organization enforces `compute.skipDefaultNetworkCreation`).
 * Project-level org policies are not retroactive, and the kit's network controls judge only the kit's
 * network, so the `default` network and its rules are removed before the baseline is deployed.
 */

/** One command: the program and its arguments, never a shell string (no quoting to get wrong). */
export type Command = readonly string[];

/** The rules Compute Engine creates with the `default` network. */
export const DEFAULT_NETWORK_RULES: readonly string[] = [
  "default-allow-icmp",
  "default-allow-internal",
  "default-allow-rdp",
  "default-allow-ssh",
];

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const RULE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

function requireProjectId(projectId: string): void {
  if (!PROJECT_ID.test(projectId)) {
    throw new Error(
      `projectId "${projectId}" is not a GCP project id: 6-30 lowercase letters, digits or hyphens`,
    );
  }
}

/** Read-only: the organization policy that decides whether enabling Compute creates a `default` network. */
export function skipDefaultNetworkPolicyCommand(projectId: string): Command {
  requireProjectId(projectId);
  return [
    "gcloud",
    "resource-manager",
    "org-policies",
    "describe",
    "compute.skipDefaultNetworkCreation",
    `--project=${projectId}`,
    "--effective",
  ];
}

/** Enables Compute (idempotent), so the `default` network, if Compute creates one, exists before removal. */
export function enableComputeCommand(projectId: string): Command {
  requireProjectId(projectId);
  return ["gcloud", "services", "enable", "compute.googleapis.com", `--project=${projectId}`];
}

/** Read-only: names of the firewall rules on the `default` network, one a line. */
export function listDefaultNetworkRulesCommand(projectId: string): Command {
  requireProjectId(projectId);
  return [
    "gcloud",
    "compute",
    "firewall-rules",
    "list",
    `--project=${projectId}`,
    "--filter=network~/global/networks/default$",
    "--format=value(name)",
  ];
}

/** Deletes the given firewall rules of the `default` network, then the network itself. */
export function removeDefaultNetworkCommands(projectId: string, ruleNames: readonly string[]): Command[] {
  requireProjectId(projectId);
  for (const rule of ruleNames) {
    if (!RULE_NAME.test(rule)) throw new Error(`firewall rule name "${rule}" is not a valid rule name`);
  }
  const rules = [...new Set(ruleNames)].sort();
  const commands: Command[] = rules.length
    ? [["gcloud", "compute", "firewall-rules", "delete", ...rules, `--project=${projectId}`, "--quiet"]]
    : [];
  commands.push(["gcloud", "compute", "networks", "delete", "default", `--project=${projectId}`, "--quiet"]);
  return commands;
}

const SERVICE_ACCOUNT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** Enables the IAM API (idempotent): service accounts and custom roles live there. */
export function enableIamCommand(projectId: string): Command {
  requireProjectId(projectId);
  return ["gcloud", "services", "enable", "iam.googleapis.com", `--project=${projectId}`];
}

/**
 * The deployer's service account id when it lives in `projectId` (`serviceAccount:<id>@<projectId>.iam...`),
 * or undefined when it lives elsewhere (created in its own project).
 */
export function deployerAccountId(member: string, projectId: string): string | undefined {
  const match = /^serviceAccount:([^@]+)@([^.]+)\.iam\.gserviceaccount\.com$/.exec(member);
  return match && match[2] === projectId && SERVICE_ACCOUNT_ID.test(match[1]) ? match[1] : undefined;
}

/** Read-only: exits non-zero when the service account does not exist. */
export function describeServiceAccountCommand(projectId: string, accountId: string): Command {
  requireProjectId(projectId);
  return [
    "gcloud",
    "iam",
    "service-accounts",
    "describe",
    `${accountId}@${projectId}.iam.gserviceaccount.com`,
    `--project=${projectId}`,
  ];
}

/** Creates the deployer's service account (no key: CI uses Workload Identity Federation). */
export function createServiceAccountCommand(projectId: string, accountId: string): Command {
  requireProjectId(projectId);
  if (!SERVICE_ACCOUNT_ID.test(accountId))
    throw new Error(`service account id "${accountId}" is not 6-30 lowercase letters, digits or hyphens`);
  return [
    "gcloud",
    "iam",
    "service-accounts",
    "create",
    accountId,
    `--project=${projectId}`,
    "--display-name=cdktf deployer",
  ];
}

/** Read-only: exits non-zero when the bucket-admin custom role does not exist. */
export function describeBucketAdminRoleCommand(projectId: string, roleId: string): Command {
  requireProjectId(projectId);
  return ["gcloud", "iam", "roles", "describe", roleId, `--project=${projectId}`];
}

/**
 * Creates (`create`) or resets (`update`) the bucket-admin custom role to exactly `permissions`: buckets and
 * their IAM, no object permission, so the deployer cannot read state objects through it.
 */
export function bucketAdminRoleCommand(
  verb: "create" | "update",
  projectId: string,
  roleId: string,
  permissions: readonly string[],
): Command {
  requireProjectId(projectId);
  const objectPermissions = permissions.filter((p) => p.startsWith("storage.objects."));
  if (objectPermissions.length)
    throw new Error(
      `the bucket-admin role must not hold object permissions: ${objectPermissions.join(", ")}`,
    );
  return [
    "gcloud",
    "iam",
    "roles",
    verb,
    roleId,
    `--project=${projectId}`,
    "--title=cdktf bucket admin (no object access)",
    `--permissions=${[...permissions].sort().join(",")}`,
    "--quiet",
  ];
}

/** Parses the output of `listDefaultNetworkRulesCommand`. */
export function parseRuleNames(output: string): string[] {
  return output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** A command as one line a person can paste into a shell. */
export function formatCommand(command: Command): string {
  return command
    .map((arg) => (/^[\w@%+=:,./~-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`))
    .join(" ");
}
