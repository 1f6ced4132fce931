import { Construct, type IConstruct } from "constructs";
import {
  classifiedLabels,
  DEFAULT_DATA_CLASSIFICATION,
  requireDataClassification,
  type DataClassification,
} from "../../core/rules/data-classification";
import { StorageBucket, type StorageBucketLifecycleRule } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { InvalidPropError, isLiteral, requireIntegerInRange, requireMatch } from "../errors";
import { ResourceGrants, type Grant } from "../iam/grant";
import type { IPrincipal } from "../iam/principal";
import type { IKmsKey } from "../kms/key";
import { retainLifecycle } from "../lifecycle";
import type { IStorageDataAccessAudit } from "../logging/storage-data-access-logs";
import { requireIdentifierFreeName } from "../classified-name";
import { sameStackDependencies } from "../dependencies";
import { kmsLocationForStorage } from "../../core/rules/storage-locations";

/** GCS-9: where a bucket's access logs go, or why it has none. */
export type BucketAccessLogs =
  | {
      /** Bucket that receives this bucket's usage and storage logs (a `SecureBucket` or an imported bucket). */
      readonly bucket: IBucket;
      /**
       * Object prefix of the logs.
       * @default the bucket's name
       */
      readonly objectPrefix?: string;
    }
  | {
      /**
       * Cloud Audit Logs Data Access entries record this bucket's object reads and writes instead of usage
       * logs: no grant to `group:cloud-storage-analytics@google.com` (refused under domain restricted
       * sharing). The bucket is created after the audit configuration, so it is audited from the start.
       */
      readonly dataAccessAuditLogs: IStorageDataAccessAudit;
    }
  | {
      /** Why this bucket has no access logs (e.g. it is itself the access-log bucket); shown in reviews. */
      readonly disabledBecause: string;
    };

export interface SecureBucketProps {
  /** Globally unique bucket name; validated before synthesis. */
  readonly name: string;
  /** GCS-8: a replicated location (`EU`, `US`, `NAM4`, ...) for customer data, or a region. */
  readonly location: string;
  /**
   * GCS-5: key that encrypts every object (a `KmsKey`, or `KmsKey.fromKeyId(...)` for a key managed
   * elsewhere); must be in the KMS location covering `location`.
   */
  readonly encryptionKey: IKmsKey;
  /** GCS-9: usage-log destination, Data Access audit logs, or an explicit reason for neither. */
  readonly accessLogs: BucketAccessLogs;
  /**
   * GCS-7: days a noncurrent object version is kept before deletion. Counts toward the termination
   * bound: deleteAfterCustomTimeDays + this + softDeleteDays must be at most 60 days.
   * @default 23
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * GCS-7: delete objects this many days after their custom time, which `npm run terminate-customer`
   * sets when a customer's contract terminates ("customer data is deleted 60 days after termination";
   * with the defaults, 30 + 23 noncurrent + 7 soft delete = 60).
   * @default 30
   */
  readonly deleteAfterCustomTimeDays?: number;
  /**
   * Delete live objects this many days after creation (for log buckets).
   * @default never
   */
  readonly expireObjectsAfterDays?: number;
  /**
   * GCS-6: days a deleted object stays restorable (GCS allows 7-90).
   * @default 7
   */
  readonly softDeleteDays?: number;
  /**
   * GCS-10: retention policy; objects cannot be deleted or replaced before it ends. A locked policy
   * can never be shortened or removed: lock only log buckets whose retention is settled. It replaces
   * versioning (Cloud Storage refuses both), and GCS-7 counts its days toward the termination bound.
   * @default none
   */
  readonly retention?: { readonly days: number; readonly locked: boolean };
  /**
   * Labels on the bucket (`data_classification` comes from `dataClassification`).
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * DATA-1: what the bucket holds, written as its `data_classification` label. `restricted` (PHI) adds
   * the policy's stricter rules (DATA-2: access logs, identifier-free name; DATA-4: no key shared with
   * `public` data).
   * @default "restricted" (the secure choice: under-classified PHI loses protections silently)
   */
  readonly dataClassification?: DataClassification;
  /**
   * GCS-4 opt-out: let `terraform destroy` delete the (empty) bucket. Objects are never force-deleted.
   * @default false
   */
  readonly allowDestroy?: boolean;
}

const BUCKET_NAME = /^(?!goog)(?!.*google)[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;
/** Existing buckets may also be domain-named (dots, up to 222 characters, each part at most 63). */
const IMPORTED_BUCKET_NAME =
  /^(?!goog)(?!.*google)(?=.{3,222}$)[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/;

/**
 * A Cloud Storage bucket as other constructs and workloads need it: a `SecureBucket`, or a bucket managed
 * elsewhere (`SecureBucket.fromBucketName`). Grants create one `google_storage_bucket_iam_member` per role
 * and principal, in the stack that declares the bucket (or the import).
 */
export interface IBucket extends IConstruct {
  /** Bucket name. */
  readonly name: string;
  /** `gs://` URL. */
  readonly url: string;
  /** Lets `principal` list and read objects (`roles/storage.objectViewer`). */
  grantRead(principal: IPrincipal): Grant<StorageBucketIamMember>;
  /** Lets `principal` create objects, not overwrite or delete them (`roles/storage.objectCreator`). */
  grantPut(principal: IPrincipal): Grant<StorageBucketIamMember>;
  /** Lets `principal` read, create, overwrite and delete objects (`roles/storage.objectUser`). */
  grantReadWrite(principal: IPrincipal): Grant<StorageBucketIamMember>;
  /** Lets Cloud Storage deliver other buckets' usage logs into this bucket (GCS-9). */
  grantAccessLogDelivery(): Grant<StorageBucketIamMember>;
}

/** The grants shared by a kit bucket and an imported one. */
abstract class BucketBase extends Construct implements IBucket {
  abstract readonly name: string;
  abstract readonly url: string;
  private readonly grants = new ResourceGrants<StorageBucketIamMember>(
    "SecureBucket",
    (id, role, member) => new StorageBucketIamMember(this, id, { bucket: this.name, role, member }),
  );

  /** Lets `principal` list and read objects. */
  grantRead(principal: IPrincipal): Grant<StorageBucketIamMember> {
    return this.grants.grant(principal, { role: "roles/storage.objectViewer", verb: "read" });
  }

  /** Lets `principal` create objects (not overwrite or delete them). */
  grantPut(principal: IPrincipal): Grant<StorageBucketIamMember> {
    // The verb stays "create": it names the binding's Terraform address.
    return this.grants.grant(principal, { role: "roles/storage.objectCreator", verb: "create" });
  }

  /** Lets `principal` read, create, overwrite and delete objects. */
  grantReadWrite(principal: IPrincipal): Grant<StorageBucketIamMember> {
    return this.grants.grant(principal, { role: "roles/storage.objectUser", verb: "read-write" });
  }

  /** Lets Cloud Storage deliver other buckets' access logs into this bucket (GCS-9). */
  grantAccessLogDelivery(): Grant<StorageBucketIamMember> {
    return this.grantPut({
      member: "group:cloud-storage-analytics@google.com",
      principalId: "storage-analytics",
    });
  }
}

/** A bucket managed elsewhere, by name. */
class ImportedBucket extends BucketBase {
  readonly url: string;

  constructor(
    scope: Construct,
    id: string,
    readonly name: string,
  ) {
    super(scope, id);
    this.url = `gs://${name}`;
  }
}

/**
 * A bucket for sensitive data: public access prevention enforced (GCS-1), uniform bucket-level access
 * (GCS-2), IAM only through `grant*` for named principals (GCS-3), versioning with no force-destroy and
 * retained by Terraform (GCS-4), CMEK with the Storage service agent granted on the key (GCS-5), soft
 * delete (GCS-6), lifecycle for noncurrent versions and terminated customers' data (GCS-7), replicated
 * location (GCS-8) and access logs (GCS-9).
 */
export class SecureBucket extends BucketBase {
  /**
   * A bucket managed elsewhere, by name (a literal, validated here, or a Terraform reference): grant access
   * to it or send access logs to it. Its settings are not this stack's: the policy check judges what this
   * stack synthesizes (the bindings), not the imported bucket.
   */
  static fromBucketName(scope: Construct, id: string, bucketName: string): IBucket {
    requireMatch(
      "SecureBucket.fromBucketName",
      "bucketName",
      bucketName,
      IMPORTED_BUCKET_NAME,
      "must be a bucket name: 3-63 lowercase letters, digits, '-' or '_' (up to 222 with dot-separated parts of at most 63), starting and ending with a letter or digit, not starting with 'goog' or containing 'google'",
    );
    return new ImportedBucket(scope, id, bucketName);
  }

  readonly resource: StorageBucket;
  /** Bucket name (a Terraform reference, so dependents wait for the bucket). */
  readonly name: string;
  /** `gs://` URL. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    requireMatch(
      "SecureBucket",
      "name",
      props.name,
      BUCKET_NAME,
      "must be 3-63 lowercase letters, digits, '-' or '_', start and end with a letter or digit, and not start with 'goog' or contain 'google'",
    );
    const classification = requireDataClassification(
      "SecureBucket",
      "dataClassification",
      props.dataClassification ?? DEFAULT_DATA_CLASSIFICATION,
    );
    requireIdentifierFreeName(this, "SecureBucket", "name", props.name, classification);
    const keyLocation = kmsLocationForStorage(props.location);
    if (isLiteral(props.encryptionKey.location) && props.encryptionKey.location !== keyLocation) {
      throw new InvalidPropError(
        "SecureBucket",
        "encryptionKey",
        props.encryptionKey.location,
        `a bucket in ${props.location} needs a key in KMS location "${keyLocation}"`,
      );
    }
    if ("disabledBecause" in props.accessLogs && props.accessLogs.disabledBecause.trim().length < 10) {
      throw new InvalidPropError(
        "SecureBucket",
        "accessLogs.disabledBecause",
        props.accessLogs.disabledBecause,
        "must explain in at least 10 characters why this bucket has no access logs",
      );
    }
    const softDeleteDays = requireIntegerInRange(
      "SecureBucket",
      "softDeleteDays",
      props.softDeleteDays ?? 7,
      7,
      90,
    );

    // GCS-5: the service agent must hold the key before the bucket can use it.
    const keyGrant = props.encryptionKey.grantToServiceAgent("storage", this);
    const logs = "bucket" in props.accessLogs ? props.accessLogs : undefined;
    if (logs) logs.bucket.grantAccessLogDelivery();

    this.resource = new StorageBucket(this, "bucket", {
      name: props.name,
      location: props.location,
      publicAccessPrevention: "enforced",
      uniformBucketLevelAccess: true,
      forceDestroy: false,
      // GCS-4: versioning, or the retention policy instead (Cloud Storage refuses both on one bucket).
      versioning: { enabled: props.retention === undefined },
      encryption: { defaultKmsKeyName: props.encryptionKey.id },
      softDeletePolicy: { retentionDurationSeconds: softDeleteDays * 86400 },
      lifecycleRule: lifecycleRules(props),
      logging: logs
        ? { logBucket: logs.bucket.name, logObjectPrefix: logs.objectPrefix ?? props.name }
        : undefined,
      retentionPolicy: props.retention
        ? {
            retentionPeriod:
              requireIntegerInRange("SecureBucket", "retention.days", props.retention.days, 1, 36500) * 86400,
            isLocked: props.retention.locked,
          }
        : undefined,
      labels: classifiedLabels("SecureBucket", props.labels, classification),
      lifecycle: retainLifecycle(props.allowDestroy),
      dependsOn: [
        ...keyGrant,
        ...("dataAccessAuditLogs" in props.accessLogs
          ? sameStackDependencies(this, [props.accessLogs.dataAccessAuditLogs.auditConfig])
          : []),
      ],
    });
    this.name = this.resource.name;
    this.url = this.resource.url;
    this.node.defaultChild = this.resource;
  }
}

function lifecycleRules(props: SecureBucketProps): StorageBucketLifecycleRule[] {
  const rules: StorageBucketLifecycleRule[] = [
    {
      action: { type: "Delete" },
      condition: {
        daysSinceNoncurrentTime: requireIntegerInRange(
          "SecureBucket",
          "noncurrentVersionRetentionDays",
          props.noncurrentVersionRetentionDays ?? 23,
          1,
          3650,
        ),
        withState: "ARCHIVED",
      },
    },
    {
      action: { type: "Delete" },
      condition: {
        daysSinceCustomTime: requireIntegerInRange(
          "SecureBucket",
          "deleteAfterCustomTimeDays",
          props.deleteAfterCustomTimeDays ?? 30,
          1,
          3650,
        ),
      },
    },
  ];
  if (props.expireObjectsAfterDays !== undefined) {
    rules.push({
      action: { type: "Delete" },
      condition: {
        age: requireIntegerInRange(
          "SecureBucket",
          "expireObjectsAfterDays",
          props.expireObjectsAfterDays,
          1,
          36500,
        ),
        withState: "LIVE",
      },
    });
  }
  return rules;
}
