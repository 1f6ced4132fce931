/**
 * Google-owned address ranges the network's routes, firewall rules and DNS refer to. They are
 * published by Google and identical in every project, so they are constants rather than props.
 */

/** restricted.googleapis.com: Google APIs that honour VPC Service Controls, reached without internet access. */
export const RESTRICTED_GOOGLE_APIS_RANGE = "199.36.153.4/30";

/** The four addresses of restricted.googleapis.com (the A records of the private googleapis.com zone). */
export const RESTRICTED_GOOGLE_APIS_ADDRESSES = [
  "199.36.153.4",
  "199.36.153.5",
  "199.36.153.6",
  "199.36.153.7",
];

/** Identity-Aware Proxy TCP forwarding: the only source admitted for SSH and RDP (NET-5, CIS 3.10). */
export const IAP_TCP_FORWARDING_RANGE = "35.235.240.0/20";

/** Google Cloud load balancer health checkers (NET-5). */
export const HEALTH_CHECK_RANGES = ["35.191.0.0/16", "130.211.0.0/22"];
