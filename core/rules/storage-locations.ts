/** Replicated (multi- and predefined dual-region) storage locations and the KMS location that covers each. */
export const REPLICATED_STORAGE_LOCATIONS: Readonly<Record<string, string>> = {
  US: "us",
  EU: "europe",
  ASIA: "asia",
  NAM4: "us",
  EUR4: "europe",
  EUR5: "europe",
  EUR7: "europe",
  EUR8: "europe",
  ASIA1: "asia",
};

/** True for a multi- or dual-region location (GCS-8). */
export function isReplicatedStorageLocation(location: string): boolean {
  return location.toUpperCase() in REPLICATED_STORAGE_LOCATIONS;
}

/** KMS location for keys that encrypt a bucket in `storageLocation` (a bucket's key must cover its location). */
export function kmsLocationForStorage(storageLocation: string): string {
  return REPLICATED_STORAGE_LOCATIONS[storageLocation.toUpperCase()] ?? storageLocation.toLowerCase();
}
