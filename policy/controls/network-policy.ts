/**
 * Network paths outside VPC firewall rules: firewall policy rules (network, regional, hierarchical),
 * routes to the default internet gateway, and public DNS zones.
 */
import { cannotVerify, classify } from "../expressions";
import type { ControlDefinition, Outcome, Resource, StackContext } from "../model";
import { attr, block, blocks, isTrue, refersTo } from "../terraform-json";
import { GOOGLE_API_VIPS, GOOGLE_FRONT_END_SOURCES, describeRanges, rangesBeyond } from "./address-space";
import { PRIVATE_RANGES } from "../../core/rules/cidr";
import { HIPAA, PASS, fail, resourceRule, seed } from "./helpers";
import { literalList, literalString, plainReference } from "./literals";

type Json = Record<string, unknown>;

/** Firewall policy rule types with one rule per resource. */
export const FIREWALL_POLICY_RULE_TYPES = [
  "google_compute_network_firewall_policy_rule",
  "google_compute_region_network_firewall_policy_rule",
  "google_compute_firewall_policy_rule",
];
const WITH_RULES = "google_compute_network_firewall_policy_with_rules";

/** One rule, whatever resource holds it (`_with_rules` spells its nested blocks in the singular). */
interface PolicyRule {
  readonly label: string;
  readonly attrs: Json;
  readonly match: Json;
  readonly layer4: readonly Json[];
  readonly srcSecureTags: readonly Json[];
  readonly targetSecureTags: readonly Json[];
}

function policyRules(resource: Resource): PolicyRule[] {
  const rules = resource.type === WITH_RULES ? blocks(resource.attrs.rule) : [resource.attrs as Json];
  return rules.map((rule, i) => {
    const match = block(rule.match) ?? {};
    return {
      label: resource.type === WITH_RULES ? `rule[${i}] (priority ${String(rule.priority)}): ` : "",
      attrs: rule,
      match,
      layer4: blocks(match.layer4_configs ?? match.layer4_config),
      srcSecureTags: blocks(match.src_secure_tags ?? match.src_secure_tag),
      targetSecureTags: blocks(rule.target_secure_tags ?? rule.target_secure_tag),
    };
  });
}

/** Upstash hostnames (`<db>.upstash.io`) and ports (TLS Redis 6379, REST 443): the one FQDN egress allowed. */
const UPSTASH_HOST = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+upstash\.io$/i;
const UPSTASH_ENDPOINT_REF = /^upstash_redis_database\.[^.]+\.endpoint$/;
const UPSTASH_PORTS = ["443", "6379"];

/** Why a dest_fqdns egress rule is not the narrow Upstash shape, or undefined when it is. */
function notUpstashEgress(rule: PolicyRule): string | undefined {
  const m = rule.match;
  const extra = [
    "dest_ip_ranges",
    "dest_region_codes",
    "dest_threat_intelligences",
    "dest_address_groups",
  ].filter((k) => m[k] !== undefined && m[k] !== null && !(Array.isArray(m[k]) && m[k].length === 0));
  if (extra.length) return `it also sets ${extra.join(", ")}`;
  const fqdns = Array.isArray(m.dest_fqdns) ? m.dest_fqdns : [m.dest_fqdns];
  const foreign = fqdns.filter((f) => {
    const c = classify(f);
    if (c.kind === "literal") return typeof c.value !== "string" || !UPSTASH_HOST.test(c.value);
    const ref = plainReference(f);
    return !(ref !== undefined && UPSTASH_ENDPOINT_REF.test(ref));
  });
  if (foreign.length) return `${foreign.map(String).join(", ")} is not an Upstash host`;
  if (!rule.layer4.length) return "it allows every protocol and port";
  for (const l4 of rule.layer4) {
    if (String(l4.ip_protocol).toLowerCase() !== "tcp")
      return `it allows protocol ${JSON.stringify(l4.ip_protocol)}`;
    const ports = Array.isArray(l4.ports) ? l4.ports : [];
    if (!ports.length || ports.some((p) => !UPSTASH_PORTS.includes(String(p))))
      return `it allows tcp ports ${ports.length ? ports.join(", ") : "all"}`;
  }
  const targets =
    rule.targetSecureTags.length +
    (Array.isArray(rule.attrs.target_service_accounts) ? rule.attrs.target_service_accounts.length : 0);
  if (!targets)
    return "it has no target_secure_tags or target_service_accounts (it applies to every instance)";
  return undefined;
}

function nonEmpty(value: unknown): boolean {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

function judgeIngress(rule: PolicyRule, ctx: StackContext): Outcome {
  const m = rule.match;
  const publicKinds = ["src_fqdns", "src_region_codes", "src_threat_intelligences"].filter((k) =>
    nonEmpty(m[k]),
  );
  if (publicKinds.length)
    return fail(`${rule.label}INGRESS allow admits internet sources by ${publicKinds.join(", ")}`);
  if (nonEmpty(m.src_address_groups))
    return cannotVerify(`${rule.label}src_address_groups`, m.src_address_groups);
  const ranges = literalList(m.src_ip_ranges, ctx);
  if (!ranges.ok) return cannotVerify(`${rule.label}src_ip_ranges`, ranges.unverifiable);
  if (!ranges.values.length && !rule.srcSecureTags.length)
    return fail(
      `${rule.label}INGRESS allow names no source (no src_ip_ranges or src_secure_tags): it admits any source`,
    );
  const wide = rangesBeyond(ranges.values, [...PRIVATE_RANGES, ...GOOGLE_FRONT_END_SOURCES]);
  return wide.length
    ? fail(`${rule.label}INGRESS allow admits public source(s) ${describeRanges(wide)}`)
    : PASS;
}

function judgeEgress(rule: PolicyRule, ctx: StackContext): Outcome {
  const m = rule.match;
  if (nonEmpty(m.dest_fqdns)) {
    const why = notUpstashEgress(rule);
    return why
      ? fail(
          `${rule.label}EGRESS allow to FQDNs is accepted only for Upstash Redis (tcp 443/6379, *.upstash.io, with targets); here ${why}`,
        )
      : PASS;
  }
  const publicKinds = ["dest_region_codes", "dest_threat_intelligences"].filter((k) => nonEmpty(m[k]));
  if (publicKinds.length)
    return fail(`${rule.label}EGRESS allow reaches internet destinations by ${publicKinds.join(", ")}`);
  if (nonEmpty(m.dest_address_groups))
    return cannotVerify(`${rule.label}dest_address_groups`, m.dest_address_groups);
  const ranges = literalList(m.dest_ip_ranges, ctx);
  if (!ranges.ok) return cannotVerify(`${rule.label}dest_ip_ranges`, ranges.unverifiable);
  if (!ranges.values.length)
    return fail(`${rule.label}EGRESS allow names no destination: it reaches any address`);
  const wide = rangesBeyond(ranges.values, [...PRIVATE_RANGES, ...GOOGLE_API_VIPS]);
  return wide.length
    ? fail(`${rule.label}EGRESS allow reaches public range(s) ${describeRanges(wide)}`)
    : PASS;
}

function judgePolicyRule(rule: PolicyRule, ctx: StackContext): Outcome {
  if (isTrue(rule.attrs.disabled)) return PASS;
  const action = classify(rule.attrs.action);
  if (action.kind !== "literal") return cannotVerify(`${rule.label}action`, rule.attrs.action);
  if (["deny", "goto_next"].includes(String(action.value).toLowerCase())) return PASS;
  const direction = classify(rule.attrs.direction ?? "INGRESS");
  if (direction.kind !== "literal") return cannotVerify(`${rule.label}direction`, rule.attrs.direction);
  return String(direction.value).toUpperCase() === "EGRESS"
    ? judgeEgress(rule, ctx)
    : judgeIngress(rule, ctx);
}

const INTERNET_GATEWAY = /(^|\/)default-internet-gateway$/;

/** True when the stack runs Cloud NAT on the network the route belongs to (the route then exists for NAT). */
function natOnRouteNetwork(route: Resource, ctx: StackContext): boolean {
  const network = ctx.ofType("google_compute_network").find((n) => refersTo(route.attrs.network, n));
  if (!network) return false;
  const routers = ctx.ofType("google_compute_router").filter((r) => refersTo(r.attrs.network, network));
  return ctx
    .ofType("google_compute_router_nat")
    .some((nat) => routers.some((r) => refersTo(nat.attrs.router, r)));
}

export const networkPolicyControls: ControlDefinition[] = [
  {
    id: "NET-14",
    title: "Firewall policy rules open nothing to the internet",
    severity: "error",
    why: "Network, regional and hierarchical firewall policies are evaluated alongside VPC firewall rules: an allow rule there opens what NET-3/4/5 close. An ingress allow without a source admits anyone; an egress allow to public space lets data leave. The one FQDN egress the kit accepts is TLS to Upstash Redis for tagged clients.",
    fix: "Ingress: name private ranges, IAP (35.235.240.0/20), health-check ranges or src_secure_tags. Egress: private ranges or the Google API VIPs only; for Upstash, dest_fqdns under upstash.io (or ${upstash_redis_database.x.endpoint}) with tcp 443/6379 and target_secure_tags or target_service_accounts, and no dest_ip_ranges.",
    mappings: {
      cis: ["3.6", "3.7", "3.10"],
      other: ["Checkov CKV_GCP_2/3/106 (VPC firewall rules), applied to firewall policy rules"],
      hipaa: [HIPAA.accessControl, HIPAA.transmission],
      seed: [seed("002", 25)],
    },
    rule: resourceRule([...FIREWALL_POLICY_RULE_TYPES, WITH_RULES], (r, ctx) => {
      for (const rule of policyRules(r)) {
        const outcome = judgePolicyRule(rule, ctx);
        if (outcome !== PASS) return outcome;
      }
      return PASS;
    }),
  },
  {
    id: "NET-15",
    title: "No internet route beyond Google APIs and Cloud NAT",
    severity: "error",
    why: "NET-2 deletes the default route so the VPC reaches only what it needs; a route to the default internet gateway for a public range gives instances a path out (and, with an external IP, in). Routes to the private and restricted Google API VIPs stay on Google's network; the 0.0.0.0/0 route Cloud NAT needs is accepted on a network whose NAT the stack manages.",
    fix: "Route only private ranges or the Google API VIPs (199.36.153.4/30, 199.36.153.8/30) to default-internet-gateway; internet egress goes through the environment's Cloud NAT (SecureNetwork), limited by firewall rules.",
    mappings: {
      other: ["CFT foundation shared_vpc (restricted routes only)"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 25)],
    },
    rule: resourceRule(["google_compute_route"], (route, ctx) => {
      const gateway = route.attrs.next_hop_gateway;
      if (gateway === undefined || gateway === null) return PASS;
      const hop = classify(gateway);
      if (hop.kind !== "literal") return cannotVerify("next_hop_gateway", gateway);
      if (!INTERNET_GATEWAY.test(String(hop.value))) return PASS;
      const destination = literalString(route.attrs.dest_range, ctx);
      if (destination === undefined) return cannotVerify("dest_range", route.attrs.dest_range);
      if (!rangesBeyond([destination], [...PRIVATE_RANGES, ...GOOGLE_API_VIPS]).length) return PASS;
      if (natOnRouteNetwork(route, ctx) && /^(0\.0\.0\.0\/0)$/.test(destination)) return PASS;
      return fail(
        `routes public range ${destination} to the default internet gateway${natOnRouteNetwork(route, ctx) ? "" : " on a network without the stack's Cloud NAT"}`,
      );
    }),
  },
  {
    id: "NET-16",
    title: "DNSSEC on public DNS zones",
    severity: "error",
    why: "Without DNSSEC, resolvers cannot tell a forged answer for your domain from a real one (cache poisoning sends users or clients elsewhere); RSASHA1 signatures are weak.",
    fix: 'Set dnssec_config { state = "on" } with RSASHA256 or ECDSA keys on public google_dns_managed_zone, or visibility = "private".',
    mappings: { cis: ["3.3", "3.4", "3.5"], checkov: ["CKV_GCP_16", "CKV_GCP_17"], hipaa: [HIPAA.integrity] },
    rule: resourceRule(["google_dns_managed_zone"], (zone) => {
      const visibility = classify(zone.attrs.visibility ?? "public");
      if (visibility.kind !== "literal") return cannotVerify("visibility", zone.attrs.visibility);
      if (String(visibility.value).toLowerCase() === "private") return PASS;
      const state = attr(zone.attrs, "dnssec_config.state");
      if (state !== "on")
        return fail(`public zone with dnssec_config.state ${JSON.stringify(state) ?? "unset"}`);
      const weak = blocks(attr(zone.attrs, "dnssec_config.default_key_specs")).filter(
        (k) => String(k.algorithm).toLowerCase() === "rsasha1",
      );
      return weak.length ? fail("public zone signs with RSASHA1") : PASS;
    }),
  },
];
