/**
 * Paths around the VPC firewall: firewall policy rules (network, regional, hierarchical, with_rules),
 * routes to the default internet gateway, and public DNS zones.
 */
import { TerraformVariable } from "cdktf";
import { ComputeFirewallPolicyRule } from "@cdktf/provider-google/lib/compute-firewall-policy-rule";
import { ComputeNetworkFirewallPolicy } from "@cdktf/provider-google/lib/compute-network-firewall-policy";
import { ComputeNetworkFirewallPolicyRule } from "@cdktf/provider-google/lib/compute-network-firewall-policy-rule";
import { ComputeNetworkFirewallPolicyWithRules } from "@cdktf/provider-google/lib/compute-network-firewall-policy-with-rules";
import { ComputeRegionNetworkFirewallPolicyRule } from "@cdktf/provider-google/lib/compute-region-network-firewall-policy-rule";
import { ComputeRoute } from "@cdktf/provider-google/lib/compute-route";
import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import type { StackReport } from "../../../policy/model";
import type { TeamStack } from "../../../stacks/team-stack";
import {
  checkTeam,
  cliCheck,
  cliControlsAt,
  controlsAt,
  findingsAt,
  section,
  shippedCopy,
  expectClean,
} from "./team-support";

const RULE = "google_compute_network_firewall_policy_rule";
const TAGS = [{ name: "tagValues/281484836404786" }];
type RuleMatch = ConstructorParameters<typeof ComputeNetworkFirewallPolicyRule>[2]["match"];

describe("firewall policy rules, routes and DNS zones in a team file", () => {
  let report: StackReport;
  beforeAll(() => {
    report = checkTeam((stack: TeamStack) => {
      const policy = new ComputeNetworkFirewallPolicy(stack, "policy", { name: "red-policy" });
      const sources = new TerraformVariable(stack, "admin-sources", {
        type: "list(string)",
        default: ["0.0.0.0/0"],
      });
      const destination = new TerraformVariable(stack, "route-destination", {
        type: "string",
        default: "0.0.0.0/0",
      });
      let priority = 1000;
      const rule = (id: string, direction: string, action: string, match: RuleMatch, extra: object = {}) =>
        new ComputeNetworkFirewallPolicyRule(stack, id, {
          firewallPolicy: policy.name,
          priority: priority++,
          direction,
          action,
          match,
          ...extra,
        });
      const ssh = [{ ipProtocol: "tcp", ports: ["22"] }];
      const redis = [{ ipProtocol: "tcp", ports: ["6379"] }];

      rule("ingress-ssh-anywhere", "INGRESS", "allow", { srcIpRanges: ["0.0.0.0/0"], layer4Configs: ssh });
      rule("ingress-no-source", "INGRESS", "allow", { layer4Configs: ssh });
      rule("ingress-halves", "INGRESS", "allow", {
        srcIpRanges: ["0.0.0.0/1", "128.0.0.0/1"],
        layer4Configs: ssh,
      });
      rule("ingress-by-country", "INGRESS", "allow", { srcRegionCodes: ["US"], layer4Configs: ssh });
      rule("ingress-from-variable", "INGRESS", "allow", {
        srcIpRanges: sources.listValue,
        layer4Configs: ssh,
      });
      rule("ingress-goto-next", "INGRESS", "goto_next", { srcIpRanges: ["0.0.0.0/0"], layer4Configs: ssh });
      rule("ingress-deny", "INGRESS", "deny", {
        srcIpRanges: ["0.0.0.0/0"],
        layer4Configs: [{ ipProtocol: "all" }],
      });
      rule(
        "ingress-disabled",
        "INGRESS",
        "allow",
        { srcIpRanges: ["0.0.0.0/0"], layer4Configs: ssh },
        { disabled: true },
      );
      rule(
        "ingress-iap",
        "INGRESS",
        "allow",
        { srcIpRanges: ["35.235.240.0/20"], layer4Configs: ssh },
        { targetSecureTags: TAGS },
      );
      rule("egress-anywhere", "EGRESS", "allow", {
        destIpRanges: ["0.0.0.0/0"],
        layer4Configs: [{ ipProtocol: "all" }],
      });
      rule("egress-no-destination", "EGRESS", "allow", {
        layer4Configs: [{ ipProtocol: "tcp", ports: ["443"] }],
      });
      rule("egress-ipv6-halves", "EGRESS", "allow", {
        destIpRanges: ["::/1", "8000::/1"],
        layer4Configs: [{ ipProtocol: "all" }],
      });
      rule("egress-google-apis", "EGRESS", "allow", {
        destIpRanges: ["199.36.153.4/30"],
        layer4Configs: [{ ipProtocol: "tcp", ports: ["443"] }],
      });
      rule(
        "egress-upstash",
        "EGRESS",
        "allow",
        { destFqdns: ["eu1-red-12345.upstash.io"], layer4Configs: redis },
        { targetSecureTags: TAGS },
      );
      rule(
        "egress-upstash-port-80",
        "EGRESS",
        "allow",
        { destFqdns: ["eu1-red-12345.upstash.io"], layer4Configs: [{ ipProtocol: "tcp", ports: ["80"] }] },
        { targetSecureTags: TAGS },
      );
      rule("egress-upstash-untargeted", "EGRESS", "allow", {
        destFqdns: ["eu1-red-12345.upstash.io"],
        layer4Configs: redis,
      });
      rule(
        "egress-upstash-lookalike",
        "EGRESS",
        "allow",
        { destFqdns: ["upstash.io.attacker.example"], layer4Configs: redis },
        { targetSecureTags: TAGS },
      );
      rule(
        "egress-upstash-plus-ranges",
        "EGRESS",
        "allow",
        { destFqdns: ["eu1-red-12345.upstash.io"], destIpRanges: ["0.0.0.0/0"], layer4Configs: redis },
        { targetServiceAccounts: ["red@acme-test-dev.iam.gserviceaccount.com"] },
      );

      new ComputeRegionNetworkFirewallPolicyRule(stack, "regional-ingress-anywhere", {
        firewallPolicy: "red-regional",
        region: "europe-west1",
        priority: 1000,
        direction: "INGRESS",
        action: "allow",
        match: { srcIpRanges: ["0.0.0.0/0"], layer4Configs: [{ ipProtocol: "tcp", ports: ["3389"] }] },
      });
      new ComputeFirewallPolicyRule(stack, "org-egress-dns", {
        firewallPolicy: "locations/global/firewallPolicies/123",
        priority: 1000,
        direction: "EGRESS",
        action: "allow",
        match: { destIpRanges: ["8.8.8.8/32"], layer4Configs: [{ ipProtocol: "udp", ports: ["53"] }] },
      });
      new ComputeNetworkFirewallPolicyWithRules(stack, "with-rules", {
        name: "red-with-rules",
        rule: [
          {
            priority: 100,
            direction: "INGRESS",
            action: "allow",
            match: { srcIpRanges: ["10.0.0.0/8"], layer4Config: [{ ipProtocol: "tcp" }] },
          },
          {
            priority: 200,
            direction: "INGRESS",
            action: "allow",
            match: { srcIpRanges: ["203.0.113.0/24"], layer4Config: [{ ipProtocol: "tcp" }] },
          },
        ],
      });

      // Routes.
      const network = stack.baseline.network.id;
      new ComputeRoute(stack, "route-internet", {
        name: "red-internet",
        network,
        destRange: "0.0.0.0/0",
        nextHopGateway: "default-internet-gateway",
      });
      new ComputeRoute(stack, "route-dns", {
        name: "red-dns",
        network,
        destRange: "8.8.8.8/32",
        nextHopGateway: "global/gateways/default-internet-gateway",
      });
      new ComputeRoute(stack, "route-from-variable", {
        name: "red-var",
        network,
        destRange: destination.stringValue,
        nextHopGateway: "default-internet-gateway",
      });
      new ComputeRoute(stack, "route-appliance", {
        name: "red-appliance",
        network,
        destRange: "0.0.0.0/0",
        nextHopIp: "10.10.0.5",
        priority: 2000,
      });
      new ComputeRoute(stack, "route-private-apis", {
        name: "red-private-apis",
        network,
        destRange: "199.36.153.8/30",
        nextHopGateway: "default-internet-gateway",
      });

      // DNS zones.
      new DnsManagedZone(stack, "zone-public", { name: "red-public", dnsName: "red.example.com." });
      new DnsManagedZone(stack, "zone-sha1", {
        name: "red-sha1",
        dnsName: "red1.example.com.",
        dnssecConfig: {
          state: "on",
          defaultKeySpecs: [{ algorithm: "rsasha1", keyType: "keySigning", keyLength: 2048 }],
        },
      });
      new DnsManagedZone(stack, "zone-private", {
        name: "red-private",
        dnsName: "internal.example.com.",
        visibility: "private",
        privateVisibilityConfig: { networks: [{ networkUrl: network }] },
      });
    });
  });

  it.each([
    ["ingress-ssh-anywhere", /INGRESS allow admits public source\(s\) 0\.0\.0\.0\/0$/],
    ["ingress-no-source", /INGRESS allow names no source .* it admits any source/],
    ["ingress-halves", /0\.0\.0\.0\/1, 128\.0\.0\.0\/1 \(together the whole internet\)/],
    ["ingress-by-country", /admits internet sources by src_region_codes/],
    // Unresolved the range cannot be verified; resolved from the variable's default it is the internet.
    ["ingress-from-variable", /(cannot verify src_ip_ranges|admits public source\(s\) 0\.0\.0\.0\/0)/],
    ["egress-anywhere", /EGRESS allow reaches public range\(s\) 0\.0\.0\.0\/0/],
    ["egress-no-destination", /EGRESS allow names no destination/],
    ["egress-ipv6-halves", /::\/1, 8000::\/1 \(together the whole internet\)/],
    ["egress-upstash-port-80", /accepted only for Upstash .* it allows tcp ports 80/],
    ["egress-upstash-untargeted", /it has no target_secure_tags or target_service_accounts/],
    ["egress-upstash-lookalike", /upstash\.io\.attacker\.example is not an Upstash host/],
    ["egress-upstash-plus-ranges", /it also sets dest_ip_ranges/],
  ])("NET-14: network firewall policy rule %s is refused", (name, message) => {
    expect(findingsAt(report, `${RULE}.${name}`)).toEqual([
      expect.stringMatching(new RegExp(`^NET-14: .*${message.source}`)),
    ]);
  });

  it.each([
    "ingress-goto-next",
    "ingress-deny",
    "ingress-disabled",
    "ingress-iap",
    "egress-google-apis",
    "egress-upstash",
  ])("NET-14: %s is accepted (deny, goto_next, disabled, IAP, Google APIs, the Upstash shape)", (name) =>
    expectClean(report, `${RULE}.${name}`),
  );

  it("NET-14 judges regional and hierarchical policy rules and each rule block of _with_rules", () => {
    expect(
      controlsAt(report, "google_compute_region_network_firewall_policy_rule.regional-ingress-anywhere"),
    ).toEqual(["NET-14"]);
    expect(findingsAt(report, "google_compute_firewall_policy_rule.org-egress-dns")).toEqual([
      "NET-14: EGRESS allow reaches public range(s) 8.8.8.8/32",
    ]);
    expect(findingsAt(report, "google_compute_network_firewall_policy_with_rules.with-rules")).toEqual([
      "NET-14: rule[1] (priority 200): INGRESS allow admits public source(s) 203.0.113.0/24",
    ]);
  });

  it.each([
    [
      "route-internet",
      /routes public range 0\.0\.0\.0\/0 to the default internet gateway on a network without the stack's Cloud NAT/,
    ],
    ["route-dns", /routes public range 8\.8\.8\.8\/32/],
    ["route-from-variable", /(cannot verify dest_range|routes public range 0\.0\.0\.0\/0)/],
  ])("NET-15: route %s is refused", (name, message) => {
    expect(findingsAt(report, `google_compute_route.${name}`)).toEqual([
      expect.stringMatching(new RegExp(`^NET-15: ${message.source}`)),
    ]);
  });

  it("NET-15: routes to an appliance or to the private Google APIs VIP are accepted", () => {
    expectClean(report, "google_compute_route.route-appliance");
    expectClean(report, "google_compute_route.route-private-apis");
  });

  it("NET-16: a public zone needs DNSSEC without RSASHA1; a private zone does not", () => {
    expect(findingsAt(report, "google_dns_managed_zone.zone-public")).toEqual([
      "NET-16: public zone with dnssec_config.state unset",
    ]);
    expect(findingsAt(report, "google_dns_managed_zone.zone-sha1")).toEqual([
      "NET-16: public zone signs with RSASHA1",
    ]);
    expectClean(report, "google_dns_managed_zone.zone-private");
  });
});

describe("network paths on edited JSON through the check CLI", () => {
  const baseline = () => shippedCopy("baseline-dev");
  const routes = (json: Record<string, unknown>) =>
    section(json, "resource", "google_compute_route") as Record<string, Record<string, unknown>>;

  it("NET-15: the kit's own routes (restricted APIs VIP, NAT) are accepted; the VIP route re-aimed at 1.1.1.1 is not", () => {
    const json = baseline();
    expect(cliCheck({ "baseline-dev": json }).code).toBe(0);
    const [vip] = Object.entries(routes(json)).find(([, r]) => r.dest_range === "199.36.153.4/30")!;
    routes(json)[vip].dest_range = "1.1.1.1/32";
    const result = cliCheck({ "baseline-dev": json });
    expect(result.code).toBe(1);
    expect(cliControlsAt(result, `google_compute_route.${vip}`)).toEqual(["NET-15"]);
  });

  it("NET-15: without the stack's Cloud NAT, the 0.0.0.0/0 route is an internet route", () => {
    const json = baseline();
    delete (json.resource as Record<string, unknown>).google_compute_router_nat;
    const [nat] = Object.entries(routes(json)).find(([, r]) => r.dest_range === "0.0.0.0/0")!;
    expect(cliControlsAt(cliCheck({ "baseline-dev": json }), `google_compute_route.${nat}`)).toEqual([
      "NET-15",
    ]);
  });

  it("NET-14: an EGRESS allow-all firewall policy rule added to the baseline is refused", () => {
    const json = baseline();
    section(json, "resource", RULE)["exfil"] = {
      firewall_policy: "p",
      priority: 1,
      direction: "EGRESS",
      action: "allow",
      match: [
        {
          dest_ip_ranges: ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/1"],
          layer4_configs: [{ ip_protocol: "all" }],
        },
      ],
    };
    const result = cliCheck({ "baseline-dev": json });
    expect(cliControlsAt(result, `${RULE}.exfil`)).toEqual(["NET-14"]);
    expect(result.findings.find((f) => f.resource === `${RULE}.exfil`)?.message).toMatch(
      /together the whole internet/,
    );
  });

  it("NET-14: an action spelled as an expression cannot be verified", () => {
    const json = baseline();
    section(json, "resource", RULE)["sneaky"] = {
      firewall_policy: "p",
      priority: 1,
      direction: "INGRESS",
      action: '${var.open ? "allow" : "deny"}',
      match: [{ src_ip_ranges: ["0.0.0.0/0"], layer4_configs: [{ ip_protocol: "tcp", ports: ["22"] }] }],
    };
    const result = cliCheck({ "baseline-dev": json });
    expect(result.findings.find((f) => f.resource === `${RULE}.sneaky`)?.message).toMatch(
      /^cannot verify action/,
    );
  });
});
