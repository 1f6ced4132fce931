import { Construct, type IConstruct } from "constructs";
import { Fn, type ITerraformDependable } from "cdktf";
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { SecretManagerSecretVersion } from "@cdktf/provider-google/lib/secret-manager-secret-version";
import { InvalidPropError, isLiteral, requireIntegerInRange, requireMatch } from "../errors";
import { requireWithinRetentionBound } from "../retention-bounds";
import { ResourceGrants, type Grant } from "../iam/grant";
import type { IPrincipal } from "../iam/principal";
import type { IKmsKey } from "../kms/key";
import { daysToDuration, retainLifecycle } from "../lifecycle";
import type { ISecretRotationTopic } from "./rotation-topic";

/** SEC-1: one replica location and the key (in that location) that encrypts it. */
export interface SecretReplica {
  /** Region that holds the replica. */
  readonly location: string;
  /** Key in the same location (a `KmsKey`, or `KmsKey.fromKeyId(...)` for a key managed elsewhere). */
  readonly key: IKmsKey;
}

/** SEC-4: a reminder to rotate, published to a Pub/Sub topic. */
export interface SecretRotation {
  /** Days between reminders. */
  readonly periodDays: number;
  /** Topic that receives the reminders; it grants the Secret Manager agent the right to publish. */
  readonly topic: ISecretRotationTopic;
}

/** How `setValueFrom` writes the value. */
export interface SecretValueOptions {
  /**
   * Write the value once and keep it: a later change of the source never replaces the version (a provider
   * that reads a credential back empty, as Upstash does with Credential Protection on, would otherwise
   * replace it with an empty one), and an empty value fails the deploy. A new value is written only on
   * purpose: `terraform apply -replace=<version address>` in the stack's directory.
   * @default false
   */
  readonly writeOnce?: boolean;
}

export interface EncryptedSecretProps {
  /** Secret id: 1-255 letters, digits, '_' or '-'. Never put customer data or PHI in it. */
  readonly secretId: string;
  /** SEC-1: replica locations, each encrypted with a customer-managed key in the same location. */
  readonly replicas: readonly SecretReplica[];
  /**
   * SEC-2: days a destroyed version stays recoverable before it is really destroyed.
   * @default 7
   */
  readonly versionDestroyDays?: number;
  /**
   * SEC-4: rotation reminders.
   * @default no reminder
   */
  readonly rotation?: SecretRotation;
  /**
   * Labels on the secret.
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * SEC-3 opt-out: let Terraform delete the secret and its versions.
   * @default false
   */
  readonly allowDestroy?: boolean;
}

/**
 * A Secret Manager secret as workloads and other constructs need it: an `EncryptedSecret`, or a secret
 * managed elsewhere (`EncryptedSecret.fromSecretId`).
 */
export interface ISecret extends IConstruct {
  /** Full secret id: `projects/P/secrets/S`. */
  readonly id: string;
  /** Lets `principal` read this secret's values, and only this secret's (`roles/secretmanager.secretAccessor`). */
  grantRead(principal: IPrincipal): Grant<SecretManagerSecretIamMember>;
}

/** `projects/P/secrets/S`. */
const SECRET_RESOURCE_ID =
  /^projects\/([a-z][a-z0-9-]{4,28}[a-z0-9]|[0-9]{1,20})\/secrets\/[a-zA-Z0-9_-]{1,255}$/;

/** The grants shared by a kit secret and an imported one. */
abstract class SecretBase extends Construct implements ISecret {
  abstract readonly id: string;
  private readonly grants = new ResourceGrants<SecretManagerSecretIamMember>(
    "EncryptedSecret",
    (id, role, member) => new SecretManagerSecretIamMember(this, id, { secretId: this.id, role, member }),
  );

  /** Lets `principal` read this secret's values (and only this secret's). */
  grantRead(principal: IPrincipal): Grant<SecretManagerSecretIamMember> {
    return this.grants.grant(principal, { role: "roles/secretmanager.secretAccessor", verb: "accessor" });
  }
}

/** A secret managed elsewhere, by its full id. */
class ImportedSecret extends SecretBase {
  constructor(
    scope: Construct,
    constructId: string,
    readonly id: string,
  ) {
    super(scope, constructId);
  }
}

/**
 * A Secret Manager secret with CMEK per replica in pinned locations (SEC-1), delayed version destroy
 * (SEC-2), deletion protection (SEC-3), optional rotation reminders (SEC-4) and accessor IAM scoped to
 * this secret (SEC-5). Values never appear in configuration: a version takes its value from another
 * resource's attribute (SEC-6).
 */
export class EncryptedSecret extends SecretBase {
  /**
   * A secret managed elsewhere, by its full id `projects/<project>/secrets/<secret>` (a literal, validated
   * here, or a Terraform reference), to grant access to it. The policy check judges the bindings this stack
   * synthesizes, not the imported secret.
   */
  static fromSecretId(scope: Construct, id: string, secretResourceId: string): ISecret {
    requireMatch(
      "EncryptedSecret.fromSecretId",
      "secretResourceId",
      secretResourceId,
      SECRET_RESOURCE_ID,
      "must be a full secret id: projects/<project id or number>/secrets/<secret> (secret: 1-255 letters, digits, '_' or '-')",
    );
    return new ImportedSecret(scope, id, secretResourceId);
  }

  readonly resource: SecretManagerSecret;
  /** Full secret id: `projects/P/secrets/S`. */
  readonly id: string;
  /** The secret's short id, as given. */
  readonly secretId: string;
  private version?: SecretManagerSecretVersion;

  constructor(scope: Construct, id: string, props: EncryptedSecretProps) {
    super(scope, id);
    requireMatch(
      "EncryptedSecret",
      "secretId",
      props.secretId,
      /^[a-zA-Z0-9_-]{1,255}$/,
      "must be 1-255 letters, digits, '_' or '-'",
    );
    if (props.replicas.length === 0) {
      throw new InvalidPropError(
        "EncryptedSecret",
        "replicas",
        [],
        "must name at least one replica location and key",
      );
    }
    props.replicas.forEach((replica, i) => {
      if (isLiteral(replica.key.location) && replica.key.location !== replica.location) {
        throw new InvalidPropError(
          "EncryptedSecret",
          `replicas[${i}].key`,
          replica.key.location,
          `the key must be in the replica's location "${replica.location}"`,
        );
      }
    });
    const destroyDays = requireWithinRetentionBound(
      this,
      "EncryptedSecret",
      "versionDestroyDays",
      requireIntegerInRange("EncryptedSecret", "versionDestroyDays", props.versionDestroyDays ?? 7, 1, 30),
      "maxSecretVersionRecoveryDays",
    );

    const prerequisites: ITerraformDependable[] = props.replicas.flatMap((replica) =>
      replica.key.grantToServiceAgent("secretManager", this),
    );
    if (props.rotation) {
      requireIntegerInRange("EncryptedSecret", "rotation.periodDays", props.rotation.periodDays, 1, 36500);
      prerequisites.push(...props.rotation.topic.grantSecretManagerPublish(this));
    }

    this.secretId = props.secretId;
    this.resource = new SecretManagerSecret(this, "secret", {
      secretId: props.secretId,
      replication: {
        userManaged: {
          replicas: props.replicas.map((replica) => ({
            location: replica.location,
            customerManagedEncryption: { kmsKeyName: replica.key.id },
          })),
        },
      },
      versionDestroyTtl: daysToDuration(destroyDays),
      deletionProtection: props.allowDestroy !== true,
      rotation: props.rotation
        ? {
            rotationPeriod: daysToDuration(props.rotation.periodDays),
            // Set once at creation; afterwards Secret Manager advances it, so Terraform ignores it.
            nextRotationTime: Fn.timeadd(Fn.timestamp(), `${props.rotation.periodDays * 24}h`),
          }
        : undefined,
      topics: props.rotation ? [{ name: props.rotation.topic.id }] : undefined,
      labels: props.labels,
      lifecycle: {
        ...retainLifecycle(props.allowDestroy),
        ignoreChanges: props.rotation ? ["rotation[0].next_rotation_time"] : undefined,
      },
      dependsOn: prerequisites,
    });
    this.id = this.resource.id;
    this.node.defaultChild = this.resource;
  }

  /**
   * Stores a value produced by another resource (a generated password, a provider's token) as the
   * secret's version. Literal strings are refused: a literal would sit in the repository and the
   * synthesized JSON (SEC-6).
   */
  setValueFrom(value: string, options: SecretValueOptions = {}): SecretManagerSecretVersion {
    if (isLiteral(value)) {
      throw new InvalidPropError(
        "EncryptedSecret",
        "setValueFrom(value)",
        "<literal string, not shown>",
        "must be a reference to another resource's attribute (e.g. a generated password); literal secret values are refused (SEC-6)",
      );
    }
    if (this.version) {
      throw new Error(
        `${this.node.path}: setValueFrom was already called; a secret takes its value from one source`,
      );
    }
    this.version = new SecretManagerSecretVersion(this, "version", {
      secret: this.resource.id,
      secretData: value,
      deletionPolicy: "DISABLE",
      lifecycle: options.writeOnce
        ? {
            // secret_data forces a new version: a source that later reads back empty (Upstash with
            // Credential Protection on) would otherwise replace the credential with an empty one. `enabled`
            // too: after a rotation outside Terraform the old version is disabled by hand and stays so.
            ignoreChanges: ["secret_data", "enabled"],
            // Checked against the planned version: the written value, which ignore_changes then keeps.
            postcondition: [
              {
                condition: "${nonsensitive(length(self.secret_data) > 0)}",
                errorMessage: `${this.secretId}: the value to store is empty; the source returned no credential (with Upstash Credential Protection on, see docs/redis.md)`,
              },
            ],
          }
        : undefined,
    });
    return this.version;
  }
}
