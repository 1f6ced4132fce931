import { Construct, type IConstruct } from "constructs";
import { Fn, type ITerraformDependable } from "cdktf";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRoute } from "@cdktf/provider-google/lib/compute-route";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSslPolicy } from "@cdktf/provider-google/lib/compute-ssl-policy";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { DnsPolicy } from "@cdktf/provider-google/lib/dns-policy";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import { CONSISTENCY_WAITS, ConsistencyWait } from "../project/waits";
import { InvalidPropError, isLiteral, requireIntegerInRange, requireMatch, requireRegion } from "../errors";
import { stackProjectId } from "../project/stack-project";
import { formatPath } from "../../core/errors";
import {
  FLOW_LOG_SAMPLING_ALLOWED,
  MIN_TLS_VERSIONS,
  MIN_TLS_VERSION_ALLOWED,
  NAT_IP_COUNT,
  NETWORK_NAME,
  NETWORK_TAG,
  PRIVATE_SERVICE_ACCESS_PREFIXES,
  RANGES_DISJOINT,
  RESOURCE_NAME,
  RULE_NAME,
  SSL_POLICY_PROFILES,
  SSL_POLICY_PROFILE_ALLOWED,
  SUBNET_PREFIXES,
  combinedEgressProblem,
  duplicateIndexes,
  egressDestinationProblem,
  egressDestinationsProblem,
  ingressSourceProblem,
  ingressSourcesProblem,
  isFlowLogSampling,
  overlappingRanges,
  ownedRanges,
  parsePrivateRange,
  portProblem,
  type MinTlsVersion,
  type NameRule,
  type PrefixBounds,
  type SslPolicyProfile,
} from "../../core/rules/network";
import { retainLifecycle } from "../lifecycle";
import { FqdnEgressPolicy, type FqdnEgressAllow, type FqdnEgressAllowSpec } from "./fqdn-egress";
import { parseIpv4Cidr, type Ipv4Cidr } from "../../core/rules/cidr";
import { ALLOW_PRIORITY, DENY_ALL_PRIORITY, firewallRule, type FirewallProtocol } from "./firewall-rule";
import {
  HEALTH_CHECK_RANGES,
  IAP_TCP_FORWARDING_RANGE,
  RESTRICTED_GOOGLE_APIS_ADDRESSES,
  RESTRICTED_GOOGLE_APIS_RANGE,
} from "../../core/rules/google-ranges";

/** A subnet of the network. */
export interface SubnetSpec {
  /** Subnet name: 1-63 lowercase letters, digits or hyphens, starting with a letter (RFC 1035). */
  readonly name: string;
  /** NET-9 / NET-8: primary range in private address space (RFC 1918 or 100.64.0.0/10), /8 to /29. */
  readonly cidr: string;
  /**
   * Region of the subnet; the network gets a Cloud Router and Cloud NAT in every region used.
   * @default the network's `region`
   */
  readonly region?: string;
  /**
   * Secondary ranges (e.g. GKE pods and services), in private address space.
   * @default none
   */
  readonly secondaryRanges?: readonly { readonly name: string; readonly cidr: string }[];
}

/** An explicit egress allow above the deny-all rule (NET-3), e.g. HTTPS to a partner through NAT. */
export interface EgressAllowSpec {
  /** Short rule name (1-24 lowercase letters, digits, hyphens); the firewall rule is `<network>-allow-egress-<name>`. */
  readonly name: string;
  /** Destination ranges (IPv4 CIDR); the whole internet (0.0.0.0/0) is refused. */
  readonly destinationCidrs: readonly string[];
  /** Destination ports, e.g. `["443"]` or `["6379"]`, or ranges such as `"8000-8080"`. */
  readonly ports: readonly string[];
  /**
   * @default "tcp"
   */
  readonly protocol?: FirewallProtocol;
  /**
   * Network tags of the instances the rule applies to.
   * @default every instance in the network
   */
  readonly targetTags?: readonly string[];
}

/** An explicit ingress allow from named sources (NET-4: never from 0.0.0.0/0 or ::/0). */
export interface IngressAllowSpec {
  /** Short rule name (1-24 lowercase letters, digits, hyphens); the firewall rule is `<network>-allow-ingress-<name>`. */
  readonly name: string;
  /** Source ranges (IPv4 CIDR, at most /8 wide); 0.0.0.0/0 and ::/0 are refused. */
  readonly sourceCidrs: readonly string[];
  /** Destination ports on the targets. */
  readonly ports: readonly string[];
  /**
   * @default "tcp"
   */
  readonly protocol?: FirewallProtocol;
  /**
   * Network tags of the instances the rule applies to.
   * @default every instance in the network
   */
  readonly targetTags?: readonly string[];
}

export type { MinTlsVersion, SslPolicyProfile };

export interface SecureNetworkProps {
  /**
   * Project of the network; needed only for `allowEgressToFqdns` (its secure tag key lives in the project).
   * @default none: `allowEgressToFqdns` throws
   */
  readonly projectId?: string;
  /** Network name (1-24 lowercase letters, digits, hyphens); prefixes every resource name of the network. */
  readonly name: string;
  /** Default region of subnets, routers and NAT addresses. */
  readonly region: string;
  /** At least one subnet; ranges must not overlap each other or the private service access range. */
  readonly subnets: readonly SubnetSpec[];
  /** NET-12: range reserved for Google-managed services (Cloud SQL), e.g. `10.100.0.0/16` (/8 to /24). */
  readonly privateServiceAccessRange: string;
  /**
   * Ports the network may reach in the private service access range: 5432 (PostgreSQL) and 3307 (Cloud
   * SQL Auth Proxy and connectors, which the certificate-requiring SSL mode makes the practical client).
   * @default ["5432", "3307"]
   */
  readonly databasePorts?: readonly string[];
  /**
   * NET-8: fraction of flows logged on every subnet, in (0, 1].
   * @default 1.0
   */
  readonly flowLogSampling?: number;
  /**
   * NET-10: static external addresses per region that Cloud NAT sends from (1-16). Partners such as
   * Upstash allowlist them, so they are reserved and kept (`prevent_destroy`).
   * @default 1
   */
  readonly natIpCount?: number;
  /**
   * NET-2: network tags of the instances that get the internet route Cloud NAT needs. An empty list
   * gives the route to every instance; egress is still denied by the firewall unless allowed.
   * @default ["nat-egress"]
   */
  readonly natEgressTags?: readonly string[];
  /**
   * NET-5: admit SSH (22) and RDP (3389) from Identity-Aware Proxy's range 35.235.240.0/20, and only from it.
   * @default false
   */
  readonly allowIapAdminAccess?: boolean;
  /**
   * Network tags of the instances IAP admin access reaches.
   * @default every instance in the network
   */
  readonly iapAdminTargetTags?: readonly string[];
  /**
   * NET-5: admit Google load-balancer health checks (35.191.0.0/16, 130.211.0.0/22) on `healthCheckPorts`.
   * @default false
   */
  readonly allowHealthChecks?: boolean;
  /**
   * Ports the health checkers probe.
   * @default ["80", "443", "8080"]
   */
  readonly healthCheckPorts?: readonly string[];
  /**
   * NET-3: explicit egress allows beyond Google APIs and the database.
   * @default none
   */
  readonly egressAllows?: readonly EgressAllowSpec[];
  /**
   * NET-4: explicit ingress allows from named sources.
   * @default none
   */
  readonly ingressAllows?: readonly IngressAllowSpec[];
  /**
   * NET-13: SSL policy profile for HTTPS load balancers (COMPATIBLE is refused: it keeps TLS 1.0 ciphers).
   * @default "MODERN"
   */
  readonly sslPolicyProfile?: SslPolicyProfile;
  /**
   * NET-13: lowest TLS version HTTPS load balancers accept (TLS_1_0 and TLS_1_1 are refused).
   * @default "TLS_1_2"
   */
  readonly minTlsVersion?: MinTlsVersion;
  /**
   * NET-10 opt-out: let `terraform destroy` release the NAT egress addresses. A released address is
   * gone for good, and every partner allowlist naming it must be changed.
   * @default false
   */
  readonly allowDestroy?: boolean;
  /**
   * Resources that must exist first, typically the enabled Compute, DNS and Service Networking APIs.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** NET-12: the range reserved for Google-managed services and its peering. */
export interface PrivateServiceAccess {
  /** Name of the reserved range (what `allocated_ip_range` takes). */
  readonly rangeName: string;
  /**
   * The range, as given.
   * @default unknown for an imported network
   */
  readonly cidr?: string;
  /**
   * The peering with Google's service producer network; instances using it must depend on it.
   * @default none for an imported network (its peering exists already)
   */
  readonly connection?: ServiceNetworkingConnection;
}

/**
 * A VPC network as the constructs placed in it need it: a `SecureNetwork`, or a network managed elsewhere
 * (`SecureNetwork.fromNetworkSelfLink`, `SecureNetwork.fromNetworkName`).
 */
export interface INetwork extends IConstruct {
  /** Network id (`projects/P/global/networks/N`), what `private_network` and `network` attributes take. */
  readonly id: string;
  /** Network name. */
  readonly name: string;
  /** NET-10: public addresses the network's egress leaves from (for partners' allowlists); may be empty. */
  readonly egressIps: readonly string[];
  /** NET-12: the range Cloud SQL takes private addresses from, when the network has one. */
  readonly privateServiceAccess?: PrivateServiceAccess;
}

/** What is known of a network managed elsewhere. */
export interface ImportedNetworkOptions {
  /**
   * NET-12: name of the network's private service access range (a `google_compute_global_address` with
   * purpose VPC_PEERING, already peered), for `PrivatePostgres`.
   * @default none: the network cannot hold a `PrivatePostgres`
   */
  readonly privateServiceAccessRangeName?: string;
  /**
   * NET-10: the public IPv4 addresses the network's Cloud NAT sends from, for partners' allowlists.
   * @default none
   */
  readonly egressIps?: readonly string[];
}

/** What `fromNetworkName` also needs. */
export interface ImportedNetworkByNameOptions extends ImportedNetworkOptions {
  /**
   * Project of the network.
   * @default the project of the stack's default `GoogleProvider`
   */
  readonly projectId?: string;
}

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** A network's self link or id: `[https://www.googleapis.com/compute/v1/]projects/P/global/networks/N`. */
const NETWORK_SELF_LINK =
  /^(?:https:\/\/(?:www|compute)\.googleapis\.com\/compute\/(?:v1|beta)\/)?projects\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/global\/networks\/([a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)$/;

/** A network managed elsewhere. */
class ImportedNetwork extends Construct implements INetwork {
  readonly egressIps: readonly string[];
  readonly privateServiceAccess?: PrivateServiceAccess;

  constructor(
    scope: Construct,
    constructId: string,
    readonly id: string,
    readonly name: string,
    options: ImportedNetworkOptions,
    construct: string,
  ) {
    super(scope, constructId);
    const rangeName = options.privateServiceAccessRangeName;
    if (rangeName !== undefined) {
      requireMatch(
        construct,
        "privateServiceAccessRangeName",
        rangeName,
        RESOURCE_NAME.pattern,
        RESOURCE_NAME.allowed,
      );
      this.privateServiceAccess = { rangeName };
    }
    (options.egressIps ?? []).forEach((ip, i) => {
      if (isLiteral(ip) && typeof parseIpv4Cidr(`${ip}/32`) === "string") {
        throw new InvalidPropError(
          construct,
          `egressIps[${i}]`,
          ip,
          "must be an IPv4 address such as 203.0.113.7",
        );
      }
    });
    this.egressIps = [...(options.egressIps ?? [])];
  }
}

const CONSTRUCT = "SecureNetwork";
/** Registry domains pinned to the restricted VIP, as Google's VPC Service Controls DNS setup lists them. */
const RESTRICTED_REGISTRY_DOMAINS = ["pkg.dev", "gcr.io"];

/**
 * A deny-by-default VPC: custom subnets only (NET-1), no default routes, only the routes needed
 * (NET-2), deny-all egress with explicit allows above it (NET-3), no ingress from the internet (NET-4),
 * admin access only through IAP and health checks only from Google (NET-5), every firewall rule logged
 * (NET-7), flow logs (NET-8) and Private Google Access (NET-9) on every subnet, Cloud NAT from static
 * logged addresses (NET-10), DNS query logging and googleapis.com pinned to restricted.googleapis.com
 * (NET-11), private service access for Cloud SQL (NET-12) and a TLS 1.2+ SSL policy (NET-13).
 */
export class SecureNetwork extends Construct implements INetwork {
  /**
   * A network managed elsewhere, by its self link or id (`https://www.googleapis.com/compute/v1/projects/P/global/networks/N`
   * or `projects/P/global/networks/N`; a literal, validated here, or a Terraform reference). The policy check
   * judges what this stack places in it, not the imported network.
   */
  static fromNetworkSelfLink(
    scope: Construct,
    id: string,
    selfLink: string,
    options: ImportedNetworkOptions = {},
  ): INetwork {
    const construct = "SecureNetwork.fromNetworkSelfLink";
    if (!isLiteral(selfLink)) {
      return new ImportedNetwork(
        scope,
        id,
        selfLink,
        Fn.element(Fn.reverse(Fn.split("/", selfLink)), 0),
        options,
        construct,
      );
    }
    const parts = NETWORK_SELF_LINK.exec(selfLink);
    if (!parts) {
      throw new InvalidPropError(
        construct,
        "selfLink",
        selfLink,
        "must be a network self link or id: [https://www.googleapis.com/compute/v1/]projects/<project>/global/networks/<name> (project: 6-30 lowercase letters, digits or hyphens; name: 1-63 lowercase letters, digits or hyphens, starting with a letter)",
      );
    }
    const [, project, name] = parts;
    return new ImportedNetwork(
      scope,
      id,
      `projects/${project}/global/networks/${name}`,
      name,
      options,
      construct,
    );
  }

  /**
   * A network managed elsewhere, by name, in `options.projectId` (default: the project of the stack's
   * Google provider). The name is validated when it is a literal.
   */
  static fromNetworkName(
    scope: Construct,
    id: string,
    networkName: string,
    options: ImportedNetworkByNameOptions = {},
  ): INetwork {
    const construct = "SecureNetwork.fromNetworkName";
    requireMatch(construct, "networkName", networkName, RESOURCE_NAME.pattern, RESOURCE_NAME.allowed);
    const projectId = options.projectId ?? stackProjectId(scope);
    if (projectId === undefined) {
      throw new InvalidPropError(
        construct,
        "projectId",
        undefined,
        "is required: the stack's default GoogleProvider names no project",
      );
    }
    requireMatch(
      construct,
      "projectId",
      projectId,
      PROJECT_ID,
      "must be a GCP project id: 6-30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen",
    );
    return new ImportedNetwork(
      scope,
      id,
      `projects/${projectId}/global/networks/${networkName}`,
      networkName,
      options,
      construct,
    );
  }

  readonly resource: ComputeNetwork;
  /** Network id (`projects/P/global/networks/N`), what `private_network` and `network` attributes take. */
  readonly id: string;
  /** Network name. */
  readonly name: string;
  /** NET-10: NAT egress addresses (Terraform references), for partners' allowlists as /32s. */
  readonly egressIps: string[];
  /** NET-12: private service access range and peering. */
  readonly privateServiceAccess: PrivateServiceAccess;
  /** NET-13: SSL policy for HTTPS load balancers' target proxies. */
  readonly sslPolicy: ComputeSslPolicy;
  /** Every firewall rule of the network, keyed by rule name. */
  readonly firewallRules: ReadonlyMap<string, ComputeFirewall>;
  private readonly projectId?: string;
  private readonly networkName: string;
  private readonly subnetsByName = new Map<string, ComputeSubnetwork>();
  private fqdnEgress?: FqdnEgressPolicy;

  constructor(scope: Construct, id: string, props: SecureNetworkProps) {
    super(scope, id);
    const plan = validate(props);
    const name = props.name;
    this.projectId = props.projectId;
    this.networkName = props.name;
    const dependsOn = props.dependsOn;
    const tags = props.natEgressTags ?? ["nat-egress"];

    // NET-1, NET-2: no automatic subnets, and the default 0.0.0.0/0 route is deleted on creation.
    this.resource = new ComputeNetwork(this, "network", {
      name,
      autoCreateSubnetworks: false,
      deleteDefaultRoutesOnCreate: true,
      routingMode: "REGIONAL",
      // The FQDN egress policy (allowEgressToFqdns) must be evaluated before the VPC rules: otherwise the
      // VPC deny-all egress matches first and the policy's allows never apply. Traffic the policy does not
      // allow continues to the VPC rules, so the deny-all still ends everything else.
      networkFirewallPolicyEnforcementOrder: "BEFORE_CLASSIC_FIREWALL",
      description: "Deny-by-default network: custom subnets, explicit routes and firewall allows only",
      dependsOn,
    });
    this.id = this.resource.id;
    this.name = this.resource.name;
    this.node.defaultChild = this.resource;

    for (const subnet of props.subnets) {
      this.subnetsByName.set(
        subnet.name,
        new ComputeSubnetwork(this, `subnet-${subnet.name}`, {
          name: subnet.name,
          network: this.id,
          region: subnet.region ?? props.region,
          ipCidrRange: subnet.cidr,
          purpose: "PRIVATE",
          stackType: "IPV4_ONLY",
          privateIpGoogleAccess: true, // NET-9
          logConfig: {
            // NET-8
            aggregationInterval: "INTERVAL_5_SEC",
            flowSampling: plan.flowLogSampling,
            metadata: "INCLUDE_ALL_METADATA",
          },
          secondaryIpRange: subnet.secondaryRanges?.map((r) => ({ rangeName: r.name, ipCidrRange: r.cidr })),
        }),
      );
    }

    // NET-2: the only routes. Private Google Access to restricted.googleapis.com needs a route to the
    // internet gateway for its range (the traffic never leaves Google's network).
    new ComputeRoute(this, "route-restricted-google-apis", {
      name: `${name}-restricted-google-apis`,
      description: "Private Google Access to restricted.googleapis.com (VPC Service Controls VIP)",
      network: this.id,
      destRange: RESTRICTED_GOOGLE_APIS_RANGE,
      nextHopGateway: "default-internet-gateway",
      priority: 1000,
    });
    // Cloud NAT forwards only traffic that a route sends to the default internet gateway, so NAT needs
    // a 0.0.0.0/0 route. It is limited to instances carrying the NAT egress tags, and the deny-all
    // egress rule still drops everything not explicitly allowed: the route alone opens nothing.
    new ComputeRoute(this, "route-nat-egress", {
      name: `${name}-nat-egress`,
      description: "Internet route for Cloud NAT; egress is still denied unless a firewall rule allows it",
      network: this.id,
      destRange: "0.0.0.0/0",
      nextHopGateway: "default-internet-gateway",
      priority: 1000,
      tags: tags.length ? [...tags] : undefined,
    });

    // NET-10: per region, a router and NAT that translate only the kit's subnets, from static addresses.
    this.egressIps = [];
    for (const region of plan.regions) {
      const subnets = props.subnets.filter((s) => (s.region ?? props.region) === region);
      const addresses = Array.from({ length: plan.natIpCount }, (_, i) => {
        const address = new ComputeAddress(this, `nat-ip-${region}-${i + 1}`, {
          name: `${name}-nat-${region}-${i + 1}`,
          description:
            "Cloud NAT egress address; partners allowlist it, so it is never released by Terraform",
          region,
          addressType: "EXTERNAL",
          networkTier: "PREMIUM",
          lifecycle: retainLifecycle(props.allowDestroy),
          dependsOn,
        });
        this.egressIps.push(address.address);
        return address;
      });
      const router = new ComputeRouter(this, `router-${region}`, {
        name: `${name}-router-${region}`,
        network: this.id,
        region,
      });
      new ComputeRouterNat(this, `nat-${region}`, {
        name: `${name}-nat-${region}`,
        router: router.name,
        region,
        natIpAllocateOption: "MANUAL_ONLY",
        natIps: addresses.map((a) => a.selfLink),
        sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
        subnetwork: subnets.map((s) => ({
          name: this.subnet(s.name).selfLink,
          sourceIpRangesToNat: ["ALL_IP_RANGES"],
        })),
        logConfig: { enable: true, filter: "ALL" },
      });
    }

    // NET-12: a range for Google-managed services, peered into the network.
    const psaRange = new ComputeGlobalAddress(this, "private-service-access-range", {
      name: `${name}-psa`,
      description: "Private service access range for Cloud SQL",
      network: this.id,
      purpose: "VPC_PEERING",
      addressType: "INTERNAL",
      address: plan.privateServiceAccessRange.text.split("/")[0],
      prefixLength: plan.privateServiceAccessRange.prefix,
    });
    // The Service Networking agent's role, granted when the API is enabled, propagates before the peering works.
    const agentReady = new ConsistencyWait(this, "service-networking-agent-ready", {
      duration: CONSISTENCY_WAITS.serviceNetworkingAgent,
      after: [...(dependsOn ?? []), psaRange],
      afterApis: ["servicenetworking.googleapis.com"],
    });
    const connection = new ServiceNetworkingConnection(this, "private-service-access", {
      dependsOn: [agentReady],
      network: this.id,
      service: "servicenetworking.googleapis.com",
      reservedPeeringRanges: [psaRange.name],
      // Removing the peering fails while a Cloud SQL instance uses it, and the instance is retained;
      // Terraform only forgets the peering on destroy.
      deletionPolicy: "ABANDON",
    });
    this.privateServiceAccess = {
      rangeName: psaRange.name,
      cidr: props.privateServiceAccessRange,
      connection,
    };

    this.firewallRules = this.createFirewallRules(props);

    // NET-11: log every DNS query resolved for the network.
    new DnsPolicy(this, "dns-policy", {
      name: `${name}-dns-logging`,
      description: "Logs every DNS query from the network",
      enableLogging: true,
      enableInboundForwarding: false,
      networks: [{ networkUrl: this.id }],
      dependsOn,
    });
    this.restrictGoogleApisDns(name, dependsOn);

    // NET-13: modern ciphers and TLS 1.2+ for every HTTPS load balancer that references this policy.
    this.sslPolicy = new ComputeSslPolicy(this, "ssl-policy", {
      name: `${name}-tls`,
      description: "TLS 1.2+ with modern ciphers for HTTPS load balancers",
      profile: plan.sslPolicyProfile,
      minTlsVersion: plan.minTlsVersion,
      dependsOn,
    });
  }

  /**
   * NET-3: lets workloads carrying the secure tag `spec.name` reach `spec.fqdns` on `spec.ports` (TCP),
   * through Cloud NAT, by a Cloud NGFW network firewall policy rule matching destination FQDNs; for hosts
   * whose addresses are not published (Upstash). The workloads also need the NAT route's network tag.
   * `scope` places the allow's tag value and rule elsewhere (a team stack); the policy stays here.
   */
  allowEgressToFqdns(spec: FqdnEgressAllowSpec, scope?: Construct): FqdnEgressAllow {
    if (this.projectId === undefined) {
      throw new InvalidPropError(
        CONSTRUCT,
        "projectId",
        undefined,
        "is required for allowEgressToFqdns (the secure tag key that selects workloads is created in the project)",
      );
    }
    this.fqdnEgress ??= new FqdnEgressPolicy(this, "egress-fqdn", {
      projectId: this.projectId,
      networkId: this.id,
      networkName: this.networkName,
    });
    return this.fqdnEgress.allow(spec, scope);
  }

  /** The subnet named `name`; throws when the network has none by that name. */
  subnet(name: string): ComputeSubnetwork {
    const found = this.subnetsByName.get(name);
    if (!found) {
      throw new InvalidPropError(
        CONSTRUCT,
        "subnet(name)",
        name,
        `must be one of: ${[...this.subnetsByName.keys()].join(", ")}`,
      );
    }
    return found;
  }

  /** Every subnet, in the order given. */
  get subnets(): ComputeSubnetwork[] {
    return [...this.subnetsByName.values()];
  }

  private createFirewallRules(props: SecureNetworkProps): Map<string, ComputeFirewall> {
    const rules = new Map<string, ComputeFirewall>();
    const network = this.id;
    const add = (id: string, spec: Parameters<typeof firewallRule>[3]) =>
      rules.set(spec.name, firewallRule(this, id, network, spec));
    const name = props.name;

    // NET-3: everything out is denied unless a rule above allows it.
    add("fw-deny-all-egress", {
      name: `${name}-deny-all-egress`,
      description: "NET-3: deny all egress not explicitly allowed",
      direction: "EGRESS",
      action: "deny",
      ranges: ["0.0.0.0/0"],
      protocol: "all",
      priority: DENY_ALL_PRIORITY,
    });
    // NET-4: same as the implied ingress deny, but logged.
    add("fw-deny-all-ingress", {
      name: `${name}-deny-all-ingress`,
      description: "NET-4: deny all ingress not explicitly allowed (logged, unlike the implied rule)",
      direction: "INGRESS",
      action: "deny",
      ranges: ["0.0.0.0/0"],
      protocol: "all",
      priority: DENY_ALL_PRIORITY,
    });
    add("fw-allow-egress-google-apis", {
      name: `${name}-allow-egress-google-apis`,
      description: "HTTPS to restricted.googleapis.com (Private Google Access)",
      direction: "EGRESS",
      action: "allow",
      ranges: [RESTRICTED_GOOGLE_APIS_RANGE],
      protocol: "tcp",
      ports: ["443"],
      priority: ALLOW_PRIORITY,
    });
    add("fw-allow-egress-cloudsql", {
      name: `${name}-allow-egress-cloudsql`,
      description: "PostgreSQL and Cloud SQL Auth Proxy to the private service access range",
      direction: "EGRESS",
      action: "allow",
      ranges: [props.privateServiceAccessRange],
      protocol: "tcp",
      ports: props.databasePorts ?? ["5432", "3307"],
      priority: ALLOW_PRIORITY,
    });
    if (props.allowIapAdminAccess) {
      add("fw-allow-ingress-iap-admin", {
        name: `${name}-allow-ingress-iap-admin`,
        description: "NET-5: SSH and RDP only through Identity-Aware Proxy TCP forwarding",
        direction: "INGRESS",
        action: "allow",
        ranges: [IAP_TCP_FORWARDING_RANGE],
        protocol: "tcp",
        ports: ["22", "3389"],
        priority: ALLOW_PRIORITY,
        targetTags: props.iapAdminTargetTags,
      });
    }
    if (props.allowHealthChecks) {
      add("fw-allow-ingress-health-checks", {
        name: `${name}-allow-ingress-health-checks`,
        description: "NET-5: load balancer health checks from Google's checker ranges only",
        direction: "INGRESS",
        action: "allow",
        ranges: HEALTH_CHECK_RANGES,
        protocol: "tcp",
        ports: props.healthCheckPorts ?? ["80", "443", "8080"],
        priority: ALLOW_PRIORITY,
      });
    }
    for (const rule of props.egressAllows ?? []) {
      add(`fw-allow-egress-${rule.name}`, {
        name: `${name}-allow-egress-${rule.name}`,
        description: `Egress allow "${rule.name}" from the network's configuration`,
        direction: "EGRESS",
        action: "allow",
        ranges: rule.destinationCidrs,
        protocol: rule.protocol ?? "tcp",
        ports: rule.ports,
        priority: ALLOW_PRIORITY,
        targetTags: rule.targetTags,
      });
    }
    for (const rule of props.ingressAllows ?? []) {
      add(`fw-allow-ingress-${rule.name}`, {
        name: `${name}-allow-ingress-${rule.name}`,
        description: `Ingress allow "${rule.name}" from the network's configuration`,
        direction: "INGRESS",
        action: "allow",
        ranges: rule.sourceCidrs,
        protocol: rule.protocol ?? "tcp",
        ports: rule.ports,
        priority: ALLOW_PRIORITY,
        targetTags: rule.targetTags,
      });
    }
    return rules;
  }

  /**
   * Private zone that answers googleapis.com with restricted.googleapis.com, so API calls use the
   * VPC Service Controls VIP over the route above instead of public addresses the firewall denies.
   */
  private restrictGoogleApisDns(name: string, dependsOn: ITerraformDependable[] | undefined): void {
    const zone = new DnsManagedZone(this, "googleapis-zone", {
      name: `${name}-googleapis`,
      dnsName: "googleapis.com.",
      description: "googleapis.com answered with restricted.googleapis.com",
      visibility: "private",
      privateVisibilityConfig: { networks: [{ networkUrl: this.id }] },
      dependsOn,
    });
    new DnsRecordSet(this, "googleapis-restricted-a", {
      managedZone: zone.name,
      name: "restricted.googleapis.com.",
      type: "A",
      ttl: 300,
      rrdatas: RESTRICTED_GOOGLE_APIS_ADDRESSES,
    });
    new DnsRecordSet(this, "googleapis-wildcard-cname", {
      managedZone: zone.name,
      name: "*.googleapis.com.",
      type: "CNAME",
      ttl: 300,
      rrdatas: ["restricted.googleapis.com."],
    });
    // Artifact Registry (pkg.dev) and Container Registry (gcr.io) hosts resolve to public addresses the
    // firewall denies; Google's VPC Service Controls DNS setup answers them with the restricted VIP too.
    for (const domain of RESTRICTED_REGISTRY_DOMAINS) {
      const label = domain.replace(/\./g, "-");
      const registryZone = new DnsManagedZone(this, `${label}-zone`, {
        name: `${name}-${label}`,
        dnsName: `${domain}.`,
        description: `${domain} answered with the restricted.googleapis.com addresses`,
        visibility: "private",
        privateVisibilityConfig: { networks: [{ networkUrl: this.id }] },
        dependsOn,
      });
      new DnsRecordSet(this, `${label}-restricted-a`, {
        managedZone: registryZone.name,
        name: `${domain}.`,
        type: "A",
        ttl: 300,
        rrdatas: RESTRICTED_GOOGLE_APIS_ADDRESSES,
      });
      new DnsRecordSet(this, `${label}-wildcard-cname`, {
        managedZone: registryZone.name,
        name: `*.${domain}.`,
        type: "CNAME",
        ttl: 300,
        rrdatas: [`${domain}.`],
      });
    }
  }
}

interface NetworkPlan {
  readonly regions: string[];
  readonly privateServiceAccessRange: Ipv4Cidr;
  readonly flowLogSampling: number;
  readonly natIpCount: number;
  readonly sslPolicyProfile: SslPolicyProfile;
  readonly minTlsVersion: MinTlsVersion;
}

/** Throws InvalidPropError naming `field` when a shared predicate refuses the value. */
function check(field: string, value: unknown, problem: string | undefined): void {
  if (problem) throw new InvalidPropError(CONSTRUCT, field, value, problem);
}

function requireName(field: string, value: string, rule: NameRule): void {
  requireMatch(CONSTRUCT, field, value, rule.pattern, rule.allowed);
}

function requirePorts(field: string, ports: readonly string[]): void {
  if (ports.length === 0) throw new InvalidPropError(CONSTRUCT, field, [], "must list at least one port");
  ports.forEach((port, i) => check(`${field}[${i}]`, port, portProblem(port)));
}

function requireTags(field: string, tags: readonly string[] | undefined): void {
  (tags ?? []).forEach((tag, i) => requireName(`${field}[${i}]`, tag, NETWORK_TAG));
}

function privateRange(field: string, text: string, bounds: PrefixBounds): Ipv4Cidr {
  const parsed = parsePrivateRange(text, bounds);
  if (typeof parsed === "string") throw new InvalidPropError(CONSTRUCT, field, text, parsed);
  return parsed;
}

/**
 * Checks every prop before any resource exists, with the predicates the config schema uses
 * (core/rules/network.ts); returns the parsed values the constructor needs.
 */
function validate(props: SecureNetworkProps): NetworkPlan {
  requireName("name", props.name, NETWORK_NAME);
  requireRegion(CONSTRUCT, "region", props.region);
  if (props.subnets.length === 0) {
    throw new InvalidPropError(CONSTRUCT, "subnets", [], "must list at least one subnet");
  }
  props.subnets.forEach((subnet, i) => {
    const field = `subnets[${i}]`;
    requireName(`${field}.name`, subnet.name, RESOURCE_NAME);
    if (duplicateIndexes(props.subnets.slice(0, i + 1).map((s) => s.name)).includes(i)) {
      throw new InvalidPropError(CONSTRUCT, `${field}.name`, subnet.name, "must be unique among the subnets");
    }
    if (subnet.region !== undefined) {
      requireRegion(CONSTRUCT, `${field}.region`, subnet.region);
    }
    privateRange(`${field}.cidr`, subnet.cidr, SUBNET_PREFIXES);
    (subnet.secondaryRanges ?? []).forEach((secondary, j) => {
      const sField = `${field}.secondaryRanges[${j}]`;
      requireName(`${sField}.name`, secondary.name, RESOURCE_NAME);
      privateRange(`${sField}.cidr`, secondary.cidr, SUBNET_PREFIXES);
    });
  });
  const psa = privateRange(
    "privateServiceAccessRange",
    props.privateServiceAccessRange,
    PRIVATE_SERVICE_ACCESS_PREFIXES,
  );
  const overlap = overlappingRanges(ownedRanges(props));
  if (overlap) {
    const [first, second] = overlap;
    check(
      formatPath(second.path),
      second.text,
      `overlaps ${formatPath(first.path)} (${first.text}); ${RANGES_DISJOINT}`,
    );
  }

  const flowLogSampling = props.flowLogSampling ?? 1.0;
  check(
    "flowLogSampling",
    flowLogSampling,
    isFlowLogSampling(flowLogSampling) ? undefined : FLOW_LOG_SAMPLING_ALLOWED,
  );
  const natIpCount = requireIntegerInRange(
    CONSTRUCT,
    "natIpCount",
    props.natIpCount ?? 1,
    NAT_IP_COUNT.min,
    NAT_IP_COUNT.max,
  );
  requireTags("natEgressTags", props.natEgressTags);
  requireTags("iapAdminTargetTags", props.iapAdminTargetTags);
  requirePorts("databasePorts", props.databasePorts ?? ["5432"]);
  requirePorts("healthCheckPorts", props.healthCheckPorts ?? ["80"]);

  for (const [kind, allows] of [
    ["ingress", props.ingressAllows ?? []],
    ["egress", props.egressAllows ?? []],
  ] as const) {
    const names = allows.map((rule) => rule.name);
    allows.forEach((rule, i) => {
      const field = `${kind}Allows[${i}]`;
      requireName(`${field}.name`, rule.name, RULE_NAME);
      if (duplicateIndexes(names.slice(0, i + 1)).includes(i)) {
        throw new InvalidPropError(
          CONSTRUCT,
          `${field}.name`,
          rule.name,
          `must be unique among the ${kind} allows`,
        );
      }
    });
  }
  (props.ingressAllows ?? []).forEach((rule, i) => {
    const field = `ingressAllows[${i}]`;
    if (rule.sourceCidrs.length === 0) {
      throw new InvalidPropError(
        CONSTRUCT,
        `${field}.sourceCidrs`,
        [],
        "must name at least one source range",
      );
    }
    rule.sourceCidrs.forEach((cidr, j) =>
      check(`${field}.sourceCidrs[${j}]`, cidr, ingressSourceProblem(cidr)),
    );
    check(`${field}.sourceCidrs`, [...rule.sourceCidrs], ingressSourcesProblem(rule.sourceCidrs));
    requirePorts(`${field}.ports`, rule.ports);
    requireTags(`${field}.targetTags`, rule.targetTags);
  });
  (props.egressAllows ?? []).forEach((rule, i) => {
    const field = `egressAllows[${i}]`;
    if (rule.destinationCidrs.length === 0) {
      throw new InvalidPropError(
        CONSTRUCT,
        `${field}.destinationCidrs`,
        [],
        "must name at least one destination range",
      );
    }
    rule.destinationCidrs.forEach((cidr, j) =>
      check(`${field}.destinationCidrs[${j}]`, cidr, egressDestinationProblem(cidr)),
    );
    check(
      `${field}.destinationCidrs`,
      [...rule.destinationCidrs],
      egressDestinationsProblem(rule.destinationCidrs),
    );
    requirePorts(`${field}.ports`, rule.ports);
    requireTags(`${field}.targetTags`, rule.targetTags);
  });
  check(
    "egressAllows",
    (props.egressAllows ?? []).map((rule) => rule.name),
    combinedEgressProblem(props.egressAllows ?? []),
  );

  const sslPolicyProfile = props.sslPolicyProfile ?? "MODERN";
  check(
    "sslPolicyProfile",
    sslPolicyProfile,
    SSL_POLICY_PROFILES.includes(sslPolicyProfile) ? undefined : SSL_POLICY_PROFILE_ALLOWED,
  );
  const minTlsVersion = props.minTlsVersion ?? "TLS_1_2";
  check(
    "minTlsVersion",
    minTlsVersion,
    MIN_TLS_VERSIONS.includes(minTlsVersion) ? undefined : MIN_TLS_VERSION_ALLOWED,
  );
  const regions = [...new Set(props.subnets.map((s) => s.region ?? props.region))];
  return {
    regions,
    privateServiceAccessRange: psa,
    flowLogSampling,
    natIpCount,
    sslPolicyProfile,
    minTlsVersion,
  };
}
