/**
 * UPS-2: what an Upstash allowlist entry and list may be. Shared by ProdRedis and the config schema; the
 * policy's UPS-2 judges the synthesized list with the same CIDR module (core/rules/cidr.ts).
 */
import {
  LOOPBACK_AND_LINK_LOCAL_IPV4,
  NEVER_A_SOURCE_IPV4,
  PRIVATE_IPV4_RANGES,
  formatIpv4,
  ipv4CidrWithin,
  parseIpv4Cidr,
  type Ipv4Cidr,
} from "./cidr";

/** How an entry is written: an IPv4 CIDR block, a single address being `/32`. */
export const ALLOWLIST_ENTRY_ALLOWED =
  "must be an IPv4 CIDR block such as 203.0.113.10/32 (write one address as /32)";

/**
 * Wider than /8 is never one organisation's network: /8 is the largest block ever allocated to a single
 * holder, so a shorter prefix always admits millions of addresses of unrelated networks and clouds.
 */
export const MIN_PREFIX = 8;

interface NamedRange {
  readonly cidr: Ipv4Cidr;
  readonly text: string;
  readonly what: string;
}

function named(text: string, what: string): NamedRange {
  return { cidr: parseIpv4Cidr(text) as Ipv4Cidr, text, what };
}

const NEVER_A_SOURCE_WHAT: Readonly<Record<(typeof NEVER_A_SOURCE_IPV4)[number], string>> = {
  "0.0.0.0/8": "'this network' (RFC 1122)",
  "224.0.0.0/4": "multicast",
  "240.0.0.0/4": "reserved (RFC 1112)",
};

/** Never the source address of a connection, so an entry inside one is a mistake. */
const NEVER_A_SOURCE: readonly NamedRange[] = NEVER_A_SOURCE_IPV4.map((text) =>
  named(text, NEVER_A_SOURCE_WHAT[text]),
);

/**
 * Addresses that cannot reach Upstash: Upstash sees the public address a connection arrives from (a GCP
 * VPC has no private path to Upstash), so an allowlist of only these admits nobody and means the real
 * egress IPs were forgotten.
 */
export const UNREACHABLE_FROM_UPSTASH: readonly string[] = [
  ...PRIVATE_IPV4_RANGES,
  ...LOOPBACK_AND_LINK_LOCAL_IPV4,
];

/** Why one literal entry is refused, or undefined when it is acceptable. References are not checked here. */
export function allowlistEntryProblem(entry: string): string | undefined {
  if (entry.includes(":")) {
    return /^::\/0+$/.test(entry.trim())
      ? "::/0 admits every IPv6 address; list your egress IPs instead (UPS-2)"
      : `IPv6 entries are refused: Upstash's allowlist takes IPv4 addresses and CIDR blocks; ${ALLOWLIST_ENTRY_ALLOWED}`;
  }
  const cidr = parseIpv4Cidr(entry);
  if (typeof cidr === "string") {
    // Host bits set: name the block the entry lies in; anything else is not a CIDR block.
    return /host bits/.test(cidr) ? hostBitsProblem(entry) : ALLOWLIST_ENTRY_ALLOWED;
  }
  if (cidr.prefix === 0) return "0.0.0.0/0 admits every IPv4 address; list your egress IPs instead (UPS-2)";
  if (cidr.prefix < MIN_PREFIX) return shortPrefixProblem(cidr.prefix);
  const never = NEVER_A_SOURCE.find((r) => ipv4CidrWithin(cidr, r.cidr));
  if (never) return `is inside ${never.text}, ${never.what}: never the source of a connection`;
  return undefined;
}

function shortPrefixProblem(prefix: number): string {
  return `prefixes shorter than /${MIN_PREFIX} are refused: /${MIN_PREFIX} is the largest block any single organisation holds, so /${prefix} admits millions of addresses of unrelated networks`;
}

function hostBitsProblem(entry: string): string {
  const [address, prefixText] = entry.split("/");
  const prefix = Number(prefixText);
  if (prefix === 0) return "0.0.0.0/0 admits every IPv4 address; list your egress IPs instead (UPS-2)";
  if (prefix < MIN_PREFIX) return shortPrefixProblem(prefix);
  const block = parseIpv4Cidr(`${address}/32`) as Ipv4Cidr;
  const size = 2 ** (32 - prefix);
  const network = block.start - (block.start % size);
  return `has host bits set; the block is ${formatIpv4(network)}/${prefix} (write that, or the address as /32)`;
}

/**
 * Why a whole list is refused (empty, or only addresses Upstash can never see), or undefined. Entries that
 * are Terraform references do not parse and so never count as unreachable.
 */
export function allowlistProblem(entries: readonly string[]): string | undefined {
  if (entries.length === 0) {
    return "must list at least one IPv4 CIDR block (or take the network's NAT egress IPs); an empty allowlist lets every IP connect (UPS-2)";
  }
  const unreachable = UNREACHABLE_FROM_UPSTASH.map((text) => parseIpv4Cidr(text) as Ipv4Cidr);
  const cidrs = entries.map((e) => parseIpv4Cidr(e));
  if (cidrs.every((cidr) => typeof cidr !== "string" && unreachable.some((r) => ipv4CidrWithin(cidr, r)))) {
    return "lists only private, carrier-grade NAT, loopback or link-local addresses, which never reach Upstash (it sees your public egress IPs); list the NAT egress IPs";
  }
  return undefined;
}

/** One address as a single-host block; works for literals and for Terraform references alike. */
export function hostCidr(ip: string): string {
  return `${ip}/32`;
}
