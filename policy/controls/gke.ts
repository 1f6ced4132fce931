/**
 * Google Kubernetes Engine clusters and node pools: private nodes, Workload Identity with dedicated node
 * service accounts, no legacy authentication, Shielded nodes, Secrets encrypted with a customer key.
 */
import { cannotVerify, classify } from "../expressions";
import type { ControlDefinition, Outcome, Resource } from "../model";
import { attr, block, blocks, isFalse, isSet, isTrue, show } from "../terraform-json";
import { coversInternet } from "../../core/rules/cidr";
import { HIPAA, PASS, fail, firstFailure, resourceRule, seed } from "./helpers";
import { plainReference } from "./literals";

const CLUSTER = "google_container_cluster";
const NODE_POOL = "google_container_node_pool";
type Json = Record<string, unknown>;

const DEFAULT_COMPUTE_SA = /-compute@developer\.gserviceaccount\.com$/;
const OWN_SERVICE_ACCOUNT_EMAIL = /^google_service_account\.[^.]+\.email$/;

function autopilot(cluster: Resource): boolean {
  return isTrue(cluster.attrs.enable_autopilot);
}

/** Node configurations a resource defines: its own, and (for a cluster) those of inline node pools. */
function nodeConfigs(resource: Resource): Json[] {
  const own = blocks(resource.attrs.node_config);
  const pools =
    resource.type === CLUSTER ? blocks(resource.attrs.node_pool).flatMap((p) => blocks(p.node_config)) : [];
  return [...own, ...pools];
}

/** True when a cluster keeps the default node pool without saying how its nodes run. */
function implicitDefaultPool(cluster: Resource): boolean {
  return (
    !autopilot(cluster) &&
    !isTrue(cluster.attrs.remove_default_node_pool) &&
    !blocks(cluster.attrs.node_config).length &&
    !blocks(cluster.attrs.node_pool).length
  );
}

function serviceAccountProblem(value: unknown, where: string): string | false {
  if (value === undefined || value === null || value === "" || value === "default")
    return `${where} is ${show(value)}: nodes run as the default compute service account`;
  const c = classify(value);
  if (c.kind === "literal")
    return (
      DEFAULT_COMPUTE_SA.test(String(c.value)) &&
      `${where} ${String(c.value)} is the default compute service account`
    );
  const ref = plainReference(value);
  if (ref !== undefined && OWN_SERVICE_ACCOUNT_EMAIL.test(ref)) return false;
  return cannotVerify(where, value).slice("fail: ".length);
}

function nodeIdentity(resource: Resource): Outcome {
  const problems: (string | false)[] = [];
  if (resource.type === CLUSTER) {
    if (!isSet(attr(resource.attrs, "workload_identity_config.workload_pool")) && !autopilot(resource))
      problems.push("workload_identity_config.workload_pool is unset (pods get the node's credentials)");
    if (implicitDefaultPool(resource))
      problems.push(
        "the default node pool has no node_config: nodes run as the default compute service account",
      );
    if (autopilot(resource))
      problems.push(
        serviceAccountProblem(
          attr(resource.attrs, "cluster_autoscaling.auto_provisioning_defaults.service_account"),
          "cluster_autoscaling.auto_provisioning_defaults.service_account",
        ),
      );
  }
  for (const config of nodeConfigs(resource)) {
    problems.push(serviceAccountProblem(config.service_account, "node_config.service_account"));
    const mode = attr(config, "workload_metadata_config.mode");
    if (mode !== undefined && mode !== "GKE_METADATA")
      problems.push(
        `node_config.workload_metadata_config.mode is ${show(mode)} (pods can read the node's credentials)`,
      );
  }
  return firstFailure(...problems);
}

function privateNodes(resource: Resource): Outcome {
  if (resource.type === NODE_POOL) {
    const value = attr(resource.attrs, "network_config.enable_private_nodes");
    return isFalse(value)
      ? fail("network_config.enable_private_nodes is false (nodes get external IPs)")
      : PASS;
  }
  const value = attr(resource.attrs, "private_cluster_config.enable_private_nodes");
  if (isTrue(value)) return PASS;
  if (value !== undefined && classify(value).kind !== "literal")
    return cannotVerify("private_cluster_config.enable_private_nodes", value);
  return fail(`private_cluster_config.enable_private_nodes is ${show(value)} (nodes get external IPs)`);
}

function legacyAuth(cluster: Resource): Outcome {
  const masterAuth = block(cluster.attrs.master_auth) ?? {};
  return firstFailure(
    !isFalse(cluster.attrs.enable_legacy_abac) &&
      cluster.attrs.enable_legacy_abac !== undefined &&
      `enable_legacy_abac is ${show(cluster.attrs.enable_legacy_abac)}`,
    (isSet(masterAuth.username) || isSet(masterAuth.password)) &&
      "master_auth sets a username/password (basic authentication)",
    !isFalse(attr(masterAuth, "client_certificate_config.issue_client_certificate")) &&
      attr(masterAuth, "client_certificate_config.issue_client_certificate") !== undefined &&
      "master_auth.client_certificate_config.issue_client_certificate is on (a long-lived admin credential)",
  );
}

function shieldedNodes(resource: Resource): Outcome {
  const problems: (string | false)[] = [];
  if (
    resource.type === CLUSTER &&
    resource.attrs.enable_shielded_nodes !== undefined &&
    !isTrue(resource.attrs.enable_shielded_nodes)
  )
    problems.push(`enable_shielded_nodes is ${show(resource.attrs.enable_shielded_nodes)}`);
  if (resource.type === CLUSTER && implicitDefaultPool(resource))
    problems.push(
      "the default node pool has no node_config.shielded_instance_config (Secure Boot is off by default)",
    );
  for (const config of nodeConfigs(resource)) {
    const shielded = block(config.shielded_instance_config);
    if (!isTrue(shielded?.enable_secure_boot))
      problems.push(
        `node_config.shielded_instance_config.enable_secure_boot is ${show(shielded?.enable_secure_boot)}`,
      );
    if (isFalse(shielded?.enable_integrity_monitoring))
      problems.push("node_config.shielded_instance_config.enable_integrity_monitoring is false");
  }
  return firstFailure(...problems);
}

/** The control plane's reachability: a private endpoint, or authorized networks that are not the internet. */
function controlPlaneAccess(cluster: Resource): Outcome {
  if (isTrue(attr(cluster.attrs, "private_cluster_config.enable_private_endpoint"))) return PASS;
  const networks = block(cluster.attrs.master_authorized_networks_config);
  if (!networks)
    return fail(
      "the control plane's public endpoint accepts any address (no master_authorized_networks_config)",
    );
  if (isTrue(networks.gcp_public_cidrs_access_enabled))
    return fail(
      "master_authorized_networks_config.gcp_public_cidrs_access_enabled admits every Google Cloud address",
    );
  const cidrs: string[] = [];
  for (const entry of blocks(networks.cidr_blocks)) {
    const c = classify(entry.cidr_block);
    if (c.kind !== "literal")
      return cannotVerify("master_authorized_networks_config.cidr_blocks", entry.cidr_block);
    cidrs.push(String(c.value));
  }
  return coversInternet(cidrs) || cidrs.some((c) => c === "0.0.0.0/0" || c === "::/0")
    ? fail(`master_authorized_networks_config admits the whole internet (${cidrs.join(", ")})`)
    : PASS;
}

export const gkeControls: ControlDefinition[] = [
  {
    id: "GKE-1",
    title: "Private GKE nodes",
    severity: "error",
    why: "Nodes with external IPs are reachable from the internet (kubelet, NodePorts) and egress around Cloud NAT.",
    fix: "Set private_cluster_config { enable_private_nodes = true } on google_container_cluster; never network_config.enable_private_nodes = false on a node pool.",
    mappings: {
      checkov: ["CKV_GCP_25", "CKV_GCP_64"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 25)],
    },
    rule: resourceRule([CLUSTER, NODE_POOL], privateNodes),
  },
  {
    id: "GKE-2",
    title: "Workload Identity and dedicated node service accounts",
    severity: "error",
    why: "Without Workload Identity every pod can read the node's service account token from the metadata server; nodes running as the default compute service account share its (often Editor) rights.",
    fix: 'Set workload_identity_config { workload_pool = "<project>.svc.id.goog" }, node_config.service_account = ${google_service_account.nodes.email} and workload_metadata_config { mode = "GKE_METADATA" }; remove_default_node_pool = true with separate node pools.',
    mappings: { checkov: ["CKV_GCP_69"], hipaa: [HIPAA.accessControl], seed: [seed("002", 6)] },
    rule: resourceRule([CLUSTER, NODE_POOL], nodeIdentity),
  },
  {
    id: "GKE-3",
    title: "No legacy cluster authentication",
    severity: "error",
    why: "Legacy ABAC grants broad static permissions outside RBAC; basic authentication and client certificates are long-lived admin credentials that cannot be revoked per user.",
    fix: "Leave enable_legacy_abac false, master_auth without username/password and client_certificate_config.issue_client_certificate = false.",
    mappings: {
      checkov: ["CKV_GCP_7", "CKV_GCP_13", "CKV_GCP_19"],
      hipaa: [HIPAA.authentication, HIPAA.accessControl],
    },
    rule: resourceRule([CLUSTER], legacyAuth),
  },
  {
    id: "GKE-4",
    title: "Shielded GKE nodes with Secure Boot",
    severity: "error",
    why: "Shielded nodes prove their identity to the control plane and Secure Boot refuses tampered boot components; without them a compromised node can impersonate others.",
    fix: "Keep enable_shielded_nodes = true and set node_config.shielded_instance_config { enable_secure_boot = true, enable_integrity_monitoring = true } on every node pool.",
    mappings: { checkov: ["CKV_GCP_68", "CKV_GCP_71", "CKV_GCP_72"], hipaa: [HIPAA.integrity] },
    rule: resourceRule([CLUSTER, NODE_POOL], shieldedNodes),
  },
  {
    id: "GKE-5",
    title: "Kubernetes Secrets encrypted with a customer key",
    severity: "error",
    why: "Application-layer Secrets encryption wraps the etcd data key with your Cloud KMS key: access to Secrets then also needs access to the key you control and audit.",
    fix: 'Set database_encryption { state = "ENCRYPTED", key_name = ${google_kms_crypto_key.x.id} } and grant the GKE service agent encrypt/decrypt on the key.',
    mappings: {
      other: ["GKE hardening guide: application-layer Secrets encryption"],
      hipaa: [HIPAA.encryption],
      seed: [seed("002", 18)],
    },
    rule: resourceRule([CLUSTER], (cluster) => {
      const state = attr(cluster.attrs, "database_encryption.state");
      const key = attr(cluster.attrs, "database_encryption.key_name");
      return firstFailure(
        state !== "ENCRYPTED" && `database_encryption.state is ${show(state)}`,
        !isSet(key) && "database_encryption.key_name is unset",
      );
    }),
  },
  {
    id: "GKE-6",
    title: "GKE control plane not open to the internet",
    severity: "error",
    why: "The Kubernetes API is the cluster's administration interface; reachable from any address it is exposed to credential stuffing and every API vulnerability.",
    fix: "Set private_cluster_config.enable_private_endpoint = true, or master_authorized_networks_config { cidr_blocks } naming only the networks administrators use (never 0.0.0.0/0, without gcp_public_cidrs_access_enabled).",
    mappings: {
      checkov: ["CKV_GCP_18", "CKV_GCP_20"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 25)],
    },
    rule: resourceRule([CLUSTER], controlPlaneAccess),
  },
];
