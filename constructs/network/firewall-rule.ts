import { Construct } from "constructs";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import type { ITerraformDependable } from "cdktf";

/** Priority of the explicit deny-all rules: below every allow (1000) and above the implied rules (65535). */
export const DENY_ALL_PRIORITY = 65530;
/** Priority of the kit's allow rules. */
export const ALLOW_PRIORITY = 1000;

export type FirewallProtocol = "tcp" | "udp";

export interface FirewallRuleSpec {
  /** Full rule name (unique in the project). */
  readonly name: string;
  /** What the rule is for, shown in the console and logs. */
  readonly description: string;
  readonly direction: "INGRESS" | "EGRESS";
  readonly action: "allow" | "deny";
  /** Source ranges (INGRESS) or destination ranges (EGRESS). */
  readonly ranges: readonly string[];
  /** Protocol and ports; `all` with no ports for the deny-all rules. */
  readonly protocol: FirewallProtocol | "all";
  /**
   * Ports or ranges (`"443"`, `"8000-8080"`).
   * @default every port of the protocol
   */
  readonly ports?: readonly string[];
  /** DENY_ALL_PRIORITY or ALLOW_PRIORITY. */
  readonly priority: number;
  /**
   * Network tags of the instances the rule applies to.
   * @default every instance in the network
   */
  readonly targetTags?: readonly string[];
  /**
   * Resources the rule waits for.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * One VPC firewall rule with logging of full metadata (NET-7): every allowed or denied connection
 * leaves a record, including the explicit deny-all rules (the implied rules are never logged).
 */
export function firewallRule(
  scope: Construct,
  id: string,
  network: string,
  spec: FirewallRuleSpec,
): ComputeFirewall {
  const match = [{ protocol: spec.protocol, ports: spec.ports?.length ? [...spec.ports] : undefined }];
  return new ComputeFirewall(scope, id, {
    name: spec.name,
    description: spec.description,
    network,
    direction: spec.direction,
    priority: spec.priority,
    allow: spec.action === "allow" ? match : undefined,
    deny: spec.action === "deny" ? match : undefined,
    sourceRanges: spec.direction === "INGRESS" ? [...spec.ranges] : undefined,
    destinationRanges: spec.direction === "EGRESS" ? [...spec.ranges] : undefined,
    targetTags: spec.targetTags?.length ? [...spec.targetTags] : undefined,
    logConfig: { metadata: "INCLUDE_ALL_METADATA" },
    dependsOn: spec.dependsOn,
  });
}
