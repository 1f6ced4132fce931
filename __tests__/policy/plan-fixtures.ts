/**
 * Terraform plan fixtures in the documented `terraform show -json` format (format_version 1.2): built from a
 * synthesized stack as Terraform would plan it on an empty state. References to a literal attribute of
 * another resource resolve to that literal (Terraform knows it at plan time); every other reference
 * (`.id`, `.email`, ...) is unknown until apply: absent from `planned_values`, `true` in `after_unknown`,
 * and a `references` expression in `configuration`.
 */
import type { StackJson } from "./fixtures";

type Json = Record<string, unknown>;

/** Configuration meta-arguments that a plan's values never hold. */
const META = new Set(["//", "lifecycle", "depends_on", "provisioner", "provider", "count", "for_each"]);

const ANY_REFERENCE = /\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\.([a-z0-9_.]+))?\}/g;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The references Terraform lists for an expression: most specific first, then the resource. */
function referencesOf(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(ANY_REFERENCE)) {
    if (match[2]) out.push(`${match[1]}.${match[2]}`);
    out.push(match[1]);
  }
  return [...new Set(out)];
}

interface Converted {
  value: unknown;
  unknown: unknown;
  expression: unknown;
}

/** One attribute value as Terraform plans it: resolved when it can be, else unknown. */
function convert(value: unknown, literal: (address: string, attribute: string) => unknown): Converted {
  if (Array.isArray(value)) {
    const items = value.map((v) => convert(v, literal));
    const anyUnknown = items.some((i) => i.unknown !== false);
    return {
      value: items.map((i) => i.value ?? null),
      unknown: anyUnknown ? items.map((i) => i.unknown) : false,
      expression: value.every(isObject) ? items.map((i) => i.expression) : { constant_value: value },
    };
  }
  if (isObject(value)) {
    const out: Json = {};
    const unknown: Json = {};
    const expression: Json = {};
    for (const [key, inner] of Object.entries(value)) {
      const c = convert(inner, literal);
      if (c.value !== undefined) out[key] = c.value;
      if (c.unknown !== false) unknown[key] = c.unknown;
      expression[key] = c.expression;
    }
    return { value: out, unknown: Object.keys(unknown).length ? unknown : false, expression };
  }
  if (typeof value === "string" && value.includes("${")) {
    const references = referencesOf(value);
    let known = true;
    const resolved = value.replace(ANY_REFERENCE, (whole, address: string, attribute?: string) => {
      const literalValue = attribute ? literal(address, attribute) : undefined;
      if (typeof literalValue !== "string") known = false;
      return typeof literalValue === "string" ? literalValue : whole;
    });
    if (known) return { value: resolved, unknown: false, expression: { references } };
    return { value: undefined, unknown: true, expression: { references } };
  }
  return { value, unknown: false, expression: { constant_value: value } };
}

export interface PlanOptions {
  /** Values per address that are sensitive (leaf mark trees, as in `after_sensitive`). */
  readonly sensitive?: Readonly<Record<string, Json>>;
}

/** A plan that creates every resource of `stack` (empty prior state). */
export function planFromStack(stack: StackJson, options: PlanOptions = {}): Json {
  const literal = (address: string, attribute: string): unknown => {
    const [type, name] = address.split(".");
    const attrs = stack.resource[type]?.[name];
    const value = attrs?.[attribute];
    return typeof value === "string" && !value.includes("${") ? value : undefined;
  };
  const planned: Json[] = [];
  const changes: Json[] = [];
  const configured: Json[] = [];
  for (const [type, byName] of Object.entries(stack.resource)) {
    for (const [name, attrs] of Object.entries(byName)) {
      const address = `${type}.${name}`;
      const config = Object.fromEntries(Object.entries(attrs).filter(([key]) => !META.has(key)));
      const c = convert(config, literal);
      const sensitive = options.sensitive?.[address] ?? {};
      const base = {
        address,
        mode: "managed",
        type,
        name,
        provider_name: "registry.terraform.io/hashicorp/google",
      };
      planned.push({ ...base, schema_version: 0, values: c.value, sensitive_values: sensitive });
      changes.push({
        ...base,
        change: {
          actions: ["create"],
          before: null,
          after: c.value,
          after_unknown: c.unknown === false ? {} : c.unknown,
          before_sensitive: false,
          after_sensitive: sensitive,
        },
      });
      configured.push({
        address,
        mode: "managed",
        type,
        name,
        provider_config_key: type.split("_")[0],
        expressions: c.expression,
        schema_version: 0,
      });
    }
  }
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    planned_values: { root_module: { resources: planned } },
    resource_changes: changes,
    prior_state: { format_version: "1.0", terraform_version: "1.11.4", values: { root_module: {} } },
    configuration: { provider_config: {}, root_module: { resources: configured } },
    timestamp: "2026-06-01T00:00:00Z",
    applyable: true,
    complete: true,
    errored: false,
  };
}

/** The planned resource and change entries of `address` in a plan built by planFromStack. */
export function planEntries(plan: Json, address: string): { planned: Json; change: Json } {
  const planned = ((plan.planned_values as Json).root_module as { resources: Json[] }).resources.find(
    (r) => r.address === address,
  );
  const change = (plan.resource_changes as Json[]).find((r) => r.address === address);
  if (!planned || !change) throw new Error(`no ${address} in the plan`);
  return { planned, change: change.change as Json };
}
