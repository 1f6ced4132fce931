import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnvironment } from "../../config/load";
import { testEnvironment } from "../support/synth";

/** The loader's problem lines for an environment with `network` set to `network`. */
function problems(network: unknown): string[] {
  try {
    testEnvironment({ network });
  } catch (err) {
    return (err as { problems?: string[] }).problems ?? [String(err)];
  }
  throw new Error("expected the environment to be refused");
}

describe("network config", () => {
  it("defaults are secure and valid: one private subnet, a disjoint PSA range, full flow logs, MODERN TLS 1.2", () => {
    const { network } = testEnvironment();
    expect(network.subnets).toEqual([{ name: "workloads", cidr: "10.10.0.0/20", secondaryRanges: [] }]);
    expect(network.privateServiceAccessRange).toBe("10.100.0.0/16");
    expect(network.flowLogSampling).toBe(1);
    expect(network.natIpCount).toBe(1);
    expect(network.allowIapAdminAccess).toBe(false);
    expect(network.allowHealthChecks).toBe(false);
    expect(network.ingressAllows).toEqual([]);
    expect(network.sslPolicy).toEqual({ profile: "MODERN", minTlsVersion: "TLS_1_2" });
  });

  it("the shipped dev.yaml still validates", () => {
    const file = join(__dirname, "../../config/environments/dev.yaml");
    expect(parseEnvironment("dev.yaml", readFileSync(file, "utf8")).network.subnets).toHaveLength(1);
  });

  it("refuses a bad CIDR with the field and what is allowed", () => {
    expect(problems({ subnets: [{ name: "a", cidr: "10.10.0.0/33" }] })).toEqual([
      'dev.json: network.subnets[0].cidr: got "10.10.0.0/33"; the prefix length must be 0-32',
    ]);
    expect(problems({ subnets: [{ name: "a", cidr: "10.10.1.0/20" }] })).toEqual([
      'dev.json: network.subnets[0].cidr: got "10.10.1.0/20"; host bits must be zero for a /20 (did you mean 10.10.0.0/20?)',
    ]);
    expect(problems({ subnets: [{ name: "a", cidr: "34.1.0.0/20" }] })).toEqual([
      'dev.json: network.subnets[0].cidr: got "34.1.0.0/20"; must be private address space: inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10',
    ]);
  });

  it("refuses overlapping subnets, secondary ranges and PSA range", () => {
    expect(
      problems({
        subnets: [
          { name: "a", cidr: "10.10.0.0/20" },
          { name: "b", cidr: "10.10.4.0/24" },
        ],
      }),
    ).toEqual([
      'dev.json: network.subnets[1].cidr: got "10.10.4.0/24"; overlaps network.subnets[0].cidr (10.10.0.0/20); subnet, secondary and private service access ranges must be disjoint',
    ]);
    expect(
      problems({
        subnets: [
          { name: "a", cidr: "10.10.0.0/20", secondaryRanges: [{ name: "pods", cidr: "10.100.64.0/18" }] },
        ],
      }),
    ).toEqual([
      'dev.json: network.subnets[0].secondaryRanges[0].cidr: got "10.100.64.0/18"; overlaps network.privateServiceAccessRange (10.100.0.0/16); subnet, secondary and private service access ranges must be disjoint',
    ]);
  });

  it("NET-4: refuses ingress from 0.0.0.0/0 and ::/0", () => {
    expect(
      problems({ ingressAllows: [{ name: "web", sourceCidrs: ["0.0.0.0/0", "::/0"], ports: ["443"] }] }),
    ).toEqual([
      `dev.json: network.ingressAllows[0].sourceCidrs[0]: got "0.0.0.0/0"; ingress from the whole internet (0.0.0.0/0 or ::/0) is never allowed (NET-4); name the sources' ranges`,
      `dev.json: network.ingressAllows[0].sourceCidrs[1]: got "::/0"; ingress from the whole internet (0.0.0.0/0 or ::/0) is never allowed (NET-4); name the sources' ranges`,
    ]);
  });

  it("NET-3: refuses egress allows to the whole internet", () => {
    expect(
      problems({ egressAllows: [{ name: "all", destinationCidrs: ["0.0.0.0/0"], ports: ["443"] }] }),
    ).toEqual([
      `dev.json: network.egressAllows[0].destinationCidrs[0]: got "0.0.0.0/0"; egress to the whole internet would void the deny-all egress rule (NET-3); name the destinations' ranges`,
    ]);
  });

  it("NET-13: refuses COMPATIBLE and TLS 1.0", () => {
    expect(problems({ sslPolicy: { profile: "COMPATIBLE", minTlsVersion: "TLS_1_0" } })).toEqual([
      'dev.json: network.sslPolicy.profile: got "COMPATIBLE"; must be one of: MODERN, RESTRICTED (COMPATIBLE and CUSTOM allow weak ciphers; NET-13)',
      'dev.json: network.sslPolicy.minTlsVersion: got "TLS_1_0"; must be one of: TLS_1_2, TLS_1_3 (TLS 1.0 and 1.1 are refused; NET-13)',
    ]);
  });

  it("refuses bad sampling, NAT counts, ports and unknown fields", () => {
    expect(problems({ flowLogSampling: 0 })).toEqual([
      "dev.json: network.flowLogSampling: got 0; must be greater than 0 and at most 1.0 (NET-8 expects 1.0)",
    ]);
    expect(problems({ natIpCount: 20 })).toEqual([
      "dev.json: network.natIpCount: got 20; must be a whole number from 1 to 16",
    ]);
    expect(
      problems({ egressAllows: [{ name: "x", destinationCidrs: ["1.2.3.0/24"], ports: ["0"] }] }),
    ).toEqual([
      'dev.json: network.egressAllows[0].ports[0]: got "0"; must be a port 1-65535 or a range such as "8000-8080"',
    ]);
    expect(problems({ firewall: {} })[0]).toMatch(
      /^dev\.json: network\.firewall: unknown field; allowed fields: name, subnets,/,
    );
  });
});
