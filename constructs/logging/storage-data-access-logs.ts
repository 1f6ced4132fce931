import { Construct, type IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";
import { AUDIT_LOG_TYPES } from "../../core/rules/audit-logs";

/** Something whose audit configuration records every read and write of Cloud Storage objects. */
export interface IStorageDataAccessAudit {
  /** A `google_project_iam_audit_config` with DATA_READ and DATA_WRITE for Cloud Storage (or allServices). */
  readonly auditConfig: ProjectIamAuditConfig;
}

const ID = "storage-data-access-logs";

/**
 * GCS-9 without usage logs: Cloud Audit Logs Data Access entries (DATA_READ, DATA_WRITE, and ADMIN_READ)
 * for `storage.googleapis.com`, which record who read or wrote which object, in the project's audit log.
 * Unlike usage logs they need no grant to `group:cloud-storage-analytics@google.com`, which the domain
 * restricted sharing constraint (enforced by default in organizations created since May 2024) refuses.
 *
 * One per stack (`StorageDataAccessLogs.of`), so each stack holding buckets carries its own evidence. The
 * resource is authoritative for the storage service's audit config only; stacks that declare it declare the
 * same value, so they never disagree, and the baseline's allServices config covers storage as well.
 */
export class StorageDataAccessLogs extends Construct implements IStorageDataAccessAudit {
  /** The stack's instance, created on first use. */
  static of(scope: IConstruct, projectId: string): StorageDataAccessLogs {
    const stack = TerraformStack.of(scope);
    const found = stack.node.tryFindChild(ID);
    if (found instanceof StorageDataAccessLogs) return found;
    return new StorageDataAccessLogs(stack, projectId);
  }

  readonly auditConfig: ProjectIamAuditConfig;
  /** The construct's main resource, the audit config (`auditConfig`); also `node.defaultChild`. */
  readonly resource: ProjectIamAuditConfig;

  private constructor(scope: Construct, projectId: string) {
    super(scope, ID);
    this.auditConfig = new ProjectIamAuditConfig(this, "storage", {
      project: projectId,
      service: "storage.googleapis.com",
      auditLogConfig: AUDIT_LOG_TYPES.map((logType) => ({ logType })),
    });
    this.resource = this.auditConfig;
    this.node.defaultChild = this.auditConfig;
  }
}
