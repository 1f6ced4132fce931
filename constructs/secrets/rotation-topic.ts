import { Construct, type IConstruct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { PubsubTopic } from "@cdktf/provider-google/lib/pubsub-topic";
import { PubsubTopicIamMember } from "@cdktf/provider-google/lib/pubsub-topic-iam-member";
import { sameStackDependencies } from "../dependencies";
import type { IKmsKey } from "../kms/key";
import { ServiceAgents } from "../project/service-agents";
import { CONSISTENCY_WAITS, ConsistencyWait } from "../project/waits";

/** Where a secret's rotation reminders go (SEC-4). */
export interface ISecretRotationTopic {
  /** Full topic id: `projects/P/topics/T`. */
  readonly id: string;
  /**
   * Lets the Secret Manager agent publish to the topic; returns what a secret in `dependent`'s stack must
   * depend on.
   */
  grantSecretManagerPublish(dependent: IConstruct): ITerraformDependable[];
}

export interface SecretRotationTopicProps {
  /** Topic name. */
  readonly name: string;
  /** Key that encrypts the reminders at rest; the Pub/Sub service agent is granted on it. */
  readonly encryptionKey: IKmsKey;
  /** Regions where messages may be stored. */
  readonly allowedPersistenceRegions: readonly string[];
}

/**
 * The Pub/Sub topic that receives Secret Manager's rotation reminders (SEC-4), encrypted with a
 * customer-managed key. It owns the one binding that lets the Secret Manager agent publish, so secrets in
 * other stacks (team stacks) can use it without holding a copy of the binding that their destroy would
 * remove.
 */
export class SecretRotationTopic extends Construct implements ISecretRotationTopic {
  readonly resource: PubsubTopic;
  /** Full topic id: `projects/P/topics/T`. */
  readonly id: string;
  /** Wait after the Secret Manager agent's publisher binding; secrets using the topic depend on it. */
  private publisher?: ConsistencyWait;

  constructor(scope: Construct, id: string, props: SecretRotationTopicProps) {
    super(scope, id);
    this.resource = new PubsubTopic(this, "topic", {
      name: props.name,
      kmsKeyName: props.encryptionKey.id,
      messageStoragePolicy: { allowedPersistenceRegions: [...props.allowedPersistenceRegions] },
      dependsOn: props.encryptionKey.grantToServiceAgent("pubsub", this),
    });
    this.id = this.resource.id;
    this.node.defaultChild = this.resource;
  }

  /**
   * Lets the Secret Manager agent publish reminders here (once per topic). Returns what a secret in
   * `dependent`'s stack must depend on: the binding when it is in the same stack, else nothing.
   */
  grantSecretManagerPublish(dependent: IConstruct): ITerraformDependable[] {
    if (!this.publisher) {
      const agents = ServiceAgents.of(this);
      const binding = new PubsubTopicIamMember(this, "secret-manager-publisher", {
        topic: this.id,
        role: "roles/pubsub.publisher",
        member: agents.secretManager.member,
        dependsOn: [agents.ready("secretManager")],
      });
      // Secret Manager checks the publish permission when a secret naming the topic is created.
      this.publisher = new ConsistencyWait(this, "secret-manager-publisher-propagated", {
        duration: CONSISTENCY_WAITS.kmsGrant,
        after: [binding],
      });
    }
    return sameStackDependencies(dependent, [this.publisher]);
  }
}
