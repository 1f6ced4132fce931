/**
 * Renders a plan diff as GitHub-flavoured Markdown for a PR comment: destroy warnings first and loud, then a
 * summary table, then per stack what is added, changed, replaced, removed and moved, then control findings.
 */
import type { AttributeChange, DestroyWarning, PlanDiff, ProtectionWarning, StackDiff } from "./diff";
import type { ControlFinding, FindingsDiff } from "./findings";

export interface RenderInput {
  readonly base: string;
  readonly head: string;
  readonly diff: PlanDiff;
  readonly findings: FindingsDiff;
  /** How the sides were produced, when the reviewer should know (e.g. a synthesis that exited non-zero). */
  readonly notes?: readonly string[];
}

/** Attribute changes shown per resource before the rest is summarized (PR comments are capped at 64 KiB). */
const MAX_CHANGES_PER_RESOURCE = 40;
/** Characters of one value shown before it is cut. */
const MAX_VALUE_LENGTH = 120;

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

function changeLine(change: AttributeChange): string {
  const forces = change.forcesReplacement ? " **(forces replacement)**" : "";
  return `  - ${code(change.path)}: ${showValue(change.before)} → ${showValue(change.after)}${forces}`;
}

function changeLines(changes: readonly AttributeChange[]): string[] {
  const shown = changes.slice(0, MAX_CHANGES_PER_RESOURCE).map(changeLine);
  const hidden = changes.length - shown.length;
  return hidden > 0 ? [...shown, `  - … and ${hidden} more attribute changes`] : shown;
}

function destroyLine(warning: DestroyWarning): string {
  const forced = warning.forcedBy ? ` (forced by ${warning.forcedBy.map(code).join(", ")})` : "";
  const blocked = warning.blockedByPreventDestroy
    ? " (`prevent_destroy` is on: the apply fails until it is lifted)"
    : "";
  const where = `${code(warning.stack)}: **${warning.action}** ${code(warning.address)} (${code(warning.constructPath)})`;
  return `> - 🛑 ${where}${forced}: ${warning.loses}${blocked}`;
}

function destroyBlock(warnings: readonly DestroyWarning[]): string[] {
  if (warnings.length === 0) return [];
  const count = warnings.length === 1 ? "1 stateful resource" : `${warnings.length} stateful resources`;
  return [
    "> [!CAUTION]",
    `> 🛑 **DATA LOSS: ${count} would be DESTROYED.** Removing a resource's code removes its`,
    "> `prevent_destroy` with it, so Terraform will not stop a removal. If this is a rename, add a `moved`",
    "> block (cdktf: `resource.moveTo(...)`); if it is intended, say so in the PR and have it approved.",
    ">",
    ...warnings.map(destroyLine),
    "",
  ];
}

function protectionBlock(warnings: readonly ProtectionWarning[]): string[] {
  if (warnings.length === 0) return [];
  return [
    "> [!WARNING]",
    "> ⚠️ **Destroy protection turned off** on stateful resources (the step before a destroy):",
    ">",
    ...warnings.map(
      (w) =>
        `> - ${code(w.stack)}: ${code(w.address)} ${code(w.change.path)}: ${showValue(w.change.before)} → ${showValue(w.change.after)}`,
    ),
    "",
  ];
}

function summaryTable(stacks: readonly StackDiff[]): string[] {
  return [
    "| stack | added | changed | replaced | removed | moved |",
    "| --- | --: | --: | --: | --: | --: |",
    ...stacks.map((s) => {
      const note = s.status === "added" ? " (new stack)" : s.status === "removed" ? " (stack removed)" : "";
      const counts = [s.added, s.changed, s.replaced, s.removed, s.moved].map((list) => String(list.length));
      return `| ${cell(code(s.stack) + note)} | ${counts.join(" | ")} |`;
    }),
    "",
  ];
}

function section<T>(title: string, items: readonly T[], lines: (item: T) => string[]): string[] {
  if (items.length === 0) return [];
  return [`**${title} (${items.length})**`, "", ...items.flatMap(lines), ""];
}

function stackSection(stack: StackDiff): string[] {
  if (stack.status === "unchanged") return [];
  return [
    `### ${code(stack.stack)}`,
    "",
    ...section("Added", stack.added, (r) => [`- ${code(r.address)} (${code(r.constructPath)})`]),
    ...section("Changed", stack.changed, (r) => [`- ${code(r.address)}`, ...changeLines(r.changes)]),
    ...section("Replaced: destroyed, then created", stack.replaced, (r) => [
      `- ${code(r.address)}: forced by ${r.forcedBy.map(code).join(", ")}`,
      ...changeLines(r.changes),
    ]),
    ...section("Removed", stack.removed, (r) => [
      `- ${code(r.address)} (${code(r.constructPath)})` +
        (r.sameConfigurationAs
          ? `: same configuration as added ${code(r.sameConfigurationAs)}; a rename needs a \`moved\` block`
          : ""),
    ]),
    ...section("Moved (kept, not destroyed)", stack.moved, (m) => [
      `- ${code(m.from)} → ${code(m.to)}`,
      ...changeLines(m.changes),
    ]),
  ];
}

function findingsTable(title: string, findings: readonly ControlFinding[]): string[] {
  if (findings.length === 0) return [`**${title}:** none`, ""];
  return [
    `**${title} (${findings.length})**`,
    "",
    "| control | severity | stack | resource | finding |",
    "| --- | --- | --- | --- | --- |",
    ...findings.map(
      (f) =>
        `| ${cell(f.control)} | ${cell(f.severity)} | ${cell(code(f.stack))} | ${cell(code(f.resource))} | ${cell(f.message)} |`,
    ),
    "",
  ];
}

function findingsSection(findings: FindingsDiff): string[] {
  const heading = ["### Control findings", ""];
  if (!findings.available) return [...heading, `_${findings.reason}_`, ""];
  return [
    ...heading,
    ...findingsTable("Introduced", findings.introduced),
    ...findingsTable("Resolved", findings.resolved),
  ];
}

/** The whole review comment. */
export function renderMarkdown({ base, head, diff, findings, notes = [] }: RenderInput): string {
  const changedStacks = diff.stacks.filter((s) => s.status !== "unchanged");
  const compared = diff.stacks.map((s) => code(s.stack)).join(", ");
  const lines = [
    `## Plan review: ${code(base)} → ${code(head)}`,
    "",
    ...destroyBlock(diff.destroyWarnings),
    ...protectionBlock(diff.protectionWarnings),
    ...(notes.length > 0 ? ["> [!NOTE]", ...notes.map((note) => `> ${note}`), ""] : []),
    ...(changedStacks.length === 0 ? [`No resource changes in ${compared}.`, ""] : summaryTable(diff.stacks)),
    ...diff.stacks.flatMap(stackSection),
    ...findingsSection(findings),
  ];
  return `${lines.join("\n").trimEnd()}\n`;
}
