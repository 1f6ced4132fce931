import { SecureNetwork, type SecureNetworkProps } from "../../../constructs/network/secure-network";
import { constructTestStack } from "../../support/synth";

const BASE: SecureNetworkProps = {
  name: "vpc",
  region: "europe-west1",
  subnets: [{ name: "workloads", cidr: "10.10.0.0/20" }],
  privateServiceAccessRange: "10.100.0.0/16",
};

function attempt(overrides: Record<string, unknown>): () => SecureNetwork {
  return () =>
    new SecureNetwork(constructTestStack(), "net", { ...BASE, ...overrides } as SecureNetworkProps);
}

describe("SecureNetwork refuses bad props before synthesis", () => {
  it("NET-4: refuses ingress from 0.0.0.0/0", () => {
    expect(attempt({ ingressAllows: [{ name: "web", sourceCidrs: ["0.0.0.0/0"], ports: ["443"] }] })).toThrow(
      'SecureNetwork: ingressAllows[0].sourceCidrs[0]: got "0.0.0.0/0"; ingress from the whole internet (0.0.0.0/0 or ::/0) is never allowed (NET-4)',
    );
  });

  it("NET-4: refuses ingress from ::/0", () => {
    expect(
      attempt({ ingressAllows: [{ name: "web", sourceCidrs: ["10.0.0.0/8", "::/0"], ports: ["22"] }] }),
    ).toThrow('ingressAllows[0].sourceCidrs[1]: got "::/0"; ingress from the whole internet');
  });

  it("NET-4: refuses ingress sources wider than /8 (0.0.0.0/1 + 128.0.0.0/1 is the internet too)", () => {
    expect(attempt({ ingressAllows: [{ name: "web", sourceCidrs: ["0.0.0.0/1"], ports: ["443"] }] })).toThrow(
      'ingressAllows[0].sourceCidrs[0]: got "0.0.0.0/1"; is wider than /8',
    );
  });

  it("NET-3: refuses egress allows to the whole internet", () => {
    expect(
      attempt({ egressAllows: [{ name: "all", destinationCidrs: ["0.0.0.0/0"], ports: ["443"] }] }),
    ).toThrow(
      'egressAllows[0].destinationCidrs[0]: got "0.0.0.0/0"; egress to the whole internet would void the deny-all egress rule (NET-3)',
    );
  });

  it("refuses overlapping subnets, naming both", () => {
    const subnets = [
      { name: "a", cidr: "10.10.0.0/20" },
      { name: "b", cidr: "10.10.8.0/24" },
    ];
    expect(attempt({ subnets })).toThrow(
      'SecureNetwork: subnets[1].cidr: got "10.10.8.0/24"; overlaps subnets[0].cidr (10.10.0.0/20); subnet, secondary and private service access ranges must be disjoint',
    );
  });

  it("refuses a secondary range overlapping the private service access range", () => {
    const subnets = [
      { name: "a", cidr: "10.10.0.0/20", secondaryRanges: [{ name: "pods", cidr: "10.100.0.0/20" }] },
    ];
    expect(attempt({ subnets })).toThrow(
      'privateServiceAccessRange: got "10.100.0.0/16"; overlaps subnets[0].secondaryRanges[0].cidr (10.100.0.0/20)',
    );
  });

  it.each([
    ["10.10.0.0", "must be an IPv4 range in CIDR notation"],
    ["10.10.1.0/20", "host bits must be zero for a /20 (did you mean 10.10.0.0/20?)"],
    ["8.8.8.0/24", "must be private address space"],
    ["10.0.0.0/30", "the prefix length must be /8 to /29"],
  ])("refuses subnet CIDR %s", (cidr, message) => {
    expect(attempt({ subnets: [{ name: "a", cidr }] })).toThrow(`subnets[0].cidr: got "${cidr}"; ${message}`);
  });

  it("refuses a private service access range narrower than /24", () => {
    expect(attempt({ privateServiceAccessRange: "10.100.0.0/25" })).toThrow(
      'privateServiceAccessRange: got "10.100.0.0/25"; the prefix length must be /8 to /24',
    );
  });

  it("refuses no subnets and duplicate subnet names", () => {
    expect(attempt({ subnets: [] })).toThrow("subnets: got []; must list at least one subnet");
    expect(
      attempt({
        subnets: [
          { name: "a", cidr: "10.10.0.0/20" },
          { name: "a", cidr: "10.11.0.0/20" },
        ],
      }),
    ).toThrow('subnets[1].name: got "a"; must be unique among the subnets');
  });

  it("NET-13: refuses the COMPATIBLE profile and TLS 1.0/1.1", () => {
    expect(attempt({ sslPolicyProfile: "COMPATIBLE" })).toThrow(
      'SecureNetwork: sslPolicyProfile: got "COMPATIBLE"; must be MODERN or RESTRICTED',
    );
    expect(attempt({ minTlsVersion: "TLS_1_0" })).toThrow(
      'minTlsVersion: got "TLS_1_0"; must be TLS_1_2 or TLS_1_3',
    );
    expect(attempt({ minTlsVersion: "TLS_1_1" })).toThrow(
      'minTlsVersion: got "TLS_1_1"; must be TLS_1_2 or TLS_1_3',
    );
  });

  it("NET-8: refuses flow log sampling outside (0, 1]", () => {
    expect(attempt({ flowLogSampling: 0 })).toThrow(
      "flowLogSampling: got 0; must be greater than 0 and at most 1.0",
    );
    expect(attempt({ flowLogSampling: 1.5 })).toThrow(
      "flowLogSampling: got 1.5; must be greater than 0 and at most 1.0",
    );
  });

  it("NET-10: refuses a NAT address count outside 1-16", () => {
    expect(attempt({ natIpCount: 0 })).toThrow("natIpCount: got 0; must be a whole number from 1 to 16");
    expect(attempt({ natIpCount: 17 })).toThrow("natIpCount: got 17; must be a whole number from 1 to 16");
  });

  it("refuses bad names, ports and tags", () => {
    expect(attempt({ name: "Bad_Name" })).toThrow('name: got "Bad_Name"; must be 1-24 lowercase letters');
    expect(
      attempt({ egressAllows: [{ name: "x", destinationCidrs: ["1.2.3.0/24"], ports: ["70000"] }] }),
    ).toThrow('egressAllows[0].ports[0]: got "70000"; must be a port 1-65535');
    expect(attempt({ egressAllows: [{ name: "x", destinationCidrs: ["1.2.3.0/24"], ports: [] }] })).toThrow(
      "egressAllows[0].ports: got []; must list at least one port",
    );
    expect(attempt({ natEgressTags: ["Not A Tag"] })).toThrow(
      'natEgressTags[0]: got "Not A Tag"; must be a network tag',
    );
    expect(
      attempt({
        egressAllows: [
          { name: "x", destinationCidrs: ["1.2.3.0/24"], ports: ["443"] },
          { name: "x", destinationCidrs: ["1.2.4.0/24"], ports: ["443"] },
        ],
      }),
    ).toThrow('egressAllows[1].name: got "x"; must be unique among the egress allows');
  });

  it("names the known subnets when asked for an unknown one", () => {
    const network = attempt({})();
    expect(() => network.subnet("nope")).toThrow('subnet(name): got "nope"; must be one of: workloads');
  });
});
