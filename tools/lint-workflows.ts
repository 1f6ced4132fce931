/**
 * `npm run lint:workflows`: validates every `.github/workflows/*.yml` against GitHub's workflow schema
 * (action-validator, the SchemaStore schema compiled to WebAssembly) and the kit's own rules for CI that
 * deploys sensitive infrastructure: explicit least-privilege `permissions`, third-party actions pinned to
 * a full commit SHA with the release tag in a comment (a tag can be moved to other code; a SHA cannot), Node
 * 22 or newer for `actions/setup-node` (Node 20 reached end of life), and no service account keys (Workload
 * Identity Federation only).
 */
import { validateWorkflow } from "@action-validator/core";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";

/** A full commit SHA: the only ref that names one version of an action for good. */
const COMMIT_SHA = /^[0-9a-f]{40}$/;

/** Oldest Node.js major version a workflow may set up (the oldest maintained LTS line). */
export const MINIMUM_NODE_MAJOR = 22;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

type ValidationError = ReturnType<typeof validateWorkflow>["errors"][number];

/** The details of an error and of the alternatives it nests (`oneOf` lists why each alternative failed). */
function detailsOf(error: ValidationError): string[] {
  const nested =
    "states" in error ? (error.states ?? []).flatMap((state) => state.errors.flatMap(detailsOf)) : [];
  return [...(error.detail ? [error.detail] : []), ...nested];
}

function schemaProblems(text: string): string[] {
  const { errors } = validateWorkflow(text);
  return errors.map((error) => {
    const where = "path" in error && error.path ? `${error.path}: ` : "";
    const line = "location" in error && error.location ? `line ${error.location.line}: ` : "";
    const details = [...new Set(detailsOf(error))].slice(0, 4);
    return `${line}${where}${error.title}${details.length ? ` (${details.join("; ")})` : ""}`;
  });
}

/** `uses:` refs written with a trailing `# <tag>` comment somewhere in the text (YAML drops comments). */
function taggedRefs(text: string): Set<string> {
  const tagged = new Set<string>();
  for (const match of text.matchAll(/^\s*(?:-\s+)?uses:\s*["']?([^\s"'#]+)["']?\s+#\s*\S+/gm)) {
    tagged.add(match[1]);
  }
  return tagged;
}

/** Problems of one `actions/setup-node` step's Node version. */
function nodeVersionProblem(jobId: string, step: Json): string | undefined {
  const version = isObject(step.with) ? step.with["node-version"] : undefined;
  const major = /^v?(\d+)(\.|$)/.exec(String(version ?? ""));
  if (major && Number(major[1]) >= MINIMUM_NODE_MAJOR) return undefined;
  return `jobs.${jobId}: actions/setup-node: node-version ${version === undefined ? "is not set" : `${JSON.stringify(version)}`}; set a major version >= ${MINIMUM_NODE_MAJOR} (Node 20 is end of life)`;
}

function usesProblems(jobs: Json, tagged: Set<string>): string[] {
  const problems: string[] = [];
  for (const [jobId, job] of Object.entries(jobs)) {
    if (!isObject(job)) continue;
    const steps = Array.isArray(job.steps) ? job.steps : [];
    const uses = [job.uses, ...steps.map((step) => (isObject(step) ? step.uses : undefined))];
    for (const ref of uses) {
      if (typeof ref !== "string" || ref.startsWith("./")) continue;
      const version = ref.startsWith("docker://") ? ref.split("@sha256:")[1] : ref.split("@")[1];
      if (
        ref.startsWith("docker://") ? !/^[0-9a-f]{64}$/.test(version ?? "") : !COMMIT_SHA.test(version ?? "")
      ) {
        problems.push(
          `jobs.${jobId}: ${ref}: pin the action to a full commit SHA with its tag in a comment (uses: owner/action@<40-hex sha> # v1.2.3)`,
        );
      } else if (!ref.startsWith("docker://") && !tagged.has(ref)) {
        problems.push(
          `jobs.${jobId}: ${ref}: name the release the SHA is in a comment (# v1.2.3), for review and updates`,
        );
      }
    }
    for (const step of steps) {
      if (isObject(step) && typeof step.uses === "string" && step.uses.startsWith("actions/setup-node@")) {
        const problem = nodeVersionProblem(jobId, step);
        if (problem) problems.push(problem);
      }
    }
    for (const step of steps) {
      if (isObject(step) && isObject(step.with) && "credentials_json" in step.with) {
        problems.push(
          `jobs.${jobId}: credentials_json: service account keys are not allowed; use workload_identity_provider`,
        );
      }
    }
  }
  return problems;
}

/** Problems in one workflow file's text; empty when it is valid. */
export function lintWorkflow(text: string): string[] {
  const schema = schemaProblems(text);
  if (schema.length > 0) return schema;
  const workflow = parse(text) as unknown;
  if (!isObject(workflow)) return ["the workflow is not a mapping"];
  const problems: string[] = [];
  if (!("permissions" in workflow)) {
    problems.push(
      "permissions: set top-level permissions explicitly (least privilege; the default is broad)",
    );
  }
  return [...problems, ...usesProblems(isObject(workflow.jobs) ? workflow.jobs : {}, taggedRefs(text))];
}

/** Problems in every workflow under `dir`, each prefixed with its file. */
export function lintWorkflowDir(dir: string): string[] {
  if (!existsSync(dir)) return [`${dir}: no workflows directory`];
  const files = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  if (files.length === 0) return [`${dir}: no workflow files`];
  return files.flatMap((name) => {
    const file = join(dir, name);
    const shown = relative(process.cwd(), file).startsWith("..") ? file : relative(process.cwd(), file);
    return lintWorkflow(readFileSync(file, "utf8")).map((problem) => `${shown}: ${problem}`);
  });
}

if (require.main === module) {
  const dir = process.argv[2] ?? join(__dirname, "..", ".github", "workflows");
  const problems = lintWorkflowDir(dir);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exitCode = 1;
  else console.log(`${relative(process.cwd(), dir) || dir}: workflows valid`);
}
