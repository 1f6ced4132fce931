/**
 * The Google API each Terraform type of the kit calls, by type. A resource of a listed type waits for the
 * `google_project_service` of its API when its stack enables that API (`ProjectApis` adds the
 * `depends_on`): on a fresh project, calling an API before it is enabled fails with SERVICE_DISABLED and the
 * provider does not retry it. The shipped-stack test fails for a google type missing here, so a new type
 * cannot be synthesized without deciding which API it waits for.
 *
 * Derived from each resource's documentation page in the google 6.50.0 provider ("API documentation" link).
 */
export const RESOURCE_APIS: Readonly<Record<string, readonly string[]>> = {
  google_artifact_registry_repository: ["artifactregistry.googleapis.com"],
  google_artifact_registry_repository_iam_member: ["artifactregistry.googleapis.com"],
  google_compute_address: ["compute.googleapis.com"],
  google_compute_firewall: ["compute.googleapis.com"],
  google_compute_global_address: ["compute.googleapis.com"],
  google_compute_network: ["compute.googleapis.com"],
  google_compute_network_firewall_policy: ["compute.googleapis.com"],
  google_compute_network_firewall_policy_association: ["compute.googleapis.com"],
  google_compute_network_firewall_policy_rule: ["compute.googleapis.com"],
  google_compute_route: ["compute.googleapis.com"],
  google_compute_router: ["compute.googleapis.com"],
  google_compute_router_nat: ["compute.googleapis.com"],
  google_compute_ssl_policy: ["compute.googleapis.com"],
  google_compute_subnetwork: ["compute.googleapis.com"],
  google_dns_managed_zone: ["dns.googleapis.com"],
  google_dns_policy: ["dns.googleapis.com"],
  google_dns_record_set: ["dns.googleapis.com"],
  // REG-2: the topic the trigger subscribes to is created when Artifact Analysis' API is enabled.
  google_eventarc_trigger: [
    "eventarc.googleapis.com",
    "containeranalysis.googleapis.com",
    "pubsub.googleapis.com",
  ],
  google_identity_platform_config: ["identitytoolkit.googleapis.com"],
  google_kms_crypto_key: ["cloudkms.googleapis.com"],
  google_kms_crypto_key_iam_member: ["cloudkms.googleapis.com"],
  google_kms_key_ring: ["cloudkms.googleapis.com"],
  google_logging_metric: ["logging.googleapis.com"],
  google_logging_project_bucket_config: ["logging.googleapis.com"],
  google_logging_project_sink: ["logging.googleapis.com"],
  google_monitoring_alert_policy: ["monitoring.googleapis.com"],
  google_monitoring_notification_channel: ["monitoring.googleapis.com"],
  google_monitoring_uptime_check_config: ["monitoring.googleapis.com"],
  google_org_policy_policy: ["orgpolicy.googleapis.com"],
  // The default service accounts exist once Compute is enabled; changing their roles is an IAM call.
  google_project_default_service_accounts: ["compute.googleapis.com", "iam.googleapis.com"],
  google_project_iam_audit_config: ["cloudresourcemanager.googleapis.com"],
  google_project_iam_member: ["cloudresourcemanager.googleapis.com"],
  google_project_service_identity: ["serviceusage.googleapis.com"],
  google_pubsub_topic: ["pubsub.googleapis.com"],
  google_pubsub_topic_iam_member: ["pubsub.googleapis.com"],
  google_secret_manager_secret: ["secretmanager.googleapis.com"],
  google_secret_manager_secret_iam_member: ["secretmanager.googleapis.com"],
  google_secret_manager_secret_version: ["secretmanager.googleapis.com"],
  google_service_account: ["iam.googleapis.com"],
  google_service_account_iam_member: ["iam.googleapis.com"],
  google_service_networking_connection: ["servicenetworking.googleapis.com"],
  google_sql_database: ["sqladmin.googleapis.com"],
  google_sql_database_instance: ["sqladmin.googleapis.com"],
  google_sql_user: ["sqladmin.googleapis.com"],
  google_storage_bucket: ["storage.googleapis.com"],
  google_storage_bucket_iam_member: ["storage.googleapis.com"],
  google_tags_tag_key: ["cloudresourcemanager.googleapis.com"],
  google_tags_tag_value: ["cloudresourcemanager.googleapis.com"],
  google_workflows_workflow: ["workflows.googleapis.com"],
  // Data sources read through the same APIs.
  "data.google_logging_project_cmek_settings": ["logging.googleapis.com"],
  "data.google_storage_project_service_account": ["storage.googleapis.com"],
  // NotificationChannels reads paging credentials (MON-13).
  "data.google_secret_manager_secret_version": ["secretmanager.googleapis.com"],
};

/**
 * The APIs a Terraform type needs: `type` for resources, `data.type` for data sources. Undefined for a
 * google type not in the table (a gap the shipped-stack test reports) and for other providers' types.
 */
export function apisOf(terraformType: string): readonly string[] | undefined {
  return RESOURCE_APIS[terraformType];
}
