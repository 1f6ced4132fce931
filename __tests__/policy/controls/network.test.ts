import { within } from "../../../core/rules/cidr";
import { ctxOf, judge, res, verdicts } from "./rules";

const cidrWithin = (inner: string, outer: string): boolean => within(inner, [outer]);

const NET = res("google_compute_network.vpc", {});
const denyAllEgress = (attrs: Record<string, unknown> = {}) =>
  res("google_compute_firewall.deny", {
    network: "${google_compute_network.vpc.id}",
    direction: "EGRESS",
    deny: [{ protocol: "all" }],
    destination_ranges: ["0.0.0.0/0"],
    priority: 65530,
    ...attrs,
  });
const ingressAllow = (sources: string[], allow: unknown = [{ protocol: "tcp", ports: ["22", "80"] }]) =>
  res("google_compute_firewall.in", { direction: "INGRESS", allow, source_ranges: sources });

describe("network controls, rule by rule", () => {
  it("within (shared CIDR module): inner range inside outer, host addresses as /32, malformed never", () => {
    expect(cidrWithin("10.1.0.0/16", "10.0.0.0/8")).toBe(true);
    expect(cidrWithin("10.0.0.0/8", "10.0.0.0/16")).toBe(false);
    expect(cidrWithin("10.0.0.0/8", "10.0.0.0/8")).toBe(true);
    expect(cidrWithin("11.0.0.0/16", "10.0.0.0/8")).toBe(false);
    expect(cidrWithin("35.235.240.7", "35.235.240.0/20")).toBe(true);
    expect(cidrWithin("35.235.224.0/20", "35.235.240.0/20")).toBe(false);
    expect(cidrWithin("8.8.8.8/32", "0.0.0.0/0")).toBe(true);
    expect(cidrWithin("255.255.255.255/32", "255.255.255.0/24")).toBe(true);
    expect(cidrWithin("256.1.1.1/32", "0.0.0.0/0")).toBe(false);
    expect(cidrWithin("1.2.3/24", "0.0.0.0/0")).toBe(false);
    expect(cidrWithin("1.2.3.-1/32", "0.0.0.0/0")).toBe(false);
    expect(cidrWithin("1.2.3.4/32", "1.2.3/24")).toBe(false);
    expect(cidrWithin("1.2.3.4.5/32", "0.0.0.0/0")).toBe(false);
  });

  it("NET-1: custom mode passes (also as a string); unset fails naming the provider default", () => {
    expect(judge("NET-1", res("google_compute_network.a", { auto_create_subnetworks: false }))).toBe("pass");
    expect(judge("NET-1", res("google_compute_network.a", { auto_create_subnetworks: "false" }))).toBe(
      "pass",
    );
    expect(judge("NET-1", res("google_compute_network.a", {}))).toBe(
      "fail: auto_create_subnetworks is unset (the provider default is true)",
    );
  });

  it("NET-2: default routes must be deleted", () => {
    expect(judge("NET-2", res("google_compute_network.a", { delete_default_routes_on_create: true }))).toBe(
      "pass",
    );
    expect(judge("NET-2", res("google_compute_network.a", {}))).toBe(
      "fail: delete_default_routes_on_create is unset",
    );
  });

  it("NET-3: a deny-all egress rule needs protocol all, 0.0.0.0/0, priority >= 65000 and must be enabled", () => {
    const fails =
      "fail: no EGRESS deny-all (protocol all, 0.0.0.0/0, no target tags, priority >= 65000) firewall on this network @ google_compute_network.vpc";
    expect(verdicts("NET-3", ctxOf([NET, denyAllEgress()]))).toEqual([
      "pass @ google_compute_network.vpc [google_compute_firewall.deny]",
    ]);
    expect(
      verdicts("NET-3", ctxOf([NET, denyAllEgress({ deny: [{ protocol: "ALL" }], priority: 65000 })])),
    ).toEqual(["pass @ google_compute_network.vpc [google_compute_firewall.deny]"]);
    for (const broken of [
      { priority: 64999 },
      { priority: undefined },
      { disabled: true },
      { direction: undefined },
      { direction: "INGRESS" },
      { deny: [{ protocol: "tcp" }] },
      { destination_ranges: ["10.0.0.0/8"] },
    ]) {
      expect([broken, verdicts("NET-3", ctxOf([NET, denyAllEgress(broken)]))]).toEqual([broken, [fails]]);
    }
    expect(verdicts("NET-3", ctxOf([NET, denyAllEgress({ direction: "egress" })]))[0]).toMatch(/^pass/);
  });

  it("NET-3: an egress allow to the whole internet voids the deny-all; narrow allows keep it", () => {
    const allow = (attrs: Record<string, unknown>) =>
      res("google_compute_firewall.out", {
        network: "${google_compute_network.vpc.id}",
        direction: "EGRESS",
        allow: [{ protocol: "tcp", ports: ["6379"] }],
        priority: 1000,
        ...attrs,
      });
    for (const wide of [{ destination_ranges: ["0.0.0.0/0"] }, { destination_ranges: ["::/0"] }, {}]) {
      const found = verdicts("NET-3", ctxOf([NET, denyAllEgress(), allow(wide)]));
      expect([wide, found]).toEqual([
        wide,
        [
          expect.stringMatching(
            /^fail: the deny-all egress rule is voided: google_compute_firewall\.out allows EGRESS to .* at priority 1000, at or above the deny-all \(65530\)/,
          ),
        ],
      ]);
    }
    // What the kit synthesizes: the restricted VIP and the private service access range by name.
    for (const narrow of [
      { destination_ranges: ["199.36.153.4/30"] },
      { destination_ranges: ["10.100.0.0/16"] },
      { destination_ranges: ["0.0.0.0/0"], disabled: true },
    ]) {
      expect(verdicts("NET-3", ctxOf([NET, denyAllEgress(), allow(narrow)]))).toEqual([
        "pass @ google_compute_network.vpc [google_compute_firewall.deny]",
      ]);
    }
  });

  it("NET-3: with several networks, each needs its own deny-all rule by reference", () => {
    const other = res("google_compute_network.other", {});
    expect(verdicts("NET-3", ctxOf([NET, other, denyAllEgress()]))).toEqual([
      "pass @ google_compute_network.vpc [google_compute_firewall.deny]",
      "fail: no EGRESS deny-all (protocol all, 0.0.0.0/0, no target tags, priority >= 65000) firewall on this network @ google_compute_network.other",
    ]);
    expect(verdicts("NET-3", ctxOf([]))).toEqual([]);
  });

  it("NET-4: ingress allows from 0.0.0.0/0 or ::/0 fail with the rule's protocols; denies and egress pass", () => {
    expect(
      judge(
        "NET-4",
        ingressAllow(
          ["0.0.0.0/0", "10.0.0.0/8", "::/0"],
          [{ protocol: "tcp", ports: ["22", "80"] }, { protocol: "udp" }],
        ),
      ),
    ).toBe("fail: INGRESS allow rule admits 0.0.0.0/0, ::/0 (tcp:22,80 udp)");
    expect(judge("NET-4", ingressAllow(["10.0.0.0/8"]))).toBe("pass");
    expect(judge("NET-4", ingressAllow(["0.0.0.0/0"], []))).toBe("pass");
    expect(
      judge(
        "NET-4",
        res("google_compute_firewall.e", {
          direction: "EGRESS",
          allow: [{ protocol: "tcp" }],
          source_ranges: ["0.0.0.0/0"],
        }),
      ),
    ).toBe("pass");
    expect(
      judge(
        "NET-4",
        res("google_compute_firewall.d", { allow: [{ protocol: "all" }], source_ranges: ["0.0.0.0/0"] }),
      ),
    ).toBe("fail: INGRESS allow rule admits 0.0.0.0/0 (all)");
  });

  it("NET-5: IAP, health-check, private and referenced sources pass; other public or IPv6 sources fail", () => {
    expect(
      judge(
        "NET-5",
        ingressAllow([
          "35.235.240.0/20",
          "130.211.0.0/22",
          "35.191.0.0/16",
          "209.85.152.0/22",
          "209.85.204.0/22",
          "10.1.0.0/16",
          "172.16.0.0/12",
          "192.168.1.0/24",
          "100.64.0.0/10",
          "${google_compute_address.lb.address}",
        ]),
      ),
    ).toBe("pass");
    expect(judge("NET-5", ingressAllow(["8.8.8.8/32", "10.0.0.0/8", "2001:db8::/32", "172.32.0.0/16"]))).toBe(
      "fail: INGRESS allow rule admits public source(s) 8.8.8.8/32, 2001:db8::/32, 172.32.0.0/16",
    );
    expect(
      judge(
        "NET-5",
        res("google_compute_firewall.e", {
          direction: "EGRESS",
          allow: [{ protocol: "tcp" }],
          source_ranges: ["8.8.8.8/32"],
        }),
      ),
    ).toBe("pass");
  });

  it("NET-7: full-metadata logging on every rule", () => {
    expect(
      judge("NET-7", res("google_compute_firewall.a", { log_config: { metadata: "INCLUDE_ALL_METADATA" } })),
    ).toBe("pass");
    expect(
      judge("NET-7", res("google_compute_firewall.a", { log_config: { metadata: "EXCLUDE_ALL_METADATA" } })),
    ).toBe('fail: log_config.metadata is "EXCLUDE_ALL_METADATA"');
  });

  it("NET-8: every flow-log setting is checked; proxy-only subnets are not applicable", () => {
    const subnet = (log: Record<string, unknown> | undefined, purpose?: string) =>
      res("google_compute_subnetwork.s", { log_config: log, purpose });
    const full = {
      aggregation_interval: "INTERVAL_5_SEC",
      flow_sampling: 1,
      metadata: "INCLUDE_ALL_METADATA",
    };
    expect(judge("NET-8", subnet(full))).toBe("pass");
    expect(judge("NET-8", subnet({ ...full, flow_sampling: "1" }))).toBe("pass");
    expect(judge("NET-8", subnet(undefined))).toBe("fail: log_config is unset (flow logs are off)");
    expect(judge("NET-8", subnet({ ...full, aggregation_interval: "INTERVAL_1_MIN" }))).toBe(
      'fail: log_config.aggregation_interval is "INTERVAL_1_MIN"',
    );
    expect(judge("NET-8", subnet({ ...full, flow_sampling: 0.5 }))).toBe(
      "fail: log_config.flow_sampling is 0.5",
    );
    expect(judge("NET-8", subnet({ ...full, metadata: "EXCLUDE_ALL_METADATA" }))).toBe(
      'fail: log_config.metadata is "EXCLUDE_ALL_METADATA"',
    );
    for (const purpose of [
      "REGIONAL_MANAGED_PROXY",
      "GLOBAL_MANAGED_PROXY",
      "INTERNAL_HTTPS_LOAD_BALANCER",
      "PRIVATE_SERVICE_CONNECT",
      "PRIVATE_NAT",
    ]) {
      expect(judge("NET-8", subnet(undefined, purpose))).toBe("n/a");
      expect(judge("NET-9", subnet(undefined, purpose))).toBe("n/a");
    }
  });

  it("NET-9: Private Google Access on", () => {
    expect(judge("NET-9", res("google_compute_subnetwork.s", { private_ip_google_access: "true" }))).toBe(
      "pass",
    );
    expect(
      judge(
        "NET-9",
        res("google_compute_subnetwork.s", { private_ip_google_access: false, purpose: "PRIVATE" }),
      ),
    ).toBe("fail: private_ip_google_access is false");
  });

  it("NET-10: manual static addresses and logging on", () => {
    const nat = (attrs: Record<string, unknown>) =>
      res("google_compute_router_nat.n", {
        nat_ip_allocate_option: "MANUAL_ONLY",
        nat_ips: ["${google_compute_address.a.self_link}"],
        log_config: { enable: true, filter: "ALL" },
        ...attrs,
      });
    expect(judge("NET-10", nat({}))).toBe("pass");
    expect(judge("NET-10", nat({ nat_ip_allocate_option: "AUTO_ONLY" }))).toBe(
      'fail: nat_ip_allocate_option is "AUTO_ONLY" (egress IPs change; the Redis allowlist cannot name them)',
    );
    expect(judge("NET-10", nat({ nat_ips: [] }))).toBe("fail: nat_ips is empty");
    expect(judge("NET-10", nat({ log_config: { enable: false } }))).toBe("fail: log_config.enable is false");
  });

  it("NET-11: a logging DNS policy per network; a non-logging policy is a finding of its own", () => {
    const policy = (name: string, enable: unknown, network: string) =>
      res(`google_dns_policy.${name}`, { enable_logging: enable, networks: [{ network_url: network }] });
    const other = res("google_compute_network.other", {});
    expect(
      verdicts(
        "NET-11",
        ctxOf([
          NET,
          other,
          policy("on", true, "${google_compute_network.vpc.id}"),
          policy("off", false, "${google_compute_network.other.id}"),
        ]),
      ),
    ).toEqual([
      "fail: enable_logging is false @ google_dns_policy.off",
      "pass @ google_compute_network.vpc [google_dns_policy.on]",
      "fail: no google_dns_policy with enable_logging = true covers this network @ google_compute_network.other",
    ]);
    expect(verdicts("NET-11", ctxOf([NET, policy("on", "true", "x")]))).toEqual([
      "pass @ google_compute_network.vpc [google_dns_policy.on]",
    ]);
  });

  it("NET-12: instances on this stack's network need a VPC_PEERING internal range and a connection", () => {
    const db = res("google_sql_database_instance.db", {
      settings: { ip_configuration: { private_network: "${google_compute_network.vpc.id}" } },
    });
    const range = (attrs: Record<string, unknown>) =>
      res("google_compute_global_address.psa", { purpose: "VPC_PEERING", ...attrs });
    const connection = res("google_service_networking_connection.psa", {});
    expect(verdicts("NET-12", ctxOf([NET, db, range({}), connection]))).toEqual([
      "pass @ google_sql_database_instance.db [google_compute_global_address.psa, google_service_networking_connection.psa]",
    ]);
    const noRange =
      'fail: no google_compute_global_address with purpose "VPC_PEERING" @ google_sql_database_instance.db';
    expect(verdicts("NET-12", ctxOf([NET, db, connection]))).toEqual([noRange]);
    expect(verdicts("NET-12", ctxOf([NET, db, range({ address_type: "EXTERNAL" }), connection]))).toEqual([
      noRange,
    ]);
    expect(verdicts("NET-12", ctxOf([NET, db, range({ purpose: "GCE_ENDPOINT" }), connection]))).toEqual([
      noRange,
    ]);
    expect(verdicts("NET-12", ctxOf([NET, db, range({ address_type: "INTERNAL" })]))).toEqual([
      "fail: no google_service_networking_connection @ google_sql_database_instance.db",
    ]);
    expect(verdicts("NET-12", ctxOf([db]))).toEqual([]);
  });

  it("NET-13: SSL policies need TLS 1.2+ and MODERN or RESTRICTED; proxies need an SSL policy", () => {
    const policy = (attrs: Record<string, unknown>, type = "google_compute_ssl_policy") =>
      res(`${type}.tls`, attrs);
    expect(judge("NET-13", policy({ min_tls_version: "TLS_1_2", profile: "MODERN" }))).toBe("pass");
    expect(
      judge(
        "NET-13",
        policy({ min_tls_version: "TLS_1_3", profile: "RESTRICTED" }, "google_compute_region_ssl_policy"),
      ),
    ).toBe("pass");
    expect(judge("NET-13", policy({ profile: "MODERN" }))).toBe(
      "fail: min_tls_version is unset (the default is TLS_1_0)",
    );
    expect(judge("NET-13", policy({ min_tls_version: "TLS_1_2", profile: "COMPATIBLE" }))).toBe(
      'fail: profile is "COMPATIBLE" (allowed: MODERN, RESTRICTED)',
    );
    for (const type of [
      "google_compute_target_https_proxy",
      "google_compute_region_target_https_proxy",
      "google_compute_target_ssl_proxy",
    ]) {
      const tls = policy({ min_tls_version: "TLS_1_2", profile: "MODERN" });
      const proxy = res(`${type}.p`, { ssl_policy: "${google_compute_ssl_policy.tls.id}" });
      expect(judge("NET-13", proxy, ctxOf([proxy, tls]))).toBe("pass");
      // An SSL policy the check cannot see (another stack, a literal name) could allow TLS 1.0.
      expect(judge("NET-13", proxy)).toBe(
        'fail: ssl_policy "${google_compute_ssl_policy.tls.id}" is not an SSL policy of this stack (its TLS settings cannot be checked)',
      );
      expect(judge("NET-13", res(`${type}.p`, { ssl_policy: "projects/p/global/sslPolicies/weak" }))).toMatch(
        /is not an SSL policy of this stack/,
      );
      expect(judge("NET-13", res(`${type}.p`, {}))).toBe(
        "fail: ssl_policy is unset (the default policy allows TLS 1.0)",
      );
    }
  });

  it("NET-13: a plain-HTTP proxy only with a URL map of the stack that redirects everything to HTTPS", () => {
    const map = (attrs: Record<string, unknown>) => res("google_compute_url_map.redirect", attrs);
    const REDIRECT = { default_url_redirect: { https_redirect: true, strip_query: false } };
    for (const type of ["google_compute_target_http_proxy", "google_compute_region_target_http_proxy"]) {
      const proxy = res(`${type}.http`, { url_map: "${google_compute_url_map.redirect.id}" });
      expect(judge("NET-13", proxy, ctxOf([proxy, map(REDIRECT)]))).toBe("pass");
      expect(
        judge("NET-13", proxy, ctxOf([proxy, map({ default_url_redirect: [{ https_redirect: "true" }] })])),
      ).toBe("pass");
      expect(
        judge(
          "NET-13",
          proxy,
          ctxOf([proxy, map({ default_service: "${google_compute_backend_service.app.id}" })]),
        ),
      ).toBe(
        "fail: google_compute_url_map.redirect: default_url_redirect.https_redirect is unset (plain HTTP serves content)",
      );
      expect(
        judge(
          "NET-13",
          proxy,
          ctxOf([proxy, map({ ...REDIRECT, path_matcher: [{ name: "api", default_service: "x" }] })]),
        ),
      ).toBe(
        "fail: google_compute_url_map.redirect routes requests (path_matcher) instead of only redirecting",
      );
      expect(judge("NET-13", proxy)).toMatch(/^fail: url_map .* is not a URL map of this stack/);
    }
  });
});
