/**
 * How the adversarial suite attacks the check: as a team engineer would, with a team file (raw cdktf
 * provider classes on a `TeamStack`, synthesized with the whole environment as `cdktf synth` does), and by
 * editing the synthesized JSON before `npm run check`.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkStack } from "../../../policy/check";
import { main } from "../../../policy/cli";
import type { StackReport } from "../../../policy/model";
import { recordEnvironmentPolicy } from "../../../policy/record";
import { addEnvironmentStacks } from "../../../stacks/environment-stacks";
import type { TeamStack } from "../../../stacks/team-stack";
import { shippedStacks } from "../../support/shipped";
import { synthApp, testEnvironment, type SynthesizedStack } from "../../support/synth";

export const TODAY = "2026-06-01";
export const TEAM_STACK = "red-dev";

/** Synthesizes the dev environment with a team `red` built by `build`; returns the team stack's JSON. */
export function synthTeam(build: (stack: TeamStack) => void): SynthesizedStack {
  const stacks = synthApp((app) => {
    const environment = testEnvironment();
    recordEnvironmentPolicy(addEnvironmentStacks(app, environment, [{ team: "red", build }]), environment);
  });
  return stacks[TEAM_STACK];
}

/** The policy report of a team stack built by `build`. */
export function checkTeam(build: (stack: TeamStack) => void): StackReport {
  return checkStack(synthTeam(build) as Record<string, unknown>, {
    file: `${TEAM_STACK}/cdk.tf.json`,
    today: TODAY,
  });
}

/** Control ids of the findings on `address` (sorted, unique). */
export function controlsAt(report: StackReport, address: string): string[] {
  return [...new Set(report.findings.filter((f) => f.resource === address).map((f) => f.control))].sort();
}

/** `control: message` of every finding on `address`. */
export function findingsAt(report: StackReport, address: string): string[] {
  return report.findings.filter((f) => f.resource === address).map((f) => `${f.control}: ${f.message}`);
}

/** A deep copy of a shipped stack's JSON, to edit as an attacker with commit rights would. */
export function shippedCopy(name: string): Record<string, unknown> {
  const stack = shippedStacks()[name];
  if (!stack) throw new Error(`no shipped stack ${name}`);
  return JSON.parse(JSON.stringify(stack)) as Record<string, unknown>;
}

/** The `resource` (or `data`) section of a stack JSON, by type, created on demand. */
export function section(
  json: Record<string, unknown>,
  key: "resource" | "data",
  type: string,
): Record<string, unknown> {
  const top = (json[key] ??= {}) as Record<string, Record<string, unknown>>;
  return (top[type] ??= {}) as Record<string, unknown>;
}

export interface CliResult {
  readonly code: number;
  readonly findings: { control: string; stack: string; resource: string; message: string }[];
  readonly stderr: string;
}

/** Writes stacks in cdktf's layout and runs `npm run check -- <dir> --format json` on them (no exceptions file). */
export function cliCheck(stacks: Record<string, Record<string, unknown>>): CliResult {
  const dir = mkdtempSync(join(tmpdir(), "policy-adversarial-"));
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
  }
  const out: string[] = [];
  const err: string[] = [];
  const code = main(
    ["check", dir, "--format", "json", "--exceptions", join(dir, "no-exceptions")],
    { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
    TODAY,
  );
  const parsed = out.length
    ? (JSON.parse(out.join("\n")) as { findings: CliResult["findings"] })
    : { findings: [] };
  return { code, findings: parsed.findings, stderr: err.join("\n") };
}

/** Control ids the CLI reported on `address`. */
export function cliControlsAt(result: CliResult, address: string): string[] {
  return [...new Set(result.findings.filter((f) => f.resource === address).map((f) => f.control))].sort();
}

/** Asserts that `address` is in the report's stack and has no finding (so "no finding" is never vacuous). */
export function expectClean(report: StackReport, address: string): void {
  const known = [...report.resources.map((r) => r.address)];
  expect(known).toContain(address);
  expect(findingsAt(report, address)).toEqual([]);
}
