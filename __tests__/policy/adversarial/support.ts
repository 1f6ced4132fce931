/**
 * Support for the adversarial suite: team files written with ordinary cdktf APIs, synthesized through the
 * app exactly as `main.ts` does and checked with the configuration's trust model; and synthesized JSON
 * edited by hand, checked through the CLI (`policy/cli.ts`).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { parseEnvironment } from "../../../config/load";
import type { EnvironmentConfig } from "../../../config/schema/environment";
import { main } from "../../../policy/cli";
import { today } from "../../../policy/exceptions";
import type { Finding, StackReport } from "../../../policy/model";
import { recordEnvironmentPolicy } from "../../../policy/record";
import { checkFiles, findStackFiles } from "../../../policy/run";
import { addEnvironmentStacks } from "../../../stacks/environment-stacks";
import type { TeamStack } from "../../../stacks/team-stack";
import { shippedSynthDir } from "../../support/shipped";
import { readFileSync } from "node:fs";

export const TODAY = today();

/** The environment every team case deploys to (dev-like, not production). */
export const ENV_TEXT = JSON.stringify({
  name: "redteam",
  projectId: "acme-redteam",
  region: "europe-west1",
  notifications: { emails: ["alerts@example.com"] },
  redis: { databases: [{ purpose: "sessions", primaryRegion: "eu-west-1", budget: 220 }] },
});
export const ENVIRONMENT: EnvironmentConfig = parseEnvironment("redteam.json", ENV_TEXT);

const EMPTY_EXCEPTIONS = mkdtempSync(join(tmpdir(), "adversarial-no-exceptions-"));

/** A team case: a name (the team, 2-20 chars) and what its team file does. */
export interface TeamCase {
  readonly team: string;
  readonly build: (stack: TeamStack) => void;
}

/**
 * Synthesizes one app holding every case as its own team stack (one baseline, many teams, as `cdktf synth`
 * does), checks each team's stack with the configuration's trust model and returns the reports by team.
 */
export function synthTeams(cases: readonly TeamCase[]): Map<string, StackReport> {
  const outdir = mkdtempSync(join(tmpdir(), "adversarial-app-"));
  const app = new App({ outdir });
  recordEnvironmentPolicy(
    addEnvironmentStacks(
      app,
      ENVIRONMENT,
      cases.map((c) => ({ team: c.team, build: c.build })),
    ),
    ENVIRONMENT,
  );
  app.synth();
  const files = findStackFiles(cases.map((c) => join(outdir, "stacks", `${c.team}-${ENVIRONMENT.name}`)));
  const reports = checkFiles(files, {
    environments: [ENVIRONMENT],
    exceptionsDir: EMPTY_EXCEPTIONS,
    today: TODAY,
  });
  return new Map(reports.map((r) => [r.stack.replace(`-${ENVIRONMENT.name}`, ""), r]));
}

/** Findings of a report as `CONTROL resource: message` lines. */
export function lines(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.control} ${f.resource}: ${f.message}`);
}

type Json = Record<string, unknown>;

/** A shipped stack's synthesized JSON (dev environment), to edit. */
export function shipped(stack: string): Json {
  return JSON.parse(readFileSync(join(shippedSynthDir(), "stacks", stack, "cdk.tf.json"), "utf8")) as Json;
}

/** Writes stacks (name → JSON or raw text) in cdktf's layout; returns the directory. */
export function writeStacks(stacks: Record<string, Json | string>): string {
  const dir = mkdtempSync(join(tmpdir(), "adversarial-cli-"));
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(
      join(dir, "stacks", name, "cdk.tf.json"),
      typeof json === "string" ? json : JSON.stringify(json),
    );
  }
  return dir;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Parsed `--format json` findings (empty when the output was not JSON). */
  readonly findings: { control: string; stack: string; resource: string; message: string }[];
  readonly suppressed: { control: string; resource: string; owner: string }[];
}

/** Runs `policy/cli.ts check --format json` with the shipped configuration and no exceptions unless given. */
export function cli(args: readonly string[], options: { exceptions?: string } = {}): CliResult {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(
    ["check", "--format", "json", "--exceptions", options.exceptions ?? EMPTY_EXCEPTIONS, ...args],
    { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
    TODAY,
  );
  const stdout = out.join("\n");
  let doc: { findings?: CliResult["findings"]; suppressed?: CliResult["suppressed"] } = {};
  try {
    doc = JSON.parse(stdout) as typeof doc;
  } catch {
    // Not JSON (exit 2 prints to stderr only).
  }
  return {
    code,
    stdout,
    stderr: err.join("\n"),
    findings: doc.findings ?? [],
    suppressed: doc.suppressed ?? [],
  };
}

/** Checks one edited copy of a shipped stack through the CLI. */
export function checkEdited(stack: string, edit: (json: Json) => void): CliResult {
  const json = shipped(stack);
  edit(json);
  return cli([writeStacks({ [stack]: json })]);
}

/** The first resource of `type` in a stack's JSON (to edit). */
export function first(json: Json, type: string): Json {
  const byName = (json.resource as Record<string, Record<string, Json>>)[type];
  const [body] = Object.values(byName ?? {});
  if (!body) throw new Error(`no ${type} in the stack`);
  return body;
}

/** Adds a raw resource to a stack's JSON. */
export function addResource(json: Json, type: string, name: string, body: Json): void {
  const resources = json.resource as Record<string, Record<string, Json>>;
  resources[type] = { ...(resources[type] ?? {}), [name]: body };
}
