import { InvalidPropError, isLiteral } from "../errors";

/**
 * Anything that exposes the public IPv4 addresses its traffic leaves from: the network construct's Cloud
 * NAT egress IPs (NET-10), one Terraform reference (`google_compute_address.address`) or literal per address.
 */
export interface IEgressIpSource {
  readonly egressIps: readonly string[];
}

/** How an entry is written: an IPv4 CIDR block, a single address being `/32`. */
export const ALLOWLIST_ENTRY_ALLOWED =
  "must be an IPv4 CIDR block such as 203.0.113.10/32 (write one address as /32)";

/**
 * Wider than /8 is never one organisation's network: /8 is the largest block ever allocated to a single
 * holder, so a shorter prefix always admits millions of addresses of unrelated networks and clouds.
 */
export const MIN_PREFIX = 8;

interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

interface NamedRange extends Cidr {
  readonly text: string;
  readonly what: string;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function parseCidr(text: string): Cidr | undefined {
  const m = CIDR.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map((part) => (/^(0|[1-9]\d*)$/.test(part) ? Number(part) : NaN));
  const [a, b, c, d, prefix] = parts;
  if ([a, b, c, d].some((octet) => !(octet <= 255)) || !(prefix <= 32)) return undefined;
  return { base: ((a << 24) | (b << 16) | (c << 8) | d) >>> 0, prefix };
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function formatBase(base: number): string {
  return [24, 16, 8, 0].map((shift) => (base >>> shift) & 255).join(".");
}

function range(text: string, what: string): NamedRange {
  return { ...(parseCidr(text) as Cidr), text, what };
}

function within(cidr: Cidr, outer: Cidr): boolean {
  return cidr.prefix >= outer.prefix && (cidr.base & mask(outer.prefix)) >>> 0 === outer.base;
}

/** Never the source address of a connection, so an entry inside one is a mistake. */
const NEVER_A_SOURCE: readonly NamedRange[] = [
  range("0.0.0.0/8", "'this network' (RFC 1122)"),
  range("224.0.0.0/4", "multicast"),
  range("240.0.0.0/4", "reserved (RFC 1112)"),
];

/**
 * Addresses that cannot reach Upstash: Upstash sees the public address a connection arrives from (a GCP
 * VPC has no private path to Upstash), so an allowlist of only these admits nobody and means the real
 * egress IPs were forgotten.
 */
export const UNREACHABLE_FROM_UPSTASH: readonly NamedRange[] = [
  range("10.0.0.0/8", "private (RFC 1918)"),
  range("172.16.0.0/12", "private (RFC 1918)"),
  range("192.168.0.0/16", "private (RFC 1918)"),
  range("100.64.0.0/10", "shared carrier-grade NAT space (RFC 6598)"),
  range("127.0.0.0/8", "loopback"),
  range("169.254.0.0/16", "link-local"),
];

/** Why one literal entry is refused, or undefined when it is acceptable. References are not checked here. */
export function allowlistEntryProblem(entry: string): string | undefined {
  if (entry.includes(":")) {
    return /^::\/0+$/.test(entry.trim())
      ? "::/0 admits every IPv6 address; list your egress IPs instead (UPS-2)"
      : `IPv6 entries are refused: Upstash's allowlist takes IPv4 addresses and CIDR blocks; ${ALLOWLIST_ENTRY_ALLOWED}`;
  }
  const cidr = parseCidr(entry);
  if (!cidr) return ALLOWLIST_ENTRY_ALLOWED;
  if (cidr.prefix === 0) return "0.0.0.0/0 admits every IPv4 address; list your egress IPs instead (UPS-2)";
  if (cidr.prefix < MIN_PREFIX) {
    return `prefixes shorter than /${MIN_PREFIX} are refused: /${MIN_PREFIX} is the largest block any single organisation holds, so /${cidr.prefix} admits millions of addresses of unrelated networks`;
  }
  const network = (cidr.base & mask(cidr.prefix)) >>> 0;
  if (network !== cidr.base) {
    return `has host bits set; the block is ${formatBase(network)}/${cidr.prefix} (write that, or the address as /32)`;
  }
  const never = NEVER_A_SOURCE.find((r) => within(cidr, r));
  if (never) return `is inside ${never.text}, ${never.what}: never the source of a connection`;
  return undefined;
}

/** Why a whole list is refused (empty, or only addresses Upstash can never see), or undefined. */
export function allowlistProblem(entries: readonly string[]): string | undefined {
  if (entries.length === 0) {
    return "must list at least one IPv4 CIDR block (or take the network's NAT egress IPs); an empty allowlist lets every IP connect (UPS-2)";
  }
  const cidrs = entries.map((e) => (isLiteral(e) ? parseCidr(e) : undefined));
  if (cidrs.every((cidr) => cidr && UNREACHABLE_FROM_UPSTASH.some((r) => within(cidr, r)))) {
    return "lists only private, carrier-grade NAT, loopback or link-local addresses, which never reach Upstash (it sees your public egress IPs); list the NAT egress IPs";
  }
  return undefined;
}

/** One address as a single-host block; works for literals and for Terraform references alike. */
export function hostCidr(ip: string): string {
  return `${ip}/32`;
}

/**
 * UPS-2: the allowlist for `ip_allowlist`: the egress source's addresses as /32, then the extra blocks,
 * without duplicates. Refuses (InvalidPropError naming `field`) an empty list, 0.0.0.0/0, ::/0, prefixes
 * shorter than /8, malformed blocks and lists of only unreachable addresses.
 */
export function buildAllowlist(
  construct: string,
  field: string,
  extra: readonly string[],
  egressFrom?: IEgressIpSource,
): string[] {
  extra.forEach((entry, i) => {
    const problem = isLiteral(entry) ? allowlistEntryProblem(entry) : undefined;
    if (problem) throw new InvalidPropError(construct, `${field}[${i}]`, entry, problem);
  });
  egressFrom?.egressIps.forEach((ip, i) => {
    if (isLiteral(ip) && allowlistEntryProblem(hostCidr(ip))) {
      throw new InvalidPropError(construct, `egressFrom.egressIps[${i}]`, ip, "must be an IPv4 address");
    }
  });
  const entries = [...new Set([...(egressFrom?.egressIps ?? []).map(hostCidr), ...extra])];
  const problem = allowlistProblem(entries);
  if (problem) throw new InvalidPropError(construct, field, [...extra], problem);
  return entries;
}
