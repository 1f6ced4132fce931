/**
 * Synthesized-stack fixtures for policy tests: plain Terraform JSON as cdktf writes it. `compliantStack()`
 * holds one compliant resource of every kind the controls judge (a production environment, so every
 * control applies); tests break one attribute at a time.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { compliantWorkloadResources } from "./fixtures-workloads";
import { VULNERABILITY_WORKFLOW_SOURCE } from "../../core/rules/container-findings";

type Json = Record<string, unknown>;
export type StackJson = {
  "//": Json;
  resource: Record<string, Record<string, Json>>;
  terraform?: Json;
  provider?: Json;
  output?: Record<string, Json>;
  data?: Record<string, Record<string, Json>>;
};

const KEY = "${google_kms_crypto_key.storage.id}";
const CHANNEL = "${google_monitoring_notification_channel.oncall.id}";
/** MON-12: production alerts also page beyond e-mail. */
const PAGER = "${google_monitoring_notification_channel.pager.id}";

/** Wraps resources as a synthesized stack named `name`. */
export function stackJson(
  resources: Record<string, Record<string, Json>>,
  options: { name?: string; production?: boolean; pack?: string; environment?: string } = {},
): StackJson {
  const name = options.name ?? "baseline-test";
  const withPaths: Record<string, Record<string, Json>> = {};
  for (const [type, instances] of Object.entries(resources)) {
    withPaths[type] = {};
    for (const [logical, attrs] of Object.entries(instances)) {
      withPaths[type][logical] = {
        ...attrs,
        "//": {
          metadata: { path: `${name}/${logical}/resource`, uniqueId: logical },
          ...(attrs["//"] as Json | undefined),
        },
      };
    }
  }
  return {
    "//": {
      metadata: { stackName: name, backend: "gcs", version: "0.21.0" },
      policy: {
        pack: options.pack ?? "baseline",
        environment: options.environment ?? "test",
        production: options.production ?? false,
      },
    },
    resource: withPaths,
  };
}

const CIS_FILTERS: Record<string, string> = {
  ownership:
    '(protoPayload.serviceName="cloudresourcemanager.googleapis.com") AND (ProjectOwnership OR projectOwnerInvitee) OR (protoPayload.serviceData.policyDelta.bindingDeltas.action="REMOVE" AND protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner") OR (protoPayload.serviceData.policyDelta.bindingDeltas.action="ADD" AND protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner")',
  "audit-config":
    'protoPayload.methodName="SetIamPolicy" AND protoPayload.serviceData.policyDelta.auditConfigDeltas:*',
  "custom-roles":
    'resource.type="iam_role" AND (protoPayload.methodName="google.iam.admin.v1.CreateRole" OR protoPayload.methodName="google.iam.admin.v1.DeleteRole" OR protoPayload.methodName="google.iam.admin.v1.UpdateRole")',
  firewall:
    'resource.type="gce_firewall_rule"\n  AND (protoPayload.methodName:"compute.firewalls.patch" OR protoPayload.methodName:"compute.firewalls.insert" OR protoPayload.methodName:"compute.firewalls.delete")',
  routes:
    'resource.type="gce_route" AND (protoPayload.methodName:"compute.routes.delete" OR protoPayload.methodName:"compute.routes.insert")',
  networks:
    'resource.type="gce_network" AND (protoPayload.methodName:"compute.networks.insert" OR protoPayload.methodName:"compute.networks.patch" OR protoPayload.methodName:"compute.networks.delete" OR protoPayload.methodName:"compute.networks.removePeering" OR protoPayload.methodName:"compute.networks.addPeering")',
  "bucket-iam": 'resource.type="gcs_bucket" AND protoPayload.methodName="storage.setIamPermissions"',
  "sql-config": 'protoPayload.methodName="cloudsql.instances.update"',
};

function cisMonitoring() {
  const metrics: Record<string, Json> = {};
  const policies: Record<string, Json> = {};
  for (const [name, filter] of Object.entries(CIS_FILTERS)) {
    metrics[`cis-${name}`] = { name: `cis-${name}`, filter };
    policies[`cis-${name}`] = {
      display_name: `CIS ${name}`,
      combiner: "OR",
      notification_channels: [CHANNEL, PAGER],
      conditions: [
        {
          display_name: name,
          condition_threshold: {
            // Half the alerts name the metric by reference, half literally (both are valid).
            filter:
              name.length % 2
                ? `metric.type="logging.googleapis.com/user/\${google_logging_metric.cis-${name}.name}"`
                : `metric.type="logging.googleapis.com/user/cis-${name}"`,
            comparison: "COMPARISON_GT",
            duration: "0s",
          },
        },
      ],
    };
  }
  policies["kms-destroy"] = {
    display_name: "Key version destroyed",
    notification_channels: [CHANNEL, PAGER],
    conditions: [
      {
        display_name: "destroy",
        condition_matched_log: { filter: 'protoPayload.methodName="DestroyCryptoKeyVersion"' },
      },
    ],
    alert_strategy: { notification_rate_limit: { period: "300s" } },
  };
  // MON-11: health alerts, written out here as an independent oracle of the kit's thresholds.
  const health: [string, string, string, string, number, string, Json][] = [
    [
      "sql-cpu",
      "cloudsql_database",
      "cloudsql.googleapis.com/database/cpu/utilization",
      "COMPARISON_GT",
      0.9,
      "600s",
      { alignment_period: "60s", per_series_aligner: "ALIGN_MEAN" },
    ],
    [
      "sql-disk",
      "cloudsql_database",
      "cloudsql.googleapis.com/database/disk/utilization",
      "COMPARISON_GT",
      0.85,
      "300s",
      { alignment_period: "60s", per_series_aligner: "ALIGN_MEAN" },
    ],
    [
      "sql-up",
      "cloudsql_database",
      "cloudsql.googleapis.com/database/up",
      "COMPARISON_LT",
      1,
      "300s",
      { alignment_period: "60s", per_series_aligner: "ALIGN_MIN" },
    ],
    // db-custom-2-7680 (7.5 GiB) accepts 400 connections by default: page above 320.
    [
      "sql-connections",
      "cloudsql_database",
      "cloudsql.googleapis.com/database/postgresql/num_backends",
      "COMPARISON_GT",
      320,
      "300s",
      {
        alignment_period: "60s",
        per_series_aligner: "ALIGN_MAX",
        cross_series_reducer: "REDUCE_SUM",
        group_by_fields: ["resource.label.database_id"],
      },
    ],
    [
      "nat-allocation",
      "nat_gateway",
      "router.googleapis.com/nat/nat_allocation_failed",
      "COMPARISON_GT",
      0,
      "300s",
      { alignment_period: "60s", per_series_aligner: "ALIGN_COUNT_TRUE" },
    ],
    [
      "nat-dropped",
      "nat_gateway",
      "router.googleapis.com/nat/dropped_sent_packets_count",
      "COMPARISON_GT",
      0,
      "300s",
      { alignment_period: "300s", per_series_aligner: "ALIGN_SUM" },
    ],
  ];
  for (const [name, resourceType, metricType, comparison, threshold, duration, aggregation] of health) {
    policies[`health-${name}`] = {
      display_name: name,
      combiner: "OR",
      notification_channels: [CHANNEL, PAGER],
      conditions: [
        {
          display_name: name,
          condition_threshold: {
            filter: `resource.type="${resourceType}" AND metric.type="${metricType}"`,
            comparison,
            threshold_value: threshold,
            duration,
            aggregations: [aggregation],
          },
        },
      ],
    };
  }
  // MON-14: the application's uptime check pages when more than one region fails.
  policies["uptime-app"] = {
    display_name: "uptime",
    notification_channels: [CHANNEL, PAGER],
    conditions: [
      {
        display_name: "uptime",
        condition_threshold: {
          filter:
            'metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND resource.type="uptime_url" AND resource.label.host="app.example.com"',
          comparison: "COMPARISON_GT",
          threshold_value: 1,
          duration: "60s",
          aggregations: [
            {
              alignment_period: "1200s",
              per_series_aligner: "ALIGN_NEXT_OLDER",
              cross_series_reducer: "REDUCE_COUNT_FALSE",
            },
          ],
        },
      },
    ],
  };
  // REG-2: the workflow's log entries for HIGH and CRITICAL container findings page.
  policies["container-findings"] = {
    display_name: "container findings",
    notification_channels: [CHANNEL, PAGER],
    conditions: [
      {
        display_name: "finding",
        condition_matched_log: {
          filter:
            'resource.type="workflows.googleapis.com/Workflow" AND jsonPayload.finding="container-vulnerability"',
        },
      },
    ],
    alert_strategy: { notification_rate_limit: { period: "300s" } },
  };
  return { metrics, policies };
}

const SQL_FLAGS = [
  ["cloudsql.iam_authentication", "on"],
  ["log_connections", "on"],
  ["log_disconnections", "on"],
  ["log_hostname", "on"],
  ["log_checkpoints", "on"],
  ["log_lock_waits", "on"],
  ["log_min_duration_statement", "-1"],
  ["log_statement", "ddl"],
  ["cloudsql.enable_pgaudit", "on"],
  ["pgaudit.log", "ddl,role"],
].map(([name, value]) => ({ name, value }));

const ORG_CONSTRAINTS = [
  "storage.publicAccessPrevention",
  "storage.uniformBucketLevelAccess",
  "sql.restrictPublicIp",
  "sql.restrictAuthorizedNetworks",
  "compute.vmExternalIpAccess",
  "compute.requireOsLogin",
  "compute.disableSerialPortAccess",
  "iam.disableServiceAccountKeyCreation",
  "iam.disableServiceAccountKeyUpload",
  "iam.automaticIamGrantsForDefaultServiceAccounts",
];

export function compliantBucket(overrides: Json = {}): Json {
  return {
    name: "acme-data",
    location: "EU",
    public_access_prevention: "enforced",
    uniform_bucket_level_access: true,
    force_destroy: false,
    versioning: { enabled: true },
    encryption: { default_kms_key_name: KEY },
    soft_delete_policy: { retention_duration_seconds: 604800 },
    lifecycle_rule: [
      { action: { type: "Delete" }, condition: { days_since_noncurrent_time: 23, with_state: "ARCHIVED" } },
      { action: { type: "Delete" }, condition: { days_since_custom_time: 30 } },
    ],
    logging: { log_bucket: "${google_storage_bucket.access-logs.name}", log_object_prefix: "acme-data" },
    lifecycle: { prevent_destroy: true },
    depends_on: ["google_kms_crypto_key_iam_member.storage-agent"],
    labels: { data_classification: "restricted" },
    ...overrides,
  };
}

/** One compliant resource of every kind, wired together like the kit wires them. */
export function compliantStack(options: { production?: boolean; pack?: string } = {}): StackJson {
  const { metrics, policies } = cisMonitoring();
  const json = stackJson(
    {
      ...compliantWorkloadResources(),
      google_compute_network: {
        vpc: { name: "vpc", auto_create_subnetworks: false, delete_default_routes_on_create: true },
      },
      google_compute_subnetwork: {
        workloads: {
          name: "workloads",
          network: "${google_compute_network.vpc.id}",
          ip_cidr_range: "10.10.0.0/20",
          private_ip_google_access: true,
          log_config: {
            aggregation_interval: "INTERVAL_5_SEC",
            flow_sampling: 1,
            metadata: "INCLUDE_ALL_METADATA",
          },
        },
      },
      google_compute_firewall: {
        "deny-all-egress": {
          name: "deny-all-egress",
          network: "${google_compute_network.vpc.id}",
          direction: "EGRESS",
          priority: 65530,
          deny: [{ protocol: "all" }],
          destination_ranges: ["0.0.0.0/0"],
          log_config: { metadata: "INCLUDE_ALL_METADATA" },
        },
        "allow-iap-ssh": {
          name: "allow-iap-ssh",
          network: "${google_compute_network.vpc.id}",
          direction: "INGRESS",
          allow: [{ protocol: "tcp", ports: ["22"] }],
          source_ranges: ["35.235.240.0/20"],
          log_config: { metadata: "INCLUDE_ALL_METADATA" },
        },
      },
      google_compute_address: { "nat-ip": { name: "nat-ip", address_type: "EXTERNAL" } },
      google_compute_router: { router: { name: "router", network: "${google_compute_network.vpc.id}" } },
      google_compute_router_nat: {
        nat: {
          name: "nat",
          router: "${google_compute_router.router.name}",
          nat_ip_allocate_option: "MANUAL_ONLY",
          nat_ips: ["${google_compute_address.nat-ip.self_link}"],
          source_subnetwork_ip_ranges_to_nat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
          log_config: { enable: true, filter: "ALL" },
        },
      },
      google_dns_policy: {
        logging: {
          name: "logging",
          enable_logging: true,
          networks: [{ network_url: "${google_compute_network.vpc.id}" }],
        },
      },
      google_compute_global_address: {
        "private-services": {
          name: "private-services",
          purpose: "VPC_PEERING",
          address_type: "INTERNAL",
          prefix_length: 16,
        },
      },
      google_service_networking_connection: {
        "private-services": {
          network: "${google_compute_network.vpc.id}",
          service: "servicenetworking.googleapis.com",
          reserved_peering_ranges: ["${google_compute_global_address.private-services.name}"],
        },
      },
      google_compute_ssl_policy: { tls: { name: "tls", profile: "MODERN", min_tls_version: "TLS_1_2" } },
      google_compute_target_https_proxy: {
        api: {
          name: "api",
          url_map: "projects/p/global/urlMaps/api",
          ssl_policy: "${google_compute_ssl_policy.tls.id}",
        },
      },
      // NET-13: port 80 only redirects to HTTPS.
      google_compute_url_map: {
        "http-redirect": {
          name: "http-redirect",
          default_url_redirect: { https_redirect: true, strip_query: false },
        },
      },
      google_compute_target_http_proxy: {
        http: { name: "http", url_map: "${google_compute_url_map.http-redirect.id}" },
      },
      google_kms_key_ring: {
        ring: { name: "ring", location: "europe", lifecycle: { prevent_destroy: true } },
      },
      google_kms_crypto_key: {
        storage: {
          name: "storage",
          key_ring: "${google_kms_key_ring.ring.id}",
          purpose: "ENCRYPT_DECRYPT",
          rotation_period: "7776000s",
          destroy_scheduled_duration: "2592000s",
          version_template: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protection_level: "HSM" },
          lifecycle: { prevent_destroy: true },
        },
        // DATA-3: the application-layer key of the stack's workload.
        application: {
          name: "application",
          key_ring: "${google_kms_key_ring.ring.id}",
          purpose: "ENCRYPT_DECRYPT",
          rotation_period: "7776000s",
          destroy_scheduled_duration: "2592000s",
          version_template: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protection_level: "HSM" },
          labels: { purpose: "application" },
          lifecycle: { prevent_destroy: true },
        },
      },
      google_kms_crypto_key_iam_member: {
        "storage-agent": {
          crypto_key_id: KEY,
          role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
          member: "${data.google_storage_project_service_account.gcs.member}",
        },
        "application-app": {
          crypto_key_id: "${google_kms_crypto_key.application.id}",
          role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
          member: "${google_service_account.app.member}",
        },
      },
      google_secret_manager_secret: {
        "redis-password": {
          secret_id: "redis-password",
          replication: {
            user_managed: {
              replicas: [{ location: "europe-west1", customer_managed_encryption: { kms_key_name: KEY } }],
            },
          },
          version_destroy_ttl: "604800s",
          deletion_protection: true,
          rotation: { rotation_period: "7776000s", next_rotation_time: '${timeadd(timestamp(), "2160h")}' },
          topics: [{ name: "projects/p/topics/rotation" }],
          lifecycle: { prevent_destroy: true },
        },
      },
      google_secret_manager_secret_version: {
        "redis-password": {
          secret: "${google_secret_manager_secret.redis-password.id}",
          secret_data: "${upstash_redis_database.sessions.password}",
        },
      },
      google_secret_manager_secret_iam_member: {
        "app-accessor": {
          secret_id: "${google_secret_manager_secret.redis-password.id}",
          role: "roles/secretmanager.secretAccessor",
          member: "serviceAccount:app@acme.iam.gserviceaccount.com",
        },
      },
      google_storage_bucket: {
        data: compliantBucket(),
        "access-logs": compliantBucket({
          name: "acme-access-logs",
          logging: undefined,
          labels: { data_classification: "confidential" },
        }),
        // GCS rejects versioning together with a retention policy; the locked policy protects the objects.
        "audit-archive": compliantBucket({
          name: "acme-audit-archive",
          versioning: undefined,
          retention_policy: { retention_period: 31536000, is_locked: true },
        }),
        tfstate: compliantBucket({ name: "acme-tfstate" }),
      },
      google_storage_bucket_iam_member: {
        "access-log-writer": {
          bucket: "${google_storage_bucket.access-logs.name}",
          role: "roles/storage.objectCreator",
          member: "group:cloud-storage-analytics@google.com",
        },
        "tfstate-deployer": {
          bucket: "${google_storage_bucket.tfstate.name}",
          role: "roles/storage.objectAdmin",
          member: "serviceAccount:deployer@acme.iam.gserviceaccount.com",
        },
      },
      google_sql_database_instance: {
        postgres: {
          name: "postgres",
          database_version: "POSTGRES_16",
          region: "europe-west1",
          deletion_protection: true,
          encryption_key_name: "${google_kms_crypto_key.storage.id}",
          settings: {
            tier: "db-custom-2-7680",
            availability_type: "REGIONAL",
            deletion_protection_enabled: true,
            retain_backups_on_delete: true,
            user_labels: { data_classification: "restricted" },
            ip_configuration: {
              ipv4_enabled: false,
              private_network: "${google_compute_network.vpc.id}",
              ssl_mode: "TRUSTED_CLIENT_CERTIFICATE_REQUIRED",
            },
            backup_configuration: {
              enabled: true,
              start_time: "02:00",
              point_in_time_recovery_enabled: true,
              transaction_log_retention_days: 7,
              backup_retention_settings: { retained_backups: 30, retention_unit: "COUNT" },
            },
            database_flags: SQL_FLAGS,
            maintenance_window: { day: 7, hour: 3, update_track: "stable" },
          },
          lifecycle: { prevent_destroy: true },
        },
      },
      google_project_iam_audit_config: {
        all: {
          project: "acme-test",
          service: "allServices",
          audit_log_config: [
            { log_type: "ADMIN_READ" },
            { log_type: "DATA_READ" },
            { log_type: "DATA_WRITE" },
          ],
        },
      },
      google_logging_project_bucket_config: {
        audit: {
          project: "acme-test",
          location: "europe-west1",
          bucket_id: "audit-logs",
          retention_days: 400,
          locked: true,
          cmek_settings: { kms_key_name: KEY },
        },
      },
      google_logging_project_sink: {
        audit: {
          name: "audit-logs-sink",
          destination: "logging.googleapis.com/${google_logging_project_bucket_config.audit.id}",
          filter: 'logName:"cloudaudit.googleapis.com"',
          unique_writer_identity: true,
        },
        "audit-archive": {
          name: "audit-archive-sink",
          destination: "storage.googleapis.com/${google_storage_bucket.audit-archive.name}",
          filter: 'logName:"cloudaudit.googleapis.com"',
        },
      },
      google_logging_metric: metrics,
      google_monitoring_notification_channel: {
        oncall: { display_name: "on-call", type: "email", labels: { email_address: "oncall@example.com" } },
        pager: {
          display_name: "pager",
          type: "pagerduty",
          sensitive_labels: {
            service_key: "${data.google_secret_manager_secret_version.pagerduty.secret_data}",
          },
        },
      },
      google_monitoring_alert_policy: policies,
      google_project_iam_member: {
        "ops-log-viewer": {
          project: "acme-test",
          role: "roles/logging.viewer",
          member: "group:ops@example.com",
        },
        "findings-occurrences": {
          project: "acme-test",
          role: "roles/containeranalysis.occurrences.viewer",
          member: "${google_service_account.findings-reader.member}",
        },
        "findings-log-writer": {
          project: "acme-test",
          role: "roles/logging.logWriter",
          member: "${google_service_account.findings-reader.member}",
        },
        "findings-invoker": {
          project: "acme-test",
          role: "roles/workflows.invoker",
          member: "${google_service_account.findings-trigger.member}",
        },
      },
      google_service_account: {
        app: { account_id: "app" },
        "findings-reader": { account_id: "findings-reader" },
        "findings-trigger": { account_id: "findings-trigger" },
      },
      // MON-14: an uptime check of the application.
      google_monitoring_uptime_check_config: {
        app: {
          display_name: "app",
          timeout: "10s",
          period: "60s",
          monitored_resource: {
            type: "uptime_url",
            labels: { host: "app.example.com", project_id: "acme-test" },
          },
          http_check: { path: "/healthz", port: 443, use_ssl: true, validate_ssl: true },
        },
      },
      // REG-2: Artifact Analysis' occurrences start the findings workflow (Terraform escapes Workflows' ${}).
      google_workflows_workflow: {
        findings: {
          name: "findings",
          region: "europe-west1",
          service_account: "${google_service_account.findings-reader.email}",
          source_contents: VULNERABILITY_WORKFLOW_SOURCE.split("${").join("$${"),
        },
      },
      google_eventarc_trigger: {
        findings: {
          name: "findings",
          location: "europe-west1",
          matching_criteria: [{ attribute: "type", value: "google.cloud.pubsub.topic.v1.messagePublished" }],
          transport: { pubsub: { topic: "projects/acme-test/topics/container-analysis-occurrences-v1" } },
          destination: { workflow: "${google_workflows_workflow.findings.id}" },
          service_account: "${google_service_account.findings-trigger.email}",
        },
      },
      google_org_policy_policy: Object.fromEntries(
        ORG_CONSTRAINTS.map((c) => [
          c.replace(/\./g, "-"),
          {
            name: `projects/acme/policies/${c}`,
            parent: "projects/acme",
            spec: {
              rules: [c === "compute.vmExternalIpAccess" ? { deny_all: "TRUE" } : { enforce: "TRUE" }],
            },
          },
        ]),
      ),
      google_artifact_registry_repository: {
        images: {
          repository_id: "images",
          format: "DOCKER",
          kms_key_name: KEY,
          docker_config: { immutable_tags: true },
          vulnerability_scanning_config: { enablement_config: "INHERITED" },
        },
      },
      google_identity_platform_config: {
        auth: { mfa: { state: "MANDATORY", enabled_providers: ["PHONE_SMS"] } },
      },
      upstash_redis_database: {
        sessions: {
          database_name: "prod-sessions",
          region: "global",
          primary_region: "eu-west-1",
          read_regions: ["eu-central-1"],
          tls: true,
          eviction: false,
          prod_pack: true,
          budget: 100,
          ip_allowlist: ["${google_compute_address.nat-ip.address}"],
          lifecycle: { prevent_destroy: true },
          // Confidential: tests switch eviction on to get a UPS-5 warning alone (restricted data makes it a DATA-2 error).
          "//": { data_classification: "confidential" },
        },
      },
      // UPS-11: console users from configuration.
      upstash_team: {
        team: {
          team_name: "acme prod",
          copy_cc: false,
          team_members: { "owner@acme.example": "owner", "dev@acme.example": "dev" },
          lifecycle: { prevent_destroy: true },
        },
      },
      terraform_data: {
        // UPS-10: the workload's ACL user (ProdRedis.grantReadWrite), created at deploy.
        "sessions-acl-app": {
          input: {
            endpoint: "${upstash_redis_database.sessions.endpoint}",
            adminTokenSecret: "${google_secret_manager_secret.redis-password.id}",
            userSecret: "${google_secret_manager_secret.redis-acl-app.id}",
            user: "app",
            rules: ["~*", "-@all", "+@read", "+@write", "+@transaction", "+@connection", "-@dangerous"],
          },
          provisioner: [
            {
              "local-exec": {
                command: "${jsonencode(self.input)}",
                interpreter: ["node", "assets/upstash-redis-acl.mjs", "apply"],
              },
            },
          ],
        },
        "sessions-daily-backup": {
          provisioner: [
            {
              "local-exec": {
                command: "${upstash_redis_database.sessions.database_id}",
                interpreter: ["node", "assets/upstash-daily-backup.mjs", "enable"],
              },
            },
          ],
        },
      },
    },
    { production: options.production ?? true, pack: options.pack },
  );
  json.terraform = {
    backend: { gcs: { bucket: "acme-tfstate", prefix: "baseline", kms_encryption_key: KEY } },
    // As cdktf writes them: short sources are Terraform's default registry namespace (hashicorp/).
    required_providers: {
      google: { source: "google", version: "6.50.0" },
      upstash: { source: "upstash/upstash", version: "2.0.1" },
    },
  };
  json.provider = { google: [{ project: "acme-test" }], upstash: [{ email: "ops@example.com" }] };
  // MON-13: the PagerDuty key is read from Secret Manager into the channel only.
  json.data = {
    google_secret_manager_secret_version: {
      pagerduty: { secret: "pagerduty-service-key", version: "latest" },
    },
  };
  return json;
}

/** A deep copy, so each test mutates its own stack. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * A directory of environment files for the CLI's `--config`: one per name, each matching the fixtures'
 * project (acme-test) and production settings, so stacks named `<role>-<name>` map to a configured
 * environment (the check trusts only the configuration).
 */
export function fixtureEnvironmentsDir(names: readonly string[], dir: string): string {
  for (const name of names) {
    writeFileSync(
      join(dir, `${name}.yaml`),
      [
        `name: ${name}`,
        "projectId: acme-test",
        "region: europe-west1",
        "production: true",
        "kms: { protectionLevel: HSM }",
        "logging: { locked: true }",
        "database: { availability: REGIONAL }",
        "monitoring: { uptimeChecks: [{ name: app, url: 'https://app.example.com/healthz' }] }",
        "notifications: { emails: [alerts@example.com], pagerduty: { serviceKeySecret: { secretId: pagerduty-service-key } } }",
        "",
      ].join("\n"),
    );
  }
  return dir;
}
