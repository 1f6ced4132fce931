import { Construct, type IConstruct } from "constructs";
import { Fn } from "cdktf";
import { KmsKeyRing as KmsKeyRingResource } from "@cdktf/provider-google/lib/kms-key-ring";
import { InvalidPropError, isLiteral, requireKmsLocation, requireMatch } from "../errors";
import { retainLifecycle } from "../lifecycle";

export interface KmsKeyRingProps {
  /** Key ring name: 1-63 letters, digits, '_' or '-'. */
  readonly name: string;
  /** KMS location: a region (`europe-west1`) or a multi-region (`europe`, `us`). Keys encrypt data in the same location. */
  readonly location: string;
  /**
   * Project that holds the key ring.
   * @default the provider's project
   */
  readonly projectId?: string;
}

/** A key ring as a `KmsKey` needs it: a `KmsKeyRing`, or one managed elsewhere (`KmsKeyRing.fromKeyRingId`). */
export interface IKmsKeyRing extends IConstruct {
  /** Full resource id: `projects/P/locations/L/keyRings/N`. */
  readonly id: string;
  /** KMS location of the ring (a literal when known at synth time); its keys are in it. */
  readonly location: string;
}

/**
 * The KMS location of a key ring or key id (`projects/P/locations/L/...`): validated from a literal id (a
 * clear error naming `field` otherwise); for a Terraform reference, Terraform reads its fourth segment.
 */
export function kmsLocationOfId(
  construct: string,
  field: string,
  id: string,
  pattern: RegExp,
  shape: string,
): string {
  if (!isLiteral(id)) return Fn.element(Fn.split("/", id), 3);
  const parts = pattern.exec(id);
  if (!parts) throw new InvalidPropError(construct, field, id, `must be a full ${shape}`);
  return requireKmsLocation(construct, `${field} (location)`, parts[2]);
}

const KEY_RING_ID =
  /^projects\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/locations\/([^/]+)\/keyRings\/([a-zA-Z0-9_-]{1,63})$/;

/** A key ring managed elsewhere, by id. */
class ImportedKmsKeyRing extends Construct implements IKmsKeyRing {
  constructor(
    scope: Construct,
    constructId: string,
    readonly id: string,
    readonly location: string,
  ) {
    super(scope, constructId);
  }
}

/**
 * A KMS key ring (KMS-2). Google never deletes key rings, so the ring is retained by Terraform too:
 * destroying it would only drop it from state and break every key reference.
 */
export class KmsKeyRing extends Construct implements IKmsKeyRing {
  /**
   * A key ring managed elsewhere, by its full id `projects/P/locations/L/keyRings/N` (a literal, validated
   * here, or a Terraform reference), to create this kit's keys in.
   */
  static fromKeyRingId(scope: Construct, id: string, keyRingId: string): IKmsKeyRing {
    const location = kmsLocationOfId(
      "KmsKeyRing.fromKeyRingId",
      "keyRingId",
      keyRingId,
      KEY_RING_ID,
      "key ring id: projects/<project>/locations/<location>/keyRings/<ring> (project: 6-30 lowercase letters, digits or hyphens; ring: 1-63 letters, digits, '_' or '-')",
    );
    return new ImportedKmsKeyRing(scope, id, keyRingId, location);
  }

  readonly resource: KmsKeyRingResource;
  /** Full resource id: `projects/P/locations/L/keyRings/N`. */
  readonly id: string;
  readonly location: string;

  constructor(scope: Construct, id: string, props: KmsKeyRingProps) {
    super(scope, id);
    requireMatch(
      "KmsKeyRing",
      "name",
      props.name,
      /^[a-zA-Z0-9_-]{1,63}$/,
      "must be 1-63 letters, digits, '_' or '-'",
    );
    requireKmsLocation("KmsKeyRing", "location", props.location);
    this.location = props.location;
    this.resource = new KmsKeyRingResource(this, "key-ring", {
      name: props.name,
      location: props.location,
      project: props.projectId,
      lifecycle: retainLifecycle(false),
    });
    this.id = this.resource.id;
    this.node.defaultChild = this.resource;
  }
}
