/**
 * The pure diff of two synthesized apps (`cdk.tf.json` per stack): an offline estimate of what Terraform would
 * add, change, replace, remove or move, and which of those destroy data. Reads only synthesized JSON; masks
 * sensitive values. Replacements come from the hand-kept table in stateful.ts; a stack with a Terraform
 * plan takes its actions from the plan instead (plan.ts).
 */
import microdiff from "microdiff";
import { maskAt } from "./mask";
import { STATEFUL_TYPES, changesInPlace, forceNewAttributeAt, isStateful } from "../../core/rules/stateful";

/** A parsed `cdk.tf.json`. */
export type TerraformJson = Readonly<Record<string, unknown>>;

/** The synthesized stacks of one side, by stack name. */
export type StackSet = Readonly<Record<string, TerraformJson>>;

/** One attribute-level change; values are already masked. `undefined` means absent on that side. */
export interface AttributeChange {
  /** Dotted path through blocks and list indexes: `settings[0].ip_configuration.ipv4_enabled`. */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** The force-new attribute this change touches (so Terraform replaces the resource), if any. */
  readonly forcesReplacement?: string;
}

/** A resource in a stack: its Terraform address and the construct that made it. */
export interface ResourceRef {
  readonly stack: string;
  /** `type.name`. */
  readonly address: string;
  readonly type: string;
  /** Construct path from cdktf's `//` metadata (the address when absent). */
  readonly constructPath: string;
  /** From a plan: the existing object an `import` block brings under management (not created). */
  readonly importedId?: string;
}

export interface ChangedResource extends ResourceRef {
  readonly changes: readonly AttributeChange[];
}

export interface ReplacedResource extends ChangedResource {
  /** The force-new attributes that changed (from a plan: its `replace_paths`). */
  readonly forcedBy: readonly string[];
  /** A `moved` block moved it here from this address; it is replaced all the same. */
  readonly movedFrom?: string;
  /** Terraform's `action_reason` (from a plan), e.g. `replace_because_tainted`. */
  readonly reason?: string;
  /** Terraform's order: `delete-before-create` (default) or `create-before-destroy` (from a plan). */
  readonly order?: "delete-before-create" | "create-before-destroy";
}

export interface RemovedResource extends ResourceRef {
  /** An added resource of the same type and configuration: probably a rename that needs a `moved` block. */
  readonly sameConfigurationAs?: string;
  /** Terraform's `action_reason` (from a plan), e.g. `delete_because_no_resource_config`. */
  readonly reason?: string;
  /** Removed from state only (`removed` block with destroy = false, action `forget`): nothing is destroyed. */
  readonly forgotten?: boolean;
}

export interface MovedResource {
  readonly stack: string;
  readonly from: string;
  readonly to: string;
  readonly changes: readonly AttributeChange[];
}

/** A stateful resource that would be destroyed: the reason for the loud warning and `--fail-on-destroy`. */
export interface DestroyWarning extends ResourceRef {
  readonly action: "removed" | "replaced";
  /** What is lost (from STATEFUL_TYPES). */
  readonly loses: string;
  /** For replacements, the force-new attributes that changed. */
  readonly forcedBy?: readonly string[];
  /** For replacements: `prevent_destroy` is still on, so the apply fails instead (until someone lifts it). */
  readonly blockedByPreventDestroy?: boolean;
}

/** A stateful resource whose destroy protection is turned off (not a destroy yet, but the step before one). */
export interface ProtectionWarning extends ResourceRef {
  readonly change: AttributeChange;
}

/** Where a stack's actions come from. */
export type ActionSource = "plan" | "synthesized";

export interface StackDiff {
  readonly stack: string;
  /**
   * `plan`: actions from `terraform show -json` (`resource_changes`); `synthesized`: an offline estimate
   * from two synthesized stacks and the hand-kept force-new table.
   */
  readonly source: ActionSource;
  /** The plan file, when `source` is `plan`. */
  readonly planFile?: string;
  /** `added`/`removed`: the whole stack is new or gone. */
  readonly status: "added" | "removed" | "changed" | "unchanged";
  readonly added: readonly ResourceRef[];
  readonly changed: readonly ChangedResource[];
  readonly replaced: readonly ReplacedResource[];
  readonly removed: readonly RemovedResource[];
  readonly moved: readonly MovedResource[];
}

export interface PlanDiff {
  readonly stacks: readonly StackDiff[];
  readonly destroyWarnings: readonly DestroyWarning[];
  readonly protectionWarnings: readonly ProtectionWarning[];
}

type Json = Record<string, unknown>;
type Path = readonly (string | number)[];

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A deep copy without cdktf's `//` metadata keys, which Terraform ignores. */
export function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "//")
      .map(([key, inner]) => [key, withoutMetadata(inner)]),
  );
}

interface StackResource {
  readonly ref: ResourceRef;
  /** Attributes without `//`. */
  readonly config: Json;
}

function resourcesOf(stack: string, json: TerraformJson | undefined): Map<string, StackResource> {
  const out = new Map<string, StackResource>();
  const byType = isObject(json?.resource) ? json.resource : {};
  for (const [type, byName] of Object.entries(byType)) {
    if (!isObject(byName)) continue;
    for (const [name, attrs] of Object.entries(byName)) {
      if (!isObject(attrs)) continue;
      const address = `${type}.${name}`;
      const meta = attrs["//"] as { metadata?: { path?: unknown } } | undefined;
      const constructPath = typeof meta?.metadata?.path === "string" ? meta.metadata.path : address;
      out.set(address, {
        ref: { stack, address, type, constructPath },
        config: withoutMetadata(attrs) as Json,
      });
    }
  }
  return out;
}

/** `moved` blocks of a stack (cdktf's `moveTo` / `moveFromId`): from address → to address. */
function movesOf(json: TerraformJson | undefined): Map<string, string> {
  const moves = new Map<string, string>();
  const blocks = Array.isArray(json?.moved) ? json.moved : isObject(json?.moved) ? [json.moved] : [];
  for (const block of blocks) {
    if (isObject(block) && typeof block.from === "string" && typeof block.to === "string") {
      moves.set(block.from, block.to);
    }
  }
  return moves;
}

function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function isScalarList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => item === null || typeof item !== "object");
}

/**
 * Where a difference is reported: a change inside a list of scalars (`depends_on`, `source_ranges`) is
 * shown as the whole list before and after, which reads better than index-by-index edits.
 */
function reportedPath(before: Json, after: Json, path: Path): Path {
  for (let length = 1; length < path.length; length++) {
    const prefix = path.slice(0, length);
    if (isScalarList(valueAt(before, prefix)) || isScalarList(valueAt(after, prefix))) return prefix;
  }
  return path;
}

/** Code-point order: stable across locales, unlike localeCompare (which skips punctuation). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Renders a path as `a.b[0].c`. */
export function formatPath(path: Path): string {
  return path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${key}` : key),
    "",
  );
}

/** The value at a dotted attribute path, through blocks written as objects or as lists of one. */
function attributeValue(root: Json, dotted: string): unknown {
  let current: unknown = root;
  for (const key of dotted.split(".")) {
    const block = Array.isArray(current) ? current[0] : current;
    if (!isObject(block)) return undefined;
    current = block[key];
  }
  return current;
}

/**
 * The force-new attribute a difference at `path` changes, if any. A difference that encloses the attribute
 * (a whole `version_template` block added) counts only when the attribute's own value differs.
 */
function forcedAttribute(type: string, path: Path, before: Json, after: Json): string | undefined {
  const attribute = forceNewAttributeAt(type, path);
  if (!attribute) return undefined;
  const was = attributeValue(before, attribute);
  const is = attributeValue(after, attribute);
  const differs = was === undefined || is === undefined ? was !== is : microdiffDiffers(was, is);
  return differs && !changesInPlace(type, attribute, was, is) ? attribute : undefined;
}

function microdiffDiffers(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a !== b;
  return microdiff(a as Json, b as Json).length > 0;
}

/** Attribute-level changes between two configurations of one resource, masked, in path order. */
export function attributeChanges(type: string, before: Json, after: Json): AttributeChange[] {
  const seen = new Map<string, AttributeChange>();
  for (const difference of microdiff(before, after)) {
    const path = reportedPath(before, after, difference.path);
    const key = formatPath(path);
    if (seen.has(key)) continue;
    const forcesReplacement = forcedAttribute(type, path, before, after);
    seen.set(key, {
      path: key,
      before: maskAt(path, valueAt(before, path)),
      after: maskAt(path, valueAt(after, path)),
      ...(forcesReplacement ? { forcesReplacement } : {}),
    });
  }
  return [...seen.values()].sort((a, b) => compareText(a.path, b.path));
}

/** Attributes that guard a stateful resource against destruction, and their protective value. */
const PROTECTIONS: readonly { readonly path: Path; readonly safe: unknown }[] = [
  { path: ["lifecycle", "prevent_destroy"], safe: true },
  { path: ["deletion_protection"], safe: true },
  { path: ["settings", "deletion_protection_enabled"], safe: true },
  { path: ["settings", 0, "deletion_protection_enabled"], safe: true },
  { path: ["force_destroy"], safe: false },
];

export function isProtected(config: Json, path: Path, safe: unknown): boolean {
  const value = valueAt(config, path);
  // force_destroy is safe when absent (provider default false); the others only when set.
  if (safe === false) return value === undefined || value === false || value === "false";
  return value === true || value === "true";
}

/** Destroy protections that `after` turns off compared to `before` (stateful types only). */
export function protectionWarnings(ref: ResourceRef, before: Json, after: Json): ProtectionWarning[] {
  if (!isStateful(ref.type)) return [];
  return PROTECTIONS.filter(
    ({ path, safe }) => isProtected(before, path, safe) && !isProtected(after, path, safe),
  ).map(({ path }) => ({
    ...ref,
    change: { path: formatPath(path), before: valueAt(before, path), after: valueAt(after, path) },
  }));
}

function sameConfiguration(a: Json, b: Json): boolean {
  return microdiff(a, b).length === 0;
}

function byAddress<T extends { readonly address: string }>(items: T[]): T[] {
  return items.sort((a, b) => compareText(a.address, b.address));
}

/** The diff of one stack between two sides (either side may be missing: the stack is new or gone). */
export function diffStack(
  stack: string,
  base: TerraformJson | undefined,
  head: TerraformJson | undefined,
): { diff: StackDiff; destroyWarnings: DestroyWarning[]; protectionWarnings: ProtectionWarning[] } {
  const before = resourcesOf(stack, base);
  const after = resourcesOf(stack, head);
  const moves = movesOf(head);
  const added: ResourceRef[] = [];
  const changed: ChangedResource[] = [];
  const replaced: ReplacedResource[] = [];
  const removed: RemovedResource[] = [];
  const moved: MovedResource[] = [];
  const destroyWarnings: DestroyWarning[] = [];
  const weakened: ProtectionWarning[] = [];

  const movedTargets = new Set<string>();
  for (const [address, old] of before) {
    const target = after.has(address) ? undefined : moves.get(address);
    const current = after.get(target ?? address);
    if (!current) continue;
    if (target) movedTargets.add(target);
    const changes = attributeChanges(old.ref.type, old.config, current.config);
    weakened.push(...protectionWarnings(current.ref, old.config, current.config));
    const forcedBy = [...new Set(changes.flatMap((c) => (c.forcesReplacement ? [c.forcesReplacement] : [])))];
    if (forcedBy.length > 0) {
      // A moved resource whose force-new attribute also changed is replaced after the move: it is listed
      // as replaced (moved from its old address), never as "moved (kept)".
      replaced.push({ ...current.ref, changes, forcedBy, ...(target ? { movedFrom: address } : {}) });
      if (isStateful(current.ref.type)) {
        destroyWarnings.push({
          ...current.ref,
          action: "replaced",
          loses: STATEFUL_TYPES[current.ref.type],
          forcedBy,
          blockedByPreventDestroy: isProtected(current.config, ["lifecycle", "prevent_destroy"], true),
        });
      }
    } else if (target) {
      moved.push({ stack, from: address, to: target, changes });
    } else if (changes.length > 0) {
      changed.push({ ...current.ref, changes });
    }
  }
  for (const [address, current] of after) {
    if (!before.has(address) && !movedTargets.has(address)) added.push(current.ref);
  }
  for (const [address, old] of before) {
    if (after.has(address) || movedTargets.has(moves.get(address) ?? "")) continue;
    const twin = added.find(
      (a) => a.type === old.ref.type && sameConfiguration(old.config, after.get(a.address)?.config ?? {}),
    );
    removed.push({ ...old.ref, ...(twin ? { sameConfigurationAs: twin.address } : {}) });
    if (isStateful(old.ref.type)) {
      destroyWarnings.push({ ...old.ref, action: "removed", loses: STATEFUL_TYPES[old.ref.type] });
    }
  }

  const status = !base
    ? "added"
    : !head
      ? "removed"
      : added.length + changed.length + replaced.length + removed.length + moved.length > 0
        ? "changed"
        : "unchanged";
  return {
    diff: {
      stack,
      source: "synthesized",
      status,
      added: byAddress(added),
      changed: byAddress(changed),
      replaced: byAddress(replaced),
      removed: byAddress(removed),
      moved: moved.sort((a, b) => compareText(a.from, b.from)),
    },
    destroyWarnings: byAddress(destroyWarnings),
    protectionWarnings: byAddress(weakened),
  };
}

/** The diff of every stack on either side, in stack-name order. */
export function diffStackSets(base: StackSet, head: StackSet): PlanDiff {
  const names = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  const results = names.map((name) => diffStack(name, base[name], head[name]));
  return {
    stacks: results.map((r) => r.diff),
    destroyWarnings: results.flatMap((r) => r.destroyWarnings),
    protectionWarnings: results.flatMap((r) => r.protectionWarnings),
  };
}
