/**
 * Compute Engine and GKE as a team would add them next to the kit: each resource breaks one rule, and
 * one of each is compliant to show what passes.
 */
import { TerraformVariable } from "cdktf";
import { ComputeInstance, type ComputeInstanceConfig } from "@cdktf/provider-google/lib/compute-instance";
import { ComputeInstanceTemplate } from "@cdktf/provider-google/lib/compute-instance-template";
import { ComputeProjectMetadata } from "@cdktf/provider-google/lib/compute-project-metadata";
import { ComputeProjectMetadataItem } from "@cdktf/provider-google/lib/compute-project-metadata-item";
import { ContainerCluster, type ContainerClusterConfig } from "@cdktf/provider-google/lib/container-cluster";
import {
  ContainerNodePool,
  type ContainerNodePoolConfig,
} from "@cdktf/provider-google/lib/container-node-pool";
import { DataGoogleComputeDefaultServiceAccount } from "@cdktf/provider-google/lib/data-google-compute-default-service-account";
import { WorkloadIdentity } from "../../../constructs/iam/workload-identity";
import type { StackReport } from "../../../policy/model";
import {
  checkTeam,
  cliCheck,
  cliControlsAt,
  controlsAt,
  findingsAt,
  section,
  shippedCopy,
  expectClean,
} from "./team-support";

const PROJECT = "acme-test-dev";
const SHIELDED = { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true };
const OS_LOGIN = { "enable-oslogin": "TRUE", "block-project-ssh-keys": "TRUE" };

describe("Compute Engine and GKE in a team file", () => {
  let report: StackReport;
  beforeAll(() => {
    report = checkTeam((stack) => {
      const worker = new WorkloadIdentity(stack, "worker", { projectId: PROJECT, accountId: "red-worker" });
      const serial = new TerraformVariable(stack, "serial", { type: "string", default: "TRUE" });
      const defaultSa = new DataGoogleComputeDefaultServiceAccount(stack, "default-sa");
      const subnetwork = "projects/acme-test-dev/regions/europe-west1/subnetworks/dev-workloads";
      const base: ComputeInstanceConfig = {
        name: "vm",
        machineType: "e2-small",
        zone: "europe-west1-b",
        bootDisk: { initializeParams: { image: "debian-cloud/debian-12" } },
        networkInterface: [{ subnetwork }],
        serviceAccount: { email: worker.email, scopes: ["cloud-platform"] },
        shieldedInstanceConfig: SHIELDED,
        metadata: OS_LOGIN,
      };
      const vm = (id: string, change: Partial<ComputeInstanceConfig>) =>
        new ComputeInstance(stack, id, { ...base, name: id, ...change });

      vm("vm-compliant", {});
      vm("vm-external-ip", { networkInterface: [{ subnetwork, accessConfig: [{}] }] });
      vm("vm-external-ipv6", {
        networkInterface: [{ subnetwork, ipv6AccessConfig: [{ networkTier: "PREMIUM" }] }],
      });
      vm("vm-ip-forward", { canIpForward: true });
      vm("vm-default-sa-full-scope", { serviceAccount: { scopes: ["cloud-platform"] } });
      vm("vm-default-sa-literal", {
        serviceAccount: { email: "123456789-compute@developer.gserviceaccount.com", scopes: [] },
      });
      vm("vm-default-sa-data", { serviceAccount: { email: defaultSa.email, scopes: ["cloud-platform"] } });
      vm("vm-not-shielded", { shieldedInstanceConfig: undefined });
      vm("vm-no-vtpm", { shieldedInstanceConfig: { ...SHIELDED, enableVtpm: false } });
      vm("vm-serial-port", { metadata: { ...OS_LOGIN, "serial-port-enable": "1" } });
      vm("vm-serial-from-variable", { metadata: { ...OS_LOGIN, "serial-port-enable": serial.stringValue } });
      vm("vm-no-os-login", { metadata: { "block-project-ssh-keys": "TRUE" } });
      vm("vm-project-ssh-keys", { metadata: { "enable-oslogin": "TRUE" } });
      new ComputeInstanceTemplate(stack, "template-external-ip", {
        namePrefix: "red-",
        machineType: "e2-small",
        disk: [{ sourceImage: "debian-cloud/debian-12" }],
        networkInterface: [{ subnetwork, accessConfig: [{ networkTier: "STANDARD" }] }],
        serviceAccount: { email: worker.email, scopes: ["cloud-platform"] },
        shieldedInstanceConfig: SHIELDED,
        metadata: OS_LOGIN,
      });
      new ComputeProjectMetadata(stack, "project-metadata", {
        metadata: { "serial-port-enable": "TRUE", "enable-oslogin": "FALSE" },
      });
      new ComputeProjectMetadataItem(stack, "project-ssh-keys", {
        key: "ssh-keys",
        value: "root:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample root@laptop",
      });
      new ComputeProjectMetadataItem(stack, "project-os-login", { key: "enable-oslogin", value: "TRUE" });

      const cluster: ContainerClusterConfig = {
        name: "gke",
        location: "europe-west1",
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        privateClusterConfig: { enablePrivateNodes: true, masterIpv4CidrBlock: "172.16.0.0/28" },
        masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "10.0.0.0/8", displayName: "vpc" }] },
        workloadIdentityConfig: { workloadPool: `${PROJECT}.svc.id.goog` },
        enableShieldedNodes: true,
        databaseEncryption: {
          state: "ENCRYPTED",
          keyName: "projects/acme-test-dev/locations/europe-west1/keyRings/r/cryptoKeys/gke",
        },
      };
      const gke = (id: string, change: Partial<ContainerClusterConfig>) =>
        new ContainerCluster(stack, id, { ...cluster, name: id, ...change });
      const compliant = gke("gke-compliant", {});
      gke("gke-public-nodes", { privateClusterConfig: undefined });
      gke("gke-no-workload-identity", { workloadIdentityConfig: undefined });
      gke("gke-default-pool", { removeDefaultNodePool: undefined });
      gke("gke-legacy-abac", { enableLegacyAbac: true });
      gke("gke-client-certificate", {
        masterAuth: { clientCertificateConfig: { issueClientCertificate: true } },
      });
      gke("gke-not-shielded", { enableShieldedNodes: false });
      gke("gke-secrets-google-key", { databaseEncryption: undefined });
      gke("gke-secrets-decrypted", { databaseEncryption: { state: "DECRYPTED", keyName: "" } });
      gke("gke-api-no-authorized-networks", { masterAuthorizedNetworksConfig: undefined });
      gke("gke-api-halves", {
        masterAuthorizedNetworksConfig: {
          cidrBlocks: [{ cidrBlock: "0.0.0.0/1" }, { cidrBlock: "128.0.0.0/1" }],
        },
      });
      gke("gke-api-all-gcp", {
        masterAuthorizedNetworksConfig: { gcpPublicCidrsAccessEnabled: true, cidrBlocks: [] },
      });
      gke("gke-api-private-endpoint", {
        masterAuthorizedNetworksConfig: undefined,
        privateClusterConfig: {
          enablePrivateNodes: true,
          enablePrivateEndpoint: true,
          masterIpv4CidrBlock: "172.16.0.16/28",
        },
      });
      gke("gke-autopilot-default-sa", {
        enableAutopilot: true,
        removeDefaultNodePool: undefined,
        initialNodeCount: undefined,
      });

      const pool: ContainerNodePoolConfig = {
        cluster: compliant.id,
        nodeConfig: {
          serviceAccount: worker.email,
          workloadMetadataConfig: { mode: "GKE_METADATA" },
          shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        },
      };
      new ContainerNodePool(stack, "pool-compliant", pool);
      new ContainerNodePool(stack, "pool-public", { ...pool, networkConfig: { enablePrivateNodes: false } });
      new ContainerNodePool(stack, "pool-default-sa", {
        ...pool,
        nodeConfig: { ...pool.nodeConfig, serviceAccount: undefined },
      });
      new ContainerNodePool(stack, "pool-node-metadata", {
        ...pool,
        nodeConfig: { ...pool.nodeConfig, workloadMetadataConfig: { mode: "GCE_METADATA" } },
      });
      new ContainerNodePool(stack, "pool-no-secure-boot", {
        ...pool,
        nodeConfig: { ...pool.nodeConfig, shieldedInstanceConfig: { enableIntegrityMonitoring: true } },
      });
    });
  });

  it("a compliant instance, cluster and node pool have no finding", () => {
    expectClean(report, "google_compute_instance.vm-compliant");
    expectClean(report, "google_container_cluster.gke-compliant");
    expectClean(report, "google_container_node_pool.pool-compliant");
  });

  it.each([
    [
      "google_compute_instance.vm-external-ip",
      "VM-1",
      /access_config gives the instance an external IPv4 address/,
    ],
    [
      "google_compute_instance.vm-external-ipv6",
      "VM-1",
      /ipv6_access_config gives the instance an external IPv6 address/,
    ],
    ["google_compute_instance.vm-ip-forward", "VM-1", /can_ip_forward is true/],
    ["google_compute_instance_template.template-external-ip", "VM-1", /external IPv4 address/],
    [
      "google_compute_instance.vm-default-sa-full-scope",
      "VM-2",
      /default compute service account with the cloud-platform scope/,
    ],
    [
      "google_compute_instance.vm-default-sa-literal",
      "VM-2",
      /123456789-compute@developer\.gserviceaccount\.com is the default/,
    ],
    ["google_compute_instance.vm-default-sa-data", "VM-2", /data\.google_compute_default_service_account/],
    ["google_compute_instance.vm-not-shielded", "VM-3", /enable_secure_boot is unset/],
    ["google_compute_instance.vm-no-vtpm", "VM-3", /enable_vtpm is false/],
    ["google_compute_instance.vm-serial-port", "VM-4", /metadata\.serial-port-enable is "1"/],
    [
      "google_compute_instance.vm-serial-from-variable",
      "VM-4",
      /(cannot verify metadata\.serial-port-enable|metadata\.serial-port-enable is "TRUE")/,
    ],
    ["google_compute_project_metadata.project-metadata", "VM-4", /serial-port-enable is "TRUE"/],
    ["google_compute_instance.vm-no-os-login", "VM-5", /metadata\.enable-oslogin is unset/],
    ["google_compute_instance.vm-project-ssh-keys", "VM-5", /metadata\.block-project-ssh-keys is unset/],
    ["google_compute_project_metadata.project-metadata", "VM-5", /metadata\.enable-oslogin is "FALSE"/],
    ["google_compute_project_metadata_item.project-ssh-keys", "VM-5", /project metadata sets ssh-keys/],
  ])("%s: %s", (address, control, message) => {
    const own = findingsAt(report, address).filter((f) => f.startsWith(`${control}:`));
    expect(own).toEqual([expect.stringMatching(message)]);
  });

  it("project metadata that turns OS Login on passes VM-5", () => {
    expect(controlsAt(report, "google_compute_project_metadata_item.project-os-login")).toEqual([]);
  });

  it("each broken instance fails only the control it breaks", () => {
    expect(controlsAt(report, "google_compute_instance.vm-external-ip")).toEqual(["VM-1"]);
    expect(controlsAt(report, "google_compute_instance.vm-default-sa-full-scope")).toEqual(["VM-2"]);
    expect(controlsAt(report, "google_compute_instance.vm-serial-port")).toEqual(["VM-4"]);
  });

  it.each([
    [
      "google_container_cluster.gke-public-nodes",
      "GKE-1",
      /private_cluster_config\.enable_private_nodes is unset/,
    ],
    ["google_container_node_pool.pool-public", "GKE-1", /network_config\.enable_private_nodes is false/],
    [
      "google_container_cluster.gke-no-workload-identity",
      "GKE-2",
      /workload_identity_config\.workload_pool is unset/,
    ],
    ["google_container_cluster.gke-default-pool", "GKE-2", /default node pool has no node_config/],
    ["google_container_node_pool.pool-default-sa", "GKE-2", /node_config\.service_account is unset/],
    [
      "google_container_node_pool.pool-node-metadata",
      "GKE-2",
      /workload_metadata_config\.mode is "GCE_METADATA"/,
    ],
    [
      "google_container_cluster.gke-autopilot-default-sa",
      "GKE-2",
      /auto_provisioning_defaults\.service_account is unset/,
    ],
    ["google_container_cluster.gke-legacy-abac", "GKE-3", /enable_legacy_abac is true/],
    ["google_container_cluster.gke-client-certificate", "GKE-3", /issue_client_certificate is on/],
    ["google_container_cluster.gke-not-shielded", "GKE-4", /enable_shielded_nodes is false/],
    ["google_container_cluster.gke-default-pool", "GKE-4", /Secure Boot is off by default/],
    ["google_container_node_pool.pool-no-secure-boot", "GKE-4", /enable_secure_boot is unset/],
    ["google_container_cluster.gke-secrets-google-key", "GKE-5", /database_encryption\.state is unset/],
    ["google_container_cluster.gke-secrets-decrypted", "GKE-5", /database_encryption\.state is "DECRYPTED"/],
    [
      "google_container_cluster.gke-api-no-authorized-networks",
      "GKE-6",
      /no master_authorized_networks_config/,
    ],
    [
      "google_container_cluster.gke-api-halves",
      "GKE-6",
      /admits the whole internet \(0\.0\.0\.0\/1, 128\.0\.0\.0\/1\)/,
    ],
    [
      "google_container_cluster.gke-api-all-gcp",
      "GKE-6",
      /gcp_public_cidrs_access_enabled admits every Google Cloud address/,
    ],
  ])("%s: %s", (address, control, message) => {
    const own = findingsAt(report, address).filter((f) => f.startsWith(`${control}:`));
    expect(own).toEqual([expect.stringMatching(message)]);
  });

  it("GKE-6: a private control-plane endpoint needs no authorized networks", () => {
    expectClean(report, "google_container_cluster.gke-api-private-endpoint");
  });
});

describe("Compute on edited JSON through the check CLI", () => {
  it("VM-1, VM-2: an instance added to the shipped team stack with an external IP on the default service account", () => {
    const json = shippedCopy("payments-dev");
    section(json, "resource", "google_compute_instance")["jump"] = {
      name: "jump",
      machine_type: "e2-micro",
      zone: "europe-west1-b",
      boot_disk: [{ initialize_params: [{ image: "debian-cloud/debian-12" }] }],
      network_interface: [{ network: "default", access_config: [{}] }],
      service_account: [{ scopes: ["https://www.googleapis.com/auth/cloud-platform"] }],
      shielded_instance_config: [
        { enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true },
      ],
      metadata: { "enable-oslogin": "true", "block-project-ssh-keys": "true" },
    };
    const result = cliCheck({ "payments-dev": json });
    expect(result.code).toBe(1);
    expect(cliControlsAt(result, "google_compute_instance.jump")).toEqual(["VM-1", "VM-2"]);
  });
});
