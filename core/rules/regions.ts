/**
 * Where resources may live: Google Cloud regions and Cloud KMS locations, once. The config schema and
 * every construct that takes a region or key location validate with these predicates, so a region the
 * schema accepts a construct accepts, with the same sentence. Pure: no cdktf, no zod.
 */
import { REPLICATED_STORAGE_LOCATIONS } from "./storage-locations";

/**
 * Google Cloud regions the kit accepts: the one list the config schema, the constructs (`SecureNetwork`,
 * `PrivatePostgres`, `KmsKeyRing`, `KmsKey.fromKeyId`, ...) and their error messages use. A region added
 * by Google is added here, and every layer accepts it at once.
 */
export const GCP_REGIONS = [
  "africa-south1",
  "asia-east1",
  "asia-east2",
  "asia-northeast1",
  "asia-northeast2",
  "asia-northeast3",
  "asia-south1",
  "asia-south2",
  "asia-southeast1",
  "asia-southeast2",
  "australia-southeast1",
  "australia-southeast2",
  "europe-central2",
  "europe-north1",
  "europe-north2",
  "europe-southwest1",
  "europe-west1",
  "europe-west2",
  "europe-west3",
  "europe-west4",
  "europe-west6",
  "europe-west8",
  "europe-west9",
  "europe-west10",
  "europe-west12",
  "me-central1",
  "me-central2",
  "me-west1",
  "northamerica-northeast1",
  "northamerica-northeast2",
  "northamerica-south1",
  "southamerica-east1",
  "southamerica-west1",
  "us-central1",
  "us-east1",
  "us-east4",
  "us-east5",
  "us-south1",
  "us-west1",
  "us-west2",
  "us-west3",
  "us-west4",
] as const;

export type GcpRegion = (typeof GCP_REGIONS)[number];

/**
 * Cloud KMS locations beyond single regions that the kit's keys may use: the multi-regions that cover a
 * replicated bucket's location (`kmsLocationForStorage`), and `global` (keys used by no regional service).
 */
export const KMS_MULTI_REGIONS: readonly string[] = [
  "global",
  ...new Set(Object.values(REPLICATED_STORAGE_LOCATIONS)),
];

/** True for a Google Cloud region the kit accepts. */
export function isGcpRegion(value: string): value is GcpRegion {
  return (GCP_REGIONS as readonly string[]).includes(value);
}

/** What a region field allows, in one sentence. */
export const REGION_ALLOWED = `must be a Google Cloud region, one of: ${GCP_REGIONS.join(", ")}`;

/** Why `value` is not a region the kit accepts, or undefined. */
export function regionProblem(value: string): string | undefined {
  return isGcpRegion(value) ? undefined : REGION_ALLOWED;
}

/** What a KMS location field allows, in one sentence. */
export const KMS_LOCATION_ALLOWED = `must be a Cloud KMS location: a Google Cloud region (europe-west1, ...) or one of ${KMS_MULTI_REGIONS.join(", ")}`;

/** Why `value` is not a Cloud KMS location the kit accepts, or undefined. */
export function kmsLocationProblem(value: string): string | undefined {
  return isGcpRegion(value) || KMS_MULTI_REGIONS.includes(value) ? undefined : KMS_LOCATION_ALLOWED;
}
