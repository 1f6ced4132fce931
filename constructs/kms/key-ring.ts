import { Construct } from "constructs";
import { KmsKeyRing as KmsKeyRingResource } from "@cdktf/provider-google/lib/kms-key-ring";
import { requireMatch } from "../errors";
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

/**
 * A KMS key ring (KMS-2). Google never deletes key rings, so the ring is retained by Terraform too:
 * destroying it would only drop it from state and break every key reference.
 */
export class KmsKeyRing extends Construct {
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
    requireMatch(
      "KmsKeyRing",
      "location",
      props.location,
      /^[a-z]+(-[a-z]+[0-9]+)?$/,
      "must be a KMS location such as europe-west1, europe or us",
    );
    this.location = props.location;
    this.resource = new KmsKeyRingResource(this, "key-ring", {
      name: props.name,
      location: props.location,
      project: props.projectId,
      lifecycle: retainLifecycle(false),
    });
    this.id = this.resource.id;
  }
}
