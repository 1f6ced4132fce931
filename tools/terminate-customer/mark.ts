/**
 * Marks a terminated customer's objects in one bucket: lists the live objects that match the selector
 * (GCS JSON API `objects.list`, every page) and sets their custom time (`objects.patch`), so the bucket's
 * Delete rule by `days_since_custom_time` (GCS-7) deletes them. Cloud Storage never lets a custom time be
 * removed or moved earlier, so an object marked before keeps its earlier date (the run is idempotent) and
 * one marked with a later date is reported, never silently left.
 */
import type { ApiClient } from "../verify/http";
import { UsageError } from "../verify/errors";

/** Which objects belong to the customer: a name prefix, a custom-metadata key and value, or both. */
export interface Selector {
  readonly prefix?: string;
  readonly label?: { readonly key: string; readonly value: string };
}

interface GcsObject {
  readonly name?: unknown;
  readonly customTime?: unknown;
  readonly metadata?: unknown;
}

export interface BucketResult {
  readonly bucket: string;
  /** Objects that match the selector. */
  readonly matched: number;
  /** Objects whose custom time this run set (or would set, in a dry run). */
  readonly marked: readonly string[];
  /** Objects already marked on or before this run's time (kept: their deletion comes sooner). */
  readonly alreadyMarked: readonly string[];
  /** Objects that could not be marked, with why. */
  readonly failed: readonly { readonly object: string; readonly problem: string }[];
  /** Why the bucket could not be read at all (missing, no permission, unreachable). */
  readonly error?: string;
}

function matches(object: GcsObject, selector: Selector): boolean {
  if (typeof object.name !== "string") return false;
  if (selector.prefix !== undefined && !object.name.startsWith(selector.prefix)) return false;
  if (selector.label) {
    const metadata = object.metadata;
    if (!metadata || typeof metadata !== "object") return false;
    if ((metadata as Record<string, unknown>)[selector.label.key] !== selector.label.value) return false;
  }
  return true;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Sets `customTime` on every matching live object of `bucket` (only lists them when `dryRun`). */
export async function markBucket(
  client: ApiClient,
  bucket: string,
  selector: Selector,
  customTime: Date,
  dryRun: boolean,
): Promise<BucketResult> {
  const path = `/b/${encodeURIComponent(bucket)}/o`;
  let objects: GcsObject[];
  try {
    objects = await client.list<GcsObject>("storage", path, "items", {
      ...(selector.prefix !== undefined ? { prefix: selector.prefix } : {}),
      // Custom metadata is in the default projection; noAcl keeps answers small.
      projection: "noAcl",
    });
  } catch (err) {
    // Missing credentials end the run (exit 2); a bucket that cannot be read is this bucket's failure.
    if (err instanceof UsageError) throw err;
    return { bucket, matched: 0, marked: [], alreadyMarked: [], failed: [], error: message(err) };
  }
  const mine = objects.filter((o) => matches(o, selector));
  const marked: string[] = [];
  const alreadyMarked: string[] = [];
  const failed: { object: string; problem: string }[] = [];
  for (const object of mine) {
    const name = object.name as string;
    const existing = typeof object.customTime === "string" ? Date.parse(object.customTime) : NaN;
    if (!Number.isNaN(existing)) {
      if (existing <= customTime.getTime()) {
        alreadyMarked.push(name);
        continue;
      }
      failed.push({
        object: name,
        problem: `custom time is already ${String(object.customTime)}, later than ${customTime.toISOString()}; Cloud Storage never moves a custom time earlier, so delete this object by hand`,
      });
      continue;
    }
    if (dryRun) {
      marked.push(name);
      continue;
    }
    try {
      // Setting the same custom time twice changes nothing: safe to retry after a timeout.
      await client.request("storage", `${path}/${encodeURIComponent(name)}`, {
        method: "PATCH",
        body: { customTime: customTime.toISOString() },
        idempotent: true,
      });
      marked.push(name);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      failed.push({ object: name, problem: message(err) });
    }
  }
  return { bucket, matched: mine.length, marked, alreadyMarked, failed };
}
