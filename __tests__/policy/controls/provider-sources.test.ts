import { canonicalProviderSource, REVIEWED_PROVIDER_SOURCES } from "../../../policy/controls/policy-input";

describe("POL-5: provider source addresses", () => {
  it("reads short and registry-qualified sources as Terraform does", () => {
    expect(canonicalProviderSource("google")).toBe("hashicorp/google");
    expect(canonicalProviderSource("hashicorp/google-beta")).toBe("hashicorp/google-beta");
    expect(canonicalProviderSource("registry.terraform.io/upstash/upstash")).toBe("upstash/upstash");
    expect(canonicalProviderSource("Registry.Terraform.io/HashiCorp/Time")).toBe("hashicorp/time");
  });

  it("gives no registry source for another host, so the rule refuses it", () => {
    expect(canonicalProviderSource("evil.example.com/hashicorp/google")).toBeUndefined();
    expect(canonicalProviderSource("a/b/c/d")).toBeUndefined();
  });

  it("reviews exactly the providers the kit declares", () => {
    expect(REVIEWED_PROVIDER_SOURCES).toEqual([
      "hashicorp/google",
      "hashicorp/google-beta",
      "hashicorp/time",
      "upstash/upstash",
    ]);
  });
});
