/**
 * The catalogue's data-holding types: where each keeps its data classification (DATA-1), the name an
 * operator sees (DATA-2's identifier rule) and the customer-managed key that encrypts it (DATA-4).
 * Secrets, registries and keys hold credentials, images and key material, not customer data, and are
 * not listed. A reviewed type that holds data must be added here (a test compares with the catalogue).
 */

/** How the policy reads one data-holding type. */
export interface DataHoldingType {
  /**
   * Path of the label map that holds `data_classification`; `//` for types whose provider has no labels
   * (the kit writes it into the resource's `//` metadata).
   */
  readonly labels: string;
  /** Attribute naming the resource (shown in consoles, logs and invoices). */
  readonly name: string;
  /** Attribute holding the customer-managed key, when the type has one. */
  readonly key?: string;
}

export const DATA_HOLDING_TYPES: Readonly<Record<string, DataHoldingType>> = {
  google_storage_bucket: { labels: "labels", name: "name", key: "encryption.default_kms_key_name" },
  google_sql_database_instance: { labels: "settings.user_labels", name: "name", key: "encryption_key_name" },
  google_bigquery_dataset: {
    labels: "labels",
    name: "dataset_id",
    key: "default_encryption_configuration.kms_key_name",
  },
  google_bigquery_table: { labels: "labels", name: "table_id", key: "encryption_configuration.kms_key_name" },
  google_redis_instance: { labels: "labels", name: "name", key: "customer_managed_key" },
  google_memcache_instance: { labels: "labels", name: "name" },
  // The Upstash provider has no labels: ProdRedis records the classification in `//` metadata.
  upstash_redis_database: { labels: "//", name: "database_name" },
};
