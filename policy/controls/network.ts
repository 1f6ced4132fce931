import type { ControlDefinition, Outcome, Resource, StackVerdict } from "../model";
import {
  PRIVATE_IPV4_RANGES,
  coversPublicSpace,
  coversWholeInternet,
  isVerifiableReferenceRange,
  within,
} from "../../core/rules/cidr";
import {
  HEALTH_CHECK_RANGES,
  IAP_TCP_FORWARDING_RANGE,
  LEGACY_HEALTH_CHECK_RANGES,
} from "../../core/rules/google-ranges";
import { cannotVerify, isHostReference, unverifiable, unverifiableExcept } from "../expressions";
import {
  attr,
  block,
  blocks,
  isExpression,
  isFalse,
  isSet,
  isTrue,
  list,
  numberOf,
  refersTo,
  show,
} from "../terraform-json";
import {
  HIPAA,
  NOT_APPLICABLE,
  PASS,
  fail,
  firstFailure,
  resourceRule,
  seed,
  stackRule,
  verdict,
} from "./helpers";

const FIREWALL = "google_compute_firewall";
/** The lowest firewall priority (evaluated last). */
const MAX_PRIORITY = 65535;
const ANYWHERE = ["0.0.0.0/0", "::/0"];
/** Subnet purposes that carry no VM traffic: flow logs and Private Google Access do not apply. */
const PROXY_SUBNET_PURPOSES = [
  "REGIONAL_MANAGED_PROXY",
  "GLOBAL_MANAGED_PROXY",
  "INTERNAL_HTTPS_LOAD_BALANCER",
  "PRIVATE_SERVICE_CONNECT",
  "PRIVATE_NAT",
];

function direction(firewall: Resource): string {
  return String(firewall.attrs.direction ?? "INGRESS").toUpperCase();
}

function allowRules(firewall: Resource): string[] {
  return blocks(firewall.attrs.allow).map(
    (a) => `${String(a.protocol)}${a.ports ? `:${list(a.ports).join(",")}` : ""}`,
  );
}

function isIngressAllow(firewall: Resource): boolean {
  return direction(firewall) !== "EGRESS" && blocks(firewall.attrs.allow).length > 0;
}

function isEgressAllow(firewall: Resource): boolean {
  return direction(firewall) !== "INGRESS" && blocks(firewall.attrs.allow).length > 0;
}

/**
 * What the check cannot verify about a firewall rule's direction, priority, switches and the given
 * range attribute (an expression that is neither literal nor a reference), as an outcome; else undefined.
 */
function unverifiedFirewall(fw: Resource, rangesAttribute: string): Outcome | undefined {
  const checks: [string, unknown][] = [
    ["direction", fw.attrs.direction],
    ["priority", fw.attrs.priority],
    ["disabled", fw.attrs.disabled],
    [rangesAttribute, fw.attrs[rangesAttribute]],
    ["allow", fw.attrs.allow],
    ["deny", fw.attrs.deny],
  ];
  // Ranges may name one address by reference (`${google_compute_address.a.address}/32`).
  const found = checks.find(([field, value]) =>
    field === rangesAttribute
      ? unverifiableExcept(value, isHostReference) !== undefined
      : unverifiable(value) !== undefined,
  );
  return found ? cannotVerify(`${fw.type}.${found[0]}`, found[1]) : undefined;
}

/**
 * The ranges an ingress rule admits: its source_ranges, or the whole internet when it names no source at
 * all (GCP reads an ingress rule without source_ranges, source_tags or source_service_accounts as 0.0.0.0/0).
 */
function sourceRanges(firewall: Resource): string[] {
  const ranges = list(firewall.attrs.source_ranges).map(String);
  const bySource =
    list(firewall.attrs.source_tags).length + list(firewall.attrs.source_service_accounts).length;
  return ranges.length === 0 && bySource === 0 ? ["0.0.0.0/0"] : ranges;
}

/** The ranges an egress rule reaches: its destination_ranges, or the whole internet when it names none. */
function destinationRanges(firewall: Resource): string[] {
  const ranges = list(firewall.attrs.destination_ranges).map(String);
  return ranges.length ? ranges : ["0.0.0.0/0"];
}

function implied(firewall: Resource, attribute: string): string {
  return list(firewall.attrs[attribute]).length
    ? ""
    : ` (${attribute} is unset, which GCP reads as 0.0.0.0/0)`;
}

/** A source range an ingress allow rule may name: IAP, health checks, private ranges, or a Terraform reference. */
function isNarrowSource(range: string): boolean {
  if (isExpression(range)) return isVerifiableReferenceRange(range);
  if (range.includes(":")) return false;
  return within(range, [
    IAP_TCP_FORWARDING_RANGE,
    ...HEALTH_CHECK_RANGES,
    ...LEGACY_HEALTH_CHECK_RANGES,
    ...PRIVATE_IPV4_RANGES,
  ]);
}

function priorityOf(firewall: Resource): number {
  return numberOf(firewall.attrs.priority) ?? 1000;
}

function isEgressDenyAll(firewall: Resource): boolean {
  return (
    direction(firewall) === "EGRESS" &&
    unverifiedFirewall(firewall, "destination_ranges") === undefined &&
    blocks(firewall.attrs.deny).some((d) => String(d.protocol).toLowerCase() === "all") &&
    coversWholeInternet(destinationRanges(firewall)) &&
    list(firewall.attrs.target_tags).length === 0 &&
    list(firewall.attrs.target_service_accounts).length === 0 &&
    priorityOf(firewall) >= 65000 &&
    !isTrue(firewall.attrs.disabled)
  );
}

/** Egress allow rules that open public space (or cannot be verified) at a priority at or above `priority`. */
function egressBreaches(candidates: readonly Resource[], priority: number): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  for (const fw of candidates.filter(isEgressAllow)) {
    if (isTrue(fw.attrs.disabled)) continue;
    const unverified = unverifiedFirewall(fw, "destination_ranges");
    if (unverified) {
      problems.push(`${fw.address}: ${unverified.slice("fail: ".length)}`);
      continue;
    }
    if (priorityOf(fw) > priority) continue;
    const ranges = destinationRanges(fw);
    open.push(...ranges);
    if (coversPublicSpace(ranges))
      problems.push(
        `${fw.address} allows EGRESS to ${ranges.join(", ")}${implied(fw, "destination_ranges")} at priority ${priorityOf(fw)}, at or above the deny-all (${priority}): together more public address space than one /8`,
      );
  }
  if (!problems.length && coversPublicSpace(open))
    problems.push(
      `the EGRESS allow rules together reach ${open.join(", ")}: more public address space than one /8`,
    );
  return problems;
}

/** Resources of `candidates` that belong to `network` (by reference; any, when the stack has a single network). */
function onNetwork(
  candidates: readonly Resource[],
  network: Resource,
  networks: readonly Resource[],
  field: (r: Resource) => unknown,
) {
  return candidates.filter((c) => networks.length === 1 || refersTo(field(c), network));
}

const SSL_POLICIES = ["google_compute_ssl_policy", "google_compute_region_ssl_policy"];
const TLS_PROXIES = [
  "google_compute_target_https_proxy",
  "google_compute_region_target_https_proxy",
  "google_compute_target_ssl_proxy",
];
/** NET-13: plain-HTTP front ends, allowed only to redirect to HTTPS. */
const HTTP_PROXIES = ["google_compute_target_http_proxy", "google_compute_region_target_http_proxy"];
const URL_MAPS = ["google_compute_url_map", "google_compute_region_url_map"];
/** URL map fields that send a request to a backend instead of redirecting it. */
const URL_MAP_ROUTING = ["default_service", "default_route_action", "host_rule", "path_matcher"];

/** True when a URL map field is set to something (a non-empty block list or a value). */
function blocksOrValue(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : true;
}

/** A target HTTP proxy passes only when its URL map (of this stack) redirects every request to HTTPS. */
function httpProxyOnlyRedirects(proxy: Resource, resources: readonly Resource[]): Outcome {
  const map = resources.find((m) => URL_MAPS.includes(m.type) && refersTo(proxy.attrs.url_map, m));
  if (!map)
    return fail(
      `url_map ${show(proxy.attrs.url_map)} is not a URL map of this stack (a plain-HTTP front end must be a redirect to HTTPS)`,
    );
  const redirect = block(map.attrs.default_url_redirect);
  const routing = URL_MAP_ROUTING.filter((f) => isSet(map.attrs[f]) && blocksOrValue(map.attrs[f]));
  return firstFailure(
    !isTrue(redirect?.https_redirect) &&
      `${map.address}: default_url_redirect.https_redirect is ${show(redirect?.https_redirect)} (plain HTTP serves content)`,
    routing.length > 0 &&
      `${map.address} routes requests (${routing.join(", ")}) instead of only redirecting`,
  );
}

export const networkControls: ControlDefinition[] = [
  {
    id: "NET-1",
    title: "Custom-mode VPC",
    severity: "error",
    why: "Auto-mode networks create a subnet in every region with broad default ranges; a custom network holds only the subnets you declare.",
    fix: "Set auto_create_subnetworks = false on google_compute_network (SecureNetwork does).",
    mappings: {
      cis: ["3.1"],
      checkov: ["CKV_GCP_27"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 25)],
    },
    rule: resourceRule(["google_compute_network"], (net) =>
      isFalse(net.attrs.auto_create_subnetworks)
        ? PASS
        : fail(
            `auto_create_subnetworks is ${show(net.attrs.auto_create_subnetworks)} (the provider default is true)`,
          ),
    ),
  },
  {
    id: "NET-2",
    title: "No default internet route",
    severity: "error",
    why: "The default 0.0.0.0/0 route gives every instance a path to the internet; only the routes the workload needs should exist.",
    fix: "Set delete_default_routes_on_create = true and add only the routes needed (restricted Google APIs, NAT).",
    mappings: { other: ["CFT foundation shared_vpc"], hipaa: [HIPAA.accessControl], seed: [seed("002", 25)] },
    rule: resourceRule(["google_compute_network"], (net) =>
      isTrue(net.attrs.delete_default_routes_on_create)
        ? PASS
        : fail(`delete_default_routes_on_create is ${show(net.attrs.delete_default_routes_on_create)}`),
    ),
  },
  {
    id: "NET-3",
    title: "Deny-all egress firewall at low priority",
    severity: "error",
    why: "Without a deny-all egress rule every workload may reach any address; explicit allows above a low-priority deny keep egress reviewable. An allow to 0.0.0.0/0 above it voids it; hosts without published ranges (Upstash) are allowed by name in a firewall policy rule instead.",
    fix: "Config network.egressAllows[].destinationCidrs (SecureNetwork egressAllows) must name ranges, not the internet; the kit's deny-all is in SecureNetwork. In Terraform: an EGRESS google_compute_firewall denying protocol all to 0.0.0.0/0 at priority 65000 or lower precedence, and no egress allow to public space at or above it.",
    mappings: {
      other: ["CFT foundation firewall.tf"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 25)],
    },
    rule: stackRule((ctx) => {
      const networks = ctx.ofType("google_compute_network");
      const firewalls = ctx.ofType(FIREWALL);
      const denyAll = firewalls.filter(isEgressDenyAll);
      // Rules on a network of another stack (a team's rule on the baseline's VPC) are judged against the
      // lowest possible deny-all priority: no egress allow may reach public space there.
      const foreign = firewalls.filter((f) => !networks.some((n) => refersTo(f.attrs.network, n)));
      const foreignBreaches = networks.length === 0 ? egressBreaches(foreign, MAX_PRIORITY) : [];
      const onOtherNetworks = foreignBreaches.length
        ? [
            verdict(
              fail(
                `egress allow rules void the network's deny-all egress rule: ${foreignBreaches.join("; ")}`,
              ),
            ),
          ]
        : [];
      return [
        ...onOtherNetworks,
        ...networks.map((net) => {
          const found = onNetwork(denyAll, net, networks, (f) => f.attrs.network);
          if (!found.length) {
            return verdict(
              fail(
                "no EGRESS deny-all (protocol all, 0.0.0.0/0, no target tags, priority >= 65000) firewall on this network",
              ),
              net,
            );
          }
          const breaches = egressBreaches(
            onNetwork(firewalls, net, networks, (f) => f.attrs.network),
            Math.min(...found.map(priorityOf)),
          );
          return breaches.length
            ? verdict(fail(`the deny-all egress rule is voided: ${breaches.join("; ")}`), net)
            : verdict(
                PASS,
                net,
                found.map((f) => f.address),
              );
        }),
      ];
    }),
  },
  {
    id: "NET-4",
    title: "No ingress from the internet",
    severity: "error",
    why: "An ingress allow rule from 0.0.0.0/0 exposes every matching instance (SSH, RDP, databases, Redis) to the whole internet.",
    fix: "Config network.ingressAllows[].sourceCidrs (SecureNetwork ingressAllows): name the sources' ranges. In Terraform: no 0.0.0.0/0 or ::/0 (or halves of them) in source_ranges, and never an ingress allow without any source; admit administrators through IAP (35.235.240.0/20) and load balancers from Google's ranges.",
    mappings: {
      cis: ["3.6", "3.7"],
      checkov: [
        "CKV_GCP_2",
        "CKV_GCP_3",
        "CKV_GCP_75",
        "CKV_GCP_77",
        "CKV_GCP_88",
        "CKV_GCP_106",
        "CKV2_GCP_12",
      ],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 25)],
    },
    rule: resourceRule([FIREWALL], (fw) => {
      const unverified = unverifiedFirewall(fw, "source_ranges");
      if (unverified) return unverified;
      if (!isIngressAllow(fw)) return PASS;
      const ranges = sourceRanges(fw);
      const open = ranges.filter((r) => ANYWHERE.includes(r));
      if (open.length)
        return fail(
          `INGRESS allow rule admits ${open.join(", ")}${implied(fw, "source_ranges")} (${allowRules(fw).join(" ")})`,
        );
      return coversPublicSpace(ranges)
        ? fail(
            `INGRESS allow rule admits ${ranges.join(", ")}: together more public address space than one /8 (${allowRules(fw).join(" ")})`,
          )
        : PASS;
    }),
  },
  {
    id: "NET-5",
    title: "Ingress only from IAP, health checks or private ranges",
    severity: "error",
    why: "Administrative access goes through Identity-Aware Proxy, which authenticates and logs every session; load balancers probe from Google's ranges. Any other public source is an opening.",
    fix: "Config network.allowIapAdminAccess / allowHealthChecks, or network.ingressAllows[] with an optOut { reason, owner, expires } for a partner's public range. In Terraform: source_ranges within 35.235.240.0/20 (IAP), 130.211.0.0/22, 35.191.0.0/16 (health checks) or private ranges; or source_tags / source_service_accounts.",
    mappings: {
      cis: ["3.10"],
      other: ["CFT foundation firewall.tf"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 25)],
    },
    rule: resourceRule([FIREWALL], (fw) => {
      const unverified = unverifiedFirewall(fw, "source_ranges");
      if (unverified) return unverified;
      if (!isIngressAllow(fw)) return PASS;
      const wide = sourceRanges(fw).filter((r) => !isNarrowSource(r));
      return wide.length
        ? fail(`INGRESS allow rule admits public source(s) ${wide.join(", ")}${implied(fw, "source_ranges")}`)
        : PASS;
    }),
  },
  {
    id: "NET-7",
    title: "Firewall rule logging",
    severity: "error",
    why: "Firewall logs show which rule admitted or denied a connection: the evidence an investigation starts from.",
    fix: 'Add log_config { metadata = "INCLUDE_ALL_METADATA" } to the firewall rule.',
    mappings: { other: ["CFT foundation firewall.tf"], hipaa: [HIPAA.audit] },
    rule: resourceRule([FIREWALL], (fw) => {
      const metadata = attr(fw.attrs, "log_config.metadata");
      return metadata === "INCLUDE_ALL_METADATA" ? PASS : fail(`log_config.metadata is ${show(metadata)}`);
    }),
  },
  {
    id: "NET-8",
    title: "VPC flow logs on every subnet",
    severity: "error",
    why: "Flow logs record every connection in and out of the subnet at full sampling, for detection and forensics.",
    fix: 'Config network.flowLogSampling = 1 (SecureNetwork flowLogSampling). In Terraform: log_config { aggregation_interval = "INTERVAL_5_SEC", flow_sampling = 1, metadata = "INCLUDE_ALL_METADATA" } on the subnetwork.',
    mappings: { cis: ["3.8"], checkov: ["CKV_GCP_26"], hipaa: [HIPAA.audit] },
    rule: resourceRule(["google_compute_subnetwork"], (subnet) => {
      if (PROXY_SUBNET_PURPOSES.includes(String(subnet.attrs.purpose))) return NOT_APPLICABLE;
      const log = subnet.attrs.log_config;
      if (!log) return fail("log_config is unset (flow logs are off)");
      return firstFailure(
        attr(subnet.attrs, "log_config.aggregation_interval") !== "INTERVAL_5_SEC" &&
          `log_config.aggregation_interval is ${show(attr(subnet.attrs, "log_config.aggregation_interval"))}`,
        numberOf(attr(subnet.attrs, "log_config.flow_sampling")) !== 1 &&
          `log_config.flow_sampling is ${show(attr(subnet.attrs, "log_config.flow_sampling"))}`,
        attr(subnet.attrs, "log_config.metadata") !== "INCLUDE_ALL_METADATA" &&
          `log_config.metadata is ${show(attr(subnet.attrs, "log_config.metadata"))}`,
      );
    }),
  },
  {
    id: "NET-9",
    title: "Private Google Access",
    severity: "error",
    why: "Instances without external IPs reach Google APIs over Google's network instead of through the internet.",
    fix: "Set private_ip_google_access = true on the subnetwork.",
    mappings: { checkov: ["CKV_GCP_74"], hipaa: [HIPAA.transmission] },
    rule: resourceRule(["google_compute_subnetwork"], (subnet) => {
      if (PROXY_SUBNET_PURPOSES.includes(String(subnet.attrs.purpose))) return NOT_APPLICABLE;
      return isTrue(subnet.attrs.private_ip_google_access)
        ? PASS
        : fail(`private_ip_google_access is ${show(subnet.attrs.private_ip_google_access)}`);
    }),
  },
  {
    id: "NET-10",
    title: "Cloud NAT with static egress IPs and logging",
    severity: "error",
    why: "Static NAT addresses are the only source the Redis allowlist and partners need to trust; NAT logs record every translation.",
    fix: 'Set nat_ip_allocate_option = "MANUAL_ONLY" with nat_ips from google_compute_address, and log_config { enable = true, filter = "ALL" }.',
    mappings: {
      checkov: ["CKV_GCP_40"],
      other: ["CFT cloud-nat"],
      hipaa: [HIPAA.audit, HIPAA.accessControl],
      seed: [seed("000", 37)],
    },
    rule: resourceRule(["google_compute_router_nat"], (nat) =>
      firstFailure(
        nat.attrs.nat_ip_allocate_option !== "MANUAL_ONLY" &&
          `nat_ip_allocate_option is ${show(nat.attrs.nat_ip_allocate_option)} (egress IPs change; the Redis allowlist cannot name them)`,
        list(nat.attrs.nat_ips).length === 0 && "nat_ips is empty",
        !isTrue(attr(nat.attrs, "log_config.enable")) &&
          `log_config.enable is ${show(attr(nat.attrs, "log_config.enable"))}`,
      ),
    ),
  },
  {
    id: "NET-11",
    title: "Cloud DNS query logging on every network",
    severity: "error",
    why: "DNS query logs reveal lookups of malicious or exfiltration domains from inside the VPC.",
    fix: "Add a google_dns_policy with enable_logging = true whose networks block names the network.",
    mappings: { cis: ["2.12"], hipaa: [HIPAA.audit] },
    rule: stackRule((ctx) => {
      const networks = ctx.ofType("google_compute_network");
      const policies = ctx.ofType("google_dns_policy");
      const verdicts: StackVerdict[] = policies
        .filter((p) => !isTrue(p.attrs.enable_logging))
        .map((p) => verdict(fail(`enable_logging is ${show(p.attrs.enable_logging)}`), p));
      for (const net of networks) {
        const logging = policies.filter((p) => isTrue(p.attrs.enable_logging));
        const found = onNetwork(logging, net, networks, (p) =>
          blocks(p.attrs.networks).map((n) => n.network_url),
        );
        verdicts.push(
          found.length
            ? verdict(
                PASS,
                net,
                found.map((p) => p.address),
              )
            : verdict(fail("no google_dns_policy with enable_logging = true covers this network"), net),
        );
      }
      return verdicts;
    }),
  },
  {
    id: "NET-12",
    title: "Private service access for Cloud SQL",
    severity: "error",
    why: "A private-IP database needs a reserved peering range and a service networking connection; without them it can only be reached publicly.",
    fix: 'Add google_compute_global_address { purpose = "VPC_PEERING", address_type = "INTERNAL" } and google_service_networking_connection for the network.',
    mappings: { other: ["CFT sql-db private_service_access"], hipaa: [HIPAA.accessControl] },
    rule: stackRule((ctx) => {
      // Instances on a network of this stack; a network from another stack (a team stack on the baseline's
      // network) has its private service access checked where the network is.
      const networks = ctx.ofType("google_compute_network");
      const instances = ctx
        .ofType("google_sql_database_instance")
        .filter((db) =>
          networks.some((n) => refersTo(attr(db.attrs, "settings.ip_configuration.private_network"), n)),
        );
      if (!instances.length) return [];
      const ranges = ctx
        .ofType("google_compute_global_address")
        .filter(
          (a) => a.attrs.purpose === "VPC_PEERING" && (a.attrs.address_type ?? "INTERNAL") === "INTERNAL",
        );
      const connections = ctx.ofType("google_service_networking_connection");
      return instances.map((db) => {
        if (!ranges.length)
          return verdict(fail('no google_compute_global_address with purpose "VPC_PEERING"'), db);
        if (!connections.length) return verdict(fail("no google_service_networking_connection"), db);
        return verdict(
          PASS,
          db,
          [...ranges, ...connections].map((r) => r.address),
        );
      });
    }),
  },
  {
    id: "NET-13",
    title: "TLS 1.2+ on load balancers; plain HTTP only redirects",
    severity: "error",
    why: "The provider's default SSL policy accepts TLS 1.0; a MODERN or RESTRICTED profile with TLS 1.2 minimum rejects weak protocols and ciphers. A plain-HTTP front end sends requests and responses in clear text (the security practices: APIs require HTTPS), so an HTTP proxy may only redirect to HTTPS.",
    fix: 'Config network.sslPolicy { profile: MODERN or RESTRICTED, minTlsVersion: TLS_1_2 } (SecureNetwork sslPolicyProfile, minTlsVersion). In Terraform: google_compute_ssl_policy { profile = "MODERN" or "RESTRICTED", min_tls_version = "TLS_1_2" } in the stack and ssl_policy = its id on every target HTTPS/SSL proxy; a target HTTP proxy only with a URL map of this stack that has default_url_redirect { https_redirect = true } and no routing (host_rule, path_matcher, default_service).',
    mappings: { cis: ["3.9"], checkov: ["CKV_GCP_4"], hipaa: [HIPAA.transmission], seed: [seed("002", 19)] },
    rule: resourceRule([...SSL_POLICIES, ...TLS_PROXIES, ...HTTP_PROXIES], (r, ctx) => {
      if (HTTP_PROXIES.includes(r.type)) return httpProxyOnlyRedirects(r, ctx.resources);
      if (TLS_PROXIES.includes(r.type)) {
        if (!isSet(r.attrs.ssl_policy))
          return fail("ssl_policy is unset (the default policy allows TLS 1.0)");
        const own = ctx.resources.filter(
          (p) => SSL_POLICIES.includes(p.type) && refersTo(r.attrs.ssl_policy, p),
        );
        return own.length
          ? PASS
          : fail(
              `ssl_policy ${show(r.attrs.ssl_policy)} is not an SSL policy of this stack (its TLS settings cannot be checked)`,
            );
      }
      return firstFailure(
        !["TLS_1_2", "TLS_1_3"].includes(String(r.attrs.min_tls_version)) &&
          `min_tls_version is ${show(r.attrs.min_tls_version)} (the default is TLS_1_0)`,
        !["MODERN", "RESTRICTED"].includes(String(r.attrs.profile)) &&
          `profile is ${show(r.attrs.profile)} (allowed: MODERN, RESTRICTED)`,
      );
    }),
  },
];
