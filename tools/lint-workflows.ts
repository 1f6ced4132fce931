/**
 * `npm run lint:workflows`: validates every `.github/workflows/*.yml` against GitHub's workflow schema
 * (action-validator, the SchemaStore schema compiled to WebAssembly) and the kit's own rules for CI that
 * deploys sensitive infrastructure: explicit least-privilege `permissions`, actions pinned to a release,
 * and no service account keys (Workload Identity Federation only).
 */
import { validateWorkflow } from "@action-validator/core";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";

/** Refs that move: an action pinned to one runs whatever its owner pushes next. */
const MOVING_REFS = new Set(["main", "master", "head", "latest", "develop", "trunk"]);

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

function usesProblems(jobs: Json): string[] {
  const problems: string[] = [];
  for (const [jobId, job] of Object.entries(jobs)) {
    if (!isObject(job)) continue;
    const steps = Array.isArray(job.steps) ? job.steps : [];
    const uses = [job.uses, ...steps.map((step) => (isObject(step) ? step.uses : undefined))];
    for (const ref of uses) {
      if (typeof ref !== "string" || ref.startsWith("./") || ref.startsWith("docker://")) continue;
      const version = ref.split("@")[1];
      if (!version || MOVING_REFS.has(version.toLowerCase())) {
        problems.push(
          `jobs.${jobId}: ${ref}: pin the action to a release tag or commit (uses: owner/action@v1)`,
        );
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
  return [...problems, ...usesProblems(isObject(workflow.jobs) ? workflow.jobs : {})];
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
