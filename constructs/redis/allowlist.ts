import { InvalidPropError, isLiteral } from "../errors";
import { allowlistEntryProblem, allowlistProblem, hostCidr } from "../../core/rules/redis-allowlist";

/**
 * Anything that exposes the public IPv4 addresses its traffic leaves from: the network construct's Cloud
 * NAT egress IPs (NET-10), one Terraform reference (`google_compute_address.address`) or literal per address.
 */
export interface IEgressIpSource {
  readonly egressIps: readonly string[];
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
