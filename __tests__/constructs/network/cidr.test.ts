import {
  cidrsOverlap,
  firstOverlap,
  isPrivateIpv4Range,
  isWholeInternet,
  parseIpv4Cidr,
  type Ipv4Cidr,
} from "../../../core/rules/cidr";

function cidr(text: string): Ipv4Cidr {
  const parsed = parseIpv4Cidr(text);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
}

describe("parseIpv4Cidr", () => {
  it("parses a range into its first and last address", () => {
    const range = cidr("10.10.0.0/20");
    expect(range.prefix).toBe(20);
    expect(range.end - range.start + 1).toBe(4096);
  });

  it.each([
    ["10.10.0.0", "must be an IPv4 range in CIDR notation"],
    ["10.256.0.0/16", "each of the four address numbers must be 0-255"],
    ["10.0.0.0/33", "the prefix length must be 0-32"],
    ["10.10.1.0/20", "host bits must be zero for a /20 (did you mean 10.10.0.0/20?)"],
    ["::/0", "must be an IPv4 range in CIDR notation"],
  ])("refuses %s", (text, message) => {
    expect(parseIpv4Cidr(text)).toContain(message);
  });
});

describe("overlaps and address space", () => {
  it("detects overlapping and adjacent ranges", () => {
    expect(cidrsOverlap(cidr("10.10.0.0/20"), cidr("10.10.15.0/24"))).toBe(true);
    expect(cidrsOverlap(cidr("10.10.0.0/20"), cidr("10.10.16.0/24"))).toBe(false);
  });

  it("reports the first overlapping pair by label", () => {
    const pair = firstOverlap([
      { label: "a", cidr: cidr("10.0.0.0/24") },
      { label: "b", cidr: cidr("10.1.0.0/24") },
      { label: "c", cidr: cidr("10.0.0.128/25") },
    ]);
    expect(pair?.map((r) => r.label)).toEqual(["a", "c"]);
    expect(firstOverlap([{ label: "a", cidr: cidr("10.0.0.0/24") }])).toBeUndefined();
  });

  it("knows private address space", () => {
    expect(isPrivateIpv4Range(cidr("172.16.0.0/12"))).toBe(true);
    expect(isPrivateIpv4Range(cidr("100.64.0.0/16"))).toBe(true);
    expect(isPrivateIpv4Range(cidr("172.32.0.0/16"))).toBe(false);
    expect(isPrivateIpv4Range(cidr("8.8.8.0/24"))).toBe(false);
  });

  it("recognises every spelling of the whole internet", () => {
    for (const text of ["0.0.0.0/0", " 0.0.0.0/0", "::/0", "0::/0", "0:0::/0"])
      expect(isWholeInternet(text)).toBe(true);
    for (const text of ["0.0.0.0/1", "10.0.0.0/8", "::1/128"]) expect(isWholeInternet(text)).toBe(false);
  });
});

describe("cidr boundaries and anchors", () => {
  it("accepts 255 in an address and a /32 prefix; refuses text around a range", () => {
    expect(cidr("10.255.255.255/32").prefix).toBe(32);
    expect(cidr("255.0.0.0/8").start).toBe(255 * 2 ** 24);
    expect(parseIpv4Cidr("x10.0.0.0/8")).toBe("must be an IPv4 range in CIDR notation, such as 10.10.0.0/20");
    expect(parseIpv4Cidr("10.0.0.0/8x")).toBe("must be an IPv4 range in CIDR notation, such as 10.10.0.0/20");
    expect(parseIpv4Cidr("10.0.0.256/32")).toBe("each of the four address numbers must be 0-255");
    expect(parseIpv4Cidr("10.0.0.0/33")).toBe("the prefix length must be 0-32");
  });

  it("ranges that share only their edge address overlap", () => {
    expect(cidrsOverlap(cidr("10.0.0.0/24"), cidr("10.0.0.255/32"))).toBe(true);
    expect(cidrsOverlap(cidr("10.0.0.255/32"), cidr("10.0.0.0/24"))).toBe(true);
    expect(cidrsOverlap(cidr("10.0.1.0/24"), cidr("10.0.0.255/32"))).toBe(false);
  });

  it("whole-internet spellings are matched exactly, not as part of other text", () => {
    for (const text of ["00.0.0.0/0", "0.00.0.0/0", "0.0.0.0/00", "::0/0", "0:0::0:0/0", "::/00"])
      expect([text, isWholeInternet(text)]).toEqual([text, true]);
    for (const text of [
      "10.0.0.0.0/0",
      "0.0.0.0/0.1",
      "x0.0.0.0/0",
      "0.0.0.0/01",
      "1::/0",
      "::/01",
      "x::/0",
      "::1/0",
      "::/0x",
    ])
      expect([text, isWholeInternet(text)]).toEqual([text, false]);
  });
});
