/** Turns a synthesized stack (`cdk.tf.json`) into the context rules read. */
import type { Exception, PackName, Resource, StackContext, StackPolicySettings, StackRole } from "./model";
import { PACK_NAMES, STACK_ROLES } from "./model";

type Json = Record<string, unknown>;

/** Key under `//` (a comment to Terraform) where the kit records policy settings and suppressions. */
export const POLICY_KEY = "policy";
export const SUPPRESSIONS_KEY = "suppressions";

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The stack's recorded settings (`//.policy`), with defaults: pack baseline, not production, role baseline. */
export function stackSettings(json: Json): StackPolicySettings {
  const recorded =
    isObject(json["//"]) && isObject((json["//"] as Json)[POLICY_KEY])
      ? ((json["//"] as Json)[POLICY_KEY] as Json)
      : {};
  const pack = PACK_NAMES.includes(recorded.pack as PackName) ? (recorded.pack as PackName) : "baseline";
  return {
    pack,
    environment: typeof recorded.environment === "string" ? recorded.environment : undefined,
    production: recorded.production === true,
    role: STACK_ROLES.includes(recorded.role as StackRole) ? (recorded.role as StackRole) : "baseline",
  };
}

/** The stack's name from `//.metadata.stackName`, or `fallback`. */
export function stackNameOf(json: Json, fallback: string): string {
  const metadata = isObject(json["//"]) ? (json["//"] as Json).metadata : undefined;
  return isObject(metadata) && typeof metadata.stackName === "string" ? metadata.stackName : fallback;
}

/** Every resource of the stack, with address and construct path. */
export function resourcesOf(json: Json): Resource[] {
  return blocksOf(json, "resource");
}

/** Every data source of the stack (`data.<type>.<name>`), with address and construct path. */
export function dataSourcesOf(json: Json): Resource[] {
  return blocksOf(json, "data");
}

function blocksOf(json: Json, key: "resource" | "data"): Resource[] {
  const resources: Resource[] = [];
  const byType = isObject(json[key]) ? json[key] : {};
  for (const [type, instances] of Object.entries(byType)) {
    if (!isObject(instances)) continue;
    for (const [name, attrs] of Object.entries(instances)) {
      if (!isObject(attrs)) continue;
      const comment = isObject(attrs["//"]) ? (attrs["//"] as Json) : {};
      const metadata = isObject(comment.metadata) ? comment.metadata : {};
      const address = key === "data" ? `data.${type}.${name}` : `${type}.${name}`;
      resources.push({
        type,
        name,
        address,
        path: typeof metadata.path === "string" ? metadata.path : address,
        attrs,
      });
    }
  }
  return resources;
}

/** Builds the rule context of a stack. */
export function stackContext(json: Json, stackName: string, settings: StackPolicySettings): StackContext {
  const resources = resourcesOf(json);
  const index = new Map<string, Resource[]>();
  for (const r of resources) {
    const list = index.get(r.type) ?? [];
    list.push(r);
    index.set(r.type, list);
  }
  return {
    stackName,
    settings,
    resources,
    dataSources: dataSourcesOf(json),
    ofType: (type) => index.get(type) ?? [],
    json,
  };
}

/** A suppression as stored in the JSON, before validation. */
export interface StoredSuppression {
  readonly raw: unknown;
  readonly where: string;
  /** Address of the resource it is stored on; undefined when stored at the stack's root. */
  readonly target?: string;
}

/** Suppressions stored by `suppress()` on resources (`//.suppressions`) and at the root (whole stack). */
export function storedSuppressions(json: Json, resources: readonly Resource[]): StoredSuppression[] {
  const found: StoredSuppression[] = [];
  const root = isObject(json["//"]) ? (json["//"] as Json)[SUPPRESSIONS_KEY] : undefined;
  if (Array.isArray(root)) root.forEach((raw) => found.push({ raw, where: "(stack)" }));
  for (const r of resources) {
    const comment = r.attrs["//"];
    const list = isObject(comment) ? comment[SUPPRESSIONS_KEY] : undefined;
    if (Array.isArray(list)) list.forEach((raw) => found.push({ raw, where: r.path, target: r.address }));
  }
  return found;
}

/** An exception built from a stored suppression (fields already validated). */
export function exceptionFromStored(stored: StoredSuppression): Exception {
  const raw = stored.raw as { control: string; reason: string; owner: string; expires: string };
  return {
    control: raw.control,
    reason: raw.reason.trim(),
    owner: raw.owner,
    expires: raw.expires,
    target: stored.target,
    source: `suppress() at ${stored.where}`,
  };
}
