import { GOOGLE_API_VIPS, rangesBeyond } from "../../../policy/controls/address-space";
import { PRIVATE_RANGES, cidrInterval, coversInternet, within } from "../../../core/rules/cidr";
import { sparesAuditLogs } from "../../../policy/controls/log-exclusions";

describe("address space: unions of ranges", () => {
  it.each([
    [["0.0.0.0/0"], true],
    [["0.0.0.0/1", "128.0.0.0/1"], true],
    [["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/1"], true],
    [["128.0.0.0/1", "0.0.0.0/1", "10.0.0.0/8"], true],
    [["::/0"], true],
    [["::/1", "8000::/1"], true],
    [["0.0.0.0/1"], false],
    [["0.0.0.0/1", "128.0.0.0/2"], false],
    [["0.0.0.0/1", "::/1", "8000::/1"], true],
    [["10.0.0.0/8", "172.16.0.0/12"], false],
    [["not-a-range", "0.0.0.0/1"], false],
  ])("coversInternet(%j) is %s", (ranges, expected) => {
    expect(coversInternet(ranges)).toBe(expected);
  });

  it("parses IPv4 and IPv6 CIDRs and single addresses; refuses malformed ones", () => {
    expect(cidrInterval("10.1.2.3/8")).toEqual({ family: 4, start: 10n << 24n, end: (11n << 24n) - 1n });
    expect(cidrInterval("8.8.8.8")).toEqual({ family: 4, start: 134744072n, end: 134744072n });
    expect(cidrInterval("fc00::/7")?.family).toBe(6);
    expect(cidrInterval("2600:2d00:0002:1000::/64")?.end).toBe(
      cidrInterval("2600:2d00:2:1000:ffff:ffff:ffff:ffff")?.end,
    );
    for (const bad of [
      "256.0.0.0/8",
      "10.0.0.0/33",
      "1.2.3/8",
      "::1::/64",
      "10.0.0.0/8/1",
      "${var.x}",
      "fc00::/129",
    ])
      expect([bad, cidrInterval(bad)]).toEqual([bad, undefined]);
  });

  it("within and rangesBeyond: private and Google API ranges stay inside; public or malformed ones do not", () => {
    expect(within("10.20.0.0/16", PRIVATE_RANGES)).toBe(true);
    expect(within("199.36.153.4/30", GOOGLE_API_VIPS)).toBe(true);
    expect(within("199.36.153.0/24", GOOGLE_API_VIPS)).toBe(false);
    expect(rangesBeyond(["10.0.0.0/8", "8.8.8.8/32", "garbage", "fd00::/8"], PRIVATE_RANGES)).toEqual([
      "8.8.8.8/32",
      "garbage",
    ]);
  });
});

describe("LOG-4: filters that spare audit logs", () => {
  it.each([
    ['severity<=DEBUG AND NOT logName:"cloudaudit.googleapis.com"', true],
    ['NOT logName:"projects/acme/logs/cloudaudit.googleapis.com" AND severity<=INFO', true],
    ['severity<=INFO -logName:"cloudaudit.googleapis.com"', true],
    ["severity<=INFO", false],
    ['NOT logName:"cloudaudit.googleapis.com%2Factivity"', false],
    ['NOT logName:"cloudaudit.googleapis.com" OR severity<=INFO', false],
    ['logName:"cloudaudit.googleapis.com"', false],
    ['NOT (logName:"cloudaudit.googleapis.com" AND severity<=INFO)', false],
  ])("%s spares every audit log: %s", (filter, expected) => {
    expect(sparesAuditLogs(filter)).toBe(expected);
  });
});
