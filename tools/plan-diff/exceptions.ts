/**
 * Exception changes between the two sides: `suppress()` entries stored in the synthesized JSON (`//.suppressions`
 * on resources and at a stack's root) and entries of the exceptions files (`config/exceptions/<env>.yaml`),
 * added, changed or removed, and those that expire within 30 days (or already have) on the head side. A new
 * or extended waiver is a change to the security posture: it is listed first in the review.
 */
import { basename, extname } from "node:path";
import { ConfigError } from "../../config/errors";
import { parseExceptionsFile } from "../../policy/exceptions";
import type { Exception } from "../../policy/model";
import { resourcesOf, storedSuppressions } from "../../policy/stack";
import { compareText, type StackSet } from "./diff";

/** Days ahead in which an expiring exception is called out. */
export const EXPIRY_WINDOW_DAYS = 30;

/** One waiver, wherever it was declared. */
export interface ExceptionEntry {
  /** `suppress`: a `suppress()` call stored in a stack's JSON; `file`: an exceptions-file entry. */
  readonly kind: "suppress" | "file";
  /** The stack (suppress) or the exceptions file (file) that holds it. */
  readonly where: string;
  readonly control: string;
  /** What it covers: a Terraform address or construct path; `(stack)` / `(environment)` for all. */
  readonly target: string;
  readonly reason: string;
  readonly owner: string;
  /** YYYY-MM-DD as written (may be invalid: the policy check reports that). */
  readonly expires: string;
}

export interface ChangedException {
  readonly before: ExceptionEntry;
  readonly after: ExceptionEntry;
  /** `reason`, `owner`, `expires`: what changed. */
  readonly fields: readonly ("reason" | "owner" | "expires")[];
}

export interface ExceptionsDiff {
  readonly added: readonly ExceptionEntry[];
  readonly changed: readonly ChangedException[];
  readonly removed: readonly ExceptionEntry[];
  /** Head entries whose expiry is within EXPIRY_WINDOW_DAYS of today, or past. */
  readonly expiring: readonly ExceptionEntry[];
  /** Exceptions files that could not be read (their entries are unknown on that side). */
  readonly problems: readonly string[];
}

/** One side's exceptions: the synthesized stacks and the exceptions files (path → text). */
export interface ExceptionsSide {
  readonly stacks: StackSet;
  readonly files: Readonly<Record<string, string>>;
}

function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : value === undefined ? "(missing)" : JSON.stringify(value);
}

/** The `suppress()` entries of every stack. */
export function suppressionEntries(stacks: StackSet): ExceptionEntry[] {
  return Object.entries(stacks).flatMap(([stack, json]) => {
    const record = json as Record<string, unknown>;
    return storedSuppressions(record, resourcesOf(record)).map((stored) => {
      const raw = (stored.raw ?? {}) as Record<string, unknown>;
      return {
        kind: "suppress" as const,
        where: stack,
        control: text(raw.control),
        target: stored.target ?? "(stack)",
        reason: text(raw.reason),
        owner: text(raw.owner),
        expires: text(raw.expires),
      };
    });
  });
}

/** Environment name of an exceptions file: `config/exceptions/dev.yaml` → `dev`. */
export function environmentOfFile(file: string): string {
  return basename(file, extname(file));
}

/** The parsed exceptions of each file; files that do not parse become problems. */
export function parseExceptionFiles(files: Readonly<Record<string, string>>): {
  byFile: Map<string, Exception[]>;
  problems: string[];
} {
  const byFile = new Map<string, Exception[]>();
  const problems: string[] = [];
  for (const [file, content] of Object.entries(files).sort(([a], [b]) => compareText(a, b))) {
    try {
      byFile.set(file, parseExceptionsFile(file, content));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  return { byFile, problems };
}

/** The exceptions-file entries of a side. */
export function fileEntries(byFile: ReadonlyMap<string, readonly Exception[]>): ExceptionEntry[] {
  return [...byFile.entries()].flatMap(([file, exceptions]) =>
    exceptions.map((e) => ({
      kind: "file" as const,
      where: file,
      control: e.control,
      target: e.target ?? "(environment)",
      reason: e.reason,
      owner: e.owner,
      expires: e.expires,
    })),
  );
}

function keyOf(e: ExceptionEntry): string {
  return [e.kind, e.where, e.control, e.target].join("\u0000");
}

function order<T extends ExceptionEntry>(entries: T[]): T[] {
  return entries.sort((a, b) => compareText(keyOf(a), keyOf(b)));
}

/** The day `days` after `today` (YYYY-MM-DD). */
export function addDays(today: string, days: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Added, changed, removed and expiring exceptions between two sides. */
export function diffExceptions(base: ExceptionsSide, head: ExceptionsSide, today: string): ExceptionsDiff {
  const baseFiles = parseExceptionFiles(base.files);
  const headFiles = parseExceptionFiles(head.files);
  const before = [...suppressionEntries(base.stacks), ...fileEntries(baseFiles.byFile)];
  const after = [...suppressionEntries(head.stacks), ...fileEntries(headFiles.byFile)];
  // Two suppress() calls for one control on one resource: compare them as one (the first wins, as in the check).
  const index = (entries: ExceptionEntry[]) => {
    const map = new Map<string, ExceptionEntry>();
    for (const e of entries) if (!map.has(keyOf(e))) map.set(keyOf(e), e);
    return map;
  };
  const beforeByKey = index(before);
  const afterByKey = index(after);
  const changed: ChangedException[] = [];
  for (const [key, now] of afterByKey) {
    const was = beforeByKey.get(key);
    if (!was) continue;
    const fields = (["reason", "owner", "expires"] as const).filter((f) => was[f] !== now[f]);
    if (fields.length) changed.push({ before: was, after: now, fields });
  }
  const horizon = addDays(today, EXPIRY_WINDOW_DAYS);
  return {
    added: order([...afterByKey].filter(([key]) => !beforeByKey.has(key)).map(([, e]) => e)),
    changed: changed.sort((a, b) => compareText(keyOf(a.after), keyOf(b.after))),
    removed: order([...beforeByKey].filter(([key]) => !afterByKey.has(key)).map(([, e]) => e)),
    expiring: order([...afterByKey.values()].filter((e) => e.expires <= horizon)).sort((a, b) =>
      compareText(a.expires, b.expires),
    ),
    problems: [
      ...baseFiles.problems.map((p) => `base: ${p}`),
      ...headFiles.problems.map((p) => `head: ${p}`),
    ],
  };
}
