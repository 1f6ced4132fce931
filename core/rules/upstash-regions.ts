/**
 * Upstash Redis regions a global database can use as primary or read region: the `read_regions` enum of
 * Upstash's Developer API (`POST /v2/redis/update-regions/{id}`), a superset of the eight the provider's
 * 2.0.1 description lists. Kept as data so config and construct validate against the same list.
 */
export const UPSTASH_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "sa-east-1",
  "ap-south-1",
  "ap-northeast-1",
  "ap-southeast-1",
  "ap-southeast-2",
] as const;

export type UpstashRegion = (typeof UPSTASH_REGIONS)[number];

export function isUpstashRegion(value: string): value is UpstashRegion {
  return (UPSTASH_REGIONS as readonly string[]).includes(value);
}

const REGION_ALLOWED = `must be an Upstash region: ${UPSTASH_REGIONS.join(", ")}`;

/** Why a primary region is refused, or undefined. */
export function primaryRegionProblem(region: string): string | undefined {
  return isUpstashRegion(region) ? undefined : REGION_ALLOWED;
}

/** Why `readRegions[index]` is refused (unknown, the primary, or repeated), or undefined. */
export function readRegionProblem(
  primary: string,
  readRegions: readonly string[],
  index: number,
): string | undefined {
  const region = readRegions[index];
  if (!isUpstashRegion(region)) return REGION_ALLOWED;
  if (region === primary) return "must not be the primary region (the primary already holds the data)";
  if (readRegions.indexOf(region) !== index) return "is listed twice";
  return undefined;
}
