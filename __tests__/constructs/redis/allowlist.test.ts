import { Token } from "cdktf";
import { buildAllowlist } from "../../../constructs/redis/allowlist";
import { allowlistEntryProblem, allowlistProblem, hostCidr } from "../../../core/rules/redis-allowlist";

describe("allowlistEntryProblem (UPS-2)", () => {
  test.each([
    ["0.0.0.0/0", "0.0.0.0/0 admits every IPv4 address"],
    ["::/0", "::/0 admits every IPv6 address"],
    ["2001:db8::/32", "IPv6 entries are refused: Upstash's allowlist takes IPv4 addresses and CIDR blocks"],
    [
      "1.0.0.0/7",
      "prefixes shorter than /8 are refused: /8 is the largest block any single organisation holds",
    ],
    ["128.0.0.0/1", "prefixes shorter than /8 are refused"],
    ["203.0.113.10", "must be an IPv4 CIDR block such as 203.0.113.10/32 (write one address as /32)"],
    ["203.0.113.300/32", "must be an IPv4 CIDR block"],
    ["203.0.113.10/33", "must be an IPv4 CIDR block"],
    ["203.0.113.010/32", "must be an IPv4 CIDR block"],
    ["203.0.113.0/24 ", "must be an IPv4 CIDR block"],
    ["office", "must be an IPv4 CIDR block"],
    ["203.0.113.10/24", "has host bits set; the block is 203.0.113.0/24"],
    ["0.1.2.0/24", "is inside 0.0.0.0/8, 'this network'"],
    ["224.0.0.0/8", "is inside 224.0.0.0/4, multicast"],
    ["250.1.0.0/16", "is inside 240.0.0.0/4, reserved"],
  ])("%p is refused: %s", (entry, message) => {
    expect(allowlistEntryProblem(entry)).toContain(message);
  });

  test.each(["203.0.113.10/32", "198.51.100.0/24", "8.0.0.0/8", "10.0.0.0/8", "35.240.1.2/32"])(
    "%p is a well-formed entry",
    (entry) => {
      expect(allowlistEntryProblem(entry)).toBeUndefined();
    },
  );
});

describe("allowlistProblem (UPS-2)", () => {
  test("an empty list", () => {
    expect(allowlistProblem([])).toContain("an empty allowlist lets every IP connect");
  });

  test.each([
    ["RFC 1918", ["10.0.0.0/8", "172.16.5.0/24", "192.168.1.1/32"]],
    ["carrier-grade NAT", ["100.64.0.0/10"]],
    ["loopback", ["127.0.0.1/32"]],
    ["link-local", ["169.254.169.254/32"]],
  ])("a list of only %s addresses", (_kind, entries) => {
    expect(allowlistProblem(entries)).toContain(
      "lists only private, carrier-grade NAT, loopback or link-local",
    );
  });

  test("private entries beside a public one are accepted", () => {
    expect(allowlistProblem(["10.0.0.0/8", "203.0.113.10/32"])).toBeUndefined();
  });

  test("a reference (a NAT IP resolved by Terraform) counts as reachable", () => {
    expect(allowlistProblem(["10.0.0.0/8", hostCidr(Token.asString({ ref: "nat" }))])).toBeUndefined();
  });
});

describe("buildAllowlist", () => {
  test("egress IPs become /32 entries first, duplicates removed", () => {
    expect(
      buildAllowlist("T", "ipAllowlist", ["203.0.113.10/32", "198.51.100.0/24"], {
        egressIps: ["203.0.113.10"],
      }),
    ).toEqual(["203.0.113.10/32", "198.51.100.0/24"]);
  });

  test("names the field and index of a refused entry", () => {
    expect(() => buildAllowlist("T", "ipAllowlist", ["203.0.113.10/32", "::/0"])).toThrow(
      'T: ipAllowlist[1]: got "::/0"; ::/0 admits every IPv6 address',
    );
  });

  test("refuses a literal egress IP that is not an IPv4 address", () => {
    expect(() => buildAllowlist("T", "ipAllowlist", [], { egressIps: ["nat-1"] })).toThrow(
      'T: egressFrom.egressIps[0]: got "nat-1"; must be an IPv4 address',
    );
  });

  test("refuses an empty combined list", () => {
    expect(() => buildAllowlist("T", "ipAllowlist", [], { egressIps: [] })).toThrow(
      "T: ipAllowlist: got []; must list",
    );
  });
});
