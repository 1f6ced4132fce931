/** cdktf writes a single nested block as an object or a one-element list: read either. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first && typeof first === "object" ? (first as Record<string, unknown>) : undefined;
}

/** Every element of a repeated block (object or list). */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value))
    return value.filter((v): v is Record<string, unknown> => !!v && typeof v === "object");
  return value && typeof value === "object" ? [value as Record<string, unknown>] : [];
}
