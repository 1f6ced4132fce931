/**
 * Which Terraform resource types hold data that is lost (or made unreadable) when the resource is destroyed,
 * and which of their attributes force Terraform to destroy and re-create them.
 */

/** Resource types whose destruction loses data, with what is lost (shown in the warning). */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
  google_kms_key_ring: "key ring: its keys can never be re-created under the same name",
  google_kms_crypto_key: "KMS key: everything encrypted with it becomes unreadable",
  google_kms_crypto_key_version: "KMS key version: data encrypted with it becomes unreadable",
  google_storage_bucket: "bucket: its objects are deleted (the Terraform state bucket is one too)",
  google_secret_manager_secret: "secret: every version of its value is deleted",
  google_secret_manager_secret_version: "secret version: the value is deleted",
  google_sql_database_instance: "Cloud SQL instance: databases and, unless retained, backups are deleted",
  google_sql_database: "database: its tables are dropped",
  upstash_redis_database: "Redis database: its keys and backups are deleted",
  google_logging_project_bucket_config: "log bucket: retained audit logs are deleted",
  google_compute_address: "static IP: the address is released (allowlists that name it break)",
  google_compute_global_address: "static IP range: released (private service access breaks)",
  google_bigquery_dataset: "BigQuery dataset: its tables are deleted",
  google_artifact_registry_repository: "Artifact Registry repository: its images are deleted",
};

/** True when destroying a resource of this type loses data. */
export function isStateful(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(STATEFUL_TYPES, type);
}

/**
 * Attributes (dotted paths through blocks, list indexes ignored) whose change makes Terraform replace the
 * resource: destroy, then create. From the provider schemas' ForceNew flags (hashicorp/google 6.50,
 * upstash/upstash 2.0); kept to the stateful types, where a replacement loses data.
 */
export const FORCE_NEW_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  google_kms_key_ring: ["name", "location", "project"],
  google_kms_crypto_key: [
    "name",
    "key_ring",
    "purpose",
    "import_only",
    "skip_initial_version_creation",
    "version_template.protection_level",
  ],
  google_storage_bucket: ["name", "location", "project"],
  google_secret_manager_secret: ["secret_id", "project", "replication"],
  google_secret_manager_secret_version: ["secret", "secret_data", "secret_data_wo"],
  google_sql_database_instance: ["name", "region", "database_version", "project", "encryption_key_name"],
  google_sql_database: ["name", "instance", "project"],
  upstash_redis_database: ["database_name", "region", "primary_region"],
  google_logging_project_bucket_config: ["bucket_id", "location", "project"],
  google_compute_address: ["name", "region", "address", "address_type", "purpose", "subnetwork", "project"],
  google_compute_global_address: ["name", "address", "address_type", "purpose", "prefix_length", "network"],
  google_bigquery_dataset: ["dataset_id", "location", "project"],
  google_artifact_registry_repository: ["repository_id", "location", "format", "project"],
};

/**
 * The force-new attribute that a change at `path` touches, or undefined. A change touches an attribute
 * when it is at the attribute, inside it (`replication.user_managed...`) or encloses it (a whole
 * `version_template` block added or removed).
 */
export function forceNewAttributeAt(type: string, path: readonly (string | number)[]): string | undefined {
  const dotted = path.filter((p) => typeof p === "string").join(".");
  return (FORCE_NEW_ATTRIBUTES[type] ?? []).find(
    (attr) => dotted === attr || dotted.startsWith(`${attr}.`) || attr.startsWith(`${dotted}.`),
  );
}

/** Sorted `type.name` addresses of every stateful resource in a synthesized stack. */
export function statefulAddresses(stack: { resource?: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(stack.resource ?? {})
    .filter(([type]) => isStateful(type))
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}
