import { SecureNetwork, type SecureNetworkProps } from "../../../constructs/network/secure-network";
import { constructTestStack, onlyResource, resourcesOf, synth } from "../../support/synth";

const BASE: SecureNetworkProps = {
  projectId: "acme-test-dev",
  name: "vpc",
  region: "europe-west1",
  subnets: [{ name: "workloads", cidr: "10.10.0.0/20" }],
  privateServiceAccessRange: "10.100.0.0/16",
};

function network(props: Partial<SecureNetworkProps> = {}) {
  const stack = constructTestStack();
  return { stack, net: new SecureNetwork(stack, "net", { ...BASE, ...props }) };
}

describe("SecureNetwork.allowEgressToFqdns (NET-3 egress by hostname)", () => {
  const { stack, net } = network();
  net.allowEgressToFqdns({
    name: "redis-client",
    fqdns: ["eu1-example-12345.upstash.io"],
    ports: ["6379", "443"],
  });
  const json = synth(stack);

  it("evaluates the firewall policy before the VPC rules, so its allows are reachable above the deny-all", () => {
    expect(onlyResource(json, "google_compute_network").network_firewall_policy_enforcement_order).toBe(
      "BEFORE_CLASSIC_FIREWALL",
    );
    const association = onlyResource(json, "google_compute_network_firewall_policy_association");
    expect(association.attachment_target).toMatch(/^\$\{google_compute_network\.\S+\.id\}$/);
    expect(association.firewall_policy).toMatch(/^\$\{google_compute_network_firewall_policy\.\S+\.id\}$/);
  });

  it("allows only TCP 6379/443 to the named hosts, with no IP ranges, from secure-tagged workloads, logged", () => {
    const rule = onlyResource(json, "google_compute_network_firewall_policy_rule");
    expect(rule).toMatchObject({
      direction: "EGRESS",
      action: "allow",
      enable_logging: true,
      match: {
        dest_fqdns: ["eu1-example-12345.upstash.io"],
        layer4_configs: [{ ip_protocol: "tcp", ports: ["6379", "443"] }],
      },
    });
    const match = rule.match as Record<string, unknown>;
    expect(match.dest_ip_ranges).toBeUndefined();
    expect(match.src_ip_ranges).toBeUndefined();
    expect(rule.target_secure_tags).toEqual([
      { name: expect.stringMatching(/^\$\{google_tags_tag_value\.\S+\.id\}$/) },
    ]);
    expect(rule.target_service_accounts).toBeUndefined();
  });

  it("selects workloads by a firewall secure tag bound to this network", () => {
    expect(onlyResource(json, "google_tags_tag_key")).toMatchObject({
      parent: "projects/acme-test-dev",
      short_name: "vpc-egress",
      purpose: "GCE_FIREWALL",
      purpose_data: { network: "acme-test-dev/vpc" },
    });
    expect(onlyResource(json, "google_tags_tag_value")).toMatchObject({ short_name: "redis-client" });
  });

  it("keeps the VPC deny-all egress and adds no VPC egress allow", () => {
    const egressAllows = Object.values(resourcesOf(json, "google_compute_firewall")).filter(
      (r) => r.direction === "EGRESS" && r.allow !== undefined,
    );
    expect(egressAllows.map((r) => r.destination_ranges)).toEqual([["199.36.153.4/30"], ["10.100.0.0/16"]]);
    expect(
      Object.values(resourcesOf(json, "google_compute_firewall")).filter(
        (r) => r.direction === "EGRESS" && r.deny !== undefined,
      ),
    ).toMatchObject([{ destination_ranges: ["0.0.0.0/0"], priority: 65530 }]);
  });
});

describe("SecureNetwork.allowEgressToFqdns refuses what is not a named host", () => {
  const allow =
    (fqdns: string[], ports = ["443"], props: Partial<SecureNetworkProps> = {}) =>
    () =>
      network(props).net.allowEgressToFqdns({ name: "partner", fqdns, ports });

  it.each([
    ["*.upstash.io", /fqdns\[0\].*no wildcard/],
    ["203.0.113.10", /fqdns\[0\]/],
    ["Upstash.io", /fqdns\[0\]/],
    ["upstash.io.", /fqdns\[0\]/],
  ])("refuses %s", (fqdn, message) => {
    expect(allow([fqdn])).toThrow(message);
  });

  it("refuses no hosts, more than 100, port ranges and a missing project", () => {
    expect(allow([])).toThrow(/fqdns.*1-100/);
    expect(allow(Array.from({ length: 101 }, (_, i) => `h${i}.upstash.io`))).toThrow(/fqdns.*1-100/);
    expect(allow(["a.upstash.io"], ["6379-6380"])).toThrow(/ports\[0\].*single TCP port/);
    expect(allow(["a.upstash.io"], [])).toThrow(/ports.*at least one/);
    expect(allow(["a.upstash.io"], ["443"], { projectId: undefined })).toThrow(
      /projectId.*allowEgressToFqdns/,
    );
  });

  it("refuses the same allow name twice", () => {
    const { net } = network();
    net.allowEgressToFqdns({ name: "partner", fqdns: ["a.upstash.io"], ports: ["443"] });
    expect(() =>
      net.allowEgressToFqdns({ name: "partner", fqdns: ["b.upstash.io"], ports: ["443"] }),
    ).toThrow(/name.*unique/);
  });
});
