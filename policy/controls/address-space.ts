/**
 * The address ranges the policy's network rules allow, judged with the shared CIDR module
 * (core/rules/cidr.ts): what a list of CIDRs covers together, 0.0.0.0/1 plus 128.0.0.0/1 being the whole
 * internet, as ::/1 plus 8000::/1 is for IPv6.
 */
import { coversInternet, within } from "../../core/rules/cidr";
import {
  HEALTH_CHECK_RANGES,
  HEALTH_CHECK_RANGES_IPV6,
  IAP_TCP_FORWARDING_RANGE,
  IAP_TCP_FORWARDING_RANGE_IPV6,
  LEGACY_HEALTH_CHECK_RANGES,
  PRIVATE_GOOGLE_APIS_RANGE,
  PRIVATE_GOOGLE_APIS_RANGE_IPV6,
  RESTRICTED_GOOGLE_APIS_RANGE,
  RESTRICTED_GOOGLE_APIS_RANGE_IPV6,
} from "../../core/rules/google-ranges";

/** private.googleapis.com and restricted.googleapis.com: Google APIs reached without leaving Google's network. */
export const GOOGLE_API_VIPS = [
  PRIVATE_GOOGLE_APIS_RANGE,
  RESTRICTED_GOOGLE_APIS_RANGE,
  PRIVATE_GOOGLE_APIS_RANGE_IPV6,
  RESTRICTED_GOOGLE_APIS_RANGE_IPV6,
];

/** Identity-Aware Proxy TCP forwarding (CIS 3.10) and Google load-balancer health checkers. */
export const GOOGLE_FRONT_END_SOURCES = [
  IAP_TCP_FORWARDING_RANGE,
  IAP_TCP_FORWARDING_RANGE_IPV6,
  ...HEALTH_CHECK_RANGES,
  ...LEGACY_HEALTH_CHECK_RANGES,
  ...HEALTH_CHECK_RANGES_IPV6,
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
