/**
 * Reviewed resource types (other than resource-level IAM, see iam-family.ts). A type missing here fails
 * POL-1 until a maintainer reviews it: see docs/policy.md, "Resource type catalogue".
 */
import { review, type TypeReview } from "./review";

const NO_CONTROL = (why: string) => review([], why);

/** Network: VPC, subnets, firewall rules and policies, routes, NAT, DNS, load-balancer TLS. */
const network: Record<string, TypeReview> = {
  google_compute_network: review(
    ["NET-1", "NET-2", "NET-3", "NET-11"],
    "Custom mode, no default routes, deny-all egress and DNS logging are required.",
  ),
  google_compute_subnetwork: review(["NET-8", "NET-9"], "Flow logs and Private Google Access are required."),
  google_compute_firewall: review(
    ["NET-3", "NET-4", "NET-5", "NET-7"],
    "Ingress allows are limited to private, IAP and health-check sources; every rule logs.",
  ),
  google_compute_route: review(
    ["NET-15"],
    "Only private ranges, Google API VIPs and the Cloud NAT route may use the internet gateway.",
  ),
  google_compute_router: NO_CONTROL(
    "Hosts Cloud NAT and BGP sessions; opens nothing by itself (its NAT is judged by NET-10, routes by NET-15).",
  ),
  google_compute_router_nat: review(["NET-10"], "Static, logged egress addresses."),
  google_compute_address: NO_CONTROL(
    "Reserves an address; exposure is judged where it is attached (VM-1 refuses external IPs on instances, NET-10 uses it for NAT). Load balancers that could use it are not catalogued.",
  ),
  google_compute_global_address: review(["NET-12"], "The private service access range for Cloud SQL."),
  google_service_networking_connection: review(
    ["NET-12"],
    "Peers the VPC with Google-managed services over the reserved range.",
  ),
  google_compute_ssl_policy: review(["NET-13"], "TLS 1.2+ with a MODERN or RESTRICTED profile."),
  google_compute_region_ssl_policy: review(["NET-13"], "TLS 1.2+ with a MODERN or RESTRICTED profile."),
  google_compute_target_https_proxy: review(["NET-13"], "Must name an SSL policy of the same stack."),
  google_compute_region_target_https_proxy: review(["NET-13"], "Must name an SSL policy of the same stack."),
  google_compute_target_ssl_proxy: review(["NET-13"], "Must name an SSL policy of the same stack."),
  google_compute_target_http_proxy: review(
    ["NET-13"],
    "Plain HTTP: allowed only with a URL map of the same stack that redirects every request to HTTPS.",
  ),
  google_compute_region_target_http_proxy: review(
    ["NET-13"],
    "Plain HTTP: allowed only with a URL map of the same stack that redirects every request to HTTPS.",
  ),
  google_compute_url_map: NO_CONTROL(
    "Routes requests; NET-13 lets a plain-HTTP proxy use only a map that redirects to HTTPS. Backend services it names are not catalogued (POL-1).",
  ),
  google_compute_region_url_map: NO_CONTROL(
    "Routes requests; NET-13 lets a plain-HTTP proxy use only a map that redirects to HTTPS. Backend services it names are not catalogued (POL-1).",
  ),
  google_dns_policy: review(["NET-11"], "Query logging on every network."),
  google_dns_managed_zone: review(
    ["NET-16"],
    "Public zones are signed with DNSSEC; private zones answer only inside the VPC.",
  ),
  google_dns_record_set: NO_CONTROL(
    "A record in a zone the stack or the project controls; it grants no access (public zones are DNSSEC-signed by NET-16).",
  ),
  google_compute_network_firewall_policy: NO_CONTROL(
    "A container of rules; every rule in it is judged by NET-14.",
  ),
  google_compute_region_network_firewall_policy: NO_CONTROL(
    "A container of rules; every rule in it is judged by NET-14.",
  ),
  google_compute_firewall_policy: NO_CONTROL(
    "A hierarchical policy container; every rule in it is judged by NET-14.",
  ),
  google_compute_network_firewall_policy_rule: review(
    ["NET-14"],
    "Judged like a VPC firewall rule, egress included.",
  ),
  google_compute_region_network_firewall_policy_rule: review(
    ["NET-14"],
    "Judged like a VPC firewall rule, egress included.",
  ),
  google_compute_firewall_policy_rule: review(
    ["NET-14"],
    "Judged like a VPC firewall rule, egress included.",
  ),
  google_compute_network_firewall_policy_with_rules: review(
    ["NET-14"],
    "Each rule block is judged like a VPC firewall rule.",
  ),
  // Secure tags select which firewall policy rules apply to an instance (NET-14 judges the rules).
  google_tags_tag_key: NO_CONTROL(
    "Defines a tag key (e.g. purpose GCE_FIREWALL for firewall policy targets); grants nothing, its IAM is judged by IAM-4/IAM-7.",
  ),
  google_tags_tag_value: NO_CONTROL(
    "A value of a tag key; grants nothing by itself, its IAM is judged by IAM-4/IAM-7.",
  ),
  google_tags_tag_binding: NO_CONTROL(
    "Binds a tag value to a project or folder; it can only select rules that NET-14 has already judged.",
  ),
  google_tags_location_tag_binding: NO_CONTROL(
    "Binds a tag value to an instance or bucket; it can only select rules that NET-14 has already judged.",
  ),
  google_dns_response_policy: NO_CONTROL(
    "Overrides DNS answers inside the attached networks (e.g. pkg.dev to the restricted Google APIs VIP); the addresses it returns are still judged by the firewall controls.",
  ),
  google_dns_response_policy_rule: NO_CONTROL(
    "One DNS override inside the VPC; the addresses it returns are still judged by the firewall controls.",
  ),
  google_compute_network_firewall_policy_association: NO_CONTROL(
    "Attaches a policy to a network; the policy's rules are judged by NET-14.",
  ),
  google_compute_region_network_firewall_policy_association: NO_CONTROL(
    "Attaches a policy to a network; the policy's rules are judged by NET-14.",
  ),
  google_compute_firewall_policy_association: NO_CONTROL(
    "Attaches a hierarchical policy; its rules are judged by NET-14.",
  ),
};

/** Keys, secrets, identities, projects. */
const security: Record<string, TypeReview> = {
  google_kms_key_ring: review(["KMS-2"], "Kept by Terraform; grants on it are judged by KMS-5/KMS-6."),
  google_kms_crypto_key: review(
    ["KMS-1", "KMS-2", "KMS-3", "KMS-4", "KMS-7", "DATA-3"],
    "Rotation, retention, purpose, protection level and a destruction alert.",
  ),
  google_secret_manager_secret: review(
    ["SEC-1", "SEC-2", "SEC-3", "SEC-4", "UPS-6", "RET-1"],
    "CMEK replication, retention and rotation.",
  ),
  google_secret_manager_secret_version: review(
    ["SEC-6", "UPS-6"],
    "Values flow from other resources' attributes, never literals.",
  ),
  google_service_account: review(
    ["IAM-3", "IAM-6", "DATA-3"],
    "An identity with no key; its grants are judged by IAM-1/2/4/5/7.",
  ),
  google_service_account_key: review(["IAM-3"], "Refused: a long-lived credential."),
  google_storage_hmac_key: review(["IAM-6"], "Refused: a long-lived credential."),
  google_org_policy_policy: review(
    ["ORG-1", "ORG-2"],
    "ORG-1 requires the kit's constraints to be enforced; ORG-2 refuses any rule that loosens a constraint.",
  ),
  google_identity_platform_config: review(["IDP-1"], "MFA for application sign-in."),
  google_artifact_registry_repository: review(["REG-1"], "Scanned, immutable, CMEK."),
  google_project: review(["PRJ-1"], "No default network; kept on destroy."),
  google_project_service: NO_CONTROL(
    "Enables an API; access to what the API creates is judged per resource type.",
  ),
  google_project_service_identity: NO_CONTROL(
    "Creates a Google service agent (google-beta provider); it receives only the grants the stack writes (judged by IAM controls).",
  ),
  google_project_default_service_accounts: NO_CONTROL(
    "Disables, deletes or strips the default service accounts' roles: it only removes access.",
  ),
  google_project_iam_audit_config: review(["LOG-1"], "Data Access audit logs for all services."),
  google_folder_iam_audit_config: review(["LOG-1"], "Data Access audit logs for all services."),
  google_organization_iam_audit_config: review(["LOG-1"], "Data Access audit logs for all services."),
};

/** Storage, databases and data services. */
const data: Record<string, TypeReview> = {
  google_storage_bucket: review(
    [
      "GCS-1",
      "GCS-2",
      "GCS-4",
      "GCS-5",
      "GCS-6",
      "GCS-7",
      "GCS-8",
      "GCS-9",
      "GCS-10",
      "RET-1",
      "STATE-2",
      "DATA-1",
      "DATA-2",
      "DATA-4",
    ],
    "Every bucket control applies.",
  ),
  google_storage_bucket_acl: review(
    ["GCS-3"],
    "Ignored under uniform bucket-level access (GCS-2); public entities refused.",
  ),
  google_storage_default_object_acl: review(
    ["GCS-3"],
    "Ignored under uniform bucket-level access (GCS-2); public entities refused.",
  ),
  google_storage_object_acl: review(
    ["GCS-3"],
    "Ignored under uniform bucket-level access (GCS-2); public entities refused.",
  ),
  google_storage_bucket_access_control: review(
    ["GCS-3"],
    "Ignored under uniform bucket-level access (GCS-2); public entities refused.",
  ),
  google_storage_default_object_access_control: review(
    ["GCS-3"],
    "Ignored under uniform bucket-level access (GCS-2); public entities refused.",
  ),
  google_storage_object_access_control: review(
    ["GCS-3"],
    "Ignored under uniform bucket-level access (GCS-2); public entities refused.",
  ),
  google_sql_database_instance: review(
    [
      "SQL-1",
      "SQL-2",
      "SQL-3",
      "SQL-4",
      "SQL-5",
      "SQL-6",
      "SQL-7",
      "SQL-8",
      "SQL-9",
      "SQL-10",
      "SQL-11",
      "SQL-12",
      "SQL-13",
      "SQL-14",
      "RET-1",
      "NET-12",
      "DATA-1",
      "DATA-2",
      "DATA-4",
    ],
    "Every Cloud SQL control applies.",
  ),
  google_sql_database: NO_CONTROL(
    "A database inside an instance that the SQL controls judge; it holds no setting of its own that exposes data.",
  ),
  google_sql_user: review(["SEC-6"], "A database user; a literal password is a finding."),
  google_bigquery_dataset: review(
    ["BQ-1", "BQ-2", "DATA-1", "DATA-2", "DATA-4"],
    "CMEK and no public access entries; dataset IAM is judged by IAM-4/IAM-7.",
  ),
  google_bigquery_table: review(
    ["BQ-1", "DATA-1", "DATA-2", "DATA-4"],
    "CMEK (its own or its dataset's); table IAM is judged by IAM-4/IAM-7.",
  ),
  google_bigquery_dataset_access: review(["BQ-2"], "One access entry; public ones refused."),
  google_redis_instance: review(
    ["MEM-1", "DATA-1", "DATA-2", "DATA-4"],
    "AUTH, TLS (server authentication) and a customer-managed key.",
  ),
  google_memcache_instance: review(["MEM-1", "DATA-1"], "Refused: Memcached has no authentication or TLS."),
  google_pubsub_subscription: review(
    ["PUB-2"],
    "Reads a topic; delivers only to the stack's own services, tables or buckets; subscription IAM is judged by IAM-4/IAM-7.",
  ),
  google_pubsub_topic: review(["PUB-1"], "CMEK; topic IAM is judged by IAM-4/IAM-7."),
  upstash_redis_database: review(
    [
      "UPS-1",
      "UPS-2",
      "UPS-3",
      "UPS-4",
      "UPS-5",
      "UPS-6",
      "UPS-7",
      "UPS-8",
      "UPS-9",
      "UPS-10",
      "DATA-1",
      "DATA-2",
    ],
    "Every Upstash database control applies.",
  ),
  upstash_team: review(
    ["UPS-11"],
    "Console users and their roles: one owner, at most two admins, company addresses, only in the baseline.",
  ),
};

/** Logging and monitoring. */
const observability: Record<string, TypeReview> = {
  google_logging_project_sink: review(
    ["LOG-2", "LOG-3"],
    "The audit sink must reach a retained, CMEK log bucket; other sinks copy logs (they cannot drop them).",
  ),
  google_logging_folder_sink: review(
    ["LOG-2", "LOG-3"],
    "Audit sinks must reach a retained, CMEK destination.",
  ),
  google_logging_organization_sink: review(
    ["LOG-2", "LOG-3"],
    "Audit sinks must reach a retained, CMEK destination.",
  ),
  google_logging_project_bucket_config: review(
    ["LOG-2", "LOG-3", "RET-1"],
    "Retention, lock and CMEK of the audit log bucket.",
  ),
  google_logging_metric: review(
    ["MON-1", "MON-2", "MON-3", "MON-4", "MON-5", "MON-6", "MON-7", "MON-8"],
    "CIS 2.4-2.11 log-based metrics, each with an alert policy.",
  ),
  google_monitoring_alert_policy: review(
    [
      "MON-1",
      "MON-2",
      "MON-3",
      "MON-4",
      "MON-5",
      "MON-6",
      "MON-7",
      "MON-8",
      "MON-9",
      "MON-10",
      "MON-11",
      "MON-12",
      "KMS-7",
      "REG-2",
      "MON-14",
    ],
    "Alerts for CIS metrics, key destruction, health and container findings, enabled and paging.",
  ),
  google_monitoring_uptime_check_config: review(
    ["MON-14"],
    "Probes an application URL; MON-14 wants HTTPS with certificate validation, no credential, and an alert that pages.",
  ),
  google_workflows_workflow: review(
    ["REG-2"],
    "Runs configuration-only steps under its service account; REG-2 requires the kit's container findings workflow. Holds no customer data (vulnerability metadata only), so no CMEK.",
  ),
  google_eventarc_trigger: review(
    ["REG-2"],
    "Starts a destination for matching events under its service account; REG-2 requires the trigger on Artifact Analysis' occurrences topic.",
  ),
  google_monitoring_notification_channel: review(
    ["MON-1", "MON-2", "MON-3", "MON-4", "MON-5", "MON-6", "MON-7", "MON-8", "MON-10", "MON-12"],
    "Where alerts page; the MON controls need at least one enabled channel, production one beyond e-mail.",
  ),
  google_logging_project_exclusion: review(["LOG-4"], "Must spare Cloud Audit Logs."),
  google_logging_folder_exclusion: review(["LOG-4"], "Must spare Cloud Audit Logs."),
  google_logging_organization_exclusion: review(["LOG-4"], "Must spare Cloud Audit Logs."),
  google_logging_billing_account_exclusion: review(["LOG-4"], "Must spare Cloud Audit Logs."),
};

/** Compute, Kubernetes, serverless. */
const workloads: Record<string, TypeReview> = {
  google_compute_instance: review(
    ["VM-1", "VM-2", "VM-3", "VM-4", "VM-5"],
    "Private, dedicated service account, Shielded VM, no serial port, OS Login.",
  ),
  google_compute_instance_template: review(
    ["VM-1", "VM-2", "VM-3", "VM-4", "VM-5"],
    "Instances created from it inherit what is judged here.",
  ),
  google_compute_region_instance_template: review(
    ["VM-1", "VM-2", "VM-3", "VM-4", "VM-5"],
    "Instances created from it inherit what is judged here.",
  ),
  google_compute_project_metadata: review(
    ["VM-4", "VM-5"],
    "Project-wide metadata must not turn on the serial port or turn off OS Login.",
  ),
  google_compute_project_metadata_item: review(
    ["VM-4", "VM-5"],
    "Project-wide metadata must not turn on the serial port or turn off OS Login.",
  ),
  google_container_cluster: review(
    ["GKE-1", "GKE-2", "GKE-3", "GKE-4", "GKE-5", "GKE-6"],
    "Private nodes, Workload Identity, no legacy auth, Shielded nodes, Secrets CMEK.",
  ),
  google_container_node_pool: review(
    ["GKE-1", "GKE-2", "GKE-4"],
    "Private, dedicated service account, Shielded nodes.",
  ),
  google_cloud_run_service: review(["RUN-1"], "Internal ingress; invoker IAM judged by IAM-4."),
  google_cloud_run_v2_service: review(
    ["RUN-1", "RUN-2"],
    "Internal ingress and IAM on every call; invoker IAM judged by IAM-4.",
  ),
  google_cloudfunctions_function: review(["RUN-1"], "Internal ingress; invoker IAM judged by IAM-4."),
  google_cloudfunctions2_function: review(["RUN-1"], "Internal ingress; invoker IAM judged by IAM-4."),
};

/** Terraform and utility providers. */
const builtIns: Record<string, TypeReview> = {
  terraform_data: review(
    ["UPS-3", "UPS-10"],
    "The kit runs the Upstash daily-backup step and the Redis ACL user step with it (create-time provisioners); any other provisioner, on this or any type, is refused by the policy-input control for provisioners.",
  ),
  time_sleep: NO_CONTROL(
    "Waits between create steps where Google is eventually consistent; holds no data and grants nothing.",
  ),
};

export const RESOURCE_TYPES: Readonly<Record<string, TypeReview>> = {
  ...network,
  ...security,
  ...data,
  ...observability,
  ...workloads,
  ...builtIns,
};
