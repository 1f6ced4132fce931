import { KeyChain } from "../../../constructs/kms/key-chain";
import {
  logicalIdAt,
  resourceAt,
  resourcesOf,
  synth,
  constructTestStack,
  type SynthesizedStack,
} from "../../support/synth";

describe("KeyChain", () => {
  let json: SynthesizedStack;
  let chain: KeyChain;
  beforeAll(() => {
    const stack = constructTestStack();
    chain = new KeyChain(stack, "keys", {
      ringNamePrefix: "acme",
      rotationDays: 30,
      protectionLevel: "SOFTWARE",
      destroyScheduledDays: 7,
      labels: { team: "platform" },
    });
    chain.keyFor("storage", "europe-west1");
    chain.keyFor("database", "europe-west1");
    chain.keyFor("storage", "us");
    json = synth(stack);
  });

  it("returns the same key for the same purpose and location", () => {
    expect(chain.keyFor("storage", "europe-west1")).toBe(chain.keyFor("storage", "europe-west1"));
    expect(chain.keyFor("storage", "europe-west1")).not.toBe(chain.keyFor("storage", "us"));
    expect(chain.allKeys.map((k) => k.node.id)).toEqual([
      "storage-europe-west1",
      "database-europe-west1",
      "storage-us",
    ]);
  });

  it("KMS-2: one key ring per location, named <prefix>-<location>", () => {
    const rings = Object.values(resourcesOf(json, "google_kms_key_ring"));
    expect(rings.map((r) => [r.name, r.location])).toEqual([
      ["acme-europe-west1", "europe-west1"],
      ["acme-us", "us"],
    ]);
  });

  it("keys sit in the ring of their location", () => {
    const key = resourceAt(json, "google_kms_crypto_key", "storage-us/key");
    const ring = logicalIdAt(json, "google_kms_key_ring", "ring-us/key-ring");
    expect(key.key_ring).toBe(`\${google_kms_key_ring.${ring}.id}`);
    expect(chain.keyFor("storage", "us").location).toBe("us");
  });

  it("KMS-1/3/4: passes rotation, destroy grace and protection level to every key", () => {
    for (const key of Object.values(resourcesOf(json, "google_kms_crypto_key"))) {
      expect(key.rotation_period).toBe("2592000s");
      expect(key.destroy_scheduled_duration).toBe("604800s");
      expect((key.version_template as Record<string, string>).protection_level).toBe("SOFTWARE");
    }
  });

  it("labels every key with the shared labels and its purpose", () => {
    expect(resourceAt(json, "google_kms_crypto_key", "database-europe-west1/key").labels).toEqual({
      team: "platform",
      purpose: "database",
    });
  });
});
