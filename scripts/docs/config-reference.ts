/**
 * The environment reference (`config/README.md`), generated from the zod schema: every field with its
 * type, default and allowed values read from the schema objects, and its meaning from the JSDoc comment
 * above the field in `config/schema/*.ts`. The schema stays the one source; `npm test` checks the drift.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { z } from "zod";

export const SCHEMA_DIR = join(__dirname, "..", "..", "config", "schema");

/** One row of the reference. */
export interface FieldRow {
  /** Dotted path; `[]` marks the elements of a list (`redis.databases[].purpose`). */
  readonly path: string;
  readonly type: string;
  /** `required`, or the default as YAML would spell it, or `none` for an optional field without one. */
  readonly default: string;
  readonly allowed: string;
  readonly description: string;
}

/** JSDoc text of each field, by exported schema name and the field's path inside that schema. */
export type SchemaDocs = Map<string, Map<string, string>>;

function jsdocOf(node: ts.Node): string {
  return ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? "")
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The object literal of the first `z.object({...})` call under `node`, if any. */
function objectLiteralUnder(node: ts.Node): ts.ObjectLiteralExpression | undefined {
  let found: ts.ObjectLiteralExpression | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === "object" &&
      n.arguments[0] &&
      ts.isObjectLiteralExpression(n.arguments[0])
    ) {
      found = n.arguments[0];
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

function collectFields(literal: ts.ObjectLiteralExpression, prefix: string, into: Map<string, string>): void {
  for (const prop of literal.properties) {
    if (!ts.isPropertyAssignment(prop) || !(ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)))
      continue;
    const path = `${prefix}${prop.name.text}`;
    const doc = jsdocOf(prop);
    if (doc) into.set(path, doc);
    const nested = objectLiteralUnder(prop.initializer);
    if (nested) collectFields(nested, `${path}.`, into);
  }
}

/** Reads the JSDoc of every field of every exported `...Schema` in `dir`. */
export function readSchemaDocs(dir = SCHEMA_DIR): SchemaDocs {
  const docs: SchemaDocs = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const source = ts.createSourceFile(
      file,
      readFileSync(join(dir, file), "utf8"),
      ts.ScriptTarget.ES2022,
      true,
    );
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
        const literal = objectLiteralUnder(decl.initializer);
        const fields = new Map<string, string>();
        if (literal) collectFields(literal, "", fields);
        const own = jsdocOf(statement);
        if (own) fields.set("", own);
        docs.set(decl.name.text, fields);
      }
    }
  }
  return docs;
}

/** Every exported zod schema of the schema modules, by identity, with its export name. */
export function exportedSchemas(modules: readonly Record<string, unknown>[]): Map<unknown, string> {
  const names = new Map<unknown, string>();
  for (const module of modules) {
    for (const [name, value] of Object.entries(module)) {
      if (value instanceof z.ZodType && !names.has(value)) names.set(value, name);
    }
  }
  return names;
}

interface Unwrapped {
  readonly inner: z.ZodTypeAny;
  readonly optional: boolean;
  readonly defaultValue?: unknown;
  readonly hasDefault: boolean;
  /** Export names met while unwrapping (the outermost first). */
  readonly names: string[];
}

function unwrap(schema: z.ZodTypeAny, names: Map<unknown, string>): Unwrapped {
  let inner = schema;
  let optional = false;
  let hasDefault = false;
  let defaultValue: unknown;
  const met: string[] = [];
  for (;;) {
    const name = names.get(inner);
    if (name) met.push(name);
    if (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) {
      optional = true;
      inner = inner.unwrap();
    } else if (inner instanceof z.ZodDefault) {
      hasDefault = true;
      defaultValue = inner._def.defaultValue();
      inner = inner._def.innerType;
    } else if (inner instanceof z.ZodEffects) {
      inner = inner.innerType();
    } else if (inner instanceof z.ZodBranded) {
      inner = inner.unwrap();
    } else {
      return { inner, optional, hasDefault, defaultValue, names: met };
    }
  }
}

function checkMessages(schema: z.ZodTypeAny): string[] {
  const checks = (schema._def as { checks?: { kind: string; message?: string }[] }).checks ?? [];
  return checks.map((c) => c.message).filter((m): m is string => Boolean(m));
}

function describeNumber(schema: z.ZodNumber): { type: string; allowed: string } {
  const int = schema.isInt;
  const min = schema.minValue;
  const max = schema.maxValue;
  const range =
    min !== null && max !== null
      ? `${min}-${max}`
      : min !== null
        ? `≥ ${min}`
        : max !== null
          ? `≤ ${max}`
          : "";
  return { type: int ? "integer" : "number", allowed: range };
}

function describeLeaf(schema: z.ZodTypeAny, names: Map<unknown, string>): { type: string; allowed: string } {
  if (schema instanceof z.ZodString) {
    const messages = checkMessages(schema);
    return { type: "string", allowed: messages.join("; ") };
  }
  if (schema instanceof z.ZodNumber) return describeNumber(schema);
  if (schema instanceof z.ZodBoolean) return { type: "boolean", allowed: "`true`, `false`" };
  if (schema instanceof z.ZodEnum) {
    const options = schema.options as string[];
    return {
      type: "enum",
      allowed:
        options.length > 12
          ? `one of ${options.length} values (${options.slice(0, 3).join(", ")}, ...)`
          : options.map((o) => `\`${o}\``).join(", "),
    };
  }
  if (schema instanceof z.ZodLiteral) return { type: "literal", allowed: `\`${String(schema.value)}\`` };
  if (schema instanceof z.ZodRecord) {
    const value = describeLeaf(unwrap(schema.valueSchema, names).inner, names);
    return { type: `map of ${value.type}`, allowed: value.allowed };
  }
  if (schema instanceof z.ZodArray) {
    const element = unwrap(schema.element, names);
    const described = describeLeaf(element.inner, names);
    const limits = [
      schema._def.minLength && `at least ${schema._def.minLength.value}`,
      schema._def.maxLength && `at most ${schema._def.maxLength.value}`,
    ].filter(Boolean);
    return {
      type: `list of ${described.type}`,
      allowed: [limits.length ? `${limits.join(", ")} items` : "", described.allowed]
        .filter(Boolean)
        .join("; "),
    };
  }
  if (schema instanceof z.ZodUnion) {
    const options = (schema.options as z.ZodTypeAny[]).map((o) =>
      describeLeaf(unwrap(o, names).inner, names),
    );
    return {
      type: options.map((o) => o.type).join(" or "),
      allowed: options
        .map((o) => o.allowed)
        .filter(Boolean)
        .join("; or "),
    };
  }
  return { type: schema.constructor.name.replace(/^Zod/, "").toLowerCase(), allowed: "" };
}

function showDefault(u: Unwrapped): string {
  if (u.hasDefault) {
    const v = u.defaultValue;
    if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0)
      return "(its fields' defaults)";
    return `\`${JSON.stringify(v)}\``;
  }
  return u.optional ? "none" : "required";
}

/** Every field of `schema`, depth first, in declaration order. */
export function fieldRows(schema: z.ZodTypeAny, docs: SchemaDocs, names: Map<unknown, string>): FieldRow[] {
  const rows: FieldRow[] = [];
  const describe = (owner: string, rel: string): string => docs.get(owner)?.get(rel) ?? "";
  const visit = (node: z.ZodTypeAny, path: string, owner: string, rel: string): void => {
    const u = unwrap(node, names);
    // A named schema starts a new owner: its own fields' docs live in its declaration.
    const named = u.names.at(-1);
    const ownerHere = named && path ? named : owner;
    const relHere = named && path ? "" : rel;
    const description = describe(owner, rel) || (named ? describe(named, "") : "");
    if (u.inner instanceof z.ZodObject) {
      if (path && u.optional && !u.hasDefault) {
        rows.push({ path, type: "object", default: "none", allowed: "", description });
      }
      for (const [key, child] of Object.entries(u.inner.shape as Record<string, z.ZodTypeAny>)) {
        visit(child, path ? `${path}.${key}` : key, ownerHere, relHere ? `${relHere}.${key}` : key);
      }
      return;
    }
    if (u.inner instanceof z.ZodArray) {
      const element = unwrap(u.inner.element, names);
      if (element.inner instanceof z.ZodObject) {
        const { allowed } = describeLeaf(u.inner, names);
        rows.push({
          path,
          type: "list of objects",
          default: showDefault(u),
          allowed: allowed.replace(/; object$/, ""),
          description,
        });
        visit(u.inner.element, `${path}[]`, ownerHere, relHere);
        return;
      }
    }
    const { type, allowed } = describeLeaf(u.inner, names);
    rows.push({ path, type, default: showDefault(u), allowed, description });
  };
  visit(schema, "", names.get(schema) ?? "", "");
  return rows;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The Markdown table of `rows`. */
export function renderRows(rows: readonly FieldRow[]): string {
  const lines = ["| field | type | default | allowed | meaning |", "| --- | --- | --- | --- | --- |"];
  for (const r of rows) {
    lines.push(
      `| \`${r.path}\` | ${cell(r.type)} | ${cell(r.default)} | ${cell(r.allowed)} | ${cell(r.description)} |`,
    );
  }
  return lines.join("\n");
}
