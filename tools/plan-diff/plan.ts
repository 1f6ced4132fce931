/**
 * The review of a stack from its Terraform plan (`terraform show -json <planfile>`): the actions come from
 * `resource_changes` as Terraform decided them (create, update, replace in either order, delete, forget,
 * moved via `previous_address`), not from the hand-kept force-new table. Values Terraform knows only after
 * apply show as `(known after apply)`; values it marks sensitive as `(sensitive)`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import {
  COMPANION_FILE,
  PLAN_FILE,
  PlanInputError,
  isPlanJson,
  resourceChanges,
  validatePlan,
  type PlanResourceChange,
} from "../../policy/plan-input";
import {
  attributeChanges,
  compareText,
  formatPath,
  protectionWarnings,
  type AttributeChange,
  type ChangedResource,
  type DestroyWarning,
  type MovedResource,
  type PlanDiff,
  type ProtectionWarning,
  type RemovedResource,
  type ReplacedResource,
  type ResourceRef,
  type StackDiff,
  type TerraformJson,
} from "./diff";
import { PlanDiffInputError } from "./errors";
import { MASKED } from "./mask";
import { STATEFUL_TYPES, isStateful } from "../../core/rules/stateful";

type Json = Record<string, unknown>;

/** What an attribute Terraform knows only after apply is shown as. */
export const KNOWN_AFTER_APPLY = "(known after apply)";

/** One stack's plan, with the synthesized stack it was made from when that sits beside it. */
export interface StackPlan {
  readonly stack: string;
  /** The plan file as the user named it (or found in a directory). */
  readonly file: string;
  readonly plan: Json;
  /** `cdk.tf.json` from the plan's directory: construct paths and suppressions. */
  readonly companion?: TerraformJson;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function readJson(file: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new PlanDiffInputError(`${label}: cannot read a JSON plan: ${(err as Error).message}`);
  }
}

/** Plan files named by one `--plan` value: a file, or every `plan.json` in a directory tree. */
function planFilesOf(spec: string, cwd: string): string[] {
  const path = resolve(cwd, spec);
  if (!existsSync(path)) throw new PlanDiffInputError(`--plan ${spec}: no such file or directory`);
  if (!statSync(path).isDirectory()) return [path];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      compareText(a.name, b.name),
    )) {
      if (entry.isDirectory() && entry.name !== ".terraform" && entry.name !== "node_modules")
        walk(join(dir, entry.name));
      else if (entry.name === PLAN_FILE) found.push(join(dir, entry.name));
    }
  };
  walk(path);
  if (found.length === 0)
    throw new PlanDiffInputError(
      `--plan ${spec}: no ${PLAN_FILE} in this directory (write one per stack: terraform show -json <planfile> > ${PLAN_FILE})`,
    );
  return found;
}

/**
 * Loads the plans named by `--plan` values. A plan's stack is the name its `cdk.tf.json` records, else its
 * directory's name (`stacks/<stack>/plan.json`); two plans of one stack are refused.
 */
export function loadPlans(specs: readonly string[], cwd: string): StackPlan[] {
  const plans = new Map<string, StackPlan>();
  for (const spec of specs) {
    for (const file of planFilesOf(spec, cwd)) {
      const label = file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
      const plan = readJson(file, label);
      if (!isPlanJson(plan))
        throw new PlanDiffInputError(
          `${label}: not a Terraform plan (expected terraform show -json output with format_version and resource_changes)`,
        );
      try {
        validatePlan(plan, label);
      } catch (err) {
        if (err instanceof PlanInputError) throw new PlanDiffInputError(err.message);
        throw err;
      }
      const companionFile = join(dirname(file), COMPANION_FILE);
      const companion = existsSync(companionFile) ? readJson(companionFile, companionFile) : undefined;
      const metadata =
        isObject(companion) && isObject(companion["//"]) ? companion["//"].metadata : undefined;
      const stack =
        isObject(metadata) && typeof metadata.stackName === "string"
          ? metadata.stackName
          : basename(dirname(file));
      if (plans.has(stack))
        throw new PlanDiffInputError(
          `${label}: a second plan for stack ${stack} (first: ${plans.get(stack)?.file})`,
        );
      plans.set(stack, { stack, file: label, plan, companion: isObject(companion) ? companion : undefined });
    }
  }
  return [...plans.values()];
}

/** `value` with unknown leaves as `(known after apply)` and sensitive ones as `(sensitive)`, for display. */
export function displayValue(value: unknown, unknown: unknown, sensitive: unknown): unknown {
  if (sensitive === true) return value === undefined || value === null ? value : MASKED;
  if (unknown === true) return KNOWN_AFTER_APPLY;
  if (Array.isArray(value) || Array.isArray(unknown)) {
    const values = Array.isArray(value) ? value : [];
    const unknowns = Array.isArray(unknown) ? unknown : [];
    const sensitives = Array.isArray(sensitive) ? sensitive : [];
    return Array.from({ length: Math.max(values.length, unknowns.length) }, (_, i) =>
      displayValue(values[i], unknowns[i], sensitives[i]),
    );
  }
  if (isObject(value) || isObject(unknown)) {
    const values = isObject(value) ? value : {};
    const unknowns = isObject(unknown) ? unknown : {};
    const sensitives = isObject(sensitive) ? sensitive : {};
    const out: Json = {};
    for (const key of new Set([...Object.keys(values), ...Object.keys(unknowns)])) {
      const inner = displayValue(values[key], unknowns[key], sensitives[key]);
      if (inner !== undefined && inner !== null) out[key] = inner;
    }
    return out;
  }
  return value;
}

/** True when a mark tree has a `true` leaf anywhere. */
function anyMark(marks: unknown): boolean {
  if (marks === true) return true;
  if (Array.isArray(marks)) return marks.some(anyMark);
  return isObject(marks) && Object.values(marks).some(anyMark);
}

/** Steps of a formatted path (`a.b[0].c`). */
function parsePath(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
}

/**
 * True when the value at `path` is, contains or sits inside a sensitive value. A path the mark tree cannot
 * follow while it marks anything sensitive counts as sensitive (fail closed).
 */
function sensitiveAt(marks: unknown, path: string): boolean {
  let node = marks;
  for (const step of parsePath(path)) {
    if (node === true) return true;
    if (Array.isArray(node) && typeof step === "number") node = node[step];
    else if (isObject(node) && typeof step === "string") node = node[step];
    else return anyMark(node);
  }
  return anyMark(node);
}

/** Attribute changes of an update or replacement, with the paths that forced a replacement marked. */
function planAttributeChanges(change: PlanResourceChange): AttributeChange[] {
  // Compare the real values (a changed secret is a change), then mask what Terraform marks sensitive.
  const before = isObject(change.before) ? change.before : {};
  const after = displayValue(change.after, change.afterUnknown, undefined);
  const replacePaths = change.replacePaths.map(formatPath);
  const encloses = (outer: string, inner: string) =>
    inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return attributeChanges(change.type, before, isObject(after) ? after : {}).map((c) => {
    const forced = replacePaths.find((p) => encloses(p, c.path) || encloses(c.path, p));
    const masked: AttributeChange = {
      path: c.path,
      before: sensitiveAt(change.beforeSensitive, c.path) && c.before !== undefined ? MASKED : c.before,
      after: sensitiveAt(change.afterSensitive, c.path) && c.after !== undefined ? MASKED : c.after,
    };
    // The table's estimate is not used: the plan says what forced the replacement.
    return forced ? { ...masked, forcesReplacement: forced } : masked;
  });
}

function constructPathOf(stack: StackPlan, change: PlanResourceChange): string {
  if (change.moduleAddress) return change.address;
  const byType = isObject(stack.companion?.resource) ? stack.companion.resource : {};
  const attrs = isObject(byType[change.type]) ? (byType[change.type] as Json)[change.name] : undefined;
  const meta = isObject(attrs) && isObject(attrs["//"]) ? attrs["//"].metadata : undefined;
  return isObject(meta) && typeof meta.path === "string" ? meta.path : change.address;
}

function byAddress<T extends { readonly address: string }>(items: T[]): T[] {
  return items.sort((a, b) => compareText(a.address, b.address));
}

/** The review of one stack from its plan: what Terraform will do, and which of it destroys data. */
export function planStackDiff(stack: StackPlan): {
  diff: StackDiff;
  destroyWarnings: DestroyWarning[];
  protectionWarnings: ProtectionWarning[];
} {
  let changes: PlanResourceChange[];
  try {
    changes = resourceChanges(stack.plan, stack.file);
  } catch (err) {
    if (err instanceof PlanInputError) throw new PlanDiffInputError(err.message);
    throw err;
  }
  const added: ResourceRef[] = [];
  const changed: ChangedResource[] = [];
  const replaced: ReplacedResource[] = [];
  const removed: RemovedResource[] = [];
  const moved: MovedResource[] = [];
  const destroyWarnings: DestroyWarning[] = [];
  const weakened: ProtectionWarning[] = [];

  for (const change of changes) {
    if (change.mode !== "managed") continue; // data sources are read, never changed
    const ref: ResourceRef = {
      stack: stack.stack,
      address: change.deposed ? `${change.address} (deposed ${change.deposed})` : change.address,
      type: change.type,
      constructPath: constructPathOf(stack, change),
    };
    const actions = change.actions;
    const stateful = isStateful(change.type);
    const reason = change.actionReason ? { reason: change.actionReason } : {};
    if (actions.includes("delete") && actions.includes("create")) {
      const forcedBy = change.replacePaths.map(formatPath);
      replaced.push({
        ...ref,
        changes: planAttributeChanges(change),
        forcedBy,
        ...(change.previousAddress ? { movedFrom: change.previousAddress } : {}),
        ...reason,
        order: actions[0] === "create" ? "create-before-destroy" : "delete-before-create",
      });
      if (stateful)
        destroyWarnings.push({ ...ref, action: "replaced", loses: STATEFUL_TYPES[change.type], forcedBy });
    } else if (actions.includes("delete")) {
      removed.push({ ...ref, ...reason });
      if (stateful) destroyWarnings.push({ ...ref, action: "removed", loses: STATEFUL_TYPES[change.type] });
    } else if (actions.includes("forget")) {
      removed.push({ ...ref, ...reason, forgotten: true });
    } else if (actions.includes("create")) {
      added.push(ref);
    } else if (change.importingId !== undefined) {
      // An import block adopts an existing object: added to state, not created; an update applies on top.
      added.push({ ...ref, importedId: change.importingId });
      if (actions.includes("update")) changed.push({ ...ref, changes: planAttributeChanges(change) });
    } else if (actions.includes("update")) {
      const attributeChangesOf = planAttributeChanges(change);
      if (change.previousAddress)
        moved.push({
          stack: stack.stack,
          from: change.previousAddress,
          to: change.address,
          changes: attributeChangesOf,
        });
      else changed.push({ ...ref, changes: attributeChangesOf });
    } else if (change.previousAddress) {
      moved.push({ stack: stack.stack, from: change.previousAddress, to: change.address, changes: [] });
    }
    if (stateful && isObject(change.before) && isObject(change.after) && !actions.includes("delete")) {
      weakened.push(...protectionWarnings(ref, change.before, change.after));
    }
  }
  const count = added.length + changed.length + replaced.length + removed.length + moved.length;
  return {
    diff: {
      stack: stack.stack,
      source: "plan",
      planFile: stack.file,
      status: count > 0 ? "changed" : "unchanged",
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

/** What a reviewer should know about a plan besides its actions: drift, deferred changes. */
export function planNotes(stack: StackPlan): string[] {
  const notes: string[] = [];
  const drift = Array.isArray(stack.plan.resource_drift) ? stack.plan.resource_drift.length : 0;
  if (drift > 0)
    notes.push(
      `${stack.stack}: ${drift} resource(s) changed outside Terraform since the last apply (resource_drift in ${stack.file}); this plan reverts or adopts them`,
    );
  if (stack.plan.complete === false)
    notes.push(
      `${stack.stack}: the plan is incomplete (complete: false, deferred changes): actions Terraform deferred are not in this review`,
    );
  return notes;
}

/**
 * The offline diff with every planned stack's entry replaced by its plan's review (stacks only planned are
 * added). Warnings of a planned stack come from its plan alone.
 */
export function withPlans(offline: PlanDiff, plans: readonly StackPlan[]): PlanDiff {
  const reviewed = new Map(plans.map((p) => [p.stack, planStackDiff(p)]));
  const names = [...new Set([...offline.stacks.map((s) => s.stack), ...reviewed.keys()])].sort(compareText);
  const offlineByName = new Map(offline.stacks.map((s) => [s.stack, s]));
  return {
    stacks: names.map((name) => reviewed.get(name)?.diff ?? (offlineByName.get(name) as StackDiff)),
    destroyWarnings: [
      ...offline.destroyWarnings.filter((w) => !reviewed.has(w.stack)),
      ...[...reviewed.values()].flatMap((r) => r.destroyWarnings),
    ].sort((a, b) => compareText(`${a.stack} ${a.address}`, `${b.stack} ${b.address}`)),
    protectionWarnings: [
      ...offline.protectionWarnings.filter((w) => !reviewed.has(w.stack)),
      ...[...reviewed.values()].flatMap((r) => r.protectionWarnings),
    ].sort((a, b) => compareText(`${a.stack} ${a.address}`, `${b.stack} ${b.address}`)),
  };
}
