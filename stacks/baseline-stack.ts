import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { PubsubTopic } from "@cdktf/provider-google/lib/pubsub-topic";
import type { EnvironmentConfig } from "../config/schema/environment";
import { KeyChain } from "../constructs/kms/key-chain";
import type { KmsKey } from "../constructs/kms/key";
import { ProjectApis } from "../constructs/project/project-apis";
import { ServiceAgents } from "../constructs/project/service-agents";
import { EncryptedSecret } from "../constructs/secrets/encrypted-secret";
import { SecureBucket } from "../constructs/storage/secure-bucket";
import { kmsLocationForStorage } from "../constructs/storage/locations";

/** APIs the baseline uses; enabled before anything else and never disabled on destroy. */
export const BASELINE_APIS = [
  "cloudkms.googleapis.com",
  "cloudresourcemanager.googleapis.com",
  "iam.googleapis.com",
  "logging.googleapis.com",
  "monitoring.googleapis.com",
  "pubsub.googleapis.com",
  "secretmanager.googleapis.com",
  "serviceusage.googleapis.com",
  "storage.googleapis.com",
];

export interface BaselineStackProps {
  /** The validated environment this stack provisions. */
  readonly environment: EnvironmentConfig;
}

/** Stack name for an environment: `baseline-<env>`. */
export function baselineStackName(environment: Pick<EnvironmentConfig, "name">): string {
  return `baseline-${environment.name}`;
}

/**
 * The hardened baseline of one environment: APIs, keys per purpose, a data bucket with its access-log
 * bucket, and secrets, every control on by default.
 */
export class BaselineStack extends TerraformStack {
  readonly environment: EnvironmentConfig;
  readonly keys: KeyChain;
  /** Customer data bucket (GCS-1..9). */
  readonly dataBucket: SecureBucket;
  /** Receives the data bucket's access logs (GCS-9). */
  readonly accessLogBucket: SecureBucket;
  /** An example application secret; its value is added out of band or with `setValueFrom`. */
  readonly exampleSecret: EncryptedSecret;

  constructor(scope: Construct, props: BaselineStackProps) {
    const env = props.environment;
    super(scope, baselineStackName(env));
    this.environment = env;
    const labels = { ...env.labels, environment: env.name, "managed-by": "cdktf-baseline" };

    new GoogleProvider(this, "google", {
      project: env.projectId,
      region: env.region,
      defaultLabels: labels,
      addTerraformAttributionLabel: true,
    });
    const apis = new ProjectApis(this, "apis", { projectId: env.projectId, services: BASELINE_APIS });
    new ServiceAgents(this, { projectId: env.projectId, dependsOn: apis.resources });

    this.keys = new KeyChain(this, "keys", {
      ringNamePrefix: `baseline-${env.name}`,
      rotationDays: env.kms.rotationDays,
      protectionLevel: env.kms.protectionLevel,
      destroyScheduledDays: env.kms.destroyScheduledDays,
    });
    const storageKey = this.keys.keyFor("storage", kmsLocationForStorage(env.storage.location));

    this.accessLogBucket = new SecureBucket(this, "access-log-bucket", {
      name: `${env.projectId}-access-logs`,
      location: env.storage.location,
      encryptionKey: storageKey,
      accessLogs: {
        disabledBecause: "this bucket is the access-log sink; logging it into itself would loop",
      },
      expireObjectsAfterDays: env.storage.accessLogRetentionDays,
      noncurrentVersionRetentionDays: env.storage.noncurrentVersionRetentionDays,
      softDeleteDays: env.storage.softDeleteDays,
    });
    this.dataBucket = new SecureBucket(this, "data-bucket", {
      name: `${env.projectId}-data`,
      location: env.storage.location,
      encryptionKey: storageKey,
      accessLogs: { bucket: this.accessLogBucket },
      noncurrentVersionRetentionDays: env.storage.noncurrentVersionRetentionDays,
      deleteAfterCustomTimeDays: env.storage.deleteAfterTerminationDays,
      softDeleteDays: env.storage.softDeleteDays,
    });

    this.exampleSecret = this.secret("app-signing-key");
  }

  /** The key for `purpose` in the environment's region (secrets, database, logs). */
  regionalKey(purpose: string): KmsKey {
    return this.keys.keyFor(purpose, this.environment.region);
  }

  /** A secret replicated to the environment's secret locations, each replica under its own key. */
  secret(secretId: string, id: string = secretId): EncryptedSecret {
    const env = this.environment;
    const locations = env.secrets.replicaLocations ?? [env.region];
    return new EncryptedSecret(this, id, {
      secretId,
      replicas: locations.map((location) => ({ location, key: this.keys.keyFor("secrets", location) })),
      versionDestroyDays: env.secrets.versionDestroyDays,
      rotation: env.secrets.rotationDays
        ? { periodDays: env.secrets.rotationDays, topicId: this.rotationTopic().id }
        : undefined,
    });
  }

  private rotationTopicResource?: PubsubTopic;

  /** Topic that receives Secret Manager's rotation reminders; encrypted with the secrets key. */
  private rotationTopic(): PubsubTopic {
    if (!this.rotationTopicResource) {
      const key = this.regionalKey("secrets");
      const grant = key.grantEncryptDecrypt(ServiceAgents.of(this).pubsub);
      this.rotationTopicResource = new PubsubTopic(this, "secret-rotation-topic", {
        name: "secret-rotation-reminders",
        kmsKeyName: key.id,
        messageStoragePolicy: { allowedPersistenceRegions: [this.environment.region] },
        dependsOn: [grant],
      });
    }
    return this.rotationTopicResource;
  }
}
