/**
 * IPv4 and IPv6 ranges as intervals, so rules judge what a list of CIDRs covers together: 0.0.0.0/1 plus
 * 128.0.0.0/1 is the whole internet, as ::/1 plus 8000::/1 is for IPv6.
 */

interface Interval {
  readonly family: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
}

const BITS = { 4: 32n, 6: 128n } as const;

function ipv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function ipv6(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === "" ? [] : half.split(":"));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** The interval a CIDR (or a single address) covers, or undefined when it is not an address. */
export function cidrInterval(cidr: string): Interval | undefined {
  const [address, prefix, extra] = cidr.trim().split("/");
  if (extra !== undefined) return undefined;
  const family = address.includes(":") ? 6 : 4;
  const value = family === 4 ? ipv4(address) : ipv6(address);
  const bits = BITS[family];
  const length = prefix === undefined ? bits : /^\d{1,3}$/.test(prefix) ? BigInt(prefix) : -1n;
  if (value === undefined || length < 0n || length > bits) return undefined;
  const size = 1n << (bits - length);
  const start = value - (value % size);
  return { family, start, end: start + size - 1n };
}

function merged(intervals: readonly Interval[], family: 4 | 6): Interval[] {
  const sorted = intervals.filter((i) => i.family === family).sort((a, b) => (a.start < b.start ? -1 : 1));
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end + 1n) {
      if (i.end > last.end) out[out.length - 1] = { ...last, end: i.end };
    } else out.push(i);
  }
  return out;
}

/** True when the union of `ranges` covers every IPv4 or every IPv6 address (the whole internet). */
export function coversInternet(ranges: readonly string[]): boolean {
  const intervals = ranges.map(cidrInterval).filter((i): i is Interval => i !== undefined);
  return ([4, 6] as const).some((family) => {
    const union = merged(intervals, family);
    return union.length === 1 && union[0].start === 0n && union[0].end === (1n << BITS[family]) - 1n;
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

/** Private space: RFC 1918, shared address space (RFC 6598), IPv6 unique local addresses. */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"];

/** private.googleapis.com and restricted.googleapis.com: Google APIs reached without leaving Google's network. */
export const GOOGLE_API_VIPS = [
  "199.36.153.8/30",
  "199.36.153.4/30",
  "2600:2d00:0002:2000::/64",
  "2600:2d00:0002:1000::/64",
];

/** Identity-Aware Proxy TCP forwarding (CIS 3.10) and Google load-balancer health checkers. */
export const GOOGLE_FRONT_END_SOURCES = [
  "35.235.240.0/20",
  "2600:2d00:1:7::/64",
  "130.211.0.0/22",
  "35.191.0.0/16",
  "209.85.152.0/22",
  "209.85.204.0/22",
  "2600:2d00:1:b029::/64",
  "2600:1901:8001::/48",
];

/** The ranges of `ranges` that reach beyond `allowed` (unparseable ranges included), described for a finding. */
export function rangesBeyond(ranges: readonly string[], allowed: readonly string[]): string[] {
  return ranges.filter((r) => !within(r, allowed));
}

/** "0.0.0.0/1, 128.0.0.0/1 (together the whole internet)" or the plain list. */
export function describeRanges(ranges: readonly string[]): string {
  const list = ranges.join(", ");
  return coversInternet(ranges) && ranges.length > 1 ? `${list} (together the whole internet)` : list;
}
