/**
 * Renders a review as GitHub-flavoured Markdown. The full report has everything; the PR comment
 * (`maxChars`) has the same sections in the same order, summary first (destroys, per-stack counts, exception
 * and control changes, findings), then details until the budget is spent, then how many entries are only in
 * the full report. Entries are whole or absent: nothing is cut mid-text.
 */
import type {
  AttributeChange,
  DestroyWarning,
  PlanDiff,
  ProtectionWarning,
  ResourceRef,
  StackDiff,
} from "./diff";
import type { ChangedException, ExceptionEntry, ExceptionsDiff } from "./exceptions";
import { EXPIRY_WINDOW_DAYS } from "./exceptions";
import type { ControlFinding, ControlTouch, ControlsReview, ResourceControls } from "./findings";

/** GitHub's limit on a comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface RenderInput {
  readonly base: string;
  readonly head: string;
  readonly diff: PlanDiff;
  readonly controls: ControlsReview;
  /** Undefined when the sides carry no exceptions to compare (a review of plans alone). */
  readonly exceptions?: ExceptionsDiff;
  /** How the sides were produced, when the reviewer should know (e.g. a synthesis that exited non-zero). */
  readonly notes?: readonly string[];
}

export interface RenderOptions {
  /**
   * Largest output in characters; entries that do not fit are counted and left to the full report.
   * @default no limit (the full report)
   */
  readonly maxChars?: number;
  /**
   * Where the full report is, for the closing line of a summarized review.
   * @default "the full report"
   */
  readonly fullReport?: string;
  /**
   * The day exception expiries were judged on (YYYY-MM-DD), named in the review.
   * @default not named
   */
  readonly today?: string;
}

/** Attribute changes shown per resource before the rest is summarized. */
const MAX_CHANGES_PER_RESOURCE = 40;
/** Characters of one value shown before it is shortened (with a marker; the full report has the same). */
const MAX_VALUE_LENGTH = 120;
/** Characters kept free for the closing line of a summarized review. */
const FOOTER_RESERVE = 600;

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A value as one short line of code; `(absent)` when the attribute is not set on that side. */
export function showValue(value: unknown): string {
  if (value === undefined) return "_(absent)_";
  const text = JSON.stringify(value) ?? String(value);
  return code(text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 3)}...` : text);
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A section: heading lines, then entries, each entry whole. */
interface Section {
  /** Name used in "N more in <name>". */
  readonly name: string;
  readonly heading: readonly string[];
  readonly entries: readonly string[];
  /** Shown instead of the entries when there are none (omit the section when undefined). */
  readonly empty?: string;
  /** Lines after the entries (a table's end). */
  readonly trailer?: readonly string[];
  /** Details (per-stack resources) stop at the first thing that does not fit; summary sections never do. */
  readonly details?: boolean;
  /** The line that replaces entries left out of a summarized review, inside the section. */
  readonly more?: (count: number) => string;
  /** The largest part of a summarized review this section may fill, so that the sections after it show. */
  readonly share?: number;
}

function changeLine(change: AttributeChange): string {
  const forces = change.forcesReplacement ? " **(forces replacement)**" : "";
  return `  - ${code(change.path)}: ${showValue(change.before)} → ${showValue(change.after)}${forces}`;
}

function changeLines(changes: readonly AttributeChange[]): string[] {
  const shown = changes.slice(0, MAX_CHANGES_PER_RESOURCE).map(changeLine);
  const hidden = changes.length - shown.length;
  return hidden > 0 ? [...shown, `  - … and ${hidden} more attribute changes`] : shown;
}

const VERDICT_LABEL: Record<ControlTouch["before"], string> = {
  pass: "pass",
  fail: "**fail**",
  suppressed: "_waived_",
  "n/a": "n/a",
  absent: "—",
};

function touchText(touch: ControlTouch): string {
  // A stack-level control that reads this type: its status in the stack, not a verdict on the resource.
  const scope = touch.scope === "stack" ? " (stack)" : "";
  if (touch.before === touch.after) return `${touch.control}${scope} ${VERDICT_LABEL[touch.after]}`;
  return `**${touch.control}**${scope} ${VERDICT_LABEL[touch.before]} → ${VERDICT_LABEL[touch.after]}`;
}

function controlsLine(
  stack: string,
  address: string,
  index: ReadonlyMap<string, ResourceControls>,
): string[] {
  const entry = index.get(`${stack}\u0000${address}`);
  if (!entry) return [];
  return [`  - controls: ${entry.controls.map(touchText).join(", ")}`];
}

function destroyLine(warning: DestroyWarning): string {
  const forced = warning.forcedBy?.length ? ` (forced by ${warning.forcedBy.map(code).join(", ")})` : "";
  const blocked = warning.blockedByPreventDestroy
    ? " (`prevent_destroy` is on: the apply fails until it is lifted)"
    : "";
  const where = `${code(warning.stack)}: **${warning.action}** ${code(warning.address)} (${code(warning.constructPath)})`;
  return `> - 🛑 ${where}${forced}: ${warning.loses}${blocked}`;
}

function destroySection(warnings: readonly DestroyWarning[]): Section[] {
  if (warnings.length === 0) return [];
  const count = plural(warnings.length, "stateful resource");
  return [
    {
      name: "data loss warnings",
      heading: [
        "> [!CAUTION]",
        `> 🛑 **DATA LOSS: ${count} would be DESTROYED.** Removing a resource's code removes its`,
        "> `prevent_destroy` with it, so Terraform will not stop a removal. If this is a rename, add a `moved`",
        "> block (cdktf: `resource.moveTo(...)`); if it is intended, say so in the PR and have it approved.",
        ">",
      ],
      entries: warnings.map(destroyLine),
      trailer: [""],
      more: (count) => `> - 🛑 … and ${plural(count, "more stateful resource")}: see the full report`,
      share: 0.5,
    },
  ];
}

function protectionSection(warnings: readonly ProtectionWarning[]): Section[] {
  if (warnings.length === 0) return [];
  return [
    {
      name: "destroy protection warnings",
      heading: [
        "> [!WARNING]",
        "> ⚠️ **Destroy protection turned off** on stateful resources (the step before a destroy):",
        ">",
      ],
      entries: warnings.map(
        (w) =>
          `> - ${code(w.stack)}: ${code(w.address)} ${code(w.change.path)}: ${showValue(w.change.before)} → ${showValue(w.change.after)}`,
      ),
      trailer: [""],
    },
  ];
}

function sourceLine(stacks: readonly StackDiff[]): string {
  const planned = stacks.filter((s) => s.source === "plan").map((s) => code(s.stack));
  const estimated = stacks.filter((s) => s.source === "synthesized").map((s) => code(s.stack));
  const parts = [
    planned.length ? `**actions from terraform plan** for ${planned.join(", ")}` : "",
    estimated.length
      ? `**offline estimate from synthesized JSON** for ${estimated.join(", ")} (replacements from the hand-kept force-new table; the real plan may differ)`
      : "",
  ].filter(Boolean);
  return `Actions: ${parts.join("; ")}.`;
}

function countsSection(stacks: readonly StackDiff[]): Section {
  const changed = stacks.filter((s) => s.status !== "unchanged");
  return {
    name: "per-stack counts",
    heading: changed.length
      ? [
          "| stack | actions from | added | changed | replaced | removed | moved |",
          "| --- | --- | --: | --: | --: | --: | --: |",
        ]
      : [],
    entries: changed.map((s) => {
      const note = s.status === "added" ? " (new stack)" : s.status === "removed" ? " (stack removed)" : "";
      const counts = [s.added, s.changed, s.replaced, s.removed, s.moved].map((list) => String(list.length));
      return `| ${cell(code(s.stack) + note)} | ${s.source === "plan" ? "plan" : "estimate"} | ${counts.join(" | ")} |`;
    }),
    empty: `No resource changes in ${stacks.map((s) => code(s.stack)).join(", ") || "any stack"}.`,
    trailer: [
      "",
      ...(changed.length && stacks.length > changed.length
        ? [
            `Unchanged: ${stacks
              .filter((s) => s.status === "unchanged")
              .map((s) => code(s.stack))
              .join(", ")}.`,
            "",
          ]
        : []),
    ],
  };
}

function exceptionWhere(e: ExceptionEntry): string {
  return e.kind === "suppress" ? `${code(e.where)} \`suppress()\`` : code(e.where);
}

/** Rows of exception entries, with `suppress()` copies on many resources folded into one row. */
function exceptionRows(entries: readonly ExceptionEntry[], status: string): string[] {
  const groups = new Map<string, ExceptionEntry[]>();
  for (const e of entries) {
    const key = [status, e.kind, e.where, e.control, e.reason, e.owner, e.expires].join("\u0000");
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((group) => {
    const [e] = group;
    const targets =
      group.length > 3
        ? `${group
            .slice(0, 3)
            .map((g) => code(g.target))
            .join(", ")} and ${group.length - 3} more`
        : group.map((g) => code(g.target)).join(", ");
    return `| ${status} | ${cell(e.control)} | ${cell(exceptionWhere(e))} | ${cell(targets)} | ${cell(e.expires)} | ${cell(e.owner)} | ${cell(e.reason)} |`;
  });
}

function changedRows(changes: readonly ChangedException[]): string[] {
  return changes.map(({ before, after, fields }) => {
    const show = (f: "reason" | "owner" | "expires") =>
      fields.includes(f) ? `${before[f]} → **${after[f]}**` : after[f];
    return `| changed | ${cell(after.control)} | ${cell(exceptionWhere(after))} | ${cell(code(after.target))} | ${cell(show("expires"))} | ${cell(show("owner"))} | ${cell(show("reason"))} |`;
  });
}

function exceptionsSections(exceptions: ExceptionsDiff | undefined, today: string | undefined): Section[] {
  if (!exceptions) return [];
  const header = [
    "### Exceptions (waivers)",
    "",
    "| | control | declared in | covers | expires | owner | reason |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  const entries = [
    ...exceptionRows(exceptions.added, "**added**"),
    ...changedRows(exceptions.changed),
    ...exceptionRows(exceptions.removed, "removed"),
  ];
  const expiring = exceptionRows(exceptions.expiring, "expiring");
  const sections: Section[] = [
    {
      name: "exception changes",
      heading: entries.length || expiring.length ? header : ["### Exceptions (waivers)", ""],
      entries: [...entries, ...expiring],
      empty: `No exception added, changed or removed; none expires within ${EXPIRY_WINDOW_DAYS} days${today ? ` of ${today}` : ""}.`,
      trailer: [""],
    },
  ];
  if (exceptions.problems.length) {
    sections.push({
      name: "exceptions file problems",
      heading: ["**Exceptions files that could not be read** (their entries are not compared):", ""],
      entries: exceptions.problems.map((p) => `- ${cell(p)}`),
      trailer: [""],
    });
  }
  return sections;
}

const STATUS_LABEL: Record<string, string> = {
  pass: "pass",
  fail: "**fail**",
  suppressed: "_waived_",
  "not-applicable": "n/a",
  absent: "—",
};

function statusSection(controls: ControlsReview): Section {
  return {
    name: "control status changes",
    heading: [
      "### Controls whose status changed",
      "",
      ...(controls.statusChanges.length
        ? ["| stack | control | before | after |", "| --- | --- | --- | --- |"]
        : []),
    ],
    entries: controls.statusChanges.map(
      (c) =>
        `| ${cell(code(c.stack))} | ${cell(`${c.control} ${c.title}`)} | ${STATUS_LABEL[c.before]} | ${STATUS_LABEL[c.after]} |`,
    ),
    empty: "None.",
    trailer: [""],
  };
}

function findingsSection(title: string, findings: readonly ControlFinding[]): Section {
  return {
    name: `findings ${title.toLowerCase()}`,
    heading: [
      `**Findings ${title.toLowerCase()}${findings.length ? ` (${findings.length})` : ""}**${findings.length ? "" : ": none"}`,
      "",
      ...(findings.length
        ? ["| control | severity | stack | resource | finding |", "| --- | --- | --- | --- | --- |"]
        : []),
    ],
    entries: findings.map(
      (f) =>
        `| ${cell(f.control)} | ${cell(f.severity)} | ${cell(code(f.stack))} | ${cell(code(f.resource))} | ${cell(f.message)} |`,
    ),
    trailer: [""],
  };
}

function refLine(r: ResourceRef): string {
  return r.constructPath && r.constructPath !== r.address
    ? `${code(r.address)} (${code(r.constructPath)})`
    : code(r.address);
}

/** Per-stack details: one entry per resource, each with its attribute changes and the controls it touches. */
function stackSections(stack: StackDiff, index: ReadonlyMap<string, ResourceControls>): Section[] {
  if (stack.status === "unchanged") return [];
  const source =
    stack.source === "plan"
      ? `_actions from terraform plan (${code(stack.planFile ?? "plan.json")})_`
      : "_offline estimate from synthesized JSON_";
  const entry = (head: string, address: string, rest: string[] = []) =>
    [head, ...rest, ...controlsLine(stack.stack, address, index)].join("\n");
  const groups: [string, string[]][] = [
    [
      "Added",
      stack.added.map((r) =>
        entry(
          `- ${refLine(r)}${r.importedId !== undefined ? `: imported (${code(r.importedId)}), not created` : ""}`,
          r.address,
        ),
      ),
    ],
    ["Changed", stack.changed.map((r) => entry(`- ${refLine(r)}`, r.address, changeLines(r.changes)))],
    [
      "Replaced: destroyed and created again",
      stack.replaced.map((r) => {
        const why = [
          r.forcedBy.length ? `forced by ${r.forcedBy.map(code).join(", ")}` : "",
          r.reason ? code(r.reason) : "",
          r.order === "create-before-destroy" ? "created before the old one is destroyed" : "",
          r.movedFrom ? `moved from ${code(r.movedFrom)} and replaced` : "",
        ].filter(Boolean);
        return entry(
          `- ${refLine(r)}${why.length ? `: ${why.join("; ")}` : ""}`,
          r.address,
          changeLines(r.changes),
        );
      }),
    ],
    [
      "Removed",
      stack.removed.map((r) => {
        const notes = [
          r.forgotten ? "removed from state only (`forget`): not destroyed" : "",
          r.reason ? code(r.reason) : "",
          r.sameConfigurationAs
            ? `same configuration as added ${code(r.sameConfigurationAs)}; a rename needs a \`moved\` block`
            : "",
        ].filter(Boolean);
        return entry(`- ${refLine(r)}${notes.length ? `: ${notes.join("; ")}` : ""}`, r.address);
      }),
    ],
    [
      "Moved (kept, not destroyed)",
      stack.moved.map((m) => entry(`- ${code(m.from)} → ${code(m.to)}`, m.to, changeLines(m.changes))),
    ],
  ];
  const shown = groups.filter(([, entries]) => entries.length > 0);
  return shown.map(([title, entries], i) => ({
    name: `details of ${stack.stack}`,
    details: true,
    heading: [
      ...(i === 0 ? [`### ${code(stack.stack)}`, "", source, ""] : []),
      `**${title} (${entries.length})**`,
      "",
    ],
    entries,
    trailer: [""],
  }));
}

/** The sections of a review, in reading order: summary first, details last. */
function sections(input: RenderInput, today?: string): Section[] {
  const { diff, controls } = input;
  const index = new Map(controls.resources.map((r) => [`${r.stack}\u0000${r.address}`, r]));
  return [
    ...destroySection(diff.destroyWarnings),
    ...protectionSection(diff.protectionWarnings),
    countsSection(diff.stacks),
    ...exceptionsSections(input.exceptions, today),
    statusSection(controls),
    findingsSection("Introduced", controls.introduced),
    findingsSection("Resolved", controls.resolved),
    ...(diff.stacks.some((s) => s.status !== "unchanged")
      ? [{ name: "details", heading: ["## Details", ""], entries: [], details: true }]
      : []),
    ...diff.stacks.flatMap((s) => stackSections(s, index)),
  ];
}

/** The review as Markdown: whole, or within `maxChars` with the rest counted (see the file comment). */
export function renderMarkdown(input: RenderInput, options: RenderOptions = {}): string {
  const notes = input.notes ?? [];
  const head = [
    `## Plan review: ${code(input.base)} → ${code(input.head)}`,
    "",
    sourceLine(input.diff.stacks),
    "",
    ...(notes.length > 0 ? ["> [!NOTE]", ...notes.map((note) => `> ${cell(note)}`), ""] : []),
  ];
  const budget =
    options.maxChars === undefined ? Number.POSITIVE_INFINITY : options.maxChars - FOOTER_RESERVE;
  const out: string[] = [...head];
  let used = head.join("\n").length + 1;
  let limit = budget;
  const fits = (lines: readonly string[]) => used + lines.join("\n").length + 1 <= limit;
  const add = (lines: readonly string[]) => {
    out.push(...lines);
    used += lines.join("\n").length + 1;
  };
  const omitted = new Map<string, number>();
  const omit = (name: string, count: number) => {
    if (count > 0) omitted.set(name, (omitted.get(name) ?? 0) + count);
  };
  // Summary sections are each shown as far as they fit. Once something does not fit, no details follow: a
  // reader never sees a stack's details without the summary, nor a stack's resources without its heading.
  let exhausted = false;
  for (const section of sections(input, options.today)) {
    const body = section.entries.length ? section.entries : section.empty ? [section.empty] : [];
    const trailer = section.trailer ?? [""];
    const reserve = section.more ? [section.more(section.entries.length)] : [];
    limit = section.share === undefined ? budget : Math.min(budget, used + section.share * budget);
    if (
      (exhausted && section.details) ||
      !fits([...section.heading, body[0] ?? "", ...reserve, ...trailer])
    ) {
      exhausted = true;
      omit(section.name, section.entries.length);
      continue;
    }
    add(section.heading);
    let shown = 0;
    for (const line of body) {
      if (!fits([line, ...reserve, ...trailer])) break;
      add([line]);
      shown++;
    }
    if (shown < body.length) {
      exhausted = true;
      const left = section.entries.length - shown;
      omit(section.name, left);
      if (section.more) add([section.more(left)]);
    }
    add(trailer);
  }
  if (omitted.size > 0) {
    const total = [...omitted.values()].reduce((a, b) => a + b, 0);
    // The closing line stays short (FOOTER_RESERVE): the first few sections by name, the rest counted.
    const listed = [...omitted].slice(0, 4);
    const rest = [...omitted].slice(4);
    const restCount = rest.reduce((sum, [, count]) => sum + count, 0);
    const where = [
      ...listed.map(([name, count]) => `${count} in ${name}`),
      ...(rest.length ? [`${restCount} in ${plural(rest.length, "other section")}`] : []),
    ].join(", ");
    out.push(
      "---",
      "",
      `_${plural(total, "more entry", "more entries")} (${where}) did not fit this comment: see ${options.fullReport ?? "the full report"}._`,
    );
  }
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}
