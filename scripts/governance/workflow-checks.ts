/**
 * The check names the workflows report on a pull request into a branch: what a required status check of
 * the branch protection may name. A required check that no workflow reports blocks every merge for good, so
 * `npm run protect-branch` refuses to send one, and a test keeps the committed protection honest.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** Whether the workflow runs on pull requests into `branch` (`on: pull_request` with no or a matching branch filter). */
function runsOnPullRequestsInto(workflow: Json, branch: string): boolean {
  const on = workflow.on;
  if (on === "pull_request" || (Array.isArray(on) && on.includes("pull_request"))) return true;
  if (!isObject(on) || !("pull_request" in on)) return false;
  const trigger = on.pull_request;
  if (!isObject(trigger) || trigger.branches === undefined) return true;
  return list(trigger.branches).some((b) => b === branch);
}

/**
 * The check name of each job of a workflow that runs on pull requests into `branch`: the job's `name`, or
 * its id when it has none. Names built from expressions (matrix jobs) are left out: they cannot be required
 * by one fixed name.
 */
export function pullRequestCheckNames(workflowText: string, branch: string): string[] {
  const workflow = parse(workflowText) as unknown;
  if (!isObject(workflow) || !runsOnPullRequestsInto(workflow, branch) || !isObject(workflow.jobs)) return [];
  return Object.entries(workflow.jobs).flatMap(([id, job]) => {
    const name = isObject(job) && typeof job.name === "string" ? job.name : id;
    return name.includes("${{") ? [] : [name];
  });
}

/** Every check name the workflows in `dir` report on pull requests into `branch`. */
export function workflowCheckNames(dir: string, branch: string): Set<string> {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  return new Set(files.flatMap((f) => pullRequestCheckNames(readFileSync(join(dir, f), "utf8"), branch)));
}

/** Required checks no workflow reports, each as a problem. */
export function missingCheckProblems(required: readonly string[], reported: ReadonlySet<string>): string[] {
  return required
    .filter((name) => !reported.has(name))
    .map(
      (name) =>
        `required check "${name}" is reported by no workflow job on pull requests (jobs: ${[...reported].sort().join(", ") || "none"}); it would block every merge`,
    );
}
