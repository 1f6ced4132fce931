/**
 * The one IPv4/IPv6 CIDR module: parsing, containment, overlap, and address ranges judged as a whole (the
 * union of a list of CIDR blocks, so halves and quarters of the internet, `0.0.0.0/1` + `128.0.0.0/1`, count
 * as what they are). Used by the config schema, the constructs (network, Redis allowlist) and the policy's
 * rules, so all three accept and refuse the same values. Pure: no cdktf, no zod.
 */

/** Most public IPv4 addresses one list may admit: one /8, the largest block a single organisation holds. */
export const MAX_PUBLIC_IPV4_ADDRESSES = 2 ** 24;
/** Most global IPv6 addresses one list may admit: one /32, a large provider's whole allocation. */
export const MAX_PUBLIC_IPV6_ADDRESSES = 2n ** 96n;

/** Private address space a VPC's own ranges come from: RFC 1918 and the RFC 6598 shared range. */
export const PRIVATE_IPV4_RANGES = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
] as const;
/** Private space: the IPv4 private ranges and IPv6 unique local addresses (RFC 4193). */
export const PRIVATE_RANGES: readonly string[] = [...PRIVATE_IPV4_RANGES, "fc00::/7"];
/** Loopback and link-local IPv4: never the public address of a connection. */
export const LOOPBACK_AND_LINK_LOCAL_IPV4 = ["127.0.0.0/8", "169.254.0.0/16"] as const;
/** IPv4 space that is never the source address of a connection: 'this network', multicast, reserved. */
export const NEVER_A_SOURCE_IPV4 = ["0.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4"] as const;

/** IPv4 space that is not the public internet (private, shared, loopback, link-local, multicast, reserved). */
const NON_PUBLIC_IPV4 = [...PRIVATE_IPV4_RANGES, ...LOOPBACK_AND_LINK_LOCAL_IPV4, ...NEVER_A_SOURCE_IPV4];

type Interval = readonly [bigint, bigint]; // inclusive start, exclusive end

/** A literal IPv4 or IPv6 CIDR block (a bare address is a single host) as an interval, or undefined. */
export function parseCidr(text: string): { readonly family: 4 | 6; readonly interval: Interval } | undefined {
  const [address, prefixText, extra] = text.trim().split("/");
  if (extra !== undefined) return undefined;
  if (address.includes(":")) {
    const value = parseIpv6(address);
    const prefix = prefixText === undefined ? 128 : strictInt(prefixText, 128);
    if (value === undefined || prefix === undefined) return undefined;
    const size = 1n << BigInt(128 - prefix);
    const start = (value / size) * size;
    return { family: 6, interval: [start, start + size] };
  }
  const parts = address.split(".");
  if (parts.length !== 4) return undefined;
  const octets = parts.map((p) => strictInt(p, 255));
  const prefix = prefixText === undefined ? 32 : strictInt(prefixText, 32);
  if (octets.some((o) => o === undefined) || prefix === undefined) return undefined;
  const value = octets.reduce<bigint>((acc, o) => (acc << 8n) | BigInt(o as number), 0n);
  const size = 1n << BigInt(32 - prefix);
  const start = (value / size) * size;
  return { family: 4, interval: [start, start + size] };
}

function strictInt(text: string, max: number): number | undefined {
  if (!/^\d{1,3}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce<bigint>((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Sorted, merged intervals. */
function union(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [start, end] of sorted) {
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = end > last[1] ? end : last[1];
    else out.push([start, end]);
  }
  return out;
}

function size(intervals: readonly Interval[]): bigint {
  return intervals.reduce((n, [s, e]) => n + (e - s), 0n);
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [as, ae] of a)
    for (const [bs, be] of b) {
      const s = as > bs ? as : bs;
      const e = ae < be ? ae : be;
      if (s < e) out.push([s, e]);
    }
  return out;
}

function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  let rest: Interval[] = [...a];
  for (const [bs, be] of b) {
    rest = rest.flatMap(([s, e]): Interval[] => {
      if (be <= s || bs >= e) return [[s, e]];
      const parts: Interval[] = [];
      if (s < bs) parts.push([s, bs]);
      if (be < e) parts.push([be, e]);
      return parts;
    });
  }
  return rest;
}

const NON_PUBLIC_V4 = union(NON_PUBLIC_IPV4.map((c) => parseCidr(c)!.interval));
/** IPv6 global unicast (2000::/3) is the public IPv6 internet. */
const GLOBAL_V6 = [parseCidr("2000::/3")!.interval];

/** How much public address space the union of `ranges` admits; literal CIDR blocks only (others are ignored). */
export function publicSpan(ranges: readonly string[]): { readonly ipv4: bigint; readonly ipv6: bigint } {
  const v4: Interval[] = [];
  const v6: Interval[] = [];
  for (const text of ranges) {
    const parsed = parseCidr(text);
    if (parsed?.family === 4) v4.push(parsed.interval);
    else if (parsed?.family === 6) v6.push(parsed.interval);
  }
  return {
    ipv4: size(subtract(union(v4), NON_PUBLIC_V4)),
    ipv6: size(intersect(union(v6), GLOBAL_V6)),
  };
}

/**
 * True when the union of `ranges` admits more public address space than any one organisation holds
 * (more than a /8 of IPv4 or a /32 of IPv6): the internet, a half or a quarter of it, or many blocks
 * that add up to that.
 */
export function coversPublicSpace(ranges: readonly string[]): boolean {
  const span = publicSpan(ranges);
  return span.ipv4 > BigInt(MAX_PUBLIC_IPV4_ADDRESSES) || span.ipv6 > MAX_PUBLIC_IPV6_ADDRESSES;
}

/** True when a literal range admits any public address. */
export function isPublicRange(range: string): boolean {
  const span = publicSpan([range]);
  return span.ipv4 > 0n || span.ipv6 > 0n;
}

/** True when the union of `ranges` is every IPv4 or every IPv6 address. */
export function coversWholeInternet(ranges: readonly string[]): boolean {
  const span = publicSpan(ranges);
  return span.ipv4 === size(subtract([[0n, 1n << 32n]], NON_PUBLIC_V4)) || span.ipv6 === size(GLOBAL_V6);
}

/**
 * True when a range written with a Terraform reference is one the check can accept without knowing the
 * value: the reference alone (`${google_compute_subnetwork.s.ip_cidr_range}`) or one address as a host
 * block (`${google_compute_address.nat.address}/32`). `${...}/1` or `10.${...}` could be anything.
 */
export function isVerifiableReferenceRange(range: string): boolean {
  return /^\$\{[^{}]+\}(\/(32|128))?$/.test(range.trim());
}

/** A CIDR block (or one address) as an inclusive interval of its family's addresses. */
export interface CidrInterval {
  readonly family: 4 | 6;
  readonly start: bigint;
  /** Last address, inclusive. */
  readonly end: bigint;
}

/** The interval a CIDR (or a single address) covers, or undefined when it is not an address. */
export function cidrInterval(cidr: string): CidrInterval | undefined {
  const parsed = parseCidr(cidr);
  if (!parsed) return undefined;
  const [start, end] = parsed.interval;
  return { family: parsed.family, start, end: end - 1n };
}

/** True when the union of `ranges` covers every IPv4 or every IPv6 address (the whole internet). */
export function coversInternet(ranges: readonly string[]): boolean {
  const parsed = ranges.map((r) => parseCidr(r)).filter((p) => p !== undefined);
  return ([4, 6] as const).some((family) => {
    const merged = union(parsed.filter((p) => p.family === family).map((p) => p.interval));
    return merged.length === 1 && merged[0][0] === 0n && merged[0][1] === 1n << (family === 4 ? 32n : 128n);
  });
}

/** True when every address of `inner` lies within one of `outer`. Unparseable ranges are within nothing. */
export function within(inner: string, outer: readonly string[]): boolean {
  const i = cidrInterval(inner);
  if (!i) return false;
  return outer.some((o) => {
    const x = cidrInterval(o);
    return x !== undefined && x.family === i.family && x.start <= i.start && i.end <= x.end;
  });
}

/** True for a range that covers the whole IPv4 or IPv6 internet (`0.0.0.0/0`, `::/0`). */
export function isWholeInternet(text: string): boolean {
  const trimmed = text.trim();
  return /^0+(\.0+){3}\/0+$/.test(trimmed) || /^[0:]*::[0:]*\/0+$/.test(trimmed);
}

/** An IPv4 range in CIDR notation, parsed, with its host bits zero. */
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

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * The range, or a sentence saying why `text` is not an IPv4 CIDR range with its host bits zero (a bare
 * address, IPv6, an octet above 255 or with a leading zero, a prefix above 32).
 */
export function parseIpv4Cidr(text: string): Ipv4Cidr | string {
  const match = IPV4_CIDR.exec(text);
  if (!match) return "must be an IPv4 range in CIDR notation, such as 10.10.0.0/20";
  if (match.slice(1, 6).some((part) => !/^(0|[1-9]\d*)$/.test(part))) {
    return "numbers must not have leading zeros (some tools read them as octal)";
  }
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

/** True when `inner` lies wholly inside `outer`. */
export function ipv4CidrWithin(inner: Ipv4Cidr, outer: Ipv4Cidr): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** Dotted-quad form of an unsigned 32-bit address. */
export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

/** True when `cidr` lies wholly inside one of PRIVATE_IPV4_RANGES. */
export function isPrivateIpv4Range(cidr: Ipv4Cidr): boolean {
  return PRIVATE_IPV4_RANGES.some((text) => ipv4CidrWithin(cidr, parseIpv4Cidr(text) as Ipv4Cidr));
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
