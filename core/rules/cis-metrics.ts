/** Severity of an alert policy, as Cloud Monitoring names it. */
export type AlertSeverity = "CRITICAL" | "ERROR" | "WARNING";

/** One CIS log-based metric: what to count, and how loudly to page when it counts anything. */
export interface CisLogMetric {
  /** Our control id (MON-1..MON-8). */
  readonly controlId: string;
  /** The control's title in the policy check and its reports. */
  readonly controlTitle: string;
  /** CIS Google Cloud Platform Foundation Benchmark recommendation. */
  readonly cis: string;
  /** Metric name (`logging.googleapis.com/user/<name>`); stable, because alert filters name it. */
  readonly name: string;
  /** What the metric counts, for display names and alert documentation. */
  readonly title: string;
  /** Severity of the alert on this metric. */
  readonly severity: AlertSeverity;
  /**
   * The log filter, verbatim from the benchmark: compliance scanners (Prowler, Security Command
   * Center) match these strings exactly, so do not reformat or "improve" them.
   */
  readonly filter: string;
}

/**
 * CIS 2.4-2.11 log metric filters (MON-1..MON-8), copied verbatim from the benchmark. SecurityAlerts creates
 * the metrics from this list and the policy's MON-1..8 look for exactly these filters.
 */
export const CIS_LOG_METRICS: readonly CisLogMetric[] = [
  {
    controlId: "MON-1",
    controlTitle: "Alert on project ownership changes",
    cis: "2.4",
    name: "cis-project-ownership-changes",
    title: "Project ownership assignments and changes",
    severity: "CRITICAL",
    filter:
      '(protoPayload.serviceName="cloudresourcemanager.googleapis.com") AND (ProjectOwnership OR projectOwnerInvitee) OR (protoPayload.serviceData.policyDelta.bindingDeltas.action="REMOVE" AND protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner") OR (protoPayload.serviceData.policyDelta.bindingDeltas.action="ADD" AND protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner")',
  },
  {
    controlId: "MON-2",
    controlTitle: "Alert on audit configuration changes",
    cis: "2.5",
    name: "cis-audit-config-changes",
    title: "Audit configuration changes",
    severity: "CRITICAL",
    filter:
      'protoPayload.methodName="SetIamPolicy" AND protoPayload.serviceData.policyDelta.auditConfigDeltas:*',
  },
  {
    controlId: "MON-3",
    controlTitle: "Alert on custom role changes",
    cis: "2.6",
    name: "cis-custom-role-changes",
    title: "Custom role changes",
    severity: "WARNING",
    filter:
      'resource.type="iam_role" AND (protoPayload.methodName="google.iam.admin.v1.CreateRole" OR protoPayload.methodName="google.iam.admin.v1.DeleteRole" OR protoPayload.methodName="google.iam.admin.v1.UpdateRole")',
  },
  {
    controlId: "MON-4",
    controlTitle: "Alert on VPC firewall rule changes",
    cis: "2.7",
    name: "cis-vpc-firewall-rule-changes",
    title: "VPC firewall rule changes",
    severity: "WARNING",
    filter:
      'resource.type="gce_firewall_rule" AND (protoPayload.methodName:"compute.firewalls.patch" OR protoPayload.methodName:"compute.firewalls.insert" OR protoPayload.methodName:"compute.firewalls.delete")',
  },
  {
    controlId: "MON-5",
    controlTitle: "Alert on VPC route changes",
    cis: "2.8",
    name: "cis-vpc-route-changes",
    title: "VPC route changes",
    severity: "WARNING",
    filter:
      'resource.type="gce_route" AND (protoPayload.methodName:"compute.routes.delete" OR protoPayload.methodName:"compute.routes.insert")',
  },
  {
    controlId: "MON-6",
    controlTitle: "Alert on VPC network changes",
    cis: "2.9",
    name: "cis-vpc-network-changes",
    title: "VPC network changes",
    severity: "WARNING",
    filter:
      'resource.type="gce_network" AND (protoPayload.methodName:"compute.networks.insert" OR protoPayload.methodName:"compute.networks.patch" OR protoPayload.methodName:"compute.networks.delete" OR protoPayload.methodName:"compute.networks.removePeering" OR protoPayload.methodName:"compute.networks.addPeering")',
  },
  {
    controlId: "MON-7",
    controlTitle: "Alert on Cloud Storage IAM permission changes",
    cis: "2.10",
    name: "cis-storage-iam-permission-changes",
    title: "Cloud Storage IAM permission changes",
    severity: "WARNING",
    filter: 'resource.type="gcs_bucket" AND protoPayload.methodName="storage.setIamPermissions"',
  },
  {
    controlId: "MON-8",
    controlTitle: "Alert on Cloud SQL configuration changes",
    cis: "2.11",
    name: "cis-sql-instance-config-changes",
    title: "Cloud SQL instance configuration changes",
    severity: "WARNING",
    filter: 'protoPayload.methodName="cloudsql.instances.update"',
  },
];
