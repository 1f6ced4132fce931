/**
 * Compliant resources of the types teams add (VMs, GKE, Cloud Run, BigQuery, Memorystore, firewall
 * policies, ...), merged into `compliantStack()` so each of their controls passes there with evidence.
 * `WORKLOAD_VIOLATIONS` breaks one attribute at a time (read by controls.test.ts).
 */
type Json = Record<string, unknown>;

const KEY = "${google_kms_crypto_key.storage.id}";
const APP_SA = "${google_service_account.app.email}";
const SHIELDED = { enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true };
const OS_LOGIN = { "enable-oslogin": "TRUE", "block-project-ssh-keys": "TRUE" };

/** Resources by type and name, as cdktf writes them (paths are added by `stackJson`). */
export function compliantWorkloadResources(): Record<string, Record<string, Json>> {
  return {
    google_service_account_iam_member: {
      "app-acts-as-itself": {
        service_account_id: "${google_service_account.app.name}",
        role: "roles/iam.serviceAccountTokenCreator",
        member: "${google_service_account.app.member}",
      },
    },
    google_compute_network_firewall_policy: { policy: { name: "egress-policy" } },
    google_compute_network_firewall_policy_rule: {
      "allow-upstash": {
        firewall_policy: "${google_compute_network_firewall_policy.policy.name}",
        priority: 1000,
        direction: "EGRESS",
        action: "allow",
        match: [
          {
            dest_fqdns: ["eu1-sessions-12345.upstash.io", "${upstash_redis_database.sessions.endpoint}"],
            layer4_configs: [{ ip_protocol: "tcp", ports: ["6379", "443"] }],
          },
        ],
        target_secure_tags: [{ name: "tagValues/123" }],
      },
      "allow-iap": {
        firewall_policy: "${google_compute_network_firewall_policy.policy.name}",
        priority: 1001,
        direction: "INGRESS",
        action: "allow",
        match: [
          { src_ip_ranges: ["35.235.240.0/20"], layer4_configs: [{ ip_protocol: "tcp", ports: ["22"] }] },
        ],
      },
    },
    google_compute_network_firewall_policy_association: {
      vpc: {
        name: "vpc",
        firewall_policy: "${google_compute_network_firewall_policy.policy.name}",
        attachment_target: "${google_compute_network.vpc.id}",
      },
    },
    google_compute_route: {
      "restricted-apis": {
        name: "restricted-apis",
        network: "${google_compute_network.vpc.id}",
        dest_range: "199.36.153.4/30",
        next_hop_gateway: "default-internet-gateway",
      },
      "nat-egress": {
        name: "nat-egress",
        network: "${google_compute_network.vpc.id}",
        dest_range: "0.0.0.0/0",
        next_hop_gateway: "default-internet-gateway",
        tags: ["nat-egress"],
      },
    },
    google_dns_managed_zone: {
      googleapis: { name: "googleapis", dns_name: "googleapis.com.", visibility: "private" },
      public: { name: "public", dns_name: "example.com.", dnssec_config: { state: "on" } },
    },
    google_compute_instance: {
      worker: {
        name: "worker",
        machine_type: "e2-small",
        zone: "europe-west1-b",
        boot_disk: { initialize_params: { image: "debian-cloud/debian-12" } },
        network_interface: [{ subnetwork: "${google_compute_subnetwork.workloads.id}" }],
        service_account: { email: APP_SA, scopes: ["cloud-platform"] },
        shielded_instance_config: SHIELDED,
        metadata: OS_LOGIN,
      },
    },
    google_compute_project_metadata_item: { oslogin: { key: "enable-oslogin", value: "TRUE" } },
    google_container_cluster: {
      gke: {
        name: "gke",
        location: "europe-west1",
        remove_default_node_pool: true,
        initial_node_count: 1,
        private_cluster_config: { enable_private_nodes: true, master_ipv4_cidr_block: "172.16.0.0/28" },
        master_authorized_networks_config: {
          cidr_blocks: [{ cidr_block: "10.0.0.0/8", display_name: "vpc" }],
        },
        workload_identity_config: { workload_pool: "acme.svc.id.goog" },
        master_auth: { client_certificate_config: { issue_client_certificate: false } },
        enable_shielded_nodes: true,
        database_encryption: { state: "ENCRYPTED", key_name: KEY },
      },
    },
    google_container_node_pool: {
      pool: {
        cluster: "${google_container_cluster.gke.id}",
        node_config: {
          service_account: APP_SA,
          workload_metadata_config: { mode: "GKE_METADATA" },
          shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
        },
      },
    },
    google_cloud_run_v2_service: {
      api: {
        name: "api",
        location: "europe-west1",
        ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY",
        template: { containers: [{ image: "europe-docker.pkg.dev/acme/app/api@sha256:abc" }] },
      },
    },
    google_cloudfunctions2_function: {
      hook: {
        name: "hook",
        location: "europe-west1",
        service_config: { ingress_settings: "ALLOW_INTERNAL_ONLY" },
      },
    },
    google_bigquery_dataset: {
      analytics: {
        dataset_id: "analytics",
        default_encryption_configuration: { kms_key_name: KEY },
        access: [{ role: "OWNER", special_group: "projectOwners" }],
        labels: { data_classification: "confidential" },
      },
    },
    google_bigquery_table: {
      events: {
        dataset_id: "${google_bigquery_dataset.analytics.dataset_id}",
        table_id: "events",
        labels: { data_classification: "internal" },
      },
    },
    google_redis_instance: {
      cache: {
        name: "cache",
        memory_size_gb: 1,
        auth_enabled: true,
        transit_encryption_mode: "SERVER_AUTHENTICATION",
        customer_managed_key: KEY,
        labels: { data_classification: "restricted" },
      },
    },
    google_pubsub_topic: { events: { name: "events", kms_key_name: KEY } },
    google_pubsub_subscription: {
      "events-to-api": {
        name: "events-to-api",
        topic: "${google_pubsub_topic.events.id}",
        push_config: {
          push_endpoint: "${google_cloud_run_v2_service.api.uri}/events",
          oidc_token: { service_account_email: APP_SA },
        },
      },
    },
    google_logging_project_exclusion: {
      "noisy-debug": {
        name: "noisy-debug",
        filter: 'severity<=DEBUG AND NOT logName:"cloudaudit.googleapis.com"',
      },
    },
    google_project: {
      workload: { name: "workload", project_id: "acme-workload", auto_create_network: false },
    },
  };
}

/** A violation as controls.test.ts runs it: one mutation of the compliant stack and the finding it must cause. */
export interface WorkloadViolation {
  readonly control: string;
  readonly does: string;
  readonly mutate: (json: { resource: Record<string, Record<string, Json>> }) => void;
  readonly message: RegExp;
  readonly resource?: string;
}

function at(json: { resource: Record<string, Record<string, Json>> }, address: string): Json {
  const [type, name] = address.split(".");
  const found = json.resource[type]?.[name];
  if (!found) throw new Error(`fixture has no ${address}`);
  return found;
}

function put(json: { resource: Record<string, Record<string, Json>> }, address: string, attrs: Json): void {
  const [type, name] = address.split(".");
  json.resource[type] = { ...(json.resource[type] ?? {}), [name]: attrs };
}

const RULE = "google_compute_network_firewall_policy_rule";
const match = (j: Parameters<WorkloadViolation["mutate"]>[0], name: string) =>
  (at(j, `${RULE}.${name}`).match as Json[])[0];

export const WORKLOAD_VIOLATIONS: WorkloadViolation[] = [
  {
    control: "POL-1",
    does: "a resource type nobody reviewed (google_apikeys_key)",
    mutate: (j) => put(j, "google_apikeys_key.maps", { name: "maps" }),
    message: /resource type google_apikeys_key is not in the reviewed type catalogue/,
    resource: "google_apikeys_key.maps",
  },
  {
    control: "ORG-2",
    does: "a project org policy that allows every value",
    mutate: (j) =>
      put(j, "google_org_policy_policy.loosen", {
        name: "projects/acme/policies/iam.allowedPolicyMemberDomains",
        parent: "projects/acme",
        spec: { rules: [{ allow_all: "TRUE" }] },
      }),
    message: /spec\.rules\[0\]\.allow_all is on/,
    resource: "google_org_policy_policy.loosen",
  },
  {
    control: "IAM-4",
    does: "a managed-folder grant to allUsers",
    mutate: (j) =>
      put(j, "google_storage_managed_folder_iam_member.public", {
        bucket: "${google_storage_bucket.data.name}",
        managed_folder: "reports/",
        role: "roles/storage.objectViewer",
        member: "allUsers",
      }),
    message: /grants roles\/storage\.objectViewer to allUsers/,
    resource: "google_storage_managed_folder_iam_member.public",
  },
  {
    control: "IAM-5",
    does: "token creator on a service account to a whole domain",
    mutate: (j) =>
      (at(j, "google_service_account_iam_member.app-acts-as-itself").member = "domain:example.com"),
    message: /roles\/iam\.serviceAccountTokenCreator on a service account to domain:example\.com/,
  },
  {
    control: "IAM-6",
    does: "an HMAC key",
    mutate: (j) =>
      put(j, "google_storage_hmac_key.s3", { service_account_email: "${google_service_account.app.email}" }),
    message: /creates an HMAC key/,
  },
  {
    control: "IAM-7",
    does: "roles/editor on a secret",
    mutate: (j) =>
      put(j, "google_secret_manager_secret_iam_member.editor", {
        secret_id: "x",
        role: "roles/editor",
        member: "${google_service_account.app.member}",
      }),
    message: /grants basic role roles\/editor/,
  },
  {
    control: "NET-14",
    does: "an egress allow to the two halves of the internet",
    mutate: (j) => {
      const m = match(j, "allow-upstash");
      delete m.dest_fqdns;
      m.dest_ip_ranges = ["0.0.0.0/1", "128.0.0.0/1"];
    },
    message:
      /EGRESS allow reaches public range\(s\) 0\.0\.0\.0\/1, 128\.0\.0\.0\/1 \(together the whole internet\)/,
  },
  {
    control: "NET-15",
    does: "a route to the internet gateway for a public range",
    mutate: (j) => (at(j, "google_compute_route.restricted-apis").dest_range = "8.8.8.0/24"),
    message: /routes public range 8\.8\.8\.0\/24 to the default internet gateway/,
  },
  {
    control: "NET-16",
    does: "a public zone without DNSSEC",
    mutate: (j) => delete at(j, "google_dns_managed_zone.public").dnssec_config,
    message: /public zone with dnssec_config\.state unset/,
  },
  {
    control: "VM-1",
    does: "an instance with an external IP",
    mutate: (j) =>
      ((at(j, "google_compute_instance.worker").network_interface as Json[])[0].access_config = [{}]),
    message: /access_config gives the instance an external IPv4 address/,
  },
  {
    control: "VM-2",
    does: "an instance on the default compute service account with cloud-platform",
    mutate: (j) => ((at(j, "google_compute_instance.worker").service_account as Json).email = undefined),
    message: /the default compute service account with the cloud-platform scope/,
  },
  {
    control: "VM-3",
    does: "an instance without Secure Boot",
    mutate: (j) =>
      ((at(j, "google_compute_instance.worker").shielded_instance_config as Json).enable_secure_boot = false),
    message: /enable_secure_boot is false/,
  },
  {
    control: "VM-4",
    does: "serial port access on",
    mutate: (j) =>
      ((at(j, "google_compute_instance.worker").metadata as Json)["serial-port-enable"] = "TRUE"),
    message: /metadata\.serial-port-enable is "TRUE"/,
  },
  {
    control: "VM-5",
    does: "project metadata turning OS Login off",
    mutate: (j) => (at(j, "google_compute_project_metadata_item.oslogin").value = "FALSE"),
    message: /metadata\.enable-oslogin is "FALSE"/,
    resource: "google_compute_project_metadata_item.oslogin",
  },
  {
    control: "GKE-1",
    does: "a cluster with public nodes",
    mutate: (j) => delete at(j, "google_container_cluster.gke").private_cluster_config,
    message: /private_cluster_config\.enable_private_nodes is unset/,
  },
  {
    control: "GKE-2",
    does: "a node pool on the default service account",
    mutate: (j) => delete (at(j, "google_container_node_pool.pool").node_config as Json).service_account,
    message: /node_config\.service_account is unset: nodes run as the default compute service account/,
  },
  {
    control: "GKE-3",
    does: "legacy ABAC on",
    mutate: (j) => (at(j, "google_container_cluster.gke").enable_legacy_abac = true),
    message: /enable_legacy_abac is true/,
  },
  {
    control: "GKE-4",
    does: "shielded nodes off",
    mutate: (j) => (at(j, "google_container_cluster.gke").enable_shielded_nodes = false),
    message: /enable_shielded_nodes is false/,
  },
  {
    control: "GKE-5",
    does: "Secrets not encrypted with a customer key",
    mutate: (j) => delete at(j, "google_container_cluster.gke").database_encryption,
    message: /database_encryption\.state is unset/,
  },
  {
    control: "GKE-6",
    does: "a control plane open to 0.0.0.0/0",
    mutate: (j) =>
      (at(j, "google_container_cluster.gke").master_authorized_networks_config = {
        cidr_blocks: [{ cidr_block: "0.0.0.0/0" }],
      }),
    message: /master_authorized_networks_config admits the whole internet \(0\.0\.0\.0\/0\)/,
  },
  {
    control: "RUN-1",
    does: "a Cloud Run service open to all traffic",
    mutate: (j) => (at(j, "google_cloud_run_v2_service.api").ingress = "INGRESS_TRAFFIC_ALL"),
    message: /ingress is "INGRESS_TRAFFIC_ALL"/,
  },
  {
    control: "RUN-2",
    does: "IAM invoker check disabled",
    mutate: (j) => (at(j, "google_cloud_run_v2_service.api").invoker_iam_disabled = true),
    message: /invoker_iam_disabled is true/,
  },
  {
    control: "BQ-1",
    does: "a dataset without a customer key",
    mutate: (j) => delete at(j, "google_bigquery_dataset.analytics").default_encryption_configuration,
    message: /default_encryption_configuration\.kms_key_name is unset/,
  },
  {
    control: "BQ-2",
    does: "a dataset shared with allAuthenticatedUsers",
    mutate: (j) =>
      (at(j, "google_bigquery_dataset.analytics").access as Json[]).push({
        role: "READER",
        special_group: "allAuthenticatedUsers",
      }),
    message: /special_group allAuthenticatedUsers/,
  },
  {
    control: "MEM-1",
    does: "Memorystore without AUTH",
    mutate: (j) => (at(j, "google_redis_instance.cache").auth_enabled = false),
    message: /auth_enabled is false/,
  },
  {
    control: "PUB-1",
    does: "a topic without a customer key",
    mutate: (j) => delete at(j, "google_pubsub_topic.events").kms_key_name,
    message: /kms_key_name is unset/,
  },
  {
    control: "PUB-2",
    does: "a push subscription to an outside URL",
    mutate: (j) =>
      ((at(j, "google_pubsub_subscription.events-to-api").push_config as Json).push_endpoint =
        "https://collector.example.net/ingest"),
    message:
      /push_endpoint "https:\/\/collector\.example\.net\/ingest" is not a Cloud Run service or function/,
  },
  {
    control: "LOG-4",
    does: "an exclusion that can drop audit logs",
    mutate: (j) => (at(j, "google_logging_project_exclusion.noisy-debug").filter = "severity<=INFO"),
    message: /filter "severity<=INFO" can match Cloud Audit Logs/,
  },
  {
    control: "PRJ-1",
    does: "a project with the default network",
    mutate: (j) => delete at(j, "google_project.workload").auto_create_network,
    message: /auto_create_network is unset/,
  },
];
