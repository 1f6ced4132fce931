import { TerraformStack } from "cdktf";
import { SecureNetwork, type SecureNetworkProps } from "../../../constructs/network/secure-network";
import {
  constructTestStack,
  onlyResource,
  resourcesOf,
  synth,
  type SynthesizedStack,
  resourceAt,
} from "../../support/synth";

type Resource = Record<string, unknown>;

const BASE: SecureNetworkProps = {
  name: "vpc",
  region: "europe-west1",
  subnets: [{ name: "workloads", cidr: "10.10.0.0/20" }],
  privateServiceAccessRange: "10.100.0.0/16",
};

function build(overrides: Partial<SecureNetworkProps> = {}): {
  stack: TerraformStack;
  network: SecureNetwork;
} {
  const stack = constructTestStack();
  const network = new SecureNetwork(stack, "net", { ...BASE, ...overrides });
  return { stack, network };
}

function firewallNamed(json: SynthesizedStack, name: string): Resource {
  const found = Object.values(resourcesOf(json, "google_compute_firewall")).filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one firewall rule named ${name}, found ${found.length}`);
  return found[0];
}

describe("SecureNetwork with defaults", () => {
  let json: SynthesizedStack;
  let network: SecureNetwork;
  beforeAll(() => {
    const built = build();
    network = built.network;
    json = synth(built.stack);
  });

  it("NET-1: custom-mode VPC", () => {
    expect(onlyResource(json, "google_compute_network").auto_create_subnetworks).toBe(false);
  });

  it("NET-2: default routes deleted; only the restricted Google APIs and tagged NAT routes exist", () => {
    expect(onlyResource(json, "google_compute_network").delete_default_routes_on_create).toBe(true);
    const routes = Object.values(resourcesOf(json, "google_compute_route"));
    expect(routes).toHaveLength(2);
    const apis = resourceAt(json, "google_compute_route", "route-restricted-google-apis");
    expect(apis.dest_range).toBe("199.36.153.4/30");
    expect(apis.next_hop_gateway).toBe("default-internet-gateway");
    expect(apis.tags).toBeUndefined();
    const nat = resourceAt(json, "google_compute_route", "route-nat-egress");
    expect(nat.dest_range).toBe("0.0.0.0/0");
    expect(nat.next_hop_gateway).toBe("default-internet-gateway");
    expect(nat.tags).toEqual(["nat-egress"]);
  });

  it("NET-3: egress deny-all to 0.0.0.0/0 at priority 65530", () => {
    const rule = firewallNamed(json, "vpc-deny-all-egress");
    expect(rule.direction).toBe("EGRESS");
    expect(rule.priority).toBe(65530);
    expect(rule.destination_ranges).toEqual(["0.0.0.0/0"]);
    expect(rule.deny).toEqual([{ protocol: "all" }]);
    expect(rule.allow).toBeUndefined();
  });

  it("NET-3: explicit egress allows above the deny: restricted Google APIs on 443, PSA range on 5432/3307", () => {
    const apis = firewallNamed(json, "vpc-allow-egress-google-apis");
    expect(apis.direction).toBe("EGRESS");
    expect(apis.priority).toBeLessThan(65530);
    expect(apis.destination_ranges).toEqual(["199.36.153.4/30"]);
    expect(apis.allow).toEqual([{ protocol: "tcp", ports: ["443"] }]);
    const sql = firewallNamed(json, "vpc-allow-egress-cloudsql");
    expect(sql.priority).toBeLessThan(65530);
    expect(sql.destination_ranges).toEqual(["10.100.0.0/16"]);
    expect(sql.allow).toEqual([{ protocol: "tcp", ports: ["5432", "3307"] }]);
  });

  it("NET-4: an explicit, logged ingress deny-all and no ingress allow at all by default", () => {
    const deny = firewallNamed(json, "vpc-deny-all-ingress");
    expect(deny.direction).toBe("INGRESS");
    expect(deny.priority).toBe(65530);
    expect(deny.deny).toEqual([{ protocol: "all" }]);
    const ingressAllows = Object.values(resourcesOf(json, "google_compute_firewall")).filter(
      (r) => r.direction === "INGRESS" && r.allow !== undefined,
    );
    expect(ingressAllows).toEqual([]);
  });

  it("NET-5: no IAP admin or health-check rule unless enabled", () => {
    const names = Object.values(resourcesOf(json, "google_compute_firewall")).map((r) => r.name);
    expect(names).not.toContain("vpc-allow-ingress-iap-admin");
    expect(names).not.toContain("vpc-allow-ingress-health-checks");
  });

  it("NET-7: every firewall rule logs full metadata", () => {
    const rules = Object.values(resourcesOf(json, "google_compute_firewall"));
    expect(rules).toHaveLength(4);
    for (const rule of rules) expect(rule.log_config).toEqual({ metadata: "INCLUDE_ALL_METADATA" });
  });

  it("NET-8: flow logs every 5 s, all flows, all metadata", () => {
    expect(onlyResource(json, "google_compute_subnetwork").log_config).toEqual({
      aggregation_interval: "INTERVAL_5_SEC",
      flow_sampling: 1,
      metadata: "INCLUDE_ALL_METADATA",
    });
  });

  it("NET-9: Private Google Access on the subnet", () => {
    const subnet = onlyResource(json, "google_compute_subnetwork");
    expect(subnet.private_ip_google_access).toBe(true);
    expect(subnet.ip_cidr_range).toBe("10.10.0.0/20");
    expect(subnet.region).toBe("europe-west1");
    expect(subnet.stack_type).toBe("IPV4_ONLY");
  });

  it("NET-10: Cloud NAT from a manual static address, logging everything, for the kit's subnets only", () => {
    const nat = onlyResource(json, "google_compute_router_nat");
    expect(nat.nat_ip_allocate_option).toBe("MANUAL_ONLY");
    expect(nat.log_config).toEqual({ enable: true, filter: "ALL" });
    expect(nat.source_subnetwork_ip_ranges_to_nat).toBe("LIST_OF_SUBNETWORKS");
    expect(nat.subnetwork).toEqual([
      {
        name: expect.stringMatching(/^\$\{google_compute_subnetwork\..*\.self_link\}$/),
        source_ip_ranges_to_nat: ["ALL_IP_RANGES"],
      },
    ]);
    expect(nat.nat_ips).toEqual([expect.stringMatching(/^\$\{google_compute_address\..*\.self_link\}$/)]);
  });

  it("NET-10: NAT addresses are static, external and never released by Terraform; exposed as egressIps", () => {
    const address = onlyResource(json, "google_compute_address");
    expect(address.address_type).toBe("EXTERNAL");
    expect(address.lifecycle).toEqual({ prevent_destroy: true });
    expect(network.egressIps).toHaveLength(1);
    expect(network.egressIps[0]).toMatch(/^\$\{TfToken\[/);
  });

  it("NET-11: DNS query logging on the network", () => {
    const policy = onlyResource(json, "google_dns_policy");
    expect(policy.enable_logging).toBe(true);
    expect(policy.networks).toEqual([
      { network_url: expect.stringMatching(/google_compute_network\..*\.id/) },
    ]);
  });

  it("NET-11: googleapis.com resolves to restricted.googleapis.com inside the network", () => {
    const zone = resourceAt(json, "google_dns_managed_zone", "googleapis-zone");
    expect(zone.dns_name).toBe("googleapis.com.");
    expect(zone.visibility).toBe("private");
    const a = resourceAt(json, "google_dns_record_set", "googleapis-restricted-a");
    expect(a).toMatchObject({
      name: "restricted.googleapis.com.",
      type: "A",
      rrdatas: ["199.36.153.4", "199.36.153.5", "199.36.153.6", "199.36.153.7"],
    });
    const cname = resourceAt(json, "google_dns_record_set", "googleapis-wildcard-cname");
    expect(cname).toMatchObject({
      name: "*.googleapis.com.",
      type: "CNAME",
      rrdatas: ["restricted.googleapis.com."],
    });
  });

  it("NET-12: private service access range peered with Service Networking", () => {
    const range = onlyResource(json, "google_compute_global_address");
    expect(range).toMatchObject({
      purpose: "VPC_PEERING",
      address_type: "INTERNAL",
      address: "10.100.0.0",
      prefix_length: 16,
    });
    const connection = onlyResource(json, "google_service_networking_connection");
    expect(connection.service).toBe("servicenetworking.googleapis.com");
    expect(connection.reserved_peering_ranges).toEqual([
      expect.stringMatching(/^\$\{google_compute_global_address\..*\.name\}$/),
    ]);
    expect(network.privateServiceAccess.cidr).toBe("10.100.0.0/16");
  });

  it("NET-13: SSL policy MODERN with TLS 1.2 at least", () => {
    const policy = onlyResource(json, "google_compute_ssl_policy");
    expect(policy.profile).toBe("MODERN");
    expect(policy.min_tls_version).toBe("TLS_1_2");
  });

  it("matches the reviewed snapshot", () => {
    expect(json.resource).toMatchSnapshot();
  });
});

describe("SecureNetwork with every option", () => {
  let json: SynthesizedStack;
  let network: SecureNetwork;
  beforeAll(() => {
    const built = build({
      subnets: [
        {
          name: "workloads",
          cidr: "10.10.0.0/20",
          secondaryRanges: [{ name: "pods", cidr: "10.20.0.0/16" }],
        },
        { name: "workloads-us", cidr: "10.11.0.0/20", region: "us-central1" },
      ],
      natIpCount: 2,
      natEgressTags: [],
      flowLogSampling: 0.5,
      allowIapAdminAccess: true,
      iapAdminTargetTags: ["bastion"],
      allowHealthChecks: true,
      egressAllows: [{ name: "upstash", destinationCidrs: ["52.1.2.0/24"], ports: ["6379"] }],
      ingressAllows: [
        { name: "partner", sourceCidrs: ["203.0.113.0/24"], ports: ["443"], targetTags: ["api"] },
      ],
      sslPolicyProfile: "RESTRICTED",
      minTlsVersion: "TLS_1_3",
      allowDestroy: true,
    });
    network = built.network;
    json = synth(built.stack);
  });

  it("NET-5: SSH and RDP only from IAP's range", () => {
    const rule = firewallNamed(json, "vpc-allow-ingress-iap-admin");
    expect(rule.source_ranges).toEqual(["35.235.240.0/20"]);
    expect(rule.allow).toEqual([{ protocol: "tcp", ports: ["22", "3389"] }]);
    expect(rule.target_tags).toEqual(["bastion"]);
  });

  it("NET-5: health checks only from Google's checker ranges", () => {
    const rule = firewallNamed(json, "vpc-allow-ingress-health-checks");
    expect(rule.source_ranges).toEqual(["35.191.0.0/16", "130.211.0.0/22"]);
    expect(rule.allow).toEqual([{ protocol: "tcp", ports: ["80", "443", "8080"] }]);
  });

  it("NET-3: configured egress allows sit above the deny-all, to the named ranges only", () => {
    const rule = firewallNamed(json, "vpc-allow-egress-upstash");
    expect(rule.direction).toBe("EGRESS");
    expect(rule.priority).toBe(1000);
    expect(rule.destination_ranges).toEqual(["52.1.2.0/24"]);
    expect(rule.allow).toEqual([{ protocol: "tcp", ports: ["6379"] }]);
  });

  it("NET-4: configured ingress allows admit only the named sources", () => {
    const rule = firewallNamed(json, "vpc-allow-ingress-partner");
    expect(rule.source_ranges).toEqual(["203.0.113.0/24"]);
    expect(rule.target_tags).toEqual(["api"]);
  });

  it("NET-7: every rule, including the optional ones, logs full metadata", () => {
    const rules = Object.values(resourcesOf(json, "google_compute_firewall"));
    expect(rules).toHaveLength(8);
    for (const rule of rules) expect(rule.log_config).toEqual({ metadata: "INCLUDE_ALL_METADATA" });
  });

  it("NET-8: sampling is configurable and kept on every subnet", () => {
    const subnets = Object.values(resourcesOf(json, "google_compute_subnetwork"));
    expect(subnets).toHaveLength(2);
    for (const subnet of subnets) {
      expect(subnet.log_config).toMatchObject({ flow_sampling: 0.5, aggregation_interval: "INTERVAL_5_SEC" });
      expect(subnet.private_ip_google_access).toBe(true);
    }
    expect(resourceAt(json, "google_compute_subnetwork", "subnet-workloads").secondary_ip_range).toEqual([
      { range_name: "pods", ip_cidr_range: "10.20.0.0/16" },
    ]);
  });

  it("NET-10: one router and NAT per region, N addresses each; egressIps lists them all", () => {
    expect(Object.keys(resourcesOf(json, "google_compute_router"))).toHaveLength(2);
    expect(resourceAt(json, "google_compute_router_nat", "nat-us-central1").region).toBe("us-central1");
    expect(resourceAt(json, "google_compute_router_nat", "nat-europe-west1").nat_ips).toHaveLength(2);
    expect(Object.keys(resourcesOf(json, "google_compute_address"))).toHaveLength(4);
    expect(network.egressIps).toHaveLength(4);
  });

  it("NET-10: allowDestroy releases the addresses' prevent_destroy", () => {
    for (const address of Object.values(resourcesOf(json, "google_compute_address"))) {
      expect(address.lifecycle).toEqual({ prevent_destroy: false });
    }
  });

  it("NET-2: an empty tag list gives the NAT route to every instance", () => {
    expect(resourceAt(json, "google_compute_route", "route-nat-egress").tags).toBeUndefined();
  });

  it("NET-10: each region's NAT translates only that region's subnets", () => {
    const natSubnets = (region: string) =>
      (resourceAt(json, "google_compute_router_nat", `nat-${region}`).subnetwork as { name: string }[]).map(
        (s) => s.name,
      );
    expect(natSubnets("europe-west1")).toEqual([expect.stringContaining("subnet-workloads_")]);
    expect(natSubnets("us-central1")).toEqual([expect.stringContaining("subnet-workloads-us_")]);
    expect(network.subnets.map((s) => s.node.id)).toEqual(["subnet-workloads", "subnet-workloads-us"]);
    expect(() => network.subnet("nope")).toThrow(
      'SecureNetwork: subnet(name): got "nope"; must be one of: workloads, workloads-us',
    );
  });

  it("NET-3/NET-4/NET-5: optional rules say what they are for; configured allows default to TCP", () => {
    expect(firewallNamed(json, "vpc-allow-ingress-iap-admin").description).toBe(
      "NET-5: SSH and RDP only through Identity-Aware Proxy TCP forwarding",
    );
    expect(firewallNamed(json, "vpc-allow-ingress-health-checks").description).toBe(
      "NET-5: load balancer health checks from Google's checker ranges only",
    );
    expect(firewallNamed(json, "vpc-allow-egress-upstash").description).toBe(
      'Egress allow "upstash" from the network\'s configuration',
    );
    const partner = firewallNamed(json, "vpc-allow-ingress-partner");
    expect(partner.description).toBe('Ingress allow "partner" from the network\'s configuration');
    expect(partner.direction).toBe("INGRESS");
    expect(partner.priority).toBe(1000);
    expect(partner.allow).toEqual([{ protocol: "tcp", ports: ["443"] }]);
    expect(partner.deny).toBeUndefined();
  });

  it("NET-13: RESTRICTED profile and TLS 1.3 are accepted", () => {
    expect(onlyResource(json, "google_compute_ssl_policy")).toMatchObject({
      profile: "RESTRICTED",
      min_tls_version: "TLS_1_3",
    });
  });
});
