import { movedFrom, pinChanges } from "../../scripts/pin-addresses";

describe("pin-addresses: what re-pinning would change", () => {
  const pinned = { "baseline-dev": ["google_storage_bucket.a", "google_kms_crypto_key.k"] };

  it("lists new addresses as added and refuses nothing when every pinned address remains", () => {
    const changes = pinChanges(pinned, {
      "baseline-dev": ["google_storage_bucket.a", "google_kms_crypto_key.k"],
      "baseline-uat": ["google_storage_bucket.u"],
    });
    expect(changes).toEqual({ added: ["baseline-uat: google_storage_bucket.u"], dropped: [] });
  });

  it("lists a renamed bucket without a moved block as dropped (Terraform would destroy it)", () => {
    const changes = pinChanges(pinned, {
      "baseline-dev": ["google_storage_bucket.renamed", "google_kms_crypto_key.k"],
    });
    expect(changes.dropped).toEqual(["baseline-dev: google_storage_bucket.a"]);
    expect(changes.added).toEqual(["baseline-dev: google_storage_bucket.renamed"]);
  });

  it("does not drop an address that a moved block carries to its new name", () => {
    const json = { moved: [{ from: "google_storage_bucket.a", to: "google_storage_bucket.renamed" }] };
    const changes = pinChanges(
      pinned,
      { "baseline-dev": ["google_storage_bucket.renamed", "google_kms_crypto_key.k"] },
      { "baseline-dev": movedFrom(json) },
    );
    expect(changes.dropped).toEqual([]);
  });

  it("drops every address of a stack that is no longer synthesized (a removed environment)", () => {
    expect(pinChanges(pinned, {}).dropped).toEqual([
      "baseline-dev: google_storage_bucket.a",
      "baseline-dev: google_kms_crypto_key.k",
    ]);
  });

  it("reads moved blocks written as one object or a list, ignoring malformed entries", () => {
    expect([...movedFrom({ moved: { from: "a.b", to: "a.c" } })]).toEqual(["a.b"]);
    expect([...movedFrom({ moved: [{ to: "x.y" }, null, { from: "p.q", to: "p.r" }] })]).toEqual(["p.q"]);
    expect([...movedFrom({})]).toEqual([]);
  });
});
