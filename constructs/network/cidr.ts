/** An IPv4 range in CIDR notation, parsed. Pure helpers shared by the constructs and the config schema. */
export interface Ipv4Cidr {
  /** The range as written (`10.10.0.0/20`). */
  readonly text: string;
  /** First address, as an unsigned 32-bit number. */
  readonly start: number;
  /** Last address, as an unsigned 32-bit number. */
  readonly end: number;
  /** Prefix length, 0-32. */
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The range, or a sentence saying why `text` is not an IPv4 CIDR range with its host bits zero. */
export function parseIpv4Cidr(text: string): Ipv4Cidr | string {
  const match = CIDR.exec(text);
  if (!match) return "must be an IPv4 range in CIDR notation, such as 10.10.0.0/20";
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255)) return "each of the four address numbers must be 0-255";
  if (prefix > 32) return "the prefix length must be 0-32";
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) {
    const start = address - (address % size);
    return `host bits must be zero for a /${prefix} (did you mean ${formatIpv4(start)}/${prefix}?)`;
  }
  return { text, start: address, end: address + size - 1, prefix };
}

/** True when two ranges share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Dotted-quad form of an unsigned 32-bit address. */
export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

/** Private address space a VPC's own ranges must come from: RFC 1918 and the RFC 6598 shared range. */
export const PRIVATE_IPV4_RANGES = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
] as const;

/** True when `cidr` lies wholly inside one of PRIVATE_IPV4_RANGES. */
export function isPrivateIpv4Range(cidr: Ipv4Cidr): boolean {
  return PRIVATE_IPV4_RANGES.some((text) => {
    const block = parseIpv4Cidr(text) as Ipv4Cidr;
    return cidr.start >= block.start && cidr.end <= block.end;
  });
}

/** A labelled range, for overlap reports (`subnets[0].cidr`, `privateServiceAccessRange`). */
export interface LabelledCidr {
  readonly label: string;
  readonly cidr: Ipv4Cidr;
}

/** The first pair of ranges that overlap, in input order, or undefined when all are disjoint. */
export function firstOverlap(ranges: readonly LabelledCidr[]): [LabelledCidr, LabelledCidr] | undefined {
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      if (cidrsOverlap(ranges[i].cidr, ranges[j].cidr)) return [ranges[i], ranges[j]];
    }
  }
  return undefined;
}

/** True for a range that covers the whole IPv4 or IPv6 internet (`0.0.0.0/0`, `::/0`). */
export function isWholeInternet(text: string): boolean {
  const trimmed = text.trim();
  return /^0+(\.0+){3}\/0+$/.test(trimmed) || /^[0:]*::[0:]*\/0+$/.test(trimmed);
}
