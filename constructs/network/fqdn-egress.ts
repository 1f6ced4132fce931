import { Construct } from "constructs";
import { ComputeNetworkFirewallPolicy } from "@cdktf/provider-google/lib/compute-network-firewall-policy";
import { ComputeNetworkFirewallPolicyAssociation } from "@cdktf/provider-google/lib/compute-network-firewall-policy-association";
import { ComputeNetworkFirewallPolicyRule } from "@cdktf/provider-google/lib/compute-network-firewall-policy-rule";
import { TagsTagKey } from "@cdktf/provider-google/lib/tags-tag-key";
import { TagsTagValue } from "@cdktf/provider-google/lib/tags-tag-value";
import { InvalidPropError, isLiteral, requireMatch } from "../errors";

/** An egress allow to named hosts, for workloads carrying the allow's secure tag. */
export interface FqdnEgressAllowSpec {
  /**
   * Short name (1-50 lowercase letters, digits, hyphens): the secure tag value workloads carry and the
   * rule's name.
   */
  readonly name: string;
  /**
   * Destination hostnames (at most 100), e.g. an Upstash endpoint reference. No wildcards (Cloud NGFW
   * matches exact names) and no IP ranges: the point is to allow a host whose addresses are not published.
   */
  readonly fqdns: readonly string[];
  /** TCP destination ports, e.g. `["6379", "443"]`. */
  readonly ports: readonly string[];
}

export interface FqdnEgressPolicyProps {
  /** Project of the network; the secure tag key is created under it. */
  readonly projectId: string;
  /** Network id (`projects/P/global/networks/N`) the policy is associated with. */
  readonly networkId: string;
  /** Network name; the policy, tag key and rules are named after it. */
  readonly networkName: string;
}

/** An allow created by `FqdnEgressPolicy.allow`. */
export interface FqdnEgressAllow {
  /** The secure tag value a workload must carry (`tagValues/<id>`, bound with google_tags_location_tag_binding). */
  readonly tagValue: TagsTagValue;
  readonly rule: ComputeNetworkFirewallPolicyRule;
}

const CONSTRUCT = "FqdnEgressPolicy";
const SHORT_NAME = /^[a-z]([-a-z0-9]{0,48}[a-z0-9])?$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const PORT = /^[0-9]{1,5}$/;
/** Cloud NGFW accepts at most 100 destination FQDNs per rule. */
const MAX_FQDNS = 100;
/** First rule priority; network firewall policies reserve the lowest priorities for their default rules. */
const FIRST_PRIORITY = 1000;

/**
 * NET-3 egress by name (Cloud NGFW Standard FQDN objects): a network firewall policy, evaluated before the
 * VPC firewall rules (the network's enforcement order is BEFORE_CLASSIC_FIREWALL), with one EGRESS allow per
 * call to `allow`: TCP to the given hostnames on the given ports, only from instances carrying the allow's
 * secure tag (a tag key with purpose GCE_FIREWALL, so binding it needs IAM on the tag, unlike a network tag
 * anyone with instance admin can set). Traffic no rule allows goes on to the VPC rules and their deny-all.
 * Each rule is logged (NET-7).
 */
export class FqdnEgressPolicy extends Construct {
  readonly policy: ComputeNetworkFirewallPolicy;
  /** The construct's main resource, the firewall policy (`policy`); also `node.defaultChild`. */
  readonly resource: ComputeNetworkFirewallPolicy;
  /** Key of the secure tags that select the workloads (`<project>/<network>-egress`). */
  readonly tagKey: TagsTagKey;
  private readonly allows = new Map<string, FqdnEgressAllow>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: FqdnEgressPolicyProps,
  ) {
    super(scope, id);
    this.policy = new ComputeNetworkFirewallPolicy(this, "policy", {
      name: `${props.networkName}-egress-fqdn`,
      description:
        "Egress allows by hostname for secure-tagged workloads; everything else meets the VPC deny-all",
    });
    this.resource = this.policy;
    this.node.defaultChild = this.policy;
    new ComputeNetworkFirewallPolicyAssociation(this, "association", {
      name: `${props.networkName}-egress-fqdn`,
      firewallPolicy: this.policy.id,
      attachmentTarget: props.networkId,
    });
    this.tagKey = new TagsTagKey(this, "tag-key", {
      parent: `projects/${props.projectId}`,
      shortName: `${props.networkName}-egress`,
      description: `Egress allows of network ${props.networkName}: a workload carrying a value may reach that value's hosts`,
      purpose: "GCE_FIREWALL",
      purposeData: { network: `${props.projectId}/${props.networkName}` },
    });
  }

  /**
   * Allows TCP egress to `spec.fqdns` on `spec.ports` from instances carrying the secure tag `spec.name`.
   * The tag value and rule are created in `scope` (default: this construct), e.g. a team stack allowing its
   * own Redis through the environment's policy; priorities are handed out in order, one per allow.
   */
  allow(spec: FqdnEgressAllowSpec, scope: Construct = this): FqdnEgressAllow {
    validateAllow(spec, this.allows);
    const own = scope === this;
    const tagValue = new TagsTagValue(scope, own ? `tag-${spec.name}` : `egress-${spec.name}-tag`, {
      parent: this.tagKey.id,
      shortName: spec.name,
      description: `Workloads that may reach: ${spec.fqdns.filter(isLiteral).join(", ") || "the hosts of rule " + spec.name}`,
    });
    const rule = new ComputeNetworkFirewallPolicyRule(
      scope,
      own ? `rule-${spec.name}` : `egress-${spec.name}-rule`,
      {
        firewallPolicy: this.policy.name,
        ruleName: `${this.props.networkName}-allow-egress-${spec.name}`,
        description: `Egress to ${spec.name} hosts by name, tagged workloads only`,
        priority: FIRST_PRIORITY + this.allows.size,
        direction: "EGRESS",
        action: "allow",
        enableLogging: true,
        match: {
          destFqdns: [...spec.fqdns],
          layer4Configs: [{ ipProtocol: "tcp", ports: [...spec.ports] }],
        },
        targetSecureTags: [{ name: tagValue.id }],
      },
    );
    const created = { tagValue, rule };
    this.allows.set(spec.name, created);
    return created;
  }
}

function validateAllow(spec: FqdnEgressAllowSpec, existing: ReadonlyMap<string, unknown>): void {
  requireMatch(
    CONSTRUCT,
    "name",
    spec.name,
    SHORT_NAME,
    "must be 1-50 lowercase letters, digits or hyphens, starting with a letter",
  );
  if (existing.has(spec.name)) {
    throw new InvalidPropError(CONSTRUCT, "name", spec.name, "must be unique among the FQDN egress allows");
  }
  if (spec.fqdns.length === 0 || spec.fqdns.length > MAX_FQDNS) {
    throw new InvalidPropError(
      CONSTRUCT,
      "fqdns",
      spec.fqdns,
      `must list 1-${MAX_FQDNS} hostnames (Cloud NGFW's limit per rule)`,
    );
  }
  spec.fqdns.forEach((fqdn, i) => {
    if (isLiteral(fqdn) && !HOSTNAME.test(fqdn)) {
      throw new InvalidPropError(
        CONSTRUCT,
        `fqdns[${i}]`,
        fqdn,
        "must be a lowercase hostname such as eu1-example-12345.upstash.io (no wildcard, no IP, no trailing dot)",
      );
    }
  });
  if (spec.ports.length === 0)
    throw new InvalidPropError(CONSTRUCT, "ports", [], "must list at least one port");
  spec.ports.forEach((port, i) => {
    if (!PORT.test(port) || Number(port) < 1 || Number(port) > 65535) {
      throw new InvalidPropError(CONSTRUCT, `ports[${i}]`, port, "must be a single TCP port 1-65535");
    }
  });
}
