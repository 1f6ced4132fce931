/**
 * Terraform expressions in synthesized JSON (`"${local.members}"`, `"${base64decode(\"...\")}"`): a small,
 * bounded evaluator for what can be known before apply, and the classification every control uses to
 * fail closed on what cannot. Pure: no cdktf, no file system.
 *
 * What evaluates: literals (strings, numbers, bools, null, lists, objects), `local.<name>`,
 * `var.<name>` (its default), `data.google_iam_policy.<name>.policy_data` (rendered from its bindings),
 * and the functions `jsonencode`, `jsondecode`, `base64decode`, `base64encode`, `concat`, `flatten`,
 * `tolist`, `toset`, `tostring`, `tonumber`, `tobool`, `lower`, `upper`, `join`, `element`. A reference to a
 * resource or data-source attribute (`google_service_account.ci.member`) stays a reference; anything
 * else (operators, conditionals, `for`, other functions, unknown names) stays an expression.
 */

export type Classified =
  | { readonly kind: "literal"; readonly value: unknown } // no ${...} anywhere inside
  | { readonly kind: "references"; readonly refs: readonly string[] } // only ${<type>.<name>.<attr>} / ${data.<type>.<name>.<attr>} references, nothing else (each string exactly one reference)
  | { readonly kind: "expression"; readonly text: string }; // anything else left after resolution

/** A `${...}` reference to a resource or data-source attribute: `type.name.attr`, `data.type.name.attr`, with `[n]` / `.attr` after. */
const REFERENCE =
  /^(?:data\.)?[a-z][a-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_-]*(?:\[\d+\])?\.[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\]|\.[A-Za-z_][A-Za-z0-9_-]*)*$/;
/** A whole resource or data source: `type.name`, `data.type.name`. */
const WHOLE_RESOURCE = /^(?:data\.)?[a-z][a-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_-]*$/;
/** Prefixes that are not resource types: `local.x`, `var.x`, `module.x`, `each.key`, `count.index`, `path.module`, `self.x`, `terraform.workspace`. */
const NOT_RESOURCE = /^(local|var|module|each|count|path|self|terraform)\./;

/** True when `inner` (the text between `${` and `}`) is a plain attribute reference. */
export function isReference(inner: string): boolean {
  const text = inner.trim();
  return REFERENCE.test(text) && !NOT_RESOURCE.test(text);
}

/** The `${...}` interpolations of a template string, or undefined when the braces do not balance. */
export function interpolations(text: string): { parts: (string | { expr: string })[] } | undefined {
  const parts: (string | { expr: string })[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i)) {
      literal += "${";
      i += 3;
      continue;
    }
    if (text.startsWith("${", i)) {
      const end = matchingBrace(text, i + 2);
      if (end < 0) return undefined;
      if (literal) parts.push(literal);
      literal = "";
      parts.push({ expr: text.slice(i + 2, end) });
      i = end + 1;
      continue;
    }
    literal += text[i];
    i++;
  }
  if (literal) parts.push(literal);
  return { parts };
}

/** Index of the `}` closing an interpolation that starts at `from`, skipping strings and nested braces. */
function matchingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    } else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** True when a string holds a template directive `%{...}` (not the escape `%%{`). */
export function hasDirective(text: string): boolean {
  return /(^|[^%])%\{/.test(text);
}

/** Classifies a (resolved) attribute value: literal, references only, or an expression nobody can verify statically. */
export function classify(value: unknown): Classified {
  const refs: string[] = [];
  let offending: string | undefined;
  const visit = (v: unknown, depth: number): void => {
    if (offending !== undefined) return;
    if (depth > 64) {
      offending = "(nested too deeply)";
      return;
    }
    if (typeof v === "string") {
      if (hasDirective(v)) {
        offending = v;
        return;
      }
      if (!v.includes("${")) return;
      const parsed = interpolations(v);
      if (!parsed) {
        offending = v;
        return;
      }
      // Only a string that is exactly one reference stands for a resource attribute: text around it
      // (`${google_compute_address.a.address}/0`, `x-${...}`) changes what it means.
      if (parsed.parts.every((p) => typeof p === "string")) return; // only escaped `$${`: literal text
      const [only] = parsed.parts;
      if (parsed.parts.length === 1 && typeof only !== "string" && isReference(only.expr)) {
        refs.push(only.expr.trim());
        return;
      }
      offending = v;
      return;
    }
    if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
    else if (v !== null && typeof v === "object")
      for (const [k, x] of Object.entries(v)) if (k !== "//") visit(x, depth + 1);
  };
  visit(value, 0);
  if (offending !== undefined) return { kind: "expression", text: offending };
  return refs.length ? { kind: "references", refs } : { kind: "literal", value };
}

/** Short text of a value for messages. */
function brief(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** The rule outcome for a value that cannot be verified statically. */
export function cannotVerify(what: string, value: unknown): `fail: ${string}` {
  const found = classify(value);
  const text = found.kind === "expression" ? found.text : value;
  return `fail: cannot verify ${what}: ${brief(text)} (the check cannot evaluate it; use a literal value or a reference to a resource attribute)`;
}

/** The unverifiable expression inside `value`, or undefined when it is literal or references only. */
export function unverifiable(value: unknown): string | undefined {
  const found = classify(value);
  return found.kind === "expression" ? found.text : undefined;
}

/**
 * Like `unverifiable`, but also accepting strings that are a known prefix or suffix around exactly one
 * reference, where the rule knows what the text means: `serviceAccount:${google_service_account.a.email}`
 * (an IAM member of a managed identity), `${google_compute_address.a.address}/32` (one address).
 */
export function unverifiableExcept(value: unknown, accepted: (text: string) => boolean): string | undefined {
  const strings: string[] = [];
  const collect = (v: unknown, depth: number): void => {
    if (depth > 64) return;
    if (typeof v === "string") strings.push(v);
    else if (Array.isArray(v)) v.forEach((x) => collect(x, depth + 1));
    else if (v !== null && typeof v === "object")
      for (const [k, x] of Object.entries(v)) if (k !== "//") collect(x, depth + 1);
  };
  collect(value, 0);
  return strings.find((text) => classify(text).kind === "expression" && !accepted(text));
}

/** An IAM member of a principal type around exactly one reference: `serviceAccount:${google_service_account.a.email}`. */
export function isTypedMemberReference(text: string): boolean {
  if (SERVICE_AGENT_FROM_PROJECT_NUMBER.test(text)) return true;
  const match = /^(serviceAccount|user|group|principal|principalSet):(\$\{[^{}]+\})$/.exec(text);
  return match !== null && classify(match[2]).kind === "references";
}

/**
 * A Google service agent's address built from the project number, as the provider documentation writes
 * them: `serviceAccount:service-${data.google_project.p.number}@<agent>.iam.gserviceaccount.com`. Google
 * manages these identities; none is public.
 */
export const SERVICE_AGENT_FROM_PROJECT_NUMBER =
  /^serviceAccount:service-\$\{(?:data\.)?google_project\.[A-Za-z0-9_-]+\.number\}@[a-z0-9-]+\.iam\.gserviceaccount\.com$/;

/**
 * A value supplied from outside at apply time: exactly `${var.<name>}` still unresolved after resolution
 * (the variable has no default, so its value comes from tfvars or TF_VAR_*, never from the repository).
 * The right way to pass a credential; never a way to prove a setting safe.
 */
export function isExternalInput(value: unknown): boolean {
  return typeof value === "string" && /^\$\{var\.[A-Za-z_][A-Za-z0-9_-]*\}$/.test(value);
}

/** One address written as a reference with a host prefix: `${google_compute_address.a.address}/32`. */
export function isHostReference(text: string): boolean {
  const match = /^(\$\{[^{}]+\})\/(32|128)$/.exec(text.trim());
  return match !== null && classify(match[1]).kind === "references";
}

// ---------------------------------------------------------------------------------------------------
// Evaluation

/** A reference to something known only at apply (a resource attribute): kept as `${text}`. */
export class Ref {
  constructor(readonly text: string) {}
}

/** Evaluation gave up: the value depends on something the check does not evaluate. */
export class Unknown {
  constructor(readonly text: string) {}
}

/** What an evaluated expression may be: JSON values with `Ref` inside, or `Unknown`. */
export type Value = unknown;

/** Where names resolve: `local.*`, `var.*` defaults, rendered `data.google_iam_policy.*` documents. */
export interface Scope {
  readonly local: (name: string) => Value;
  readonly variable: (name: string) => Value;
  readonly data: (type: string, name: string, attribute: string) => Value;
  /**
   * Resource attributes that echo configuration (`terraform_data.x.output` is its `input`,
   * `null_resource.x.triggers` its triggers): their value, or undefined for a real apply-time attribute.
   */
  readonly echo?: (type: string, name: string, attribute: string) => Value | undefined;
}

type Token =
  { t: "str"; v: string } | { t: "num"; v: number } | { t: "id"; v: string } | { t: "punct"; v: string };

const MAX_TOKENS = 20_000;

function tokenize(src: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    if (tokens.length > MAX_TOKENS) return undefined;
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let out = "";
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === "\\") {
          const n = src[i + 1];
          const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };
          if (n === "u") {
            out += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          out += map[n] ?? n;
          i += 2;
        } else if (src.startsWith("${", i)) {
          // A template inside a string literal: keep it as written, resolved later by the caller.
          const end = matchingBrace(src, i + 2);
          if (end < 0) return undefined;
          out += src.slice(i, end + 1);
          i = end + 1;
        } else {
          out += src[i++];
        }
      }
      if (src[i] !== '"') return undefined;
      i++;
      tokens.push({ t: "str", v: out });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i));
      tokens.push({ t: "num", v: Number(m![0]) });
      i += m![0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
      tokens.push({ t: "id", v: m![0] });
      i += m![0].length;
    } else if ("()[]{},.=:".includes(c)) {
      tokens.push({ t: "punct", v: c });
      i++;
    } else {
      // Operators, conditionals, heredocs: not evaluated.
      return undefined;
    }
  }
  return tokens;
}

class Fail extends Error {}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  jsonencode: ([v]) => jsonEncode(v),
  jsondecode: ([v]) => (typeof v === "string" ? JSON.parse(v) : unknownOf(v)),
  base64decode: ([v]) => (typeof v === "string" ? Buffer.from(v, "base64").toString("utf8") : unknownOf(v)),
  base64encode: ([v]) => (typeof v === "string" ? Buffer.from(v, "utf8").toString("base64") : unknownOf(v)),
  concat: (args) => (args.every(Array.isArray) ? (args as Value[][]).flat() : unknownOf(args)),
  flatten: ([v]) => (Array.isArray(v) ? flattenDeep(v) : unknownOf(v)),
  tolist: ([v]) => (Array.isArray(v) ? v : unknownOf(v)),
  toset: ([v]) => (Array.isArray(v) ? dedupe(v) : unknownOf(v)),
  tostring: ([v]) =>
    typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : unknownOf(v),
  tonumber: ([v]) =>
    typeof v === "number"
      ? v
      : typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))
        ? Number(v)
        : unknownOf(v),
  tobool: ([v]) => (typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : unknownOf(v)),
  lower: ([v]) => (typeof v === "string" ? v.toLowerCase() : unknownOf(v)),
  upper: ([v]) => (typeof v === "string" ? v.toUpperCase() : unknownOf(v)),
  element: ([list, index]) =>
    Array.isArray(list) && list.length && typeof index === "number" && Number.isInteger(index) && index >= 0
      ? list[index % list.length]
      : unknownOf(list),
  join: ([sep, list]) =>
    typeof sep === "string" && Array.isArray(list) && list.every((x) => typeof x === "string")
      ? list.join(sep)
      : unknownOf(list),
};

function unknownOf(v: Value): Unknown {
  return v instanceof Unknown ? v : new Unknown("(not evaluable)");
}

function flattenDeep(list: Value[]): Value[] {
  return list.flatMap((x) => (Array.isArray(x) ? flattenDeep(x) : [x]));
}

function dedupe(list: Value[]): Value[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    const key = JSON.stringify(x instanceof Ref ? `\${${x.text}}` : x);
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

/** Terraform's `jsonencode`: keys sorted; unknown when a reference or unknown is inside. */
function jsonEncode(v: Value): Value {
  if (containsOpaque(v)) return new Unknown("jsonencode of a value known only at apply");
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v: Value): Value {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, Value>)[k])]),
    );
  return v;
}

/** True when a value holds a Ref or Unknown at any depth. */
export function containsOpaque(v: Value, depth = 0): boolean {
  if (v instanceof Ref || v instanceof Unknown) return true;
  if (depth > 64) return true;
  if (Array.isArray(v)) return v.some((x) => containsOpaque(x, depth + 1));
  if (v !== null && typeof v === "object") return Object.values(v).some((x) => containsOpaque(x, depth + 1));
  return false;
}

/** True when a value holds an Unknown at any depth. */
export function containsUnknown(v: Value, depth = 0): boolean {
  if (v instanceof Unknown) return true;
  if (depth > 64) return true;
  if (Array.isArray(v)) return v.some((x) => containsUnknown(x, depth + 1));
  if (v !== null && typeof v === "object" && !(v instanceof Ref))
    return Object.values(v).some((x) => containsUnknown(x, depth + 1));
  return false;
}

/** A recursive-descent evaluator over one expression's tokens (a class: no closures per evaluation). */
class Evaluator {
  private pos = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly src: string,
    private readonly scope: Scope,
    private readonly depth: number,
  ) {}

  run(): Value {
    try {
      const value = this.primary();
      return this.pos === this.tokens.length ? value : new Unknown(this.src);
    } catch {
      return new Unknown(this.src);
    }
  }

  private isPunct(v: string): boolean {
    const tok = this.tokens[this.pos];
    return tok !== undefined && tok.t === "punct" && tok.v === v;
  }

  private expect(v: string): void {
    if (!this.isPunct(v)) throw new Fail();
    this.pos++;
  }

  private stringValue(text: string): Value {
    return text.includes("${") ? evaluateTemplate(text, this.scope, this.depth + 1) : text;
  }

  /** Items up to `close`, separated by commas. */
  private items(close: string): Value[] {
    const items: Value[] = [];
    while (!this.isPunct(close)) {
      items.push(this.primary());
      if (this.isPunct(",")) this.pos++;
      else if (!this.isPunct(close)) throw new Fail();
    }
    this.pos++;
    return items;
  }

  private primary(): Value {
    const tok = this.tokens[this.pos];
    if (!tok) throw new Fail();
    this.pos++;
    if (tok.t === "str") return this.stringValue(tok.v);
    if (tok.t === "num") return tok.v;
    if (tok.t === "punct" && tok.v === "[") return this.items("]");
    if (tok.t === "punct" && tok.v === "{") return this.object();
    if (tok.t !== "id") throw new Fail();
    if (tok.v === "true") return true;
    if (tok.v === "false") return false;
    if (tok.v === "null") return null;
    if (this.isPunct("(")) {
      this.pos++;
      const args = this.items(")");
      const fn = FUNCTIONS[tok.v];
      if (!fn || args.some((a) => a instanceof Unknown)) return new Unknown(this.src);
      try {
        return fn(args);
      } catch {
        return new Unknown(this.src);
      }
    }
    return this.traversal(tok.v);
  }

  private object(): Value {
    const obj: Record<string, Value> = {};
    while (!this.isPunct("}")) {
      const key = this.tokens[this.pos];
      if (!key || (key.t !== "str" && key.t !== "id")) throw new Fail();
      this.pos++;
      if (this.isPunct("=") || this.isPunct(":")) this.pos++;
      else throw new Fail();
      const value = this.primary();
      const name = key.t === "str" ? this.stringValue(key.v) : key.v;
      if (typeof name !== "string") throw new Fail();
      obj[name] = value;
      if (this.isPunct(",")) this.pos++;
    }
    this.pos++;
    return obj;
  }

  /** `root.a.b[0]`: locals, variables and the data sources the scope renders; other roots are references. */
  private traversal(root: string): Value {
    const steps: (string | number)[] = [];
    for (;;) {
      if (this.isPunct(".")) {
        this.pos++;
        const next = this.tokens[this.pos];
        if (!next || (next.t !== "id" && next.t !== "num")) throw new Fail();
        this.pos++;
        steps.push(next.v);
      } else if (this.isPunct("[")) {
        this.pos++;
        const index = this.tokens[this.pos];
        if (!index || (index.t !== "num" && index.t !== "str")) throw new Fail();
        this.pos++;
        this.expect("]");
        steps.push(index.v);
      } else break;
    }
    let text = root;
    for (const s of steps) text += typeof s === "number" ? `[${s}]` : `.${s}`;
    let base: Value;
    let rest: (string | number)[];
    if (root === "local" && typeof steps[0] === "string") {
      base = this.scope.local(steps[0]);
      rest = steps.slice(1);
    } else if (root === "var" && typeof steps[0] === "string") {
      base = this.scope.variable(steps[0]);
      rest = steps.slice(1);
    } else if (root === "data" && steps.length >= 3) {
      base = this.scope.data(String(steps[0]), String(steps[1]), String(steps[2]));
      rest = steps.slice(3);
      if (base instanceof Unknown && isReference(text)) return new Ref(text);
    } else if (
      steps.length >= 2 &&
      this.scope.echo?.(root, String(steps[0]), String(steps[1])) !== undefined
    ) {
      // A literal passed through a resource (terraform_data input → output) is still that literal.
      base = this.scope.echo!(root, String(steps[0]), String(steps[1]));
      rest = steps.slice(2);
    } else {
      // `type.name` alone is a whole resource (an object with every attribute): kept as a reference text.
      return isReference(text) || (WHOLE_RESOURCE.test(text) && !NOT_RESOURCE.test(text))
        ? new Ref(text)
        : new Unknown(text);
    }
    for (const step of rest) {
      if (base instanceof Ref || base instanceof Unknown) return base;
      if (base === null || typeof base !== "object") return new Unknown(text);
      base = (base as Record<string | number, Value>)[step];
      if (base === undefined) return new Unknown(text);
    }
    return base;
  }
}

/** Parses and evaluates the expression between `${` and `}`. Never throws: gives Unknown instead. */
export function evaluateExpression(src: string, scope: Scope, depth = 0): Value {
  if (depth > 16) return new Unknown(src);
  const tokens = tokenize(src);
  if (!tokens) return new Unknown(src);
  return new Evaluator(tokens, src, scope, depth).run();
}

/** Evaluates a string that may hold interpolations: a single `${x}` yields x's value; a template yields a string. */
export function evaluateTemplate(text: string, scope: Scope, depth = 0): Value {
  // A template directive (`%{if ...}`, `%{for ...}`) makes the string itself conditional: not evaluated.
  if (hasDirective(text)) return new Unknown(text);
  if (!text.includes("${")) return text;
  const parsed = interpolations(text);
  if (!parsed) return new Unknown(text);
  if (parsed.parts.length === 1 && typeof parsed.parts[0] !== "string") {
    return evaluateExpression(parsed.parts[0].expr, scope, depth);
  }
  let out = "";
  for (const part of parsed.parts) {
    if (typeof part === "string") {
      // An escaped `$${` would read as an interpolation once rendered: keep the original text.
      if (part.includes("${")) return new Unknown(text);
      out += part;
      continue;
    }
    const value = evaluateExpression(part.expr, scope, depth);
    if (value instanceof Unknown) return new Unknown(text);
    if (value instanceof Ref) {
      out += `\${${value.text}}`;
    } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      out += String(value);
    } else {
      return new Unknown(text);
    }
  }
  // A template with references stays a template (classified as references); otherwise a plain string.
  return out;
}

/** A value back in JSON form: references as `${...}`, unknowns as the original text. */
export function toJson(value: Value, original: unknown): unknown {
  if (value instanceof Unknown) return original;
  if (containsUnknown(value)) return original;
  const render = (v: Value): unknown => {
    if (v instanceof Ref) return `\${${v.text}}`;
    if (Array.isArray(v)) return v.map(render);
    if (v !== null && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, render(x)]));
    return v;
  };
  return render(value);
}
