/**
 * The two sides of a plan review. A side is a synthesized output directory (`cdktf.out`, or any directory
 * with `stacks/<stack>/cdk.tf.json`) or a git revision, which is checked out into a temporary worktree and
 * synthesized there with the current checkout's `node_modules`.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { StackSet, TerraformJson } from "./diff";
import { PlanDiffInputError } from "./errors";
import { mixedFormatProblem } from "../synth-output";

/** One loaded side. */
export interface LoadedSide {
  /** What the user passed (`origin/main`, `cdktf.out`). */
  readonly label: string;
  /** `directory` or `git` (with the commit it resolved to). */
  readonly source:
    { readonly kind: "directory"; readonly path: string } | { readonly kind: "git"; readonly commit: string };
  readonly stacks: StackSet;
  /** The exceptions files of this side (`config/exceptions/<env>.yaml` → text). */
  readonly exceptionFiles: Readonly<Record<string, string>>;
  /** Things the reviewer should know about how this side was produced. */
  readonly notes: readonly string[];
}

/** Where the exceptions files live in the repository (policy/run.ts reads the same directory). */
export const EXCEPTIONS_DIR = "config/exceptions";
const EXCEPTIONS_FILE = /\.ya?ml$/;

export interface LoadOptions {
  /** Directory that relative paths and git revisions are resolved in. */
  readonly cwd: string;
  /** Environment for the synthesis (`ENV` selects environments, as for `cdktf synth`; `TMPDIR` the scratch space). */
  readonly env: NodeJS.ProcessEnv;
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Reads every `stacks/<stack>/cdk.tf.json` under a synthesized output directory. */
export function readSynthesizedDir(dir: string, label: string = dir): StackSet {
  const stacksDir = join(dir, "stacks");
  if (!isDirectory(stacksDir)) {
    throw new PlanDiffInputError(
      `${label}: no stacks/ directory; expected a cdktf output directory (cdktf.out)`,
    );
  }
  const stacks: Record<string, TerraformJson> = {};
  for (const name of readdirSync(stacksDir).sort()) {
    const file = join(stacksDir, name, "cdk.tf.json");
    if (!existsSync(file)) continue;
    const mixed = mixedFormatProblem(join(stacksDir, name), `${label}: stacks/${name}`);
    if (mixed) throw new PlanDiffInputError(mixed);
    try {
      stacks[name] = JSON.parse(readFileSync(file, "utf8")) as TerraformJson;
    } catch (err) {
      throw new PlanDiffInputError(
        `${label}: stacks/${name}/cdk.tf.json is not valid JSON: ${(err as Error).message}`,
      );
    }
  }
  if (Object.keys(stacks).length === 0) {
    throw new PlanDiffInputError(`${label}: stacks/ holds no <stack>/cdk.tf.json; run the synthesis first`);
  }
  return stacks;
}

function git(cwd: string, args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  return {
    ok: result.status === 0,
    stdout: (result.stdout ?? "").trim(),
    stderr: (result.stderr ?? "").trim(),
  };
}

/** The commit a revision names, or undefined when it names none (or `cwd` is not in a git repository). */
export function resolveCommit(cwd: string, revision: string): string | undefined {
  if (revision.startsWith("-")) return undefined;
  const result = git(cwd, ["rev-parse", "--verify", "--quiet", `${revision}^{commit}`]);
  return result.ok && result.stdout ? result.stdout : undefined;
}

/** The last lines of a process's output, for an error message. */
function tail(text: string, lines = 20): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/**
 * Synthesizes the app at `commit`: a detached worktree in a temporary directory, the current checkout's
 * `node_modules` linked in, `node --import tsx main.ts` with `CDKTF_OUTDIR` pointing beside it. The
 * worktree is removed afterwards, whatever happened.
 */
export function synthesizeRevision(
  label: string,
  commit: string,
  options: LoadOptions,
): { stacks: StackSet; notes: string[] } {
  const repoRoot = git(options.cwd, ["rev-parse", "--show-toplevel"]).stdout;
  const modules = join(repoRoot, "node_modules");
  if (!isDirectory(modules)) {
    throw new PlanDiffInputError(`${repoRoot}: no node_modules; run npm ci before diffing git revisions`);
  }
  const temp = mkdtempSync(join(options.env.TMPDIR || tmpdir(), "plan-diff-"));
  const tree = join(temp, "tree");
  const outdir = join(temp, "out");
  try {
    const added = git(repoRoot, ["worktree", "add", "--detach", "--quiet", tree, commit]);
    if (!added.ok) throw new PlanDiffInputError(`${label}: git worktree add failed: ${added.stderr}`);
    if (!existsSync(join(tree, "main.ts"))) throw new PlanDiffInputError(`${label}: no main.ts at ${commit}`);
    symlinkSync(modules, join(tree, "node_modules"), "dir");
    const synth = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
      cwd: tree,
      env: { ...options.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
    });
    const notes: string[] = [];
    if (synth.status !== 0) {
      const output = tail(`${synth.stdout ?? ""}\n${synth.stderr ?? ""}`);
      const failure = `synthesis of ${commit.slice(0, 12)} failed (exit ${synth.status ?? synth.signal})`;
      // cdktf writes manifest.json after every stack: a step after synthesis failed (the policy check in
      // main.ts fails on violations), and the stacks are complete. Reviewing them is the point of a PR.
      if (!existsSync(join(outdir, "manifest.json")))
        throw new PlanDiffInputError(`${label}: ${failure}:\n${output}`);
      notes.push(
        `${label}: ${failure} after writing every stack (a post-synthesis check?); reviewed as written`,
      );
    }
    return { stacks: readSynthesizedDir(outdir, `${label} (synthesized)`), notes };
  } finally {
    // Unlink the node_modules link first so that nothing can ever delete through it.
    try {
      unlinkSync(join(tree, "node_modules"));
    } catch {
      // never linked (the worktree was not created)
    }
    if (existsSync(tree)) git(repoRoot, ["worktree", "remove", "--force", tree]);
    git(repoRoot, ["worktree", "prune"]);
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The exceptions files at a commit, keyed `config/exceptions/<file>`. */
export function exceptionFilesAt(cwd: string, commit: string): Record<string, string> {
  const listed = git(cwd, ["ls-tree", "--name-only", `${commit}:${EXCEPTIONS_DIR}`]);
  if (!listed.ok) return {}; // no such directory at that commit: no exceptions files
  const files: Record<string, string> = {};
  for (const name of listed.stdout.split("\n").filter((n) => EXCEPTIONS_FILE.test(n))) {
    const shown = spawnSync("git", ["show", `${commit}:${EXCEPTIONS_DIR}/${name}`], {
      cwd,
      encoding: "utf8",
    });
    if (shown.status === 0) files[`${EXCEPTIONS_DIR}/${name}`] = shown.stdout;
  }
  return files;
}

/** The exceptions files of the working tree that `cwd` is in, keyed `config/exceptions/<file>`. */
export function exceptionFilesInTree(cwd: string): Record<string, string> {
  const root = git(cwd, ["rev-parse", "--show-toplevel"]);
  const dir = join(root.ok && root.stdout ? root.stdout : cwd, EXCEPTIONS_DIR);
  if (!isDirectory(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir)
      .filter((name) => EXCEPTIONS_FILE.test(name))
      .sort()
      .map((name) => [`${EXCEPTIONS_DIR}/${name}`, readFileSync(join(dir, name), "utf8")]),
  );
}

/** Loads one side: a directory when one exists at `spec`, otherwise a git revision. */
export function loadSide(spec: string, options: LoadOptions): LoadedSide {
  const path = resolve(options.cwd, spec);
  if (isDirectory(path)) {
    return {
      label: spec,
      source: { kind: "directory", path },
      stacks: readSynthesizedDir(path, spec),
      // A synthesized directory records no revision: its exceptions files are the working tree's.
      exceptionFiles: exceptionFilesInTree(options.cwd),
      notes: [],
    };
  }
  const commit = resolveCommit(options.cwd, spec);
  if (!commit) {
    throw new PlanDiffInputError(
      `${spec}: neither a directory with stacks/<stack>/cdk.tf.json nor a git revision in ${options.cwd}`,
    );
  }
  return {
    label: spec,
    source: { kind: "git", commit },
    exceptionFiles: exceptionFilesAt(options.cwd, commit),
    ...synthesizeRevision(spec, commit, options),
  };
}
