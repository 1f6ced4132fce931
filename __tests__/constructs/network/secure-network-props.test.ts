import { SecureNetwork, type SecureNetworkProps } from "../../../constructs/network/secure-network";
import { REGION_ALLOWED } from "../../../core/rules/regions";
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

  // Refused as the config schema refuses them (they used to pass the construct and fail NET-3/NET-4).
  it("NET-4: refuses ingress sources that together admit more public space than one /8", () => {
    expect(
      attempt({
        ingressAllows: [{ name: "web", sourceCidrs: ["11.0.0.0/8", "12.0.0.0/8"], ports: ["443"] }],
      }),
    ).toThrow(
      'SecureNetwork: ingressAllows[0].sourceCidrs: got ["11.0.0.0/8","12.0.0.0/8"]; together admit more public address space than one /8 (NET-4)',
    );
  });

  it("NET-3: refuses egress allows that together reach more public space than one /8", () => {
    expect(
      attempt({
        egressAllows: [{ name: "all", destinationCidrs: ["0.0.0.0/1", "128.0.0.0/1"], ports: ["443"] }],
      }),
    ).toThrow("SecureNetwork: egressAllows[0].destinationCidrs: got");
    expect(
      attempt({
        egressAllows: [
          { name: "a", destinationCidrs: ["11.0.0.0/8"], ports: ["443"] },
          { name: "b", destinationCidrs: ["12.0.0.0/8"], ports: ["443"] },
        ],
      }),
    ).toThrow(
      'SecureNetwork: egressAllows: got ["a","b"]; the egress allows together reach more public address space',
    );
  });

  it("refuses a secondary range overlapping the private service access range", () => {
    const subnets = [
      { name: "a", cidr: "10.10.0.0/20", secondaryRanges: [{ name: "pods", cidr: "10.100.0.0/20" }] },
    ];
    expect(attempt({ subnets })).toThrow(
      // Reported at the subnet's range, as the config schema reports it (core/rules/network.ts).
      'subnets[0].secondaryRanges[0].cidr: got "10.100.0.0/20"; overlaps privateServiceAccessRange (10.100.0.0/16)',
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
      'SecureNetwork: sslPolicyProfile: got "COMPATIBLE"; must be one of: MODERN, RESTRICTED',
    );
    expect(attempt({ minTlsVersion: "TLS_1_0" })).toThrow(
      'minTlsVersion: got "TLS_1_0"; must be one of: TLS_1_2, TLS_1_3',
    );
    expect(attempt({ minTlsVersion: "TLS_1_1" })).toThrow(
      'minTlsVersion: got "TLS_1_1"; must be one of: TLS_1_2, TLS_1_3',
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

describe("SecureNetwork validates each field exactly", () => {
  const LOWER = "must be 1-24 lowercase letters, digits or hyphens, starting with a letter";
  const RESOURCE = "must be 1-63 lowercase letters, digits or hyphens, starting with a letter";
  const REGION = REGION_ALLOWED;
  const TAG = "must be a network tag: 1-63 lowercase letters, digits or hyphens, starting with a letter";
  const PORT = 'must be a port 1-65535 or a range such as "8000-8080"';
  const egress = (extra: Record<string, unknown>) => ({
    egressAllows: [{ name: "x", destinationCidrs: ["1.2.3.0/24"], ports: ["443"], ...extra }],
  });
  const ingress = (extra: Record<string, unknown>) => ({
    ingressAllows: [{ name: "x", sourceCidrs: ["1.2.3.0/24"], ports: ["443"], ...extra }],
  });

  it.each([
    [{ name: "vpc; bad" }, `SecureNetwork: name: got "vpc; bad"; ${LOWER}`],
    [{ name: "bad vpc" }, `SecureNetwork: name: got "bad vpc"; ${LOWER}`],
    [{ name: "a".repeat(25) }, `SecureNetwork: name: got "${"a".repeat(25)}"; ${LOWER}`],
    [{ region: "europe-west1; x" }, `SecureNetwork: region: got "europe-west1; x"; ${REGION}`],
    [{ region: "x europe-west1" }, `SecureNetwork: region: got "x europe-west1"; ${REGION}`],
    [
      { subnets: [{ name: "a; b", cidr: "10.10.0.0/20" }] },
      `SecureNetwork: subnets[0].name: got "a; b"; ${RESOURCE}`,
    ],
    [
      { subnets: [{ name: "; a", cidr: "10.10.0.0/20" }] },
      `SecureNetwork: subnets[0].name: got "; a"; ${RESOURCE}`,
    ],
    [
      { subnets: [{ name: "a", cidr: "10.10.0.0/20", region: "us-east1 " }] },
      `SecureNetwork: subnets[0].region: got "us-east1 "; ${REGION}`,
    ],
    [
      { subnets: [{ name: "a", cidr: "10.10.0.0/20", region: " us-east1" }] },
      `SecureNetwork: subnets[0].region: got " us-east1"; ${REGION}`,
    ],
    [
      {
        subnets: [
          { name: "a", cidr: "10.10.0.0/20", secondaryRanges: [{ name: "Pods", cidr: "10.20.0.0/16" }] },
        ],
      },
      `SecureNetwork: subnets[0].secondaryRanges[0].name: got "Pods"; ${RESOURCE}`,
    ],
    [
      {
        subnets: [
          { name: "a", cidr: "10.10.0.0/20", secondaryRanges: [{ name: "pods", cidr: "8.8.8.0/24" }] },
        ],
      },
      'SecureNetwork: subnets[0].secondaryRanges[0].cidr: got "8.8.8.0/24"; must be private address space: inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10',
    ],
    [
      {
        subnets: [
          { name: "a", cidr: "10.10.0.0/20", secondaryRanges: [{ name: "pods", cidr: "10.20.0.0/30" }] },
        ],
      },
      'SecureNetwork: subnets[0].secondaryRanges[0].cidr: got "10.20.0.0/30"; the prefix length must be /8 to /29',
    ],
    [
      { subnets: [{ name: "a", cidr: "10.0.0.0/7" }] },
      'subnets[0].cidr: got "10.0.0.0/7"; must be private address space',
    ],
    [
      { privateServiceAccessRange: "10.100.0.0" },
      'SecureNetwork: privateServiceAccessRange: got "10.100.0.0"; must be an IPv4 range in CIDR notation, such as 10.10.0.0/20',
    ],
    [{ natEgressTags: ["nat; x"] }, `SecureNetwork: natEgressTags[0]: got "nat; x"; ${TAG}`],
    [{ natEgressTags: ["ok", "; nat"] }, `SecureNetwork: natEgressTags[1]: got "; nat"; ${TAG}`],
    [{ iapAdminTargetTags: ["ok", "Admin"] }, `SecureNetwork: iapAdminTargetTags[1]: got "Admin"; ${TAG}`],
    [{ databasePorts: [] }, "SecureNetwork: databasePorts: got []; must list at least one port"],
    [{ databasePorts: ["5432", "0"] }, `SecureNetwork: databasePorts[1]: got "0"; ${PORT}`],
    [{ databasePorts: ["5432x"] }, `SecureNetwork: databasePorts[0]: got "5432x"; ${PORT}`],
    [{ databasePorts: ["x5432"] }, `SecureNetwork: databasePorts[0]: got "x5432"; ${PORT}`],
    [{ healthCheckPorts: ["8080-80"] }, `SecureNetwork: healthCheckPorts[0]: got "8080-80"; ${PORT}`],
    [{ healthCheckPorts: ["80-65536"] }, `SecureNetwork: healthCheckPorts[0]: got "80-65536"; ${PORT}`],
    [{ healthCheckPorts: ["65536"] }, `SecureNetwork: healthCheckPorts[0]: got "65536"; ${PORT}`],
    [egress({ name: "x; y" }), `SecureNetwork: egressAllows[0].name: got "x; y"; ${LOWER}`],
    [egress({ name: "; x" }), `SecureNetwork: egressAllows[0].name: got "; x"; ${LOWER}`],
    [
      egress({ destinationCidrs: [] }),
      "SecureNetwork: egressAllows[0].destinationCidrs: got []; must name at least one destination range",
    ],
    [
      egress({ destinationCidrs: ["1.2.3.4"] }),
      'SecureNetwork: egressAllows[0].destinationCidrs[0]: got "1.2.3.4"; must be an IPv4 range in CIDR notation, such as 10.10.0.0/20',
    ],
    [
      egress({ targetTags: ["ok", "Bad"] }),
      `SecureNetwork: egressAllows[0].targetTags[1]: got "Bad"; ${TAG}`,
    ],
    [egress({ ports: ["443", "99999"] }), `SecureNetwork: egressAllows[0].ports[1]: got "99999"; ${PORT}`],
    [ingress({ name: "Web" }), `SecureNetwork: ingressAllows[0].name: got "Web"; ${LOWER}`],
    [
      ingress({ sourceCidrs: [] }),
      "SecureNetwork: ingressAllows[0].sourceCidrs: got []; must name at least one source range",
    ],
    [
      ingress({ sourceCidrs: ["10.0.0.0/7"] }),
      'SecureNetwork: ingressAllows[0].sourceCidrs[0]: got "10.0.0.0/7"; is wider than /8; ingress sources must be named ranges, not a slice of the internet (NET-4)',
    ],
    [
      ingress({ sourceCidrs: ["1.2.3.4"] }),
      'SecureNetwork: ingressAllows[0].sourceCidrs[0]: got "1.2.3.4"; must be an IPv4 range in CIDR notation, such as 10.10.0.0/20',
    ],
    [ingress({ ports: [] }), "SecureNetwork: ingressAllows[0].ports: got []; must list at least one port"],
    [ingress({ targetTags: ["Bad"] }), `SecureNetwork: ingressAllows[0].targetTags[0]: got "Bad"; ${TAG}`],
    [
      { ingressAllows: [ingress({}).ingressAllows[0], ingress({}).ingressAllows[0]] },
      'SecureNetwork: ingressAllows[1].name: got "x"; must be unique among the ingress allows',
    ],
    [
      { sslPolicyProfile: "CUSTOM" },
      'SecureNetwork: sslPolicyProfile: got "CUSTOM"; must be one of: MODERN, RESTRICTED (COMPATIBLE and CUSTOM allow weak ciphers; NET-13)',
    ],
    [
      { minTlsVersion: "TLS_1_1" },
      'SecureNetwork: minTlsVersion: got "TLS_1_1"; must be one of: TLS_1_2, TLS_1_3 (TLS 1.0 and 1.1 are refused; NET-13)',
    ],
    [
      { flowLogSampling: -0.5 },
      "SecureNetwork: flowLogSampling: got -0.5; must be greater than 0 and at most 1.0 (NET-8 expects 1.0)",
    ],
    [{ natIpCount: 1.5 }, "SecureNetwork: natIpCount: got 1.5; must be a whole number from 1 to 16"],
  ])("refuses %j", (overrides, message) => {
    expect(attempt(overrides)).toThrow(message);
  });

  it("accepts the boundaries: /8 ingress sources, /29 subnets, /24 and /8 PSA ranges, ports 1 and 65535, equal range ends, the same name for an ingress and an egress allow", () => {
    expect(
      attempt({
        subnets: [
          {
            name: "a",
            cidr: "10.10.0.0/29",
            region: "us-east1",
            secondaryRanges: [{ name: "pods", cidr: "100.64.0.0/10" }],
          },
          { name: "b", cidr: "192.168.0.0/16" },
        ],
        privateServiceAccessRange: "172.16.0.0/24",
        flowLogSampling: 1,
        natIpCount: 16,
        databasePorts: ["1", "65535", "10-10"],
        healthCheckPorts: ["1-65535"],
        ingressAllows: [{ name: "x", sourceCidrs: ["11.0.0.0/8"], ports: ["443"], targetTags: ["web"] }],
        egressAllows: [{ name: "x", destinationCidrs: ["1.2.3.0/24"], ports: ["443"], targetTags: ["web"] }],
        natEgressTags: ["a-1"],
        iapAdminTargetTags: ["b"],
      }),
    ).not.toThrow();
    expect(
      attempt({ privateServiceAccessRange: "10.0.0.0/8", subnets: [{ name: "a", cidr: "192.168.0.0/24" }] }),
    ).not.toThrow();
    expect(attempt({ flowLogSampling: 0.01 })).not.toThrow();
    expect(attempt({ name: "a", region: "europe-west12" })).not.toThrow();
    expect(attempt({ name: "a".repeat(24) })).not.toThrow();
  });
});
