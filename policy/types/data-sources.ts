/**
 * Reviewed data-source types. A data source changes nothing, but what it reads is stored in Terraform state:
 * those that read secret values or tokens (access tokens, KMS plaintext, object content) are deliberately
 * absent, so POL-1 refuses them; secret versions are allowed only as notification channel credentials (MON-13).
 */
import { review, type TypeReview } from "./review";

const LOOKUP = (what: string) => review([], `Reads ${what}; no secret value reaches the state.`);

export const DATA_SOURCE_TYPES: Readonly<Record<string, TypeReview>> = {
  terraform_remote_state: review(
    [],
    "Reads another stack's outputs (the kit's cross-stack references). Values it provides are not trusted identities or ranges: rules treat them as unverifiable.",
  ),
  google_storage_project_service_account: LOOKUP("the Cloud Storage service agent's email"),
  google_logging_project_cmek_settings: LOOKUP("the Cloud Logging service agent and CMEK settings"),
  google_bigquery_default_service_account: LOOKUP("the BigQuery service agent's email"),
  google_project: LOOKUP("project metadata (number, labels)"),
  google_client_openid_userinfo: LOOKUP("the deploying identity's email"),
  google_compute_network: LOOKUP("an existing network"),
  google_compute_subnetwork: LOOKUP("an existing subnetwork"),
  google_compute_zones: LOOKUP("the zones of a region"),
  google_compute_default_service_account: LOOKUP(
    "the default compute service account (VM-2 and GKE-2 refuse running workloads as it)",
  ),
  google_service_account: LOOKUP("an existing service account (not a trusted identity for IAM-5)"),
  google_kms_key_ring: LOOKUP("an existing key ring"),
  google_kms_crypto_key: LOOKUP("an existing key's name (not key material)"),
  google_secret_manager_secret: LOOKUP("a secret's metadata (not its value)"),
  // The one secret-value reader allowed: Cloud Monitoring takes paging credentials as channel labels.
  google_secret_manager_secret_version: review(
    ["MON-13"],
    "Reads a secret's value into the (encrypted, STATE-1) state; MON-13 allows it only as a notification channel's credential.",
  ),
  google_storage_bucket: LOOKUP("an existing bucket's settings"),
  google_dns_managed_zone: LOOKUP("an existing zone"),
  google_netblock_ip_ranges: LOOKUP("Google's published address ranges"),
  google_container_engine_versions: LOOKUP("available GKE versions"),
  google_iam_policy: review(
    [],
    "Builds a policy document; its bindings are judged by IAM-4, IAM-5 and IAM-7 on the *_iam_policy resource that uses it.",
  ),
};
