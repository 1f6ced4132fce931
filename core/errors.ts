import { z, type ZodIssue, type ZodTypeAny } from "zod";

/** A user's configuration mistake: printed as-is, without a stack trace. */
export class ConfigError extends Error {
  constructor(
    /** One line per problem, each naming the file, the field path, the bad value and what is allowed. */
    readonly problems: readonly string[],
  ) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

/** A construct was given a prop it cannot accept; thrown before anything is synthesized. */
export class InvalidPropError extends Error {
  constructor(construct: string, field: string, value: unknown, allowed: string) {
    super(`${construct}: ${field}: got ${JSON.stringify(value)}; ${allowed}`);
    this.name = "InvalidPropError";
  }
}

/** Renders a value for an error message: short, and never multi-line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Renders a field path as `a.b[0].c`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${key}` : key),
    "",
  );
}

/** One line per zod issue: `file: field: got VALUE; what is allowed`. */
export function formatIssue(file: string, schema: ZodTypeAny, input: unknown, issue: ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    const where = issue.path.length ? `${formatPath(issue.path)}.` : "";
    const allowed = allowedKeysAt(schema, issue.path);
    return `${file}: ${issue.keys.map((k) => where + k).join(", ")}: unknown field; allowed fields: ${allowed.join(", ")}`;
  }
  const field = formatPath(issue.path) || "(top level)";
  // A custom issue may name the offending value itself (e.g. a bad map key rather than its value).
  const value =
    issue.code === "custom" && issue.params && "value" in issue.params
      ? issue.params.value
      : valueAt(input, issue.path);
  let allowed = issue.message;
  if (issue.code === "invalid_type") {
    allowed =
      issue.received === "undefined"
        ? `required field is missing; expected ${issue.expected}`
        : `expected ${issue.expected}, got ${issue.received}`;
  }
  return `${file}: ${field}: got ${describeValue(value)}; ${allowed}`;
}

/** The field names an object schema accepts at `path` (unwrapping defaults, optionals and refinements). */
export function allowedKeysAt(schema: ZodTypeAny, path: readonly (string | number)[]): string[] {
  let current: ZodTypeAny | undefined = unwrap(schema);
  for (const key of path) {
    if (current instanceof z.ZodObject) current = unwrap(current.shape[key as string]);
    else if (current instanceof z.ZodArray) current = unwrap(current.element);
    else if (current instanceof z.ZodRecord) current = unwrap(current.valueSchema);
    else return [];
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: ZodTypeAny | undefined): ZodTypeAny | undefined {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodDefault) current = current._def.innerType;
    else if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap();
    else if (current instanceof z.ZodEffects) current = current.innerType();
    else return current;
  }
}
