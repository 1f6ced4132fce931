/**
 * The reviewed type catalogue: every resource and data-source type a synthesized stack may contain, with
 * the controls that judge it. POL-1 refuses every other type (default deny), so a type no control knows
 * can never pass unnoticed.
 */
import { IAM_GRANT_TYPE } from "../controls/iam-grants";
import { DATA_SOURCE_TYPES } from "./data-sources";
import providerTypes from "./google-provider-types.json";
import { RESOURCE_TYPES } from "./resources";
import { review, type TypeReview } from "./review";

export type { TypeReview } from "./review";
export type TypeKind = "resource" | "data";

/** Controls beyond IAM-4 (and IAM-7 below the hierarchy) per resource-level IAM family. */
const IAM_FAMILY_CONTROLS: readonly [RegExp, readonly string[]][] = [
  [/^google_(project|folder|organization)_iam_/, ["IAM-1", "IAM-2", "KMS-5", "SEC-5", "IAM-8"]],
  [/^google_service_account_iam_/, ["IAM-5"]],
  [/^google_storage_bucket_iam_/, ["GCS-3", "STATE-2"]],
  [/^google_kms_(crypto_key|key_ring)_iam_/, ["KMS-5", "KMS-6"]],
  [/^google_secret_manager_secret_iam_/, ["SEC-5"]],
];
const HIERARCHY_IAM = /^google_(project|folder|organization)_iam_/;
const PROVIDER_RESOURCES = new Set(providerTypes.resources);

/** The review of a resource-level IAM type of the Google provider (`*_iam_member/_binding/_policy`). */
function iamFamilyReview(type: string): TypeReview | undefined {
  if (!IAM_GRANT_TYPE.test(type) || !PROVIDER_RESOURCES.has(type)) return undefined;
  const extra = IAM_FAMILY_CONTROLS.filter(([pattern]) => pattern.test(type)).flatMap(([, ids]) => ids);
  return review(
    ["IAM-4", ...(HIERARCHY_IAM.test(type) ? [] : ["IAM-7"]), ...extra],
    "A grant on one resource: no public or unverifiable member (IAM-4), no basic role on a resource (IAM-7), and the family's own role rules.",
  );
}

/** The review of `type`, or undefined when it has not been reviewed (POL-1 fails). */
export function reviewOf(kind: TypeKind, type: string): TypeReview | undefined {
  if (kind === "data") return Object.hasOwn(DATA_SOURCE_TYPES, type) ? DATA_SOURCE_TYPES[type] : undefined;
  return Object.hasOwn(RESOURCE_TYPES, type) ? RESOURCE_TYPES[type] : iamFamilyReview(type);
}

/** Every catalogued type with its review (the IAM family expanded from the provider's types), for reports and tests. */
export function catalogueEntries(): { kind: TypeKind; type: string; review: TypeReview }[] {
  const entries: { kind: TypeKind; type: string; review: TypeReview }[] = [];
  for (const [type, r] of Object.entries(RESOURCE_TYPES)) entries.push({ kind: "resource", type, review: r });
  for (const type of providerTypes.resources) {
    const r = Object.hasOwn(RESOURCE_TYPES, type) ? undefined : iamFamilyReview(type);
    if (r) entries.push({ kind: "resource", type, review: r });
  }
  for (const [type, r] of Object.entries(DATA_SOURCE_TYPES)) entries.push({ kind: "data", type, review: r });
  return entries;
}
