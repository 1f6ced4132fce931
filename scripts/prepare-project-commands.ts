/**
 * The gcloud commands that prepare an existing project for its first deploy: pure data, so the commands
 * the runbook documents are the commands `npm run prepare-project` runs, and tests check them.
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
