import { checkStack } from "../../policy/check";
import { CONTROLS } from "../../policy/controls";
import type { StackReport } from "../../policy/model";
import { clone, compliantStack, type StackJson } from "./fixtures";
import { WORKLOAD_VIOLATIONS } from "./fixtures-workloads";

type Json = Record<string, unknown>;
const TODAY = "2026-06-01";
/** A literal where a reference belongs (kept out of `key: "value"` form so the repository secret scan stays quiet). */
const LITERAL_VALUE = "not-a-reference";

function check(json: StackJson): StackReport {
  // The stack's name as the kit decides it (its directory): POL-2 compares the JSON's claim with it.
  return checkStack(json as unknown as Json, {
    file: "cdk.tf.json",
    today: TODAY,
    stackName: "baseline-test",
  });
}

/** The resource `type.name` of a stack, for mutation. */
function r(json: StackJson, address: string): Json {
  const [type, name] = address.split(".");
  const found = json.resource[type]?.[name];
  if (!found) throw new Error(`fixture has no ${address}`);
  return found;
}

function add(json: StackJson, address: string, attrs: Json): void {
  const [type, name] = address.split(".");
  json.resource[type] = {
    ...(json.resource[type] ?? {}),
    [name]: { "//": { metadata: { path: `baseline-test/${name}/x` } }, ...attrs },
  };
}

function remove(json: StackJson, type: string): void {
  delete json.resource[type];
}

interface Violation {
  readonly control: string;
  readonly does: string;
  readonly mutate: (json: StackJson) => void;
  /** Expected finding message. */
  readonly message: RegExp;
  /** Expected resource column of the finding. */
  readonly resource?: string;
}

const SQL = "google_sql_database_instance.postgres";
const settings = (json: StackJson) => r(json, SQL).settings as Json;
const ipConfig = (json: StackJson) => settings(json).ip_configuration as Json;
const backup = (json: StackJson) => settings(json).backup_configuration as Json;
const flag = (json: StackJson, name: string, value: string) => {
  const flags = settings(json).database_flags as { name: string; value: string }[];
  flags.find((f) => f.name === name)!.value = value;
};

const VIOLATIONS: Violation[] = [
  // Policy input
  {
    control: "POL-2",
    does: "policy metadata rewritten to another stack name",
    mutate: (j) => ((j["//"].metadata as Json).stackName = "baseline-other"),
    message: /metadata.stackName says "baseline-other"/,
  },
  {
    control: "POL-3",
    does: "provider without a project",
    mutate: (j) => delete (j.provider!.google as Json[])[0].project,
    message: /provider "google" project is unset/,
  },
  {
    control: "POL-5",
    does: "the google provider taken from another namespace",
    mutate: (j) =>
      ((j.terraform as { required_providers: Json }).required_providers = {
        google: { source: "evil-corp/google", version: "6.50.0" },
      }),
    message: /required_providers\.google comes from "evil-corp\/google"/,
  },
  {
    control: "POL-5",
    does: "a provider version range instead of one version",
    mutate: (j) =>
      ((j.terraform as { required_providers: Json }).required_providers = {
        google: { source: "hashicorp/google", version: ">= 6.0" },
      }),
    message: /required_providers\.google version ">= 6.0" is not one exact version/,
  },
  {
    control: "POL-5",
    does: "the provider impersonating a service account of another project",
    mutate: (j) =>
      ((j.provider!.google as Json[])[0].impersonate_service_account =
        "owner@other-project.iam.gserviceaccount.com"),
    message:
      /impersonate_service_account is "owner@other-project\.iam\.gserviceaccount\.com", not a service account of the environment's project/,
  },
  {
    control: "POL-4",
    does: "a provisioner running an arbitrary command",
    mutate: (j) =>
      (r(j, "google_storage_bucket.data").provisioner = [
        {
          "local-exec": { command: "gcloud storage buckets add-iam-policy-binding gs://x --member=allUsers" },
        },
      ]),
    message: /provisioner local-exec runs commands the check cannot verify/,
    resource: "google_storage_bucket.data",
  },
  // Network
  {
    control: "NET-1",
    does: "auto-mode VPC (provider default)",
    mutate: (j) => delete r(j, "google_compute_network.vpc").auto_create_subnetworks,
    message: /auto_create_subnetworks is unset/,
    resource: "google_compute_network.vpc",
  },
  {
    control: "NET-2",
    does: "default internet route kept",
    mutate: (j) => (r(j, "google_compute_network.vpc").delete_default_routes_on_create = false),
    message: /delete_default_routes_on_create is false/,
  },
  {
    control: "NET-3",
    does: "no egress deny-all rule",
    mutate: (j) => delete j.resource.google_compute_firewall["deny-all-egress"],
    message: /no EGRESS deny-all/,
    resource: "google_compute_network.vpc",
  },
  {
    control: "NET-3",
    does: "deny-all egress at high priority",
    mutate: (j) => (r(j, "google_compute_firewall.deny-all-egress").priority = 1000),
    message: /no EGRESS deny-all/,
  },
  {
    control: "NET-4",
    does: "ingress from 0.0.0.0/0",
    mutate: (j) => (r(j, "google_compute_firewall.allow-iap-ssh").source_ranges = ["0.0.0.0/0"]),
    message: /INGRESS allow rule admits 0\.0\.0\.0\/0 \(tcp:22\)/,
    resource: "google_compute_firewall.allow-iap-ssh",
  },
  {
    control: "NET-4",
    does: "ingress from ::/0",
    mutate: (j) => (r(j, "google_compute_firewall.allow-iap-ssh").source_ranges = ["::/0"]),
    message: /admits ::\/0/,
  },
  {
    control: "NET-5",
    does: "SSH from a public range that is not IAP",
    mutate: (j) => (r(j, "google_compute_firewall.allow-iap-ssh").source_ranges = ["203.0.113.0/24"]),
    message: /public source\(s\) 203\.0\.113\.0\/24/,
  },
  {
    control: "NET-7",
    does: "firewall without logging",
    mutate: (j) => delete r(j, "google_compute_firewall.allow-iap-ssh").log_config,
    message: /log_config\.metadata is unset/,
  },
  {
    control: "NET-8",
    does: "subnet without flow logs",
    mutate: (j) => delete r(j, "google_compute_subnetwork.workloads").log_config,
    message: /flow logs are off/,
  },
  {
    control: "NET-8",
    does: "flow logs sampled at 50%",
    mutate: (j) => ((r(j, "google_compute_subnetwork.workloads").log_config as Json).flow_sampling = 0.5),
    message: /flow_sampling is 0\.5/,
  },
  {
    control: "NET-9",
    does: "subnet without Private Google Access",
    mutate: (j) => (r(j, "google_compute_subnetwork.workloads").private_ip_google_access = false),
    message: /private_ip_google_access is false/,
  },
  {
    control: "NET-10",
    does: "NAT with automatic IPs",
    mutate: (j) => {
      r(j, "google_compute_router_nat.nat").nat_ip_allocate_option = "AUTO_ONLY";
    },
    message: /nat_ip_allocate_option is "AUTO_ONLY"/,
  },
  {
    control: "NET-10",
    does: "NAT without logging",
    mutate: (j) => ((r(j, "google_compute_router_nat.nat").log_config as Json).enable = false),
    message: /log_config\.enable is false/,
  },
  {
    control: "NET-11",
    does: "DNS policy with logging off",
    mutate: (j) => (r(j, "google_dns_policy.logging").enable_logging = false),
    message: /enable_logging is false/,
  },
  {
    control: "NET-11",
    does: "network without DNS policy",
    mutate: (j) => remove(j, "google_dns_policy"),
    message: /no google_dns_policy/,
  },
  {
    control: "NET-12",
    does: "private SQL without peering range",
    mutate: (j) => remove(j, "google_compute_global_address"),
    message: /VPC_PEERING/,
    resource: SQL,
  },
  {
    control: "NET-12",
    does: "private SQL without service networking connection",
    mutate: (j) => remove(j, "google_service_networking_connection"),
    message: /google_service_networking_connection/,
  },
  {
    control: "NET-13",
    does: "SSL policy allowing TLS 1.0",
    mutate: (j) => delete r(j, "google_compute_ssl_policy.tls").min_tls_version,
    message: /min_tls_version is unset/,
  },
  {
    control: "NET-13",
    does: "COMPATIBLE profile",
    mutate: (j) => (r(j, "google_compute_ssl_policy.tls").profile = "COMPATIBLE"),
    message: /profile is "COMPATIBLE"/,
  },
  {
    control: "NET-13",
    does: "HTTPS proxy without SSL policy",
    mutate: (j) => delete r(j, "google_compute_target_https_proxy.api").ssl_policy,
    message: /ssl_policy is unset/,
  },
  {
    control: "NET-13",
    does: "HTTPS proxy on an SSL policy the check cannot see",
    mutate: (j) =>
      (r(j, "google_compute_target_https_proxy.api").ssl_policy = "projects/p/global/sslPolicies/compat"),
    message: /is not an SSL policy of this stack/,
  },
  {
    control: "NET-13",
    does: "plain-HTTP front end serving a backend",
    mutate: (j) => {
      const map = r(j, "google_compute_url_map.http-redirect");
      delete map.default_url_redirect;
      map.default_service = "projects/p/global/backendServices/app";
    },
    message: /https_redirect is unset \(plain HTTP serves content\)/,
    resource: "google_compute_target_http_proxy.http",
  },
  // KMS
  {
    control: "KMS-1",
    does: "rotation every 365 days",
    mutate: (j) => (r(j, "google_kms_crypto_key.storage").rotation_period = "31536000s"),
    message: /365 days \(max 90\)/,
  },
  {
    control: "KMS-1",
    does: "no rotation",
    mutate: (j) => delete r(j, "google_kms_crypto_key.storage").rotation_period,
    message: /rotation_period is unset/,
  },
  {
    control: "KMS-2",
    does: "destroyable key (allowDestroy)",
    mutate: (j) => (r(j, "google_kms_crypto_key.storage").lifecycle = { prevent_destroy: false }),
    message: /prevent_destroy is not true/,
    resource: "google_kms_crypto_key.storage",
  },
  {
    control: "KMS-2",
    does: "destroyable key ring",
    mutate: (j) => delete r(j, "google_kms_key_ring.ring").lifecycle,
    message: /prevent_destroy/,
    resource: "google_kms_key_ring.ring",
  },
  {
    control: "KMS-3",
    does: "no destroy grace period",
    mutate: (j) => delete r(j, "google_kms_crypto_key.storage").destroy_scheduled_duration,
    message: /destroy_scheduled_duration is unset/,
  },
  {
    control: "KMS-4",
    does: "SOFTWARE key in production",
    mutate: (j) =>
      ((r(j, "google_kms_crypto_key.storage").version_template as Json).protection_level = "SOFTWARE"),
    message: /"SOFTWARE" in a production environment/,
  },
  {
    control: "KMS-4",
    does: "implicit purpose",
    mutate: (j) => delete r(j, "google_kms_crypto_key.storage").purpose,
    message: /purpose is unset/,
  },
  {
    control: "KMS-5",
    does: "admin role on a key",
    mutate: (j) => (r(j, "google_kms_crypto_key_iam_member.storage-agent").role = "roles/cloudkms.admin"),
    message: /grants roles\/cloudkms\.admin on a key/,
  },
  {
    control: "KMS-5",
    does: "key use granted project-wide",
    mutate: (j) =>
      add(j, "google_project_iam_member.kms-use", {
        project: "acme",
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: "serviceAccount:app@acme.iam.gserviceaccount.com",
      }),
    message: /every key in it becomes usable/,
    resource: "google_project_iam_member.kms-use",
  },
  {
    control: "KMS-6",
    does: "key granted to allUsers",
    mutate: (j) => (r(j, "google_kms_crypto_key_iam_member.storage-agent").member = "allUsers"),
    message: /to allUsers/,
  },
  {
    control: "KMS-7",
    does: "no key destruction alert",
    mutate: (j) => delete j.resource.google_monitoring_alert_policy["kms-destroy"],
    message: /no alert policy matches DestroyCryptoKeyVersion/,
    resource: "(stack)",
  },
  {
    control: "KMS-7",
    does: "key destruction alert without channel",
    mutate: (j) => (r(j, "google_monitoring_alert_policy.kms-destroy").notification_channels = []),
    message: /has no notification channel/,
  },
  // Secrets
  {
    control: "SEC-1",
    does: "automatic replication",
    mutate: (j) => (r(j, "google_secret_manager_secret.redis-password").replication = { auto: {} }),
    message: /not user_managed/,
  },
  {
    control: "SEC-1",
    does: "replica without CMEK",
    mutate: (j) =>
      (r(j, "google_secret_manager_secret.redis-password").replication = {
        user_managed: { replicas: [{ location: "europe-west1" }] },
      }),
    message: /"europe-west1" have no customer_managed_encryption/,
  },
  {
    control: "SEC-2",
    does: "no version destroy TTL",
    mutate: (j) => delete r(j, "google_secret_manager_secret.redis-password").version_destroy_ttl,
    message: /version_destroy_ttl is unset/,
  },
  {
    control: "SEC-3",
    does: "deletion protection off",
    mutate: (j) => (r(j, "google_secret_manager_secret.redis-password").deletion_protection = false),
    message: /deletion_protection is false/,
  },
  {
    control: "SEC-4",
    does: "no rotation reminder",
    mutate: (j) => {
      delete r(j, "google_secret_manager_secret.redis-password").rotation;
    },
    message: /no rotation reminder/,
  },
  {
    control: "SEC-5",
    does: "secretAccessor on the project",
    mutate: (j) =>
      add(j, "google_project_iam_member.all-secrets", {
        project: "acme",
        role: "roles/secretmanager.secretAccessor",
        member: "serviceAccount:app@acme.iam.gserviceaccount.com",
      }),
    message: /at project level: every secret becomes readable/,
  },
  {
    control: "SEC-5",
    does: "secret granted to allAuthenticatedUsers",
    mutate: (j) =>
      (r(j, "google_secret_manager_secret_iam_member.app-accessor").member = "allAuthenticatedUsers"),
    message: /to allAuthenticatedUsers/,
  },
  {
    control: "SEC-6",
    does: "literal secret value",
    mutate: (j) => (r(j, "google_secret_manager_secret_version.redis-password").secret_data = LITERAL_VALUE),
    message: /literal credential in secret_data/,
  },
  {
    control: "SEC-6",
    does: "output exposing a password",
    mutate: (j) =>
      (j.output = { pw: { value: "${upstash_redis_database.sessions.password}", sensitive: true } }),
    message: /output "pw" exposes upstash_redis_database.password \(a sensitive attribute\)/,
  },
  {
    control: "SEC-6",
    does: "literal provider API key",
    mutate: (j) => (j.provider = { upstash: [{ email: "ops@example.com", api_key: LITERAL_VALUE }] }),
    message: /literal credential in provider\.upstash\.api_key/,
  },
  // Buckets
  {
    control: "GCS-1",
    does: "public access prevention inherited",
    mutate: (j) => (r(j, "google_storage_bucket.data").public_access_prevention = "inherited"),
    message: /public_access_prevention is "inherited"/,
    resource: "google_storage_bucket.data",
  },
  {
    control: "GCS-2",
    does: "fine-grained ACLs",
    mutate: (j) => (r(j, "google_storage_bucket.data").uniform_bucket_level_access = false),
    message: /uniform_bucket_level_access is false/,
  },
  {
    control: "GCS-3",
    does: "bucket readable by allUsers",
    mutate: (j) =>
      add(j, "google_storage_bucket_iam_member.public", {
        bucket: "acme-data",
        role: "roles/storage.objectViewer",
        member: "allUsers",
      }),
    message: /grants access to allUsers/,
  },
  {
    control: "GCS-3",
    does: "public ACL",
    mutate: (j) =>
      add(j, "google_storage_bucket_acl.public", { bucket: "acme-data", role_entity: ["READER:allUsers"] }),
    message: /READER:allUsers/,
  },
  {
    control: "GCS-4",
    does: "versioning off",
    mutate: (j) => (r(j, "google_storage_bucket.data").versioning = { enabled: false }),
    message: /versioning\.enabled is false/,
  },
  {
    control: "GCS-4",
    does: "force_destroy",
    mutate: (j) => (r(j, "google_storage_bucket.data").force_destroy = true),
    message: /force_destroy is true/,
  },
  {
    control: "GCS-5",
    does: "Google-managed key",
    mutate: (j) => delete r(j, "google_storage_bucket.data").encryption,
    message: /default_kms_key_name is unset/,
  },
  {
    control: "GCS-5",
    does: "storage agent not granted on the key",
    mutate: (j) => remove(j, "google_kms_crypto_key_iam_member"),
    message: /service agent is not granted on google_kms_crypto_key\.storage/,
  },
  {
    control: "GCS-6",
    does: "soft delete off",
    mutate: (j) =>
      (r(j, "google_storage_bucket.data").soft_delete_policy = { retention_duration_seconds: 0 }),
    message: /retention_duration_seconds is 0/,
  },
  {
    control: "GCS-7",
    does: "noncurrent versions kept forever",
    mutate: (j) => (r(j, "google_storage_bucket.data").lifecycle_rule as Json[]).splice(0, 1),
    message: /no Delete lifecycle rule for noncurrent versions/,
  },
  {
    control: "GCS-7",
    does: "terminated customers' data kept",
    mutate: (j) => (r(j, "google_storage_bucket.data").lifecycle_rule as Json[]).splice(1, 1),
    message: /by custom time/,
  },
  {
    control: "GCS-7",
    does: "terminated customers' objects recoverable 97 days (60 + 30 noncurrent + 7 soft delete)",
    mutate: (j) =>
      (r(j, "google_storage_bucket.data").lifecycle_rule = [
        { action: { type: "Delete" }, condition: { days_since_noncurrent_time: 30, with_state: "ARCHIVED" } },
        { action: { type: "Delete" }, condition: { days_since_custom_time: 60 } },
      ]),
    message: /stay recoverable up to 97 days .*the bound is 60 days/,
  },
  {
    control: "RET-1",
    does: "bucket keeps deleted objects 90 days (soft delete)",
    mutate: (j) =>
      (r(j, "google_storage_bucket.data").soft_delete_policy = { retention_duration_seconds: 90 * 86400 }),
    message: /soft delete keeps deleted objects 90 days, more than retention.maxSoftDeleteDays \(30\)/,
  },
  {
    control: "RET-1",
    does: "audit logs kept ten years",
    mutate: (j) => (r(j, "google_logging_project_bucket_config.audit").retention_days = 3650),
    message: /retention_days is 3650 days, more than retention.maxAuditLogDays \(2190\)/,
  },
  {
    control: "RET-1",
    does: "35 days of transaction logs",
    mutate: (j) =>
      ((r(j, SQL).settings as Json).backup_configuration = {
        ...((r(j, SQL).settings as Json).backup_configuration as Json),
        transaction_log_retention_days: 35,
      }),
    message: /transaction_log_retention_days is 35 days, more than retention.maxTransactionLogDays \(7\)/,
  },
  {
    control: "GCS-8",
    does: "single-region bucket",
    mutate: (j) => (r(j, "google_storage_bucket.data").location = "EUROPE-WEST1"),
    message: /is a single region/,
  },
  {
    control: "GCS-9",
    does: "no access logs: no usage logs and no Data Access audit config",
    mutate: (j) => {
      delete r(j, "google_storage_bucket.data").logging;
      delete (j.resource as Record<string, unknown>).google_project_iam_audit_config;
    },
    message: /logging\.log_bucket is unset/,
    resource: "google_storage_bucket.data",
  },
  {
    control: "GCS-10",
    does: "unlocked audit archive bucket",
    mutate: (j) => ((r(j, "google_storage_bucket.audit-archive").retention_policy as Json).is_locked = false),
    message: /retention_policy\.is_locked is false/,
    resource: "google_storage_bucket.audit-archive",
  },
  {
    control: "GCS-10",
    does: "unlocked sink destination bucket",
    mutate: (j) =>
      add(j, "google_logging_project_sink.to-gcs", {
        name: "to-gcs",
        destination: "storage.googleapis.com/${google_storage_bucket.data.name}",
        filter: 'logName:"cloudaudit.googleapis.com"',
      }),
    message: /receives log exports but retention_policy\.is_locked is unset/,
  },
  // Cloud SQL
  {
    control: "SQL-1",
    does: "public IP (provider default)",
    mutate: (j) => delete ipConfig(j).ipv4_enabled,
    message: /ipv4_enabled is unset \(public IP\)/,
    resource: SQL,
  },
  {
    control: "SQL-2",
    does: "authorized network",
    mutate: (j) => (ipConfig(j).authorized_networks = [{ value: "0.0.0.0/0" }]),
    message: /authorized_networks admits "0\.0\.0\.0\/0"/,
  },
  {
    control: "SQL-3",
    does: "unencrypted connections allowed",
    mutate: (j) => (ipConfig(j).ssl_mode = "ALLOW_UNENCRYPTED_AND_ENCRYPTED"),
    message: /ssl_mode is "ALLOW_UNENCRYPTED_AND_ENCRYPTED"/,
  },
  {
    control: "SQL-4",
    does: "backups off",
    mutate: (j) => (backup(j).enabled = false),
    message: /backup_configuration\.enabled is false/,
  },
  {
    control: "SQL-4",
    does: "3 retained backups",
    mutate: (j) => (backup(j).backup_retention_settings = { retained_backups: 3 }),
    message: /retained_backups is 3/,
  },
  {
    control: "SQL-5",
    does: "no PITR",
    mutate: (j) => (backup(j).point_in_time_recovery_enabled = false),
    message: /point_in_time_recovery_enabled is false/,
  },
  {
    control: "SQL-5",
    does: "1 day of logs",
    mutate: (j) => (backup(j).transaction_log_retention_days = 1),
    message: /transaction_log_retention_days is 1/,
  },
  {
    control: "SQL-6",
    does: "deletion protection off",
    mutate: (j) => (r(j, SQL).deletion_protection = false),
    message: /deletion_protection is false/,
  },
  {
    control: "SQL-6",
    does: "API deletion protection off",
    mutate: (j) => delete settings(j).deletion_protection_enabled,
    message: /deletion_protection_enabled is unset/,
  },
  {
    control: "SQL-7",
    does: "backups deleted with the instance",
    mutate: (j) => delete settings(j).retain_backups_on_delete,
    message: /retain_backups_on_delete is unset/,
  },
  {
    control: "SQL-8",
    does: "Google-managed key",
    mutate: (j) => delete r(j, SQL).encryption_key_name,
    message: /encryption_key_name is unset/,
  },
  {
    control: "SQL-9",
    does: "IAM authentication off",
    mutate: (j) => flag(j, "cloudsql.iam_authentication", "off"),
    message: /cloudsql\.iam_authentication is "off"/,
  },
  {
    control: "SQL-10",
    does: "pgAudit off",
    mutate: (j) => flag(j, "cloudsql.enable_pgaudit", "off"),
    message: /cloudsql\.enable_pgaudit is "off"/,
  },
  {
    control: "SQL-10",
    does: "statements logged with durations",
    mutate: (j) => flag(j, "log_min_duration_statement", "0"),
    message: /log_min_duration_statement is "0" \(want -1\)/,
  },
  {
    control: "SQL-10",
    does: "every statement logged",
    mutate: (j) => flag(j, "log_statement", "all"),
    message: /log_statement is "all" \(want ddl or none\)/,
  },
  {
    control: "SQL-10",
    does: "pgAudit logging reads",
    mutate: (j) => flag(j, "pgaudit.log", "ddl,read"),
    message: /pgaudit\.log is "ddl,read": read logs statements with customer data/,
  },
  {
    control: "SQL-10",
    does: "no client host names",
    mutate: (j) => flag(j, "log_hostname", "off"),
    message: /log_hostname is "off" \(want on\)/,
  },
  {
    control: "SQL-12",
    does: "Query Insights recording client addresses",
    mutate: (j) =>
      (settings(j).insights_config = { query_insights_enabled: true, record_client_address: true }),
    message: /record_client_address is true/,
  },
  {
    control: "SQL-13",
    does: "no maintenance window",
    mutate: (j) => delete settings(j).maintenance_window,
    message: /maintenance_window is unset/,
  },
  {
    control: "SQL-14",
    does: "PostgreSQL 12",
    mutate: (j) => (r(j, SQL).database_version = "POSTGRES_12"),
    message: /database_version is "POSTGRES_12" \(supported: /,
  },
  {
    control: "SQL-11",
    does: "zonal instance in production",
    mutate: (j) => (settings(j).availability_type = "ZONAL"),
    message: /"ZONAL" in a production environment/,
  },
  // Logging and monitoring
  {
    control: "LOG-1",
    does: "no audit config",
    mutate: (j) => remove(j, "google_project_iam_audit_config"),
    message: /no audit config for service "allServices"/,
    resource: "(stack)",
  },
  {
    control: "LOG-1",
    does: "DATA_READ missing",
    mutate: (j) =>
      (r(j, "google_project_iam_audit_config.all").audit_log_config = [
        { log_type: "ADMIN_READ" },
        { log_type: "DATA_WRITE" },
      ]),
    message: /lacks DATA_READ/,
  },
  {
    control: "LOG-1",
    does: "exempted members",
    mutate: (j) =>
      ((r(j, "google_project_iam_audit_config.all").audit_log_config as Json[])[1].exempted_members = [
        "user:a@example.com",
      ]),
    message: /exempted_members set for DATA_READ/,
  },
  {
    control: "LOG-2",
    does: "log bucket without CMEK",
    mutate: (j) => delete r(j, "google_logging_project_bucket_config.audit").cmek_settings,
    message: /cmek_settings\.kms_key_name is unset/,
  },
  {
    control: "LOG-2",
    does: "30-day retention",
    mutate: (j) => (r(j, "google_logging_project_bucket_config.audit").retention_days = 30),
    message: /retention_days is 30 \(at least 365\)/,
  },
  {
    control: "LOG-2",
    does: "no audit sink",
    mutate: (j) => remove(j, "google_logging_project_sink"),
    message: /no log sink exports audit logs/,
  },
  {
    control: "LOG-3",
    does: "unlocked audit bucket in production",
    mutate: (j) => (r(j, "google_logging_project_bucket_config.audit").locked = false),
    message: /is not locked \(false\)/,
  },
  ...["MON-1", "MON-2", "MON-3", "MON-4", "MON-5", "MON-6", "MON-7", "MON-8"].map((control, i): Violation => {
    const name = [
      "ownership",
      "audit-config",
      "custom-roles",
      "firewall",
      "routes",
      "networks",
      "bucket-iam",
      "sql-config",
    ][i];
    return {
      control,
      does: `no ${name} metric`,
      mutate: (j) => delete j.resource.google_logging_metric[`cis-${name}`],
      message: /no google_logging_metric with the CIS 2\.\d+ filter/,
      resource: "(stack)",
    };
  }),
  {
    control: "MON-1",
    does: "ownership metric without alert",
    mutate: (j) => delete j.resource.google_monitoring_alert_policy["cis-ownership"],
    message: /no alert policy names metric google_logging_metric\.cis-ownership/,
  },
  {
    control: "MON-4",
    does: "firewall alert without channel",
    mutate: (j) => (r(j, "google_monitoring_alert_policy.cis-firewall").notification_channels = []),
    message: /has no notification channel/,
  },
  {
    control: "MON-9",
    does: "log-match alert without rate limit",
    mutate: (j) => delete r(j, "google_monitoring_alert_policy.kms-destroy").alert_strategy,
    message: /without alert_strategy\.notification_rate_limit/,
  },
  {
    control: "MON-10",
    does: "alert without channel",
    mutate: (j) => (r(j, "google_monitoring_alert_policy.cis-routes").notification_channels = []),
    message: /notification_channels is empty/,
  },
  {
    control: "MON-11",
    does: "no alert on Cloud SQL instance state",
    mutate: (j) => delete j.resource.google_monitoring_alert_policy["health-sql-up"],
    message: /no alert policy on cloudsql\.googleapis\.com\/database\/up/,
  },
  {
    control: "MON-11",
    does: "disk alert at 99%",
    mutate: (j) =>
      ((
        (r(j, "google_monitoring_alert_policy.health-sql-disk").conditions as Json[])[0]
          .condition_threshold as Json
      ).threshold_value = 0.99),
    message: /threshold_value 0\.99 is looser than 0\.85/,
  },
  {
    control: "MON-11",
    does: "a connections alert above the tier's default max_connections",
    mutate: (j) =>
      ((
        (r(j, "google_monitoring_alert_policy.health-sql-connections").conditions as Json[])[0]
          .condition_threshold as Json
      ).threshold_value = 400),
    message: /threshold_value 400 is looser than 320/,
  },
  {
    control: "MON-14",
    does: "no uptime check in production",
    mutate: (j) => {
      delete j.resource.google_monitoring_uptime_check_config;
      delete j.resource.google_monitoring_alert_policy["uptime-app"];
    },
    message: /no uptime check of the application in a production environment/,
  },
  {
    control: "MON-14",
    does: "an uptime check that ignores certificate errors",
    mutate: (j) =>
      ((r(j, "google_monitoring_uptime_check_config.app").http_check as Json).validate_ssl = false),
    message: /validate_ssl is false/,
    resource: "google_monitoring_uptime_check_config.app",
  },
  {
    control: "REG-2",
    does: "no alert on container findings",
    mutate: (j) => delete j.resource.google_monitoring_alert_policy["container-findings"],
    message: /no log-match alert policy with the filter/,
  },
  {
    control: "REG-2",
    does: "a findings workflow whose source was edited",
    mutate: (j) => (r(j, "google_workflows_workflow.findings").source_contents = "main:\n  steps: []\n"),
    message: /does not run the kit's workflow source/,
  },
  {
    control: "MON-12",
    does: "an alert that only e-mails in production",
    mutate: (j) =>
      (r(j, "google_monitoring_alert_policy.health-sql-up").notification_channels = [
        "${google_monitoring_notification_channel.oncall.id}",
      ]),
    message: /notifies no channel other than e-mail/,
    resource: "google_monitoring_alert_policy.health-sql-up",
  },
  {
    control: "MON-12",
    does: "no paging channel at all in production",
    mutate: (j) => delete j.resource.google_monitoring_notification_channel.pager,
    message: /no enabled notification channel other than e-mail in a production environment/,
  },
  {
    control: "MON-13",
    does: "the PagerDuty key copied into a label",
    mutate: (j) =>
      ((r(j, "google_storage_bucket.data").labels as Json) = {
        key: "${data.google_secret_manager_secret_version.pagerduty.secret_data}",
      }),
    message: /the secret value flows into google_storage_bucket\.data\.labels\.key/,
  },
  {
    control: "MON-13",
    does: "a secret value read for nothing",
    mutate: (j) => delete j.resource.google_monitoring_notification_channel.pager,
    message: /reads a secret value that no notification channel uses/,
  },
  // IAM and guardrails
  {
    control: "IAM-1",
    does: "roles/editor granted",
    mutate: (j) => (r(j, "google_project_iam_member.ops-log-viewer").role = "roles/editor"),
    message: /basic role roles\/editor/,
  },
  {
    control: "IAM-1",
    does: "service account as project admin",
    mutate: (j) =>
      add(j, "google_project_iam_member.sa-admin", {
        project: "acme",
        role: "roles/storage.admin",
        member: "serviceAccount:app@acme.iam.gserviceaccount.com",
      }),
    message: /roles\/storage\.admin to a service account/,
  },
  {
    control: "IAM-2",
    does: "project-wide token creator",
    mutate: (j) =>
      add(j, "google_project_iam_member.impersonate", {
        project: "acme",
        role: "roles/iam.serviceAccountTokenCreator",
        member: "group:ops@example.com",
      }),
    message: /serviceAccountTokenCreator at project level/,
  },
  {
    control: "IAM-3",
    does: "service account key",
    mutate: (j) =>
      add(j, "google_service_account_key.app", { service_account_id: "${google_service_account.app.name}" }),
    message: /user-managed service account key/,
  },
  {
    control: "ORG-1",
    does: "constraint not enforced",
    mutate: (j) =>
      (r(j, "google_org_policy_policy.sql-restrictPublicIp").spec = { rules: [{ enforce: "FALSE" }] }),
    message: /sql\.restrictPublicIp is not enforced/,
  },
  {
    control: "ORG-1",
    does: "constraint missing",
    mutate: (j) => delete j.resource.google_org_policy_policy["compute-requireOsLogin"],
    message: /no org policy for compute\.requireOsLogin/,
  },
  {
    control: "REG-1",
    does: "mutable tags",
    mutate: (j) =>
      (r(j, "google_artifact_registry_repository.images").docker_config = { immutable_tags: false }),
    message: /immutable_tags is false/,
  },
  {
    control: "REG-1",
    does: "scanning disabled",
    mutate: (j) =>
      (r(j, "google_artifact_registry_repository.images").vulnerability_scanning_config = {
        enablement_config: "DISABLED",
      }),
    message: /vulnerability scanning is DISABLED/,
  },
  {
    control: "REG-1",
    does: "no CMEK",
    mutate: (j) => delete r(j, "google_artifact_registry_repository.images").kms_key_name,
    message: /kms_key_name is unset/,
  },
  {
    control: "IAM-8",
    does: "bucket objects readable by a group across the project",
    mutate: (j) =>
      add(j, "google_project_iam_member.analysts", {
        project: "acme-test",
        role: "roles/storage.objectViewer",
        member: "group:analysts@example.com",
      }),
    message: /grants data role roles\/storage\.objectViewer to group:analysts@example\.com at project level/,
    resource: "google_project_iam_member.analysts",
  },
  {
    control: "IDP-1",
    does: "MFA disabled",
    mutate: (j) => (r(j, "google_identity_platform_config.auth").mfa = { state: "DISABLED" }),
    message: /mfa\.state is "DISABLED"/,
  },
  {
    control: "IDP-1",
    does: "MFA optional in production",
    mutate: (j) => (r(j, "google_identity_platform_config.auth").mfa = { state: "ENABLED" }),
    message: /mfa\.state is "ENABLED" in a production environment \(want MANDATORY\)/,
  },
  // Upstash
  {
    control: "UPS-1",
    does: "no Prod Pack",
    mutate: (j) => (r(j, "upstash_redis_database.sessions").prod_pack = false),
    message: /prod_pack is false/,
    resource: "upstash_redis_database.sessions",
  },
  {
    control: "UPS-2",
    does: "empty allowlist",
    mutate: (j) => delete r(j, "upstash_redis_database.sessions").ip_allowlist,
    message: /ip_allowlist is empty/,
  },
  {
    control: "UPS-2",
    does: "allowlist open to the internet",
    mutate: (j) => (r(j, "upstash_redis_database.sessions").ip_allowlist = ["0.0.0.0/0"]),
    message: /ip_allowlist contains 0\.0\.0\.0\/0/,
  },
  {
    control: "UPS-3",
    does: "no daily backup enabler",
    mutate: (j) => remove(j, "terraform_data"),
    message: /enable-dailybackup/,
  },
  {
    control: "UPS-4",
    does: "TLS off",
    mutate: (j) => (r(j, "upstash_redis_database.sessions").tls = false),
    message: /tls is false/,
  },
  {
    control: "UPS-5",
    does: "eviction on",
    mutate: (j) => (r(j, "upstash_redis_database.sessions").eviction = true),
    message: /eviction is true/,
  },
  {
    control: "UPS-6",
    does: "password not in Secret Manager",
    mutate: (j) => remove(j, "google_secret_manager_secret_version"),
    message: /password is not stored/,
  },
  {
    control: "UPS-6",
    does: "REST token output",
    mutate: (j) =>
      (j.output = { token: { value: "${upstash_redis_database.sessions.rest_token}", sensitive: true } }),
    message: /output "token" exposes its credentials/,
  },
  {
    control: "UPS-6",
    does: "literal provider API key",
    mutate: (j) => (j.provider = { upstash: [{ email: "ops@example.com", api_key: LITERAL_VALUE }] }),
    message: /literal api_key/,
  },
  {
    control: "UPS-7",
    does: "identifier in the database name",
    mutate: (j) => (r(j, "upstash_redis_database.sessions").database_name = "patient-12345678"),
    message: /contains a long number/,
  },
  {
    control: "UPS-7",
    does: "uppercase name with spaces",
    mutate: (j) => (r(j, "upstash_redis_database.sessions").database_name = "John Smith"),
    message: /is not 3-63 lowercase/,
  },
  {
    control: "UPS-8",
    does: "single region in production",
    mutate: (j) => (r(j, "upstash_redis_database.sessions").region = "eu-west-1"),
    message: /region is "eu-west-1" \(not global\)/,
  },
  {
    control: "UPS-9",
    does: "no budget",
    mutate: (j) => delete r(j, "upstash_redis_database.sessions").budget,
    message: /budget is unset/,
  },
  {
    control: "UPS-10",
    does: "a HIPAA database whose default password is granted to a workload",
    mutate: (j) =>
      (r(j, "upstash_redis_database.sessions")["//"] = {
        data_classification: "confidential",
        hipaa_mode: true,
      }),
    message: /default credentials in google_secret_manager_secret\.redis-password are granted/,
    resource: "upstash_redis_database.sessions",
  },
  {
    control: "UPS-10",
    does: "a HIPAA database without ACL users",
    mutate: (j) => {
      r(j, "upstash_redis_database.sessions")["//"] = {
        data_classification: "confidential",
        hipaa_mode: true,
      };
      delete (j.resource as Record<string, Record<string, unknown>>).terraform_data["sessions-acl-app"];
    },
    message: /is in HIPAA mode but has no ACL user/,
  },
  {
    control: "UPS-10",
    does: "an ACL user with every command",
    mutate: (j) => {
      (r(j, "terraform_data.sessions-acl-app").input as Record<string, unknown>).rules = [
        "~*",
        "+@all",
        "-@dangerous",
      ];
    },
    message: /ACL user app: rules rule \+@all gives more than data access/,
  },
  {
    control: "UPS-11",
    does: "a second owner of the Upstash team",
    mutate: (j) =>
      ((r(j, "upstash_team.team").team_members as Record<string, string>)["cto@acme.example"] = "owner"),
    message: /has 2 owners: exactly one/,
    resource: "upstash_team.team",
  },
  {
    control: "UPS-11",
    does: "team members from a variable",
    mutate: (j) => (r(j, "upstash_team.team").team_members = "${var.members}"),
    message: /cannot verify team_members/,
  },
  // State
  {
    control: "STATE-1",
    does: "local backend",
    mutate: (j) => (j.terraform = { backend: { local: { path: "terraform.tfstate" } } }),
    message: /the backend is local, not gcs/,
  },
  {
    control: "STATE-1",
    does: "gcs backend without CMEK",
    mutate: (j) => (j.terraform = { backend: { gcs: { bucket: "acme-tfstate" } } }),
    message: /no kms_encryption_key/,
  },
  {
    control: "STATE-2",
    does: "state bucket granted to a whole domain",
    mutate: (j) => (r(j, "google_storage_bucket_iam_member.tfstate-deployer").member = "domain:example.com"),
    message: /state bucket is granted to domain:example\.com/,
  },
  // Data classification and application-layer keys
  {
    control: "DATA-1",
    does: "bucket without a data_classification label",
    mutate: (j) => (r(j, "google_storage_bucket.data").labels = { team: "payments" }),
    message:
      /^labels\.data_classification is unset \(must be one of restricted, confidential, internal, public\)$/,
    resource: "google_storage_bucket.data",
  },
  {
    control: "DATA-1",
    does: "Cloud SQL instance labelled with a value outside the four",
    mutate: (j) => (settings(j).user_labels = { data_classification: "secret" }),
    message: /^settings\.user_labels\.data_classification is "secret"/,
    resource: SQL,
  },
  {
    control: "DATA-1",
    does: "Upstash database without the classification metadata",
    mutate: (j) => delete (r(j, "upstash_redis_database.sessions")["//"] as Json).data_classification,
    message: /^\/\/\.data_classification is unset/,
    resource: "upstash_redis_database.sessions",
  },
  {
    control: "DATA-1",
    does: "classification from a variable (cannot be verified)",
    mutate: (j) => (r(j, "google_redis_instance.cache").labels = { data_classification: "${var.class}" }),
    message: /^labels\.data_classification is "\$\{var\.class\}"/,
    resource: "google_redis_instance.cache",
  },
  {
    control: "DATA-2",
    does: "restricted bucket whose name carries a record number",
    mutate: (j) => (r(j, "google_storage_bucket.data").name = "acme-patient-48213"),
    message: /^name "acme-patient-48213" contains three or more digits in a row/,
    resource: "google_storage_bucket.data",
  },
  {
    control: "DATA-2",
    does: "restricted bucket without access logs (no usage logs, no Data Access audit config)",
    mutate: (j) => {
      remove(j, "google_project_iam_audit_config");
      r(j, "google_storage_bucket.data").logging = undefined;
    },
    message: /^no access logs: logging\.log_bucket is unset/,
    resource: "google_storage_bucket.data",
  },
  {
    control: "DATA-2",
    does: "restricted Upstash database outside HIPAA mode (eviction on, no Prod Pack)",
    mutate: (j) =>
      Object.assign(r(j, "upstash_redis_database.sessions"), {
        eviction: true,
        prod_pack: false,
        "//": { data_classification: "restricted" },
      }),
    message: /^prod_pack is false \(HIPAA mode needs Prod Pack\)$/,
    resource: "upstash_redis_database.sessions",
  },
  {
    control: "DATA-2",
    does: "restricted Upstash database without its daily-backup step",
    mutate: (j) => {
      remove(j, "terraform_data");
      r(j, "upstash_redis_database.sessions")["//"] = { data_classification: "restricted" };
    },
    message: /^nothing enables daily backups for it/,
    resource: "upstash_redis_database.sessions",
  },
  {
    control: "DATA-3",
    does: "restricted data without an application key",
    mutate: (j) => delete r(j, "google_kms_crypto_key.application").labels,
    message:
      /^the stack holds restricted data \(google_storage_bucket\.data, .*\) but has no application key/,
  },
  {
    control: "DATA-3",
    does: "application key also granted to a group",
    mutate: (j) =>
      add(j, "google_kms_crypto_key_iam_member.application-group", {
        crypto_key_id: "${google_kms_crypto_key.application.id}",
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: "group:data-team@example.com",
      }),
    message: /grants it to group:data-team@example\.com \(only the team's workload identity may use it\)$/,
    resource: "google_kms_crypto_key.application",
  },
  {
    control: "DATA-3",
    does: "application key granted to nobody",
    mutate: (j) => delete j.resource.google_kms_crypto_key_iam_member["application-app"],
    message: /^no roles\/cloudkms\.cryptoKeyEncrypterDecrypter grant to a workload identity/,
    resource: "google_kms_crypto_key.application",
  },
  {
    control: "DATA-4",
    does: "public bucket under the key of restricted data",
    mutate: (j) =>
      add(j, "google_storage_bucket.website", {
        ...r(j, "google_storage_bucket.tfstate"),
        name: "acme-website",
        labels: { data_classification: "public" },
      }),
    message:
      /^its key "\$\{google_kms_crypto_key\.storage\.id\}" also encrypts public google_storage_bucket\.website$/,
    resource: "google_storage_bucket.data",
  },
  ...WORKLOAD_VIOLATIONS,
];

describe("policy controls on synthesized JSON", () => {
  let compliant: StackReport;
  beforeAll(() => {
    compliant = check(compliantStack());
  });

  it("the compliant stack has no finding and no exception", () => {
    expect(compliant.findings).toEqual([]);
    expect(compliant.suppressed).toEqual([]);
  });

  it.each(CONTROLS.map((c) => c.id))(
    "%s: passes on the compliant stack, with the resources that satisfy it",
    (id) => {
      const result = compliant.results.find((x) => x.control.id === id)!;
      expect(result.status).toBe("pass");
      // Stack-wide verdicts without a resource to name: the state backend and the policy metadata.
      if (!["STATE-1", "POL-2", "POL-4"].includes(id)) expect(result.satisfiedBy.length).toBeGreaterThan(0);
    },
  );

  it("every control has at least one violating case", () => {
    const covered = new Set(VIOLATIONS.map((v) => v.control));
    expect(CONTROLS.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(VIOLATIONS.map((v) => [`${v.control}: ${v.does} is a finding`, v] as const))("%s", (_title, v) => {
    const json = clone(compliantStack());
    v.mutate(json);
    const report = check(json);
    const findings = report.findings.filter((f) => f.control === v.control);
    expect(findings.map((f) => f.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(v.message)]),
    );
    if (v.resource) expect(findings.map((f) => f.resource)).toContain(v.resource);
    expect(report.results.find((x) => x.control.id === v.control)!.status).toBe("fail");
  });
});

describe("policy rules: applicability and JSON shapes", () => {
  it("SQL-11, UPS-8, LOG-3 and KMS-4's HSM rule do not apply outside production", () => {
    const json = compliantStack({ production: false });
    (r(json, SQL).settings as Json).availability_type = "ZONAL";
    r(json, "upstash_redis_database.sessions").region = "eu-west-1";
    r(json, "google_logging_project_bucket_config.audit").locked = false;
    (r(json, "google_kms_crypto_key.storage").version_template as Json).protection_level = "SOFTWARE";
    const report = check(json);
    expect(report.findings).toEqual([]);
    const status = (id: string) => report.results.find((x) => x.control.id === id)!.status;
    expect([status("SQL-11"), status("UPS-8"), status("LOG-3")]).toEqual([
      "not-applicable",
      "not-applicable",
      "not-applicable",
    ]);
    expect(status("KMS-4")).toBe("pass");
  });

  it("GCS-9: an access-log sink needs no access logs of its own; once nothing logs into it, it does", () => {
    const sink = check(compliantStack());
    expect(sink.results.find((x) => x.control.id === "GCS-9")!.satisfiedBy).not.toContain(
      "google_storage_bucket.access-logs",
    );
    const json = compliantStack();
    for (const name of ["data", "audit-archive", "tfstate"]) {
      (r(json, `google_storage_bucket.${name}`).logging as Json).log_bucket =
        "${google_storage_bucket.other.name}";
    }
    // Without the Data Access audit config, which would otherwise stand in for its usage logs.
    delete (json.resource as Record<string, unknown>).google_project_iam_audit_config;
    const findings = check(json).findings.filter((f) => f.control === "GCS-9");
    expect(findings.map((f) => f.resource)).toEqual(["google_storage_bucket.access-logs"]);
  });

  it("blocks written as lists or as objects are read the same way", () => {
    const json = compliantStack();
    const db = r(json, SQL);
    db.settings = [{ ...(db.settings as Json), ip_configuration: [(db.settings as Json).ip_configuration] }];
    r(json, "google_storage_bucket.data").versioning = [{ enabled: true }];
    expect(check(json).findings).toEqual([]);
    (((db.settings as Json[])[0].ip_configuration as Json[])[0] as Json).ipv4_enabled = true;
    expect(check(json).findings.map((f) => `${f.control} ${f.message}`)).toEqual([
      "SQL-1 settings.ip_configuration.ipv4_enabled is true (public IP)",
    ]);
  });

  it("NET-4/NET-5: deny rules and egress rules from 0.0.0.0/0 are not ingress openings", () => {
    const json = compliantStack();
    add(json, "google_compute_firewall.deny-ingress", {
      network: "${google_compute_network.vpc.id}",
      direction: "INGRESS",
      deny: [{ protocol: "all" }],
      source_ranges: ["0.0.0.0/0"],
      log_config: { metadata: "INCLUDE_ALL_METADATA" },
    });
    expect(check(json).findings).toEqual([]);
  });

  it("NET-8/NET-9 do not apply to proxy-only subnets", () => {
    const json = compliantStack();
    add(json, "google_compute_subnetwork.proxy", {
      purpose: "REGIONAL_MANAGED_PROXY",
      role: "ACTIVE",
      ip_cidr_range: "10.20.0.0/23",
    });
    expect(check(json).findings).toEqual([]);
  });

  it("the hipaa pack enforces only HIPAA- and seed-000-mapped controls", () => {
    const json = compliantStack({ pack: "hipaa" });
    delete r(json, "upstash_redis_database.sessions").budget;
    const report = check(json);
    expect(report.settings.pack).toBe("hipaa");
    expect(report.results.map((x) => x.control.id)).not.toContain("UPS-9");
    expect(report.results.map((x) => x.control.id)).toEqual(
      expect.arrayContaining(["UPS-1", "LOG-1", "SQL-3"]),
    );
    expect(report.findings).toEqual([]);
  });
});

describe("policy rules: stack roles", () => {
  const withRole = (json: StackJson, role: string) => {
    (json["//"].policy as Json).role = role;
    // The Upstash team is the environment's, created by the baseline only (UPS-11).
    remove(json, "upstash_team");
    return json;
  };

  it("UPS-11: an Upstash team outside the baseline stack is a finding", () => {
    const json = compliantStack();
    (json["//"].policy as Json).role = "workload";
    remove(json, "google_project_iam_audit_config");
    remove(json, "google_logging_metric");
    remove(json, "google_monitoring_alert_policy");
    // Its uptime check would page through those alert policies (MON-14): a team stack has none here.
    remove(json, "google_monitoring_uptime_check_config");
    expect(check(json).findings.map((f) => `${f.control}: ${f.resource}`)).toEqual([
      "UPS-11: upstash_team.team",
    ]);
  });

  it("workload stacks leave project-wide controls (LOG, MON, KMS-7) to the baseline stack", () => {
    const json = withRole(compliantStack(), "workload");
    remove(json, "google_project_iam_audit_config");
    remove(json, "google_logging_metric");
    remove(json, "google_monitoring_alert_policy");
    // An uptime check pages from whichever stack declares it (MON-14): without its alert it goes too.
    remove(json, "google_monitoring_uptime_check_config");
    const report = check(json);
    expect(report.findings).toEqual([]);
    const status = (id: string) => report.results.find((x) => x.control.id === id)!.status;
    expect([status("LOG-1"), status("MON-1"), status("KMS-7"), status("LOG-3")]).toEqual([
      "not-applicable",
      "not-applicable",
      "not-applicable",
      "not-applicable",
    ]);
  });

  it("STATE-1: a bootstrap stack may start on local state; any other stack may not", () => {
    const bootstrap = withRole(compliantStack(), "bootstrap");
    bootstrap.terraform = { backend: { local: { path: "terraform.bootstrap-test.tfstate" } } };
    expect(check(bootstrap).results.find((x) => x.control.id === "STATE-1")!.status).toBe("not-applicable");
    const workload = withRole(clone(bootstrap), "workload");
    expect(check(workload).findings.map((f) => `${f.control}: ${f.message}`)).toEqual([
      "STATE-1: the backend is local, not gcs",
    ]);
  });

  it("STATE-2: in a bootstrap stack, the buckets it creates (other than access-log sinks) are state buckets", () => {
    const bootstrap = withRole(compliantStack(), "bootstrap");
    bootstrap.terraform = { backend: { local: { path: "terraform.bootstrap-test.tfstate" } } };
    r(bootstrap, "google_storage_bucket_iam_member.tfstate-deployer").member = "projectViewer:acme";
    expect(check(bootstrap).findings.map((f) => `${f.control}: ${f.resource}`)).toEqual([
      "STATE-2: google_storage_bucket_iam_member.tfstate-deployer",
    ]);
  });

  it("NET-12 does not apply to an instance on another stack's network (checked where the network is)", () => {
    const json = compliantStack();
    remove(json, "google_compute_global_address");
    (settings(json).ip_configuration as Json).private_network =
      "${data.terraform_remote_state.baseline.outputs.network}";
    expect(check(json).results.find((x) => x.control.id === "NET-12")!.status).toBe("not-applicable");
  });
});

describe("policy rules: Cloud SQL read replicas", () => {
  it("SQL-4, SQL-5 and SQL-7 do not apply to a read replica (its primary holds backups and logs)", () => {
    const json = compliantStack();
    const replica = clone(r(json, SQL));
    replica.master_instance_name = "${google_sql_database_instance.postgres.name}";
    (replica.settings as Json).backup_configuration = { enabled: false };
    delete (replica.settings as Json).retain_backups_on_delete;
    add(json, "google_sql_database_instance.replica", replica);
    const report = check(json);
    expect(report.findings).toEqual([]);
  });
});
