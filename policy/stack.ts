/** Turns a synthesized stack (`cdk.tf.json`) into the context rules read. */
import type {
  Exception,
  PackName,
  ProviderConfig,
  Resource,
  StackContext,
  StackOutput,
  StackPolicySettings,
  StackRole,
  VariableDeclaration,
} from "./model";
import { PACK_NAMES, STACK_ROLES } from "./model";
import type { Scope } from "./expressions";
import { resolveValue, scopeOf } from "./resolve";
import { boolOf, labelledBlocks, mergedEntries, numberOf, objectsOf } from "./terraform-json";

type Json = Record<string, unknown>;

/** Key under `//` (a comment to Terraform) where the kit records policy settings and suppressions. */
export const POLICY_KEY = "policy";
export const SUPPRESSIONS_KEY = "suppressions";

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The raw `//.policy` object recorded in the JSON, if any. */
export function recordedPolicy(json: Json): Json | undefined {
  return isObject(json["//"]) && isObject((json["//"] as Json)[POLICY_KEY])
    ? ((json["//"] as Json)[POLICY_KEY] as Json)
    : undefined;
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

function resourceFrom(type: string, name: string, attrs: Json, address: string): Resource {
  const comment = isObject(attrs["//"]) ? (attrs["//"] as Json) : {};
  const metadata = isObject(comment.metadata) ? comment.metadata : {};
  return {
    type,
    name,
    address,
    path: typeof metadata.path === "string" ? metadata.path : address,
    attrs,
  };
}

/** Every resource of the stack, with address and construct path; every JSON form Terraform accepts, unresolved. */
export function resourcesOf(json: Json): Resource[] {
  return labelledBlocks(json.resource).map(([type, name, attrs]) =>
    resourceFrom(type, name, attrs, `${type}.${name}`),
  );
}

/** Every data source of the stack (address `data.<type>.<name>`), unresolved. */
export function dataSourcesOf(json: Json): Resource[] {
  return labelledBlocks(json.data).map(([type, name, attrs]) =>
    resourceFrom(type, name, attrs, `data.${type}.${name}`),
  );
}

/** False when Terraform creates no instance: a literal `count` of 0 or an empty literal `for_each`. */
function isCreated(resource: Resource): boolean {
  const count = numberOf(resource.attrs.count);
  if (count !== undefined && count <= 0) return false;
  const forEach = resource.attrs.for_each;
  if (Array.isArray(forEach) && forEach.length === 0) return false;
  if (isObject(forEach) && Object.keys(forEach).length === 0) return false;
  return true;
}

function resolved(resource: Resource, scope: Scope): Resource {
  return { ...resource, attrs: resolveValue(resource.attrs, scope) as Json };
}

/** Builds the rule context of a stack: normalized, resolved, with resources Terraform never creates left out. */
export function stackContext(
  json: Json,
  stackName: string,
  settings: StackPolicySettings,
  projectId?: string,
  deployer?: string,
  hipaaRedis?: boolean,
  upstashEmailDomains?: readonly string[],
): StackContext {
  const scope = scopeOf(json);
  const resources = resourcesOf(json)
    .map((r) => resolved(r, scope))
    .filter(isCreated);
  const index = new Map<string, Resource[]>();
  for (const r of resources) {
    const list = index.get(r.type) ?? [];
    list.push(r);
    index.set(r.type, list);
  }
  const outputs: StackOutput[] = mergedEntries(json.output).flatMap(([name, body]) =>
    objectsOf(body).map((o) => {
      const attrs = resolveValue(o, scope) as Json;
      return { name, value: attrs.value, sensitive: boolOf(attrs.sensitive) === true, attrs };
    }),
  );
  const providers: ProviderConfig[] = mergedEntries(json.provider).flatMap(([type, body]) =>
    objectsOf(body).map((o) => {
      const attrs = resolveValue(o, scope) as Json;
      return { type, alias: typeof attrs.alias === "string" ? attrs.alias : undefined, attrs };
    }),
  );
  const variables: VariableDeclaration[] = mergedEntries(json.variable).flatMap(([name, body]) =>
    objectsOf(body).map((o) => ({
      name,
      hasDefault: "default" in o,
      default: resolveValue(o.default, scope),
      attrs: o,
    })),
  );
  return {
    stackName,
    settings,
    resources,
    ofType: (type) => index.get(type) ?? [],
    dataSources: dataSourcesOf(json).map((d) => resolved(d, scope)),
    outputs,
    providers,
    locals: Object.fromEntries(mergedEntries(json.locals)),
    variables,
    projectId,
    deployer,
    hipaaRedis,
    upstashEmailDomains,
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
