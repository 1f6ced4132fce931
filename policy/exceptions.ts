/**
 * Justified exceptions: a control waived for a resource (or a whole stack) with a reason, an owner and an
 * expiry date. They come from `suppress()` (stored in the synthesized JSON) or from an exceptions file per
 * environment (`config/exceptions/<env>.yaml`). Expired exceptions never waive anything: they fail the check.
 */
import { lstatSync, readFileSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ConfigError, describeValue, formatIssue } from "../core/errors";
import { addDays, justificationFieldsSchema } from "../core/exceptions";
import { controlById } from "./controls";
import type { Exception } from "./model";

export { MIN_REASON_LENGTH, addDays } from "../core/exceptions";
/** Controls no exception may waive: tampering with the check's own input has no justification. */
const UNWAIVABLE = ["POL-2"];

/** The fields every exception carries, with the rules a reviewer relies on. */
export const exceptionFieldsSchema = z
  .object({
    control: z
      .string({ required_error: "required field is missing; expected a control id such as GCS-9" })
      .refine(
        (id) => controlById(id) !== undefined,
        "must be a control id from policy/controls (e.g. GCS-9, NET-4)",
      )
      .refine(
        (id) => !UNWAIVABLE.includes(id),
        "cannot be waived: POL-2 means the policy metadata was rewritten; remove what rewrites it",
      ),
  })
  .extend(justificationFieldsSchema.shape);

/** One entry of an exceptions file: the fields plus what it covers. */
const fileEntrySchema = exceptionFieldsSchema
  .extend({
    /** Terraform address (`google_storage_bucket.x`) or construct path prefix (`baseline-dev/data-bucket`); omit for the whole stack. */
    resource: z.string().min(1, "must be a Terraform address or construct path").optional(),
    /** The stack the entry covers (`baseline-dev`); required without `resource`, so no entry waives a control in every stack. */
    stack: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,62}$/, "must be a stack name such as baseline-dev or payments-prod")
      .optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.resource === undefined && entry.stack === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["stack"],
        message:
          "required when resource is omitted: an exception for a whole stack names that stack (e.g. stack: baseline-dev)",
      });
    }
  });

const fileSchema = z.object({ exceptions: z.array(fileEntrySchema).default([]) }).strict();

/** Today's date as YYYY-MM-DD (UTC). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** True when an exception's last valid day is before `onDay`. */
export function isExpired(exception: Pick<Exception, "expires">, onDay: string): boolean {
  return exception.expires < onDay;
}

/** Problems with an exception's fields (empty when valid), each naming the field, the value and what is allowed. */
export function exceptionProblems(input: unknown, where: string): string[] {
  const result = exceptionFieldsSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => formatIssue(where, exceptionFieldsSchema, input, issue));
}

/** Parses an exceptions file's text; throws ConfigError listing every problem. */
export function parseExceptionsFile(file: string, text: string): Exception[] {
  let input: unknown;
  try {
    input = parseYaml(text, { uniqueKeys: true }) ?? {};
  } catch (err) {
    throw new ConfigError([`${file}: not valid YAML: ${(err as Error).message.split("\n")[0]}`]);
  }
  if (typeof input !== "object" || Array.isArray(input)) {
    throw new ConfigError([
      `${file}: (top level): got ${describeValue(input)}; expected a mapping with an "exceptions" list`,
    ]);
  }
  const result = fileSchema.safeParse(input);
  if (!result.success)
    throw new ConfigError(result.error.issues.map((issue) => formatIssue(file, fileSchema, input, issue)));
  return result.data.exceptions.map((e, i) => ({
    control: e.control,
    reason: e.reason.trim(),
    owner: e.owner,
    expires: e.expires,
    target: e.resource,
    stack: e.stack,
    source: `${file}: exceptions[${i}]`,
  }));
}

/** Why an exception may not be used on `onDay` (expired, or expiring after the cap), or undefined. */
export function lifetimeProblem(exception: Exception, onDay: string, maxDays: number): string | undefined {
  if (isExpired(exception, onDay)) {
    return `exception expired on ${exception.expires} (owner ${exception.owner}, ${exception.source}); fix the finding or renew the exception with a new expiry: "${exception.reason}"`;
  }
  const latest = addDays(onDay, maxDays);
  if (exception.expires > latest) {
    return `exception expires ${exception.expires}, later than ${latest} (at most ${maxDays} days from today; environment config policy.maxExceptionDays, at most 365) (owner ${exception.owner}, ${exception.source}); set an earlier expiry: "${exception.reason}"`;
  }
  return undefined;
}

/**
 * The exceptions of an environment (`<dir>/<environment>.yaml` or `.yml`); none when there is no file.
 * The file never lies outside `dir`: names with `/`, `..` or an absolute path are refused, and the real
 * path (symlinks followed) must stay inside the directory's real path.
 */
export function loadEnvironmentExceptions(dir: string, environment: string): Exception[] {
  if (!/^[a-z][a-z0-9-]*$/.test(environment)) {
    throw new ConfigError([
      `exceptions for environment ${describeValue(environment)}: not an environment name (lowercase letters, digits, hyphens); exceptions are read only from ${dir}`,
    ]);
  }
  for (const ext of [".yaml", ".yml"]) {
    const file = join(dir, `${environment}${ext}`);
    let stat;
    try {
      stat = lstatSync(file);
    } catch {
      continue;
    }
    let real: string;
    try {
      real = realpathSync(file);
    } catch (err) {
      throw new ConfigError([
        `${file}: cannot resolve: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      ]);
    }
    const base = realpathSync(dir);
    if (relative(base, real).startsWith("..") || isAbsolute(relative(base, real))) {
      throw new ConfigError([`${file}: resolves to ${real}, outside the exceptions directory ${base}`]);
    }
    if (!statSync(real).isFile()) {
      throw new ConfigError([
        `${file}: is ${stat.isDirectory() ? "a directory" : "not a regular file"}; expected a YAML file of exceptions`,
      ]);
    }
    return parseExceptionsFile(file, readFileSync(real, "utf8"));
  }
  return [];
}
