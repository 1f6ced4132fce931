/**
 * Google-owned address ranges the network's routes, firewall rules and DNS refer to. They are
 * published by Google and identical in every project, so they are constants rather than props.
 */

/** restricted.googleapis.com: Google APIs that honour VPC Service Controls, reached without internet access. */
export const RESTRICTED_GOOGLE_APIS_RANGE = "199.36.153.4/30";
/** restricted.googleapis.com over IPv6. */
export const RESTRICTED_GOOGLE_APIS_RANGE_IPV6 = "2600:2d00:0002:1000::/64";
/** private.googleapis.com: Google APIs reached without leaving Google's network. */
export const PRIVATE_GOOGLE_APIS_RANGE = "199.36.153.8/30";
/** private.googleapis.com over IPv6. */
export const PRIVATE_GOOGLE_APIS_RANGE_IPV6 = "2600:2d00:0002:2000::/64";

/** The four addresses of restricted.googleapis.com (the A records of the private googleapis.com zone). */
export const RESTRICTED_GOOGLE_APIS_ADDRESSES = [
  "199.36.153.4",
  "199.36.153.5",
  "199.36.153.6",
  "199.36.153.7",
];

/** Identity-Aware Proxy TCP forwarding: the only source admitted for SSH and RDP (NET-5, CIS 3.10). */
export const IAP_TCP_FORWARDING_RANGE = "35.235.240.0/20";
/** Identity-Aware Proxy TCP forwarding over IPv6. */
export const IAP_TCP_FORWARDING_RANGE_IPV6 = "2600:2d00:1:7::/64";

/** Google Cloud load balancer health checkers (NET-5). */
export const HEALTH_CHECK_RANGES = ["35.191.0.0/16", "130.211.0.0/22"];
/** Health checkers of the legacy passthrough network load balancers. */
export const LEGACY_HEALTH_CHECK_RANGES = ["209.85.152.0/22", "209.85.204.0/22"];
/** Load balancer health checkers over IPv6. */
export const HEALTH_CHECK_RANGES_IPV6 = ["2600:2d00:1:b029::/64", "2600:1901:8001::/48"];
