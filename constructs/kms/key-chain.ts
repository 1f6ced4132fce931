import { Construct } from "constructs";
import { KmsKey, type KeyProtectionLevel } from "./key";
import { KmsKeyRing } from "./key-ring";

export interface KeyChainProps {
  /** Prefix of every key ring's name (one ring per location: `<prefix>-<location>`). */
  readonly ringNamePrefix: string;
  /**
   * KMS-1: rotation of every key, in days (at most 90).
   * @default 90
   */
  readonly rotationDays?: number;
  /**
   * KMS-4: protection level of every key.
   * @default "HSM"
   */
  readonly protectionLevel?: KeyProtectionLevel;
  /**
   * KMS-3: destroy grace period of every key, in days.
   * @default 30
   */
  readonly destroyScheduledDays?: number;
  /**
   * Labels on every key.
   * @default none
   */
  readonly labels?: Record<string, string>;
}

/**
 * One key per purpose and location, with shared settings. CMEK keys must sit in the location of the
 * data they encrypt, so rings are created per location on first use. Construct ids derive from the
 * purpose and location only, so the keys' Terraform addresses stay stable as purposes are added.
 */
export class KeyChain extends Construct {
  private readonly rings = new Map<string, KmsKeyRing>();
  private readonly keys = new Map<string, KmsKey>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: KeyChainProps,
  ) {
    super(scope, id);
  }

  /** The key for `purpose` in KMS location `location`, created on first use. */
  keyFor(purpose: string, location: string): KmsKey {
    const id = `${purpose}-${location}`;
    let key = this.keys.get(id);
    if (!key) {
      key = new KmsKey(this, id, {
        keyRing: this.ringIn(location),
        name: purpose,
        rotationDays: this.props.rotationDays,
        protectionLevel: this.props.protectionLevel,
        destroyScheduledDays: this.props.destroyScheduledDays,
        labels: { ...this.props.labels, purpose },
      });
      this.keys.set(id, key);
    }
    return key;
  }

  /** Every key created so far. */
  get allKeys(): KmsKey[] {
    return [...this.keys.values()];
  }

  private ringIn(location: string): KmsKeyRing {
    let ring = this.rings.get(location);
    if (!ring) {
      ring = new KmsKeyRing(this, `ring-${location}`, {
        name: `${this.props.ringNamePrefix}-${location}`,
        location,
      });
      this.rings.set(location, ring);
    }
    return ring;
  }
}
