import { dependable } from "cdktf";
import { Construct } from "constructs";
import { DataGoogleLoggingProjectCmekSettings } from "@cdktf/provider-google/lib/data-google-logging-project-cmek-settings";
import { LoggingProjectBucketConfig } from "@cdktf/provider-google/lib/logging-project-bucket-config";
import { LoggingProjectSink } from "@cdktf/provider-google/lib/logging-project-sink";
import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";
import { InvalidPropError, isLiteral, requireIntegerInRange, requireMatch } from "../errors";
import type { IKmsKey } from "../kms/key";
import { retainLifecycle } from "../lifecycle";
import { CONSISTENCY_WAITS, ConsistencyWait } from "../project/waits";
import { AUDIT_LOG_TYPES } from "../../core/rules/audit-logs";

/** LOG-2: the sink routes every Cloud Audit Logs stream (activity, data access, system event, policy). */
export const AUDIT_LOG_FILTER = 'logName:"cloudaudit.googleapis.com"';

export interface AuditLoggingProps {
  /** Project whose audit logs are configured and kept. */
  readonly projectId: string;
  /** Region of the log bucket; the key must be in the same location (Cloud Logging CMEK requires it). */
  readonly location: string;
  /** LOG-2: key that encrypts the log bucket. The Cloud Logging service account is granted on it. */
  readonly encryptionKey: IKmsKey;
  /**
   * Log bucket id.
   * @default "audit-logs"
   */
  readonly bucketId?: string;
  /**
   * LOG-2: days log entries are kept (Cloud Logging allows 1-3650).
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * LOG-2 / CIS 2.3: lock the bucket's retention. IRREVERSIBLE: a locked bucket can never be
   * unlocked, its retention never shortened and the bucket not deleted before every entry has aged
   * out. Turn it on per environment once the retention period is settled (typically production).
   * @default false
   */
  readonly locked?: boolean;
  /**
   * Opt-out of `prevent_destroy` on the log bucket.
   * @default false
   */
  readonly allowDestroy?: boolean;
}

/**
 * Audit logging for a project: Data Access audit logs for all services with no exemptions (LOG-1),
 * and a sink of every audit log into a CMEK-encrypted, optionally locked, retained log bucket (LOG-2).
 */
export class AuditLogging extends Construct {
  readonly auditConfig: ProjectIamAuditConfig;
  readonly bucket: LoggingProjectBucketConfig;
  /** The construct's main resource, the CMEK log bucket (`bucket`); also `node.defaultChild`. */
  readonly resource: LoggingProjectBucketConfig;
  readonly sink: LoggingProjectSink;

  constructor(scope: Construct, id: string, props: AuditLoggingProps) {
    super(scope, id);
    const bucketId = requireMatch(
      "AuditLogging",
      "bucketId",
      props.bucketId ?? "audit-logs",
      /^(?!_)[A-Za-z0-9_-]{1,100}$/,
      "must be 1-100 letters, digits, '_' or '-' and not start with '_' (reserved for _Default and _Required)",
    );
    const retentionDays = requireIntegerInRange(
      "AuditLogging",
      "retentionDays",
      props.retentionDays ?? 365,
      1,
      3650,
    );
    if (isLiteral(props.encryptionKey.location) && props.encryptionKey.location !== props.location) {
      throw new InvalidPropError(
        "AuditLogging",
        "encryptionKey",
        props.encryptionKey.location,
        `the key must be in the log bucket's location "${props.location}"`,
      );
    }

    // LOG-1: no exempted_members, so nobody's data access escapes the record.
    this.auditConfig = new ProjectIamAuditConfig(this, "all-services", {
      project: props.projectId,
      service: "allServices",
      auditLogConfig: AUDIT_LOG_TYPES.map((logType) => ({ logType })),
    });

    // The project's Cloud Logging service account encrypts the bucket; its email comes from the API.
    const cmek = new DataGoogleLoggingProjectCmekSettings(this, "cmek-settings", {
      project: props.projectId,
    });
    const keyGrant = props.encryptionKey.grantEncryptDecrypt({
      member: `serviceAccount:${cmek.serviceAccountId}`,
      principalId: "logging-service-agent",
    }).binding;
    // The agent is created by the read above and is unknown to IAM for a while; the grant then propagates.
    const agentReady = new ConsistencyWait(this, "logging-service-agent-ready", {
      duration: CONSISTENCY_WAITS.serviceAgent,
      after: [cmek],
    });
    keyGrant.dependsOn = [...(keyGrant.dependsOn ?? []), dependable(agentReady)];
    const keyGrantPropagated = new ConsistencyWait(this, "key-grant-propagated", {
      duration: CONSISTENCY_WAITS.kmsGrant,
      after: [keyGrant],
    });

    this.bucket = new LoggingProjectBucketConfig(this, "bucket", {
      project: props.projectId,
      location: props.location,
      bucketId,
      description: "Cloud Audit Logs (admin activity, data access, system event, policy denied)",
      retentionDays,
      locked: props.locked === true,
      cmekSettings: { kmsKeyName: props.encryptionKey.id },
      lifecycle: retainLifecycle(props.allowDestroy),
      dependsOn: [keyGrantPropagated],
    });

    this.resource = this.bucket;
    this.node.defaultChild = this.bucket;

    // A log bucket in the same project needs no grant for the sink's writer identity.
    this.sink = new LoggingProjectSink(this, "sink", {
      project: props.projectId,
      name: `${bucketId}-sink`,
      description: "Routes every Cloud Audit Logs entry into the CMEK, retained audit log bucket",
      destination: `logging.googleapis.com/${this.bucket.id}`,
      filter: AUDIT_LOG_FILTER,
      uniqueWriterIdentity: true,
    });
  }
}
