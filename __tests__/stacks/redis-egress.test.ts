import { shippedStacks } from "../support/shipped";
import type { SynthesizedStack } from "../support/synth";

type Resource = Record<string, unknown>;
const stacks = Object.entries(shippedStacks());
const baselines = stacks.filter(([name]) => name.startsWith("baseline-"));

const all = (json: SynthesizedStack, type: string): [string, Resource][] =>
  Object.entries(json.resource?.[type] ?? {});

/** Every EGRESS rule of the environment's FQDN policy, from the baseline and its team stacks. */
function policyRules(env: string): [string, Resource][] {
  return stacks
    .filter(([name]) => name.endsWith(`-${env}`))
    .flatMap(([, json]) => all(json, "google_compute_network_firewall_policy_rule"));
}

describe.each(baselines)("%s: Redis and registry reachable, nothing wider", (name, json) => {
  const env = name.replace(/^baseline-/, "");

  it("allows Upstash (TLS 6379/443) by name only, from secure-tagged workloads, for every Redis database", () => {
    const rules = policyRules(env);
    const endpoints = stacks
      .filter(([stack]) => stack.endsWith(`-${env}`))
      .flatMap(([, stackJson]) =>
        all(stackJson, "upstash_redis_database").map(([id]) => `\${upstash_redis_database.${id}.endpoint}`),
      );
    expect(endpoints.length).toBeGreaterThan(0);
    const allowed = rules.flatMap(([, r]) => (r.match as { dest_fqdns: string[] }).dest_fqdns);
    expect(allowed.sort()).toEqual(endpoints.sort());
    for (const [, rule] of rules) {
      expect(rule).toMatchObject({ direction: "EGRESS", action: "allow", enable_logging: true });
      const match = rule.match as Record<string, unknown>;
      expect(Object.keys(match).sort()).toEqual(["dest_fqdns", "layer4_configs"]);
      expect(match.layer4_configs).toEqual([{ ip_protocol: "tcp", ports: ["6379", "443"] }]);
      expect(rule.target_secure_tags).toEqual([{ name: expect.stringMatching(/google_tags_tag_value\./) }]);
    }
    const priorities = rules.map(([, r]) => r.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  it("evaluates that policy before the VPC rules and keeps the deny-all egress below it", () => {
    const [[, network]] = all(json, "google_compute_network");
    expect(network.network_firewall_policy_enforcement_order).toBe("BEFORE_CLASSIC_FIREWALL");
    const [[policyId]] = all(json, "google_compute_network_firewall_policy");
    const [[, association]] = all(json, "google_compute_network_firewall_policy_association");
    expect(association.firewall_policy).toBe(`\${google_compute_network_firewall_policy.${policyId}.id}`);
    const firewalls = all(json, "google_compute_firewall").map(([, r]) => r);
    expect(firewalls.filter((r) => r.direction === "EGRESS" && r.deny)).toMatchObject([
      { deny: [{ protocol: "all" }], destination_ranges: ["0.0.0.0/0"] },
    ]);
    // The only VPC egress allows: the restricted Google APIs VIP and the private service access range.
    const egressAllows = firewalls.filter((r) => r.direction === "EGRESS" && r.allow);
    expect(egressAllows).toHaveLength(2);
    expect(egressAllows.map((r) => r.destination_ranges)).toEqual(
      expect.arrayContaining([["199.36.153.4/30"], [expect.stringMatching(/^10\.\d+\.0\.0\/16$/)]]),
    );
  });

  it("routes Redis traffic through Cloud NAT from static addresses (the Upstash allowlist)", () => {
    const route = all(json, "google_compute_route").find(([, r]) => r.dest_range === "0.0.0.0/0")![1];
    expect(route.tags).toEqual(["nat-egress"]);
    for (const [, nat] of all(json, "google_compute_router_nat")) {
      expect(nat.nat_ip_allocate_option).toBe("MANUAL_ONLY");
    }
  });

  it("answers pkg.dev and gcr.io with the restricted VIP inside the network", () => {
    for (const domain of ["pkg.dev", "gcr.io"]) {
      const [zoneId, zone] = all(json, "google_dns_managed_zone").find(
        ([, z]) => z.dns_name === `${domain}.`,
      )!;
      expect(zone).toMatchObject({ visibility: "private" });
      expect(zone.private_visibility_config).toEqual({
        networks: [{ network_url: expect.stringMatching(/google_compute_network\./) }],
      });
      const records = all(json, "google_dns_record_set")
        .filter(([, r]) => r.managed_zone === `\${google_dns_managed_zone.${zoneId}.name}`)
        .map(([, r]) => ({ name: r.name, type: r.type, rrdatas: r.rrdatas }));
      expect(records).toEqual([
        {
          name: `${domain}.`,
          type: "A",
          rrdatas: ["199.36.153.4", "199.36.153.5", "199.36.153.6", "199.36.153.7"],
        },
        { name: `*.${domain}.`, type: "CNAME", rrdatas: [`${domain}.`] },
      ]);
    }
  });
});
