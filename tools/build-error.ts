/**
 * Turns an error thrown while the app builds or synthesizes its stacks into one readable message that
 * names the place in the user's code (`teams/analytics.ts:7:7`), instead of a stack trace.
 *
 * Source maps stay off during synthesis (mapping every frame of every token cdktf captures costs about a
 * fifth of synthesis time), but every module was loaded while they were on, so their maps are cached:
 * turning them back on before the error's stack is first read maps just this one stack.
 */
import { relative, sep } from "node:path";

/** Directories of the kit's own code: a frame there is not where the user went wrong. */
const KIT_DIRS = ["constructs", "stacks", "policy", "config", "tools", ".gen", "node_modules"];

/** Hints where a library's own message would mislead (it names the library's internals, not the kit's API). */
const HINTS: readonly { readonly match: RegExp; readonly hint: string }[] = [
  {
    match: /without a matching provider construct[\s\S]*\bupstash\b/i,
    hint:
      "An Upstash resource needs the kit's Upstash provider, which takes its credentials from the environment: " +
      'create Redis with stack.redis("<purpose>", {...}) in a team file (or ProdRedis in a stack that calls ' +
      "upstashProviderFromEnvironment(stack)), not a raw RedisDatabase.",
  },
];

/** One stack frame: `at fn (/path/file.ts:7:7)` or `at /path/file.ts:7:7`. */
const FRAME = /^\s*at (?:.*? \()?(\/[^():]+):(\d+):(\d+)\)?$/;

/** The first frame in the user's code (outside the kit's directories), as `file:line:column` relative to `root`. */
export function userLocation(stack: string, root: string): string | undefined {
  const frames = stack
    .split("\n")
    .map((line) => FRAME.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: relative(root, m[1]), line: m[2], column: m[3] }))
    .filter((f) => !f.file.startsWith(".."));
  const user = frames.find((f) => !KIT_DIRS.includes(f.file.split(sep)[0]) && f.file !== "main.ts");
  return user ? `${user.file}:${user.line}:${user.column}` : undefined;
}

/** The message to print for `err`: what went wrong, where in the user's code, and the kit's hint if any. */
export function describeBuildError(err: unknown, root: string): string {
  process.setSourceMapsEnabled(true);
  const error = err instanceof Error ? err : new Error(String(err));
  const location = userLocation(error.stack ?? "", root);
  // cdktf's validation message invites turning validation off: never the advice in a security kit.
  const message = error.message
    .split("\n")
    .filter((line) => !/skipValidation/.test(line))
    .join("\n")
    .trim()
    .replace(/\n+/g, "\n  ");
  const lines = [`Synthesis stopped${location ? ` at ${location}` : ""}:`, `  ${message}`];
  const hint = HINTS.find((h) => h.match.test(error.message));
  if (hint) lines.push(`  hint: ${hint.hint}`);
  if (process.env.BASELINE_DEBUG) lines.push("", error.stack ?? "");
  else lines.push("  (BASELINE_DEBUG=1 prints the full stack trace)");
  return lines.join("\n");
}
