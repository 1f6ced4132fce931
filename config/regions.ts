// Regions are one rule shared by every layer (core/rules/regions.ts); the config re-exports it.
export { GCP_REGIONS, type GcpRegion } from "../core/rules/regions";
export {
  REPLICATED_STORAGE_LOCATIONS,
  isReplicatedStorageLocation,
  kmsLocationForStorage,
} from "../core/rules/storage-locations";
