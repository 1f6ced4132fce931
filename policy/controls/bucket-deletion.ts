/**
 * How long a bucket keeps what it deletes, read from its lifecycle rules, soft-delete policy and retention
 * policy (GCS-7, RET-1). Only Delete rules that apply to every object count: a rule narrowed by a prefix,
 * suffix, storage class, date or version count may never touch a terminated customer's objects, so it
 * proves nothing. Whatever is not a literal is reported as unverifiable, never assumed.
 */
import type { Resource, StackPolicySettings } from "../model";
import { attr, blocks, isExpression, isTrue, numberOf, show } from "../terraform-json";
import {
  DEFAULT_RETENTION_BOUNDS,
  DOCUMENTED_DELETION_DAYS,
  type RetentionBounds,
} from "../../core/rules/retention";

const DAY = 86_400;

/** Condition fields that only say when a rule fires; any other set field narrows which objects it touches. */
const TIMING = ["age", "days_since_custom_time", "days_since_noncurrent_time"] as const;
/** `send_*_if_zero` flags change how a zero is sent, not which objects match. */
const SEND_FLAG = /^send_[a-z_]+_if_zero$/;

/** What the bucket's deletion settings prove, in days; undefined where nothing bounds it. */
export interface BucketDeletion {
  /** Days after custom time (or creation, for `age`) until a live object is deleted. */
  readonly liveDays?: number;
  /** Days a noncurrent version is kept (days_since_noncurrent_time). */
  readonly noncurrentDays?: number;
  /** True when a rule deletes noncurrent versions by count only (num_newer_versions): no time limit. */
  readonly noncurrentByCountOnly: boolean;
  /** Soft-delete window in days (rounded up). */
  readonly softDeleteDays?: number;
  /** Retention policy period in days (rounded up); 0 without a policy. */
  readonly retentionPolicyDays: number;
  /** The first value the check cannot read as a literal, as `field: value`. */
  readonly unverifiable?: string;
}

function isUnset(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === "object" && !Array.isArray(value) && Object.keys(value as object).length === 0)
  );
}

/** The fields of a condition that narrow it beyond `timing` and the allowed states. */
function narrowing(condition: Record<string, unknown>, timing: string, states: readonly string[]): string[] {
  return Object.entries(condition)
    .filter(([key, value]) => {
      if (key === "//" || key === timing || SEND_FLAG.test(key)) return false;
      if (key === "with_state") return !isUnset(value) && !states.includes(String(value));
      return !isUnset(value);
    })
    .map(([key]) => key);
}

/** Reads a bucket's deletion settings. */
export function bucketDeletion(bucket: Resource): BucketDeletion {
  let unverifiable: string | undefined;
  const note = (field: string, value: unknown) => {
    unverifiable ??= `${field} is ${show(value)}`;
  };
  let liveDays: number | undefined;
  let noncurrentDays: number | undefined;
  let noncurrentByCountOnly = false;
  for (const rule of blocks(bucket.attrs.lifecycle_rule)) {
    const type = attr(rule, "action.type");
    if (isExpression(type)) note("lifecycle_rule.action.type", type);
    if (type !== "Delete") continue;
    const condition = (attr(rule, "condition") ?? {}) as Record<string, unknown>;
    if (typeof condition !== "object" || Array.isArray(condition)) continue;
    for (const timing of TIMING) {
      const raw = condition[timing];
      if (isUnset(raw)) continue;
      const days = numberOf(raw);
      if (days === undefined) {
        note(`lifecycle_rule.condition.${timing}`, raw);
        continue;
      }
      // Zero is not sent to the API without its send_*_if_zero flag: the rule would not fire on it.
      if (!Number.isInteger(days) || days < 1) continue;
      if (timing === "days_since_noncurrent_time") {
        if (narrowing(condition, timing, ["ARCHIVED", "ANY"]).length === 0)
          noncurrentDays = Math.min(noncurrentDays ?? days, days);
      } else if (narrowing(condition, timing, ["LIVE", "ANY"]).length === 0) {
        liveDays = Math.min(liveDays ?? days, days);
      }
    }
    if (!isUnset(condition.num_newer_versions)) noncurrentByCountOnly = true;
  }
  const softRaw = attr(bucket.attrs, "soft_delete_policy.retention_duration_seconds");
  const softSeconds = numberOf(softRaw);
  if (softSeconds === undefined && !isUnset(softRaw))
    note("soft_delete_policy.retention_duration_seconds", softRaw);
  const retentionRaw = attr(bucket.attrs, "retention_policy.retention_period");
  const retentionSeconds = numberOf(retentionRaw);
  if (retentionSeconds === undefined && !isUnset(retentionRaw))
    note("retention_policy.retention_period", retentionRaw);
  const versioning = attr(bucket.attrs, "versioning.enabled");
  if (isExpression(versioning) && !isTrue(versioning)) note("versioning.enabled", versioning);
  return {
    liveDays,
    noncurrentDays,
    noncurrentByCountOnly: noncurrentByCountOnly && noncurrentDays === undefined,
    softDeleteDays: softSeconds === undefined ? undefined : Math.ceil(softSeconds / DAY),
    retentionPolicyDays: retentionSeconds === undefined ? 0 : Math.ceil(retentionSeconds / DAY),
    unverifiable,
  };
}

/**
 * The environment's bounds for a stack: its configuration's (via the trusted settings) or the defaults.
 * The termination bound is never looser than the documents' 60 days, whatever the settings say.
 */
export function retentionBounds(settings: Pick<StackPolicySettings, "retention">): RetentionBounds {
  const bounds = settings.retention ?? DEFAULT_RETENTION_BOUNDS;
  return {
    ...bounds,
    customerDataDeletionDays: Math.min(bounds.customerDataDeletionDays, DOCUMENTED_DELETION_DAYS),
  };
}
