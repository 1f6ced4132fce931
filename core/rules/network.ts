/**
 * NET-1..13: what a network's settings may be, once. The config schema (`config/schema/network.ts`) and
 * `SecureNetwork` both validate with these predicates, so a network the schema accepts the construct
 * accepts, with the same sentence; the policy's NET rules judge the synthesized firewall with the same
 * CIDR module. Pure: no cdktf, no zod.
 */
import {
  coversPublicSpace,
  firstOverlap,
  isPrivateIpv4Range,
  isWholeInternet,
  parseIpv4Cidr,
  type Ipv4Cidr,
} from "./cidr";

/** A name rule: the pattern and the sentence that says what is allowed. */
export interface NameRule {
  readonly pattern: RegExp;
  readonly allowed: string;
}

/** The network's own name (it prefixes firewall rule names, which are limited to 63 characters). */
export const NETWORK_NAME: NameRule = {
  pattern: /^[a-z]([-a-z0-9]{0,22}[a-z0-9])?$/,
  allowed: "must be 1-24 lowercase letters, digits or hyphens, starting with a letter",
};
/** Subnet and secondary range names. */
export const RESOURCE_NAME: NameRule = {
  pattern: /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
  allowed: "must be 1-63 lowercase letters, digits or hyphens, starting with a letter",
};
/** An ingress or egress allow's name (part of the firewall rule's name). */
export const RULE_NAME: NameRule = {
  pattern: /^[a-z]([-a-z0-9]{0,22}[a-z0-9])?$/,
  allowed: "must be 1-24 lowercase letters, digits or hyphens, starting with a letter",
};
/** A network tag that selects instances for a route or firewall rule. */
export const NETWORK_TAG: NameRule = {
  pattern: /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
  allowed: "must be a network tag: 1-63 lowercase letters, digits or hyphens, starting with a letter",
};

export const PORT_ALLOWED = 'must be a port 1-65535 or a range such as "8000-8080"';

/** Why a firewall port (`"443"`, `"8000-8080"`) is refused, or undefined. */
export function portProblem(port: string): string | undefined {
  const match = /^([0-9]{1,5})(-([0-9]{1,5}))?$/.exec(port);
  if (!match) return PORT_ALLOWED;
  const low = Number(match[1]);
  const high = match[3] === undefined ? low : Number(match[3]);
  return low >= 1 && high <= 65535 && low <= high ? undefined : PORT_ALLOWED;
}

/** Prefix lengths a range the VPC owns may have. */
export interface PrefixBounds {
  readonly widest: number;
  readonly narrowest: number;
}
/** Subnet primary and secondary ranges. */
export const SUBNET_PREFIXES: PrefixBounds = { widest: 8, narrowest: 29 };
/** NET-12: the range reserved for Google-managed services (Cloud SQL). */
export const PRIVATE_SERVICE_ACCESS_PREFIXES: PrefixBounds = { widest: 8, narrowest: 24 };

/** A range the VPC owns, parsed, or a sentence saying why it is refused (not private, prefix out of bounds). */
export function parsePrivateRange(text: string, bounds: PrefixBounds): Ipv4Cidr | string {
  const parsed = parseIpv4Cidr(text);
  if (typeof parsed === "string") return parsed;
  if (!isPrivateIpv4Range(parsed)) {
    return "must be private address space: inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10";
  }
  if (parsed.prefix < bounds.widest || parsed.prefix > bounds.narrowest) {
    return `the prefix length must be /${bounds.widest} to /${bounds.narrowest}`;
  }
  return parsed;
}

/** Narrowest prefix an ingress source may be: wider ranges are "the internet" in all but name. */
export const WIDEST_INGRESS_PREFIX = 8;

/** NET-4: why one ingress source range is refused, or undefined. */
export function ingressSourceProblem(text: string): string | undefined {
  if (isWholeInternet(text)) {
    return "ingress from the whole internet (0.0.0.0/0 or ::/0) is never allowed (NET-4); name the sources' ranges";
  }
  const parsed = parseIpv4Cidr(text);
  if (typeof parsed === "string") return parsed;
  if (parsed.prefix < WIDEST_INGRESS_PREFIX) {
    return `is wider than /${WIDEST_INGRESS_PREFIX}; ingress sources must be named ranges, not a slice of the internet (NET-4)`;
  }
  return undefined;
}

/** NET-3: why one egress destination range is refused, or undefined. */
export function egressDestinationProblem(text: string): string | undefined {
  if (isWholeInternet(text)) {
    return "egress to the whole internet would void the deny-all egress rule (NET-3); name the destinations' ranges";
  }
  const parsed = parseIpv4Cidr(text);
  return typeof parsed === "string" ? parsed : undefined;
}

/** NET-4: why an ingress allow's sources together are refused (each already acceptable), or undefined. */
export function ingressSourcesProblem(sources: readonly string[]): string | undefined {
  if (sources.some(ingressSourceProblem)) return undefined; // reported range by range
  return coversPublicSpace(sources)
    ? "together admit more public address space than one /8 (NET-4); name the sources' ranges"
    : undefined;
}

/** NET-3: why an egress allow's destinations together are refused (each already acceptable), or undefined. */
export function egressDestinationsProblem(destinations: readonly string[]): string | undefined {
  if (destinations.some(egressDestinationProblem)) return undefined; // reported range by range
  return coversPublicSpace(destinations)
    ? "together reach more public address space than one /8, which voids the deny-all egress rule (NET-3); name the destinations' ranges"
    : undefined;
}

/** NET-3: why the egress allows together are refused when none is on its own, or undefined. */
export function combinedEgressProblem(
  allows: readonly { readonly destinationCidrs: readonly string[] }[],
): string | undefined {
  const acceptable = (cidrs: readonly string[]) => cidrs.filter((c) => !egressDestinationProblem(c));
  const all = allows.flatMap((a) => acceptable(a.destinationCidrs));
  const eachAlone = allows.every((a) => !coversPublicSpace(acceptable(a.destinationCidrs)));
  return eachAlone && coversPublicSpace(all)
    ? "the egress allows together reach more public address space than one /8, which voids the deny-all egress rule (NET-3)"
    : undefined;
}

/** A range with where it was written (`["subnets", 0, "cidr"]`). */
export interface RangeAt {
  readonly path: readonly (string | number)[];
  readonly text: string;
}

/**
 * The first range that overlaps an earlier one, with that earlier one, or undefined when all are disjoint.
 * Ranges that do not parse are skipped (they have their own problem).
 */
export function overlappingRanges(ranges: readonly RangeAt[]): [RangeAt, RangeAt] | undefined {
  const parsed = ranges.flatMap((range, i) => {
    const cidr = parseIpv4Cidr(range.text);
    return typeof cidr === "string" ? [] : [{ label: String(i), cidr }];
  });
  const overlap = firstOverlap(parsed);
  return overlap && [ranges[Number(overlap[0].label)], ranges[Number(overlap[1].label)]];
}

export const RANGES_DISJOINT = "subnet, secondary and private service access ranges must be disjoint";

/**
 * The ranges a network owns, in the order overlaps are reported: the private service access range first
 * (it is often a default), then each subnet's primary and secondary ranges.
 */
export function ownedRanges(network: {
  readonly privateServiceAccessRange: string;
  readonly subnets: readonly {
    readonly cidr: string;
    readonly secondaryRanges?: readonly { readonly cidr: string }[];
  }[];
}): RangeAt[] {
  return [
    { path: ["privateServiceAccessRange"], text: network.privateServiceAccessRange },
    ...network.subnets.flatMap((subnet, i) => [
      { path: ["subnets", i, "cidr"], text: subnet.cidr },
      ...(subnet.secondaryRanges ?? []).map((r, j) => ({
        path: ["subnets", i, "secondaryRanges", j, "cidr"],
        text: r.cidr,
      })),
    ]),
  ];
}

/** The indexes of names that repeat an earlier one. */
export function duplicateIndexes(names: readonly string[]): number[] {
  return names.flatMap((name, i) => (names.indexOf(name) !== i ? [i] : []));
}

/** NET-8: the fraction of flows logged. */
export const FLOW_LOG_SAMPLING_ALLOWED = "must be greater than 0 and at most 1.0 (NET-8 expects 1.0)";
export function isFlowLogSampling(value: number): boolean {
  return value > 0 && value <= 1;
}

/** NET-10: static NAT egress addresses per region. */
export const NAT_IP_COUNT = { min: 1, max: 16 } as const;

/** NET-13: SSL policy profiles and minimum TLS versions that refuse weak ciphers and TLS 1.0/1.1. */
export const SSL_POLICY_PROFILES = ["MODERN", "RESTRICTED"] as const;
export type SslPolicyProfile = (typeof SSL_POLICY_PROFILES)[number];
export const SSL_POLICY_PROFILE_ALLOWED =
  "must be one of: MODERN, RESTRICTED (COMPATIBLE and CUSTOM allow weak ciphers; NET-13)";
export const MIN_TLS_VERSIONS = ["TLS_1_2", "TLS_1_3"] as const;
export type MinTlsVersion = (typeof MIN_TLS_VERSIONS)[number];
export const MIN_TLS_VERSION_ALLOWED =
  "must be one of: TLS_1_2, TLS_1_3 (TLS 1.0 and 1.1 are refused; NET-13)";
