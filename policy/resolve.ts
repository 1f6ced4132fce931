/**
 * Resolution before rules run: `${local.x}`, `${var.x}` (its default), `${data.google_iam_policy.x.policy_data}`
 * and a few pure functions over literals are replaced by their values, so rules judge what Terraform
 * will apply. What stays an expression is left as written; controls classify it (`classify`) and fail
 * closed on anything that is neither a literal nor a reference to a resource attribute.
 */
import { Ref, Unknown, evaluateTemplate, toJson, type Scope, type Value } from "./expressions";
import { labelledBlocks, mergedEntries } from "./terraform-json";

type Json = Record<string, unknown>;

const MAX_RESOLVE_DEPTH = 64;

/** Resolves every string of a JSON value in `scope` (keys and `//` comments untouched). */
export function resolveValue(value: unknown, scope: Scope, depth = 0): unknown {
  if (depth > MAX_RESOLVE_DEPTH) return value;
  if (typeof value === "string") {
    if (!value.includes("${")) return value;
    return toJson(evaluateTemplate(value, scope), value);
  }
  // Structural sharing: a list or object is copied only when something inside it resolved.
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = resolveValue(value[i], scope, depth + 1);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  if (value !== null && typeof value === "object") {
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      if (key === "//") continue;
      const original = (value as Record<string, unknown>)[key];
      const v = resolveValue(original, scope, depth + 1);
      if (v !== original) (out ??= { ...(value as Record<string, unknown>) })[key] = v;
    }
    return out ?? value;
  }
  return value;
}

/** Evaluates a JSON value to an evaluator value (Ref/Unknown kept), for locals and data-source inputs. */
function evaluateJson(value: unknown, scope: Scope, depth = 0): Value {
  if (depth > MAX_RESOLVE_DEPTH) return new Unknown("(nested too deeply)");
  if (typeof value === "string") return value.includes("${") ? evaluateTemplate(value, scope) : value;
  if (Array.isArray(value)) return value.map((v) => evaluateJson(v, scope, depth + 1));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "//")
        .map(([k, v]) => [k, evaluateJson(v, scope, depth + 1)]),
    );
  }
  return value;
}

function renderRefs(v: Value): unknown {
  if (v instanceof Ref) return `\${${v.text}}`;
  if (Array.isArray(v)) return v.map(renderRefs);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renderRefs(x)]));
  }
  return v;
}

function hasUnknown(v: Value, depth = 0): boolean {
  if (v instanceof Unknown || depth > MAX_RESOLVE_DEPTH) return true;
  if (v instanceof Ref) return false;
  if (Array.isArray(v)) return v.some((x) => hasUnknown(x, depth + 1));
  if (v !== null && typeof v === "object") return Object.values(v).some((x) => hasUnknown(x, depth + 1));
  return false;
}

function blocksOf(value: Value): Record<string, Value>[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter(
    (x): x is Record<string, Value> =>
      x !== null &&
      typeof x === "object" &&
      !Array.isArray(x) &&
      !(x instanceof Ref) &&
      !(x instanceof Unknown),
  );
}

/**
 * The document `data.google_iam_policy` renders, as the provider does (bindings with role, members and
 * condition; audit configs). References inside stay as `${...}` text, so members like
 * `${google_service_account.ci.member}` remain visible references; anything unknown makes it unknown.
 */
export function renderIamPolicy(body: Json, scope: Scope): Value {
  const evaluated = evaluateJson(body, scope);
  if (hasUnknown(evaluated))
    return new Unknown("data.google_iam_policy with values the check cannot evaluate");
  const e = evaluated as Record<string, Value>;
  const bindings = blocksOf(e.binding).map((b) => {
    const members = Array.isArray(b.members) ? b.members : b.members === undefined ? [] : [b.members];
    const out: Record<string, unknown> = {
      members: [...new Set(members.map((m) => String(renderRefs(m))))].sort(),
      role: renderRefs(b.role),
    };
    const condition = blocksOf(b.condition)[0];
    if (condition) out.condition = renderRefs(condition);
    return out;
  });
  const auditConfigs = blocksOf(e.audit_config).map((a) => ({
    auditLogConfigs: blocksOf(a.audit_log_configs).map((c) => ({
      exemptedMembers: renderRefs(c.exempted_members ?? []),
      logType: renderRefs(c.log_type),
    })),
    service: renderRefs(a.service),
  }));
  const document: Record<string, unknown> = {};
  if (auditConfigs.length) document.auditConfigs = auditConfigs;
  if (bindings.length) document.bindings = bindings;
  return JSON.stringify(document);
}

/** The names a stack's expressions resolve against: locals, variable defaults and `data.google_iam_policy` documents. */
export function scopeOf(json: Json): Scope {
  const locals = new Map(mergedEntries(json.locals));
  const variables = new Map(
    mergedEntries(json.variable).map(([name, body]) => {
      const decl = Array.isArray(body) ? body[0] : body;
      return [name, decl !== null && typeof decl === "object" ? (decl as Json) : {}] as const;
    }),
  );
  const dataBodies = new Map(
    labelledBlocks(json.data).map(([type, name, body]) => [`${type}.${name}`, body] as const),
  );
  const policies = new Map(
    labelledBlocks(json.data)
      .filter(([type]) => type === "google_iam_policy")
      .map(([, name, body]) => [name, body] as const),
  );
  const echoes = new Map<string, Json>(
    labelledBlocks(json.resource)
      .filter(([type]) => type === "terraform_data" || type === "null_resource")
      .map(([type, name, body]) => [`${type}.${name}`, body] as const),
  );
  const cache = new Map<string, Value>();
  const inProgress = new Set<string>();
  const memo = (key: string, compute: () => Value): Value => {
    if (cache.has(key)) return cache.get(key);
    // A cycle (local.a = local.b, local.b = local.a) is invalid in Terraform: unknown here.
    if (inProgress.has(key)) return new Unknown(key);
    inProgress.add(key);
    const value = compute();
    inProgress.delete(key);
    cache.set(key, value);
    return value;
  };
  const scope: Scope = {
    local: (name) =>
      memo(`local.${name}`, () =>
        locals.has(name) ? evaluateJson(locals.get(name), scope) : new Unknown(`local.${name}`),
      ),
    variable: (name) =>
      memo(`var.${name}`, () => {
        const decl = variables.get(name);
        // No default: the value comes from outside (tfvars, TF_VAR_*) and cannot be checked.
        if (!decl || !("default" in decl)) return new Unknown(`var.${name}`);
        return evaluateJson(decl.default, scope);
      }),
    echo: (type, name, attribute) => {
      const body = echoes.get(`${type}.${name}`);
      if (!body) return undefined;
      if (type === "terraform_data" && (attribute === "output" || attribute === "input"))
        return "input" in body
          ? memo(`${type}.${name}.input`, () => evaluateJson(body.input, scope))
          : undefined;
      if (type === "null_resource" && attribute === "triggers")
        return "triggers" in body
          ? memo(`${type}.${name}.triggers`, () => evaluateJson(body.triggers, scope))
          : undefined;
      return undefined;
    },
    data: (type, name, attribute) => {
      if (type === "google_iam_policy" && attribute === "policy_data" && policies.has(name)) {
        return memo(`data.${type}.${name}`, () => renderIamPolicy(policies.get(name) as Json, scope));
      }
      // A data source's arguments are also its attributes: `data.google_project.p.project_id` is what was
      // written there (a literal passed through a data source stays that literal).
      const body = dataBodies.get(`${type}.${name}`);
      if (body && attribute !== "//" && attribute in body && type !== "terraform_remote_state") {
        return memo(`data.${type}.${name}.${attribute}`, () => evaluateJson(body[attribute], scope));
      }
      return new Unknown(`data.${type}.${name}.${attribute}`);
    },
  };
  return scope;
}
