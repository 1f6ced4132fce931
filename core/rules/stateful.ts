/**
 * Which Terraform resource types hold data that is lost (or made unreadable) when the resource is destroyed,
 * and an estimate of which of their attributes force Terraform to destroy and re-create them.
 *
 * The force-new table is kept by hand: the provider schema (`terraform providers schema -json`) does not say
 * which attributes force replacement (ForceNew lives in the provider's Go code and CustomizeDiff functions),
 * so no data file can be derived from it. It is the offline estimate; a Terraform plan
 * (`npm run diff -- --plan ...`) states the real actions and wins wherever it is given.
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
  google_bigquery_table: "BigQuery table: its rows are deleted",
  google_dns_managed_zone:
    "DNS zone: its records are deleted and its name servers change (delegation breaks)",
  google_compute_disk: "persistent disk: its data is deleted (snapshots are kept)",
  google_redis_instance: "Memorystore instance: its keys are deleted",
  google_spanner_database: "Spanner database: its tables are deleted",
  google_firestore_database: "Firestore database: its documents are deleted",
  google_secret_manager_regional_secret: "regional secret: every version of its value is deleted",
  google_secret_manager_regional_secret_version: "regional secret version: the value is deleted",
};

/** True when destroying a resource of this type loses data. */
export function isStateful(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(STATEFUL_TYPES, type);
}

/**
 * Attributes (dotted paths through blocks, list indexes ignored) whose change makes Terraform replace the
 * resource: destroy, then create. Kept by hand for hashicorp/google 6.50 and upstash/upstash 2.0 from the
 * providers' documentation ("Changing this forces a new resource") for the stateful types, where a
 * replacement loses data. An estimate: the provider may decide otherwise at plan time (a CustomizeDiff may
 * force replacement on a value change); changes it applies in place are in IN_PLACE_CHANGES.
 */
export const FORCE_NEW_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  google_kms_key_ring: ["name", "location", "project"],
  google_kms_crypto_key: [
    "name",
    "key_ring",
    "purpose",
    "import_only",
    "skip_initial_version_creation",
    "destroy_scheduled_duration",
    "crypto_key_backend",
    "version_template.protection_level",
  ],
  google_kms_crypto_key_version: ["crypto_key"],
  google_storage_bucket: ["name", "location", "project", "custom_placement_config", "hierarchical_namespace"],
  google_secret_manager_secret: ["secret_id", "project", "replication"],
  google_secret_manager_secret_version: [
    "secret",
    "secret_data",
    "secret_data_wo_version",
    "is_secret_data_base64",
  ],
  google_secret_manager_regional_secret: ["secret_id", "location", "project"],
  google_secret_manager_regional_secret_version: ["secret", "secret_data", "secret_data_wo_version"],
  google_sql_database_instance: [
    "name",
    "region",
    "database_version",
    "project",
    "encryption_key_name",
    "master_instance_name",
  ],
  google_sql_database: ["name", "instance", "project"],
  upstash_redis_database: ["database_name", "region", "primary_region"],
  google_logging_project_bucket_config: ["bucket_id", "location", "project"],
  google_compute_address: ["name", "region", "address", "address_type", "purpose", "subnetwork", "project"],
  google_compute_global_address: [
    "name",
    "address",
    "address_type",
    "purpose",
    "prefix_length",
    "network",
    "ip_version",
    "project",
  ],
  google_bigquery_dataset: ["dataset_id", "location", "project"],
  google_bigquery_table: ["dataset_id", "table_id", "project"],
  google_dns_managed_zone: ["name", "dns_name", "visibility", "project"],
  google_artifact_registry_repository: [
    "repository_id",
    "location",
    "format",
    "mode",
    "kms_key_name",
    "project",
  ],
  google_compute_disk: ["name", "zone", "project", "image", "snapshot", "type", "disk_encryption_key"],
  google_redis_instance: [
    "name",
    "region",
    "tier",
    "project",
    "customer_managed_key",
    "transit_encryption_mode",
  ],
  google_spanner_database: ["name", "instance", "project", "encryption_config"],
  google_firestore_database: ["name", "location_id", "project", "cmek_config"],
};

/** `POSTGRES_15` → engine `POSTGRES`, major 15 (MySQL `MYSQL_8_0` → 8; SQL Server editions keep their name). */
function sqlVersion(value: unknown): { engine: string; major: number } | undefined {
  const match = typeof value === "string" ? /^([A-Z]+)_(\d+)/.exec(value) : null;
  return match ? { engine: match[1], major: Number(match[2]) } : undefined;
}

/**
 * Changes to a force-new attribute that the provider applies in place. Cloud SQL upgrades a PostgreSQL or
 * MySQL instance to a later major version in place (a major version upgrade); any other change of
 * `database_version` (another engine, a downgrade, an expression) stays a replacement in the estimate.
 */
export const IN_PLACE_CHANGES: Readonly<
  Record<string, Readonly<Record<string, (before: unknown, after: unknown) => boolean>>>
> = {
  google_sql_database_instance: {
    database_version: (before, after) => {
      const was = sqlVersion(before);
      const is = sqlVersion(after);
      return (
        was !== undefined &&
        is !== undefined &&
        ["POSTGRES", "MYSQL"].includes(was.engine) &&
        was.engine === is.engine &&
        is.major > was.major
      );
    },
  },
};

/** True when changing `attribute` of `type` from `before` to `after` is applied in place (IN_PLACE_CHANGES). */
export function changesInPlace(type: string, attribute: string, before: unknown, after: unknown): boolean {
  return IN_PLACE_CHANGES[type]?.[attribute]?.(before, after) === true;
}

/**
 * For Google types the table does not list: `name` and `project` name the resource in its API URL, so a
 * change to either replaces nearly every google_* resource (a renamed firewall rule is deleted, then
 * created). Over-reporting a replacement of a stateless resource costs a reviewer a look; missing one can
 * open a window (a firewall rule gone until its successor exists).
 */
export const GOOGLE_DEFAULT_FORCE_NEW: readonly string[] = ["name", "project"];

/** The force-new attributes of a type (the table, else the Google default). */
export function forceNewAttributes(type: string): readonly string[] {
  return FORCE_NEW_ATTRIBUTES[type] ?? (type.startsWith("google_") ? GOOGLE_DEFAULT_FORCE_NEW : []);
}

/**
 * The force-new attribute that a change at `path` touches, or undefined. A change touches an attribute
 * when it is at the attribute, inside it (`replication.user_managed...`) or encloses it (a whole
 * `version_template` block added or removed).
 */
export function forceNewAttributeAt(type: string, path: readonly (string | number)[]): string | undefined {
  const dotted = path.filter((p) => typeof p === "string").join(".");
  return forceNewAttributes(type).find(
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
