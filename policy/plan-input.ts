/**
 * Terraform plans as policy input: `terraform show -json <planfile>` turned into the stack shape the checker
 * reads (`resource.<type>.<name>` attributes, root `//` settings). A plan's `planned_values` hold what
 * Terraform will apply with locals, variables and data sources resolved, so the check judges the real
 * values instead of the expressions in `cdk.tf.json`.
 *
 * Fail closed: Terraform omits values it cannot know before apply (`after_unknown`) and marks secrets
 * (`sensitive_values`, `after_sensitive`). Both become Terraform expressions again: the synthesized
 * expression at that path when the `cdk.tf.json` is beside the plan, else the configuration's reference
 * (`${google_kms_crypto_key.k.id}`), else `${unknown}` / `${sensitive}`. Rules already treat an expression as
 * unverifiable, so an unknown security setting is never a literal pass, and no sensitive value reaches a
 * finding. A sensitive value the configuration wrote as a literal becomes the literal `(sensitive literal)`,
 * so credential rules still see a literal. A plan whose `planned_values` lack a resource that
 * `resource_changes` keeps is refused rather than judged without it.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { PolicyInputError, readStackFile } from "./run";
import { POLICY_KEY } from "./stack";

type Json = Record<string, unknown>;
type Path = readonly (string | number)[];

/** Where a plan is written next to its stack: `cdktf.out/stacks/<stack>/plan.json`. */
export const PLAN_FILE = "plan.json";
/** The synthesized stack a plan was made from, in the same directory. */
export const COMPANION_FILE = "cdk.tf.json";
/** The only major version of Terraform's JSON output format this reader knows (Terraform 1.x: "1.0"-"1.2"). */
export const SUPPORTED_FORMAT_MAJOR = "1";

/** What stands in for a value Terraform will only know after apply. */
export const UNKNOWN_VALUE = "${unknown}";
/** What stands in for a sensitive value whose configuration names no reference. */
export const SENSITIVE_VALUE = "${sensitive}";
/** What stands in for a sensitive value the configuration wrote as a literal. */
export const SENSITIVE_LITERAL = "(sensitive literal)";

/** A plan the reader refuses (unsupported format, failed plan, mismatched stack): message names the field. */
export class PlanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanInputError";
  }
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** True for the top-level object of `terraform show -json <planfile>` (not a state, not a cdk.tf.json). */
export function isPlanJson(json: unknown): json is Json {
  return (
    isObject(json) &&
    typeof json.format_version === "string" &&
    ("planned_values" in json || "resource_changes" in json)
  );
}

/** Refuses a plan this reader cannot judge safely; returns the plan typed loosely. */
export function validatePlan(json: Json, where: string): Json {
  const version = String(json.format_version);
  if (version.split(".")[0] !== SUPPORTED_FORMAT_MAJOR) {
    throw new PlanInputError(
      `${where}: format_version is "${version}"; supported: ${SUPPORTED_FORMAT_MAJOR}.x (terraform show -json of Terraform 1.x)`,
    );
  }
  if (json.errored === true) {
    throw new PlanInputError(
      `${where}: errored is true: terraform plan failed, so the plan is incomplete; fix the plan errors and plan again`,
    );
  }
  if (json.planned_values !== undefined && !isObject(json.planned_values)) {
    throw new PlanInputError(`${where}: planned_values is not an object`);
  }
  if (json.resource_changes !== undefined && !Array.isArray(json.resource_changes)) {
    throw new PlanInputError(`${where}: resource_changes is not a list`);
  }
  return json;
}

/** One resource instance of a values representation (`planned_values`, `prior_state.values`). */
export interface PlanResource {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** `module.a.module.b` for resources in child modules; undefined in the root module. */
  readonly moduleAddress?: string;
  readonly index?: string | number;
  readonly values: Json;
  /** Leaves marked true are sensitive. */
  readonly sensitive: unknown;
}

/** Every resource of a values representation, root module first, then child modules depth first. */
export function valuesResources(values: unknown): PlanResource[] {
  const out: PlanResource[] = [];
  const walk = (module: unknown, moduleAddress?: string) => {
    if (!isObject(module)) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(r) || typeof r.type !== "string" || typeof r.name !== "string") continue;
      out.push({
        address: typeof r.address === "string" ? r.address : `${r.type}.${r.name}`,
        mode: r.mode === "data" ? "data" : "managed",
        type: r.type,
        name: r.name,
        moduleAddress,
        index: typeof r.index === "string" || typeof r.index === "number" ? r.index : undefined,
        values: isObject(r.values) ? r.values : {},
        sensitive: r.sensitive_values,
      });
    }
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) {
      walk(child, isObject(child) && typeof child.address === "string" ? child.address : moduleAddress);
    }
  };
  walk(isObject(values) ? values.root_module : undefined);
  return out;
}

/** A resource change (`resource_changes[]`), as much of it as the reader uses. */
export interface PlanResourceChange {
  readonly address: string;
  readonly previousAddress?: string;
  readonly moduleAddress?: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  /** Set when the change is to a deposed object (left over from a failed create-before-destroy). */
  readonly deposed?: string;
  readonly actions: readonly string[];
  readonly before: unknown;
  readonly after: unknown;
  readonly afterUnknown: unknown;
  readonly beforeSensitive: unknown;
  readonly afterSensitive: unknown;
  readonly replacePaths: readonly Path[];
  readonly actionReason?: string;
  /** The id an `import` block brings under management (`change.importing.id`), if any. */
  readonly importingId?: string;
}

/** The plan's `resource_changes`, each checked for the fields the reader relies on. */
export function resourceChanges(plan: Json, where: string): PlanResourceChange[] {
  const list = Array.isArray(plan.resource_changes) ? plan.resource_changes : [];
  return list.map((raw, i) => {
    const at = `${where}: resource_changes[${i}]`;
    if (!isObject(raw) || typeof raw.address !== "string" || typeof raw.type !== "string")
      throw new PlanInputError(`${at}: expected an object with "address" and "type"`);
    const change = isObject(raw.change) ? raw.change : undefined;
    const actions = change?.actions;
    if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => typeof a === "string"))
      throw new PlanInputError(
        `${at} (${raw.address}): change.actions is ${JSON.stringify(actions)}; expected a list such as ["update"]`,
      );
    return {
      address: raw.address,
      previousAddress: typeof raw.previous_address === "string" ? raw.previous_address : undefined,
      moduleAddress: typeof raw.module_address === "string" ? raw.module_address : undefined,
      mode: raw.mode === "data" ? "data" : "managed",
      type: raw.type,
      name: typeof raw.name === "string" ? raw.name : raw.address,
      index: typeof raw.index === "string" || typeof raw.index === "number" ? raw.index : undefined,
      deposed: typeof raw.deposed === "string" ? raw.deposed : undefined,
      actions: actions as string[],
      before: change?.before,
      after: change?.after,
      afterUnknown: change?.after_unknown,
      beforeSensitive: change?.before_sensitive,
      afterSensitive: change?.after_sensitive,
      replacePaths: Array.isArray(change?.replace_paths)
        ? (change.replace_paths as unknown[]).filter((p): p is Path => Array.isArray(p))
        : [],
      actionReason: typeof raw.action_reason === "string" ? raw.action_reason : undefined,
      importingId:
        isObject(change?.importing) && typeof change.importing.id === "string"
          ? change.importing.id
          : undefined,
    };
  });
}

/** The module part of an address without instance keys: `module.a[0].module.b["x"]` → `module.a.module.b`. */
function moduleKey(moduleAddress: string | undefined): string {
  return (moduleAddress ?? "").replace(/\[[^\]]*\]/g, "");
}

/** An expression representation (`{ constant_value }` or `{ references }`), not a block of them. */
function isExpressionNode(value: unknown): value is { constant_value?: unknown; references?: unknown } {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k === "constant_value" || k === "references");
}

/** Each resource's configuration `expressions`, by `<module key>|<type>.<name>`. */
function configurationIndex(plan: Json): Map<string, Json> {
  const index = new Map<string, Json>();
  const walk = (module: unknown, prefix: string) => {
    if (!isObject(module)) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(r) || typeof r.type !== "string" || typeof r.name !== "string") continue;
      const mode = r.mode === "data" ? "data." : "";
      index.set(`${prefix}|${mode}${r.type}.${r.name}`, isObject(r.expressions) ? r.expressions : {});
    }
    const calls = isObject(module.module_calls) ? module.module_calls : {};
    for (const [name, call] of Object.entries(calls)) {
      if (isObject(call)) walk(call.module, prefix ? `${prefix}.module.${name}` : `module.${name}`);
    }
  };
  walk(isObject(plan.configuration) ? plan.configuration.root_module : undefined, "");
  return index;
}

/** The expression that configures the value at `path`, if the configuration representation has one. */
function expressionAt(expressions: Json | undefined, path: Path): Json | undefined {
  let node: unknown = expressions;
  for (const step of path) {
    if (isExpressionNode(node)) break;
    if (Array.isArray(node)) node = typeof step === "number" ? node[step] : undefined;
    else if (isObject(node)) node = typeof step === "string" ? node[step] : node;
    else return undefined;
  }
  return isExpressionNode(node) ? (node as Json) : undefined;
}

/** What a stand-in is built from: the plan's configuration and the synthesized resource, when known. */
export interface StandInSources {
  /** The resource's `configuration` expressions (block expressions representation). */
  readonly expressions?: Json;
  /** The resource's attributes in the `cdk.tf.json` the plan was made from. */
  readonly synthesized?: Json;
}

/** The synthesized value at a plan value path; list indexes pass through blocks cdktf wrote as objects. */
function synthesizedAt(attrs: Json | undefined, path: Path): unknown {
  let node: unknown = attrs;
  for (const step of path) {
    if (Array.isArray(node)) node = typeof step === "number" ? node[step] : undefined;
    else if (isObject(node)) node = typeof step === "string" ? node[step] : step === 0 ? node : undefined;
    else return undefined;
  }
  return node;
}

/** The stand-in for an unknown or sensitive value at `path`. */
function standIn(kind: "unknown" | "sensitive", sources: StandInSources, path: Path): string {
  // The synthesized expression itself is the best stand-in: rules see what the synthesized check sees.
  const synthesized = synthesizedAt(sources.synthesized, path);
  if (typeof synthesized === "string" && synthesized.includes("${")) return synthesized;
  const expression = expressionAt(sources.expressions, path);
  const references = Array.isArray(expression?.references)
    ? expression.references.filter((r): r is string => typeof r === "string")
    : [];
  // The first reference is the most specific (`google_kms_crypto_key.k.id` before `google_kms_crypto_key.k`).
  if (references.length > 0) return `\${${references[0]}}`;
  const literal = (expression && "constant_value" in expression) || typeof synthesized === "string";
  if (kind === "sensitive" && literal) return SENSITIVE_LITERAL;
  return kind === "unknown" ? UNKNOWN_VALUE : SENSITIVE_VALUE;
}

/**
 * `value` with every leaf that `unknown` or `sensitive` marks `true` replaced by its stand-in. Unknown
 * leaves are absent from `planned_values`, so they are added from the mark tree's shape.
 */
export function overlayMarks(
  value: unknown,
  unknown: unknown,
  sensitive: unknown,
  sources: StandInSources = {},
  path: Path = [],
): unknown {
  if (unknown === true) return standIn("unknown", sources, path);
  // A sensitive leaf that is unset stays unset: there is nothing to hide.
  if (sensitive === true)
    return value === undefined || value === null ? value : standIn("sensitive", sources, path);
  if (Array.isArray(value) || Array.isArray(unknown)) {
    const values = Array.isArray(value) ? value : [];
    const unknowns = Array.isArray(unknown) ? unknown : [];
    const sensitives = Array.isArray(sensitive) ? sensitive : [];
    const length = Math.max(values.length, unknowns.length);
    return Array.from({ length }, (_, i) =>
      overlayMarks(values[i], unknowns[i], sensitives[i], sources, [...path, i]),
    );
  }
  if (isObject(value) || isObject(unknown)) {
    const values = isObject(value) ? value : {};
    const unknowns = isObject(unknown) ? unknown : {};
    const sensitives = isObject(sensitive) ? sensitive : {};
    const keys = [...new Set([...Object.keys(values), ...Object.keys(unknowns)])];
    const out: Json = {};
    for (const key of keys) {
      const inner = overlayMarks(values[key], unknowns[key], sensitives[key], sources, [...path, key]);
      // planned_values writes unknown and unset alike as null or absent: keep what is set.
      if (inner !== undefined && inner !== null) out[key] = inner;
    }
    return out;
  }
  return value;
}

/** The union of two sensitivity mark trees (`sensitive_values` and `after_sensitive` say the same, or one is missing). */
function unionMarks(a: unknown, b: unknown): unknown {
  if (a === true || b === true) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = Array.isArray(a) ? a : [];
    const y = Array.isArray(b) ? b : [];
    return Array.from({ length: Math.max(x.length, y.length) }, (_, i) => unionMarks(x[i], y[i]));
  }
  if (isObject(a) || isObject(b)) {
    const x = isObject(a) ? a : {};
    const y = isObject(b) ? b : {};
    return Object.fromEntries(
      [...new Set([...Object.keys(x), ...Object.keys(y)])].map((k) => [k, unionMarks(x[k], y[k])]),
    );
  }
  return undefined;
}

/**
 * The checker's name for a resource instance: `name` in the root module, `name[0]` / `name["k"]` for
 * instances, and the module path in front for child modules, so that `type.name` stays unique per stack.
 */
export function instanceName(resource: Pick<PlanResource, "name" | "index" | "moduleAddress">): string {
  const key =
    resource.index === undefined
      ? ""
      : typeof resource.index === "number"
        ? `[${resource.index}]`
        : `[${JSON.stringify(resource.index)}]`;
  return `${resource.moduleAddress ? `${resource.moduleAddress}.` : ""}${resource.name}${key}`;
}

/** Options of planToStackJson. */
export interface PlanToStackOptions {
  /** Where the plan came from, for messages. */
  readonly where: string;
  /**
   * Stack name recorded in the result (`//.metadata.stackName`).
   * @default the companion's stack name
   */
  readonly stackName?: string;
  /**
   * The `cdk.tf.json` the plan was made from: its policy settings, suppressions, construct paths, backend
   * and providers (which a plan does not contain) are carried over.
   * @default none: the strictest settings (pack baseline, production, role baseline) and no suppressions
   */
  readonly companion?: Json;
  /**
   * Judge the state before the change (`prior_state`) instead of `planned_values`.
   * @default false
   */
  readonly prior?: boolean;
}

/** Keys of a synthesized resource that a plan does not hold and the checker reads. */
const CARRIED_KEYS = ["//", "lifecycle", "depends_on", "provisioner"] as const;

/** Settings when no synthesized stack says otherwise: every control, production rules, project-wide checks. */
export const STRICTEST_SETTINGS = { pack: "baseline", production: true, role: "baseline" } as const;

function companionResources(companion: Json | undefined): Map<string, Json> {
  const out = new Map<string, Json>();
  const byType = isObject(companion?.resource) ? companion.resource : {};
  for (const [type, byName] of Object.entries(byType)) {
    if (!isObject(byName)) continue;
    for (const [name, attrs] of Object.entries(byName))
      if (isObject(attrs)) out.set(`${type}.${name}`, attrs);
  }
  return out;
}

/**
 * Refuses a plan that was not made from `companion`: the managed resources of the plan's root-module
 * configuration and of the synthesized stack must be the same, and every literal top-level attribute of a
 * synthesized resource must equal the plan configuration's constant (a stale plan.json beside a new synthesis
 * would otherwise be judged as if it were the change under review).
 */
export function assertPlanMatchesCompanion(plan: Json, companion: Json, where: string): void {
  const configured = new Map<string, Json>();
  const root = isObject(plan.configuration) ? plan.configuration.root_module : undefined;
  if (!isObject(root)) return; // A plan without configuration cannot be compared; its values still are judged.
  for (const r of Array.isArray(root.resources) ? root.resources : []) {
    if (isObject(r) && r.mode !== "data" && typeof r.type === "string")
      configured.set(`${r.type}.${r.name}`, isObject(r.expressions) ? r.expressions : {});
  }
  const synthesized = companionResources(companion);
  const onlyPlan = [...configured.keys()].filter((a) => !synthesized.has(a));
  const onlySynth = [...synthesized.keys()].filter((a) => !configured.has(a));
  const changed: string[] = [];
  for (const [address, attrs] of synthesized) {
    const expressions = configured.get(address);
    if (!expressions) continue;
    for (const [key, value] of Object.entries(attrs)) {
      const literal = ["string", "number", "boolean"].includes(typeof value) && !String(value).includes("${");
      const expression = expressions[key];
      if (!literal || !isExpressionNode(expression) || !("constant_value" in expression)) continue;
      if (String(expression.constant_value) !== String(value)) changed.push(`${address}.${key}`);
    }
  }
  if (onlyPlan.length || onlySynth.length || changed.length) {
    const sample = (list: string[]) => list.slice(0, 3).join(", ") + (list.length > 3 ? ", ..." : "");
    throw new PlanInputError(
      `${where}: was not made from the ${COMPANION_FILE} beside it (stale plan?): ` +
        [
          onlyPlan.length ? `only in the plan: ${sample(onlyPlan)}` : "",
          onlySynth.length ? `only in ${COMPANION_FILE}: ${sample(onlySynth)}` : "",
          changed.length ? `planned with another value: ${sample(changed)}` : "",
        ]
          .filter(Boolean)
          .join("; ") +
        "; run terraform plan and terraform show -json again after synthesizing",
    );
  }
}

/** The root `//` of the result: the companion's (settings, suppressions), or the strictest settings. */
function rootComment(options: PlanToStackOptions): Json {
  const companionComment = isObject(options.companion?.["//"])
    ? (options.companion["//"] as Json)
    : undefined;
  const metadata = isObject(companionComment?.metadata) ? companionComment.metadata : {};
  const stackName =
    options.stackName ?? (typeof metadata.stackName === "string" ? metadata.stackName : undefined);
  const comment: Json = {
    ...(companionComment ?? { [POLICY_KEY]: { ...STRICTEST_SETTINGS } }),
    metadata: { ...metadata, ...(stackName ? { stackName } : {}), source: "terraform plan" },
  };
  return comment;
}

/** Output values with their configuration's references (credential rules read them), sensitive ones masked. */
function outputsOf(plan: Json, values: Json | undefined): Json {
  const out: Json = {};
  const configured =
    isObject(plan.configuration) && isObject(plan.configuration.root_module)
      ? plan.configuration.root_module.outputs
      : undefined;
  for (const [name, output] of Object.entries(isObject(configured) ? configured : {})) {
    const expression = isObject(output) ? output.expression : undefined;
    const references = (
      isObject(expression) && Array.isArray(expression.references) ? expression.references : []
    ).map(String);
    // Terraform lists each reference and its prefixes (`a.b.password`, `a.b`): keep the most specific.
    const specific = references.filter(
      (r) => !references.some((other) => other.startsWith(`${r}.`) || other.startsWith(`${r}[`)),
    );
    if (specific.length > 0) out[name] = { value: specific.map((r) => `\${${r}}`).join(" ") };
  }
  const planned = isObject(values?.outputs) ? values.outputs : {};
  for (const [name, output] of Object.entries(planned)) {
    if (name in out || !isObject(output)) continue;
    out[name] = { value: output.sensitive === true ? SENSITIVE_VALUE : output.value };
  }
  return out;
}

/**
 * The stack JSON the checker judges for a plan: managed resources of `planned_values` (root and child
 * modules) with unknown and sensitive values replaced as described above, data sources under `data`,
 * outputs, and from the companion `cdk.tf.json` the root `//`, each resource's `//` (construct path,
 * suppressions), `terraform` (backend) and `provider` blocks.
 */
export function planToStackJson(plan: Json, options: PlanToStackOptions): Json {
  validatePlan(plan, options.where);
  if (!options.prior && !isObject(plan.planned_values))
    throw new PlanInputError(
      `${options.where}: planned_values is missing; expected terraform show -json output of a saved plan`,
    );
  if (options.companion && !options.prior) assertPlanMatchesCompanion(plan, options.companion, options.where);
  const values = options.prior
    ? isObject(plan.prior_state)
      ? (plan.prior_state.values as Json | undefined)
      : undefined
    : (plan.planned_values as Json | undefined);
  const changes = new Map(
    resourceChanges(plan, options.where)
      .filter((c) => !c.deposed)
      .map((c) => [c.address, c]),
  );
  if (!options.prior) {
    // Every managed resource the plan keeps must be judged: none may be missing from planned_values.
    const planned = new Set(valuesResources(values).map((r) => r.address));
    const missing = [...changes.values()].filter(
      (c) =>
        c.mode === "managed" &&
        !c.actions.includes("delete") &&
        !c.actions.includes("forget") &&
        !planned.has(c.address),
    );
    if (missing.length)
      throw new PlanInputError(
        `${options.where}: planned_values lacks ${missing.map((c) => c.address).join(", ")}, which resource_changes keeps (${missing[0].actions.join(", ")}); the plan is inconsistent`,
      );
  }
  const configuration = configurationIndex(plan);
  const synthesized = companionResources(options.companion);

  const resource: Record<string, Json> = {};
  const data: Record<string, Json> = {};
  for (const r of valuesResources(values)) {
    const change = changes.get(r.address);
    const key = `${r.type}.${r.name}`;
    // The synthesized resource (root module, any instance of it) the planned one comes from.
    const source = r.moduleAddress || r.mode === "data" ? undefined : synthesized.get(key);
    const sources: StandInSources = options.prior
      ? {}
      : {
          expressions: configuration.get(
            `${moduleKey(r.moduleAddress)}|${r.mode === "data" ? "data." : ""}${key}`,
          ),
          synthesized: source,
        };
    const sensitive = options.prior ? r.sensitive : unionMarks(r.sensitive, change?.afterSensitive);
    const attrs = overlayMarks(
      r.values,
      options.prior ? undefined : change?.afterUnknown,
      sensitive,
      sources,
    ) as Json;
    const name = instanceName(r);
    if (r.mode === "data") {
      (data[r.type] ??= {})[name] = attrs;
      continue;
    }
    // From the synthesized resource: the construct path and suppressions (`//`), `lifecycle`
    // (prevent_destroy), `depends_on` and provisioners: configuration that a plan does not hold.
    const carried = Object.fromEntries(
      CARRIED_KEYS.filter((key) => source && key in source).map((key) => [key, source?.[key]]),
    );
    (resource[r.type] ??= {})[name] = { ...attrs, ...carried };
  }

  const json: Json = { "//": rootComment(options), resource };
  if (Object.keys(data).length) json.data = data;
  const outputs = options.prior ? {} : outputsOf(plan, values);
  if (Object.keys(outputs).length) json.output = outputs;
  for (const key of ["terraform", "provider"]) {
    if (options.companion && key in options.companion) json[key] = options.companion[key];
  }
  return json;
}

/** Stacks of a plan file: the companion beside it, if any, and the stack name from the path. */
export interface PlanFileContext {
  readonly stackName: string;
  readonly companion?: Json;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new PlanInputError(
      `${shown(file)}: cannot read ${what}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PlanInputError(`${shown(file)}: ${what} is not valid JSON: ${(err as Error).message}`);
  }
}

function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}

/**
 * The stack a plan file belongs to: `--stack` when given, else the directory it sits in
 * (`cdktf.out/stacks/<stack>/plan.json`); the `cdk.tf.json` in that directory is its companion.
 */
export function planFileContext(file: string, stackName?: string): PlanFileContext {
  const companionFile = join(dirname(file), COMPANION_FILE);
  const companion = existsSync(companionFile) ? readJson(companionFile, COMPANION_FILE) : undefined;
  if (companion !== undefined && !isObject(companion))
    throw new PlanInputError(
      `${shown(companionFile)}: not a synthesized Terraform stack (expected a JSON object)`,
    );
  return { stackName: stackName ?? basename(dirname(file)), companion: companion as Json | undefined };
}

/** Reads a plan file and converts it for the checker (see planToStackJson). */
export function readPlanFile(file: string, options: { stackName?: string; prior?: boolean } = {}): Json {
  const plan = readJson(file, "the plan");
  if (!isPlanJson(plan))
    throw new PlanInputError(
      `${shown(file)}: not a Terraform plan (expected terraform show -json output with format_version and planned_values)`,
    );
  const context = planFileContext(file, options.stackName);
  return planToStackJson(plan, {
    where: shown(file),
    stackName: options.stackName ?? (context.companion ? undefined : context.stackName),
    companion: context.companion,
    prior: options.prior,
  });
}

/**
 * The plan files named by `paths`: files as given; in a directory, every `plan.json` under it (a stack
 * directory holding `cdk.tf.json` without `plan.json` is an error: that stack was not planned).
 */
export function findPlanFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const unplanned: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    const names = new Set(entries.map((e) => e.name));
    if (names.has(PLAN_FILE)) files.push(join(dir, PLAN_FILE));
    else if (names.has(COMPANION_FILE)) unplanned.push(dir);
    for (const entry of entries) {
      if (entry.isDirectory() && entry.name !== "node_modules" && entry.name !== ".terraform")
        walk(join(dir, entry.name));
    }
  };
  for (const path of paths) {
    if (!existsSync(path)) throw new PlanInputError(`${shown(path)}: no such file or directory`);
    if (!statSync(path).isDirectory()) {
      files.push(path);
      continue;
    }
    const before = files.length;
    walk(path);
    if (files.length === before && unplanned.length === 0)
      throw new PlanInputError(`${shown(path)}: no ${PLAN_FILE} found in this directory`);
  }
  if (unplanned.length)
    throw new PlanInputError(
      `no ${PLAN_FILE} beside ${COMPANION_FILE} in ${unplanned.map(shown).join(", ")}: plan every stack (terraform show -json <planfile> > ${PLAN_FILE}) or name the plan files`,
    );
  return files;
}

/**
 * The checker's file reader (policy/run.ts `checkFiles`) for `npm run check`: a synthesized stack as it is,
 * a Terraform plan converted by planToStackJson. `stack` (`--stack`) names a plan's stack and is refused for
 * anything else.
 */
export function stackOrPlanReader(stack?: string): (file: string) => Json {
  return (file) => {
    const json = readStackFile(file);
    if (!isPlanJson(json)) {
      if (stack)
        throw new PolicyInputError(
          `--stack ${stack}: ${file} is not a Terraform plan; --stack names a plan's stack`,
        );
      return json;
    }
    const context = planFileContext(file, stack);
    return planToStackJson(json, {
      where: file,
      stackName: stack ?? (context.companion ? undefined : context.stackName),
      companion: context.companion,
    });
  };
}
