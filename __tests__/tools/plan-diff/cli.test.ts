import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXIT_BAD_INPUT, EXIT_DESTROY, EXIT_OK, runCli } from "../../../tools/plan-diff/cli";
import type { StackSet } from "../../../tools/plan-diff/diff";
import { planFromStack } from "../../policy/plan-fixtures";
import { app, baseResources, edited } from "./fixtures";

const REPO_ROOT = join(__dirname, "..", "..", "..");

const temporaryDirs: string[] = [];
function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporaryDirs) {
    // The throwaway repo links this checkout's node_modules: unlink it before removing the directory.
    if (existsSync(join(dir, "node_modules"))) unlinkSync(join(dir, "node_modules"));
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Writes a side as cdktf does: `<dir>/stacks/<stack>/cdk.tf.json`. */
function writeSide(stacks: StackSet): string {
  const dir = temporaryDir("plan-diff-side-");
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json, null, 2));
  }
  return dir;
}

/** Runs the CLI in this process, capturing its output. */
function run(argv: string[], cwd = REPO_ROOT, env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const status = runCli(argv, {
    cwd,
    env: { ...process.env, ...env },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    today: "2026-06-01",
  });
  return { status, stdout, stderr };
}

describe("plan-diff CLI on synthesized directories", () => {
  let base: string;
  let head: string;
  beforeAll(() => {
    base = writeSide(app(baseResources()));
    head = writeSide(app(edited((r) => delete r.google_storage_bucket.data)));
  });

  it("exits 3 with --fail-on-destroy when a bucket is removed, after printing the review", () => {
    const { status, stdout, stderr } = run([base, head, "--fail-on-destroy"]);
    expect(status).toBe(EXIT_DESTROY);
    expect(stdout).toContain("> [!CAUTION]");
    expect(stdout).toContain("**removed** `google_storage_bucket.data`");
    expect(stderr).toContain("1 stateful resource(s) would be destroyed or replaced");
  });

  it("exits 0 without --fail-on-destroy, and 0 with it when nothing stateful is destroyed", () => {
    expect(run([base, head]).status).toBe(EXIT_OK);
    expect(run([base, base, "--fail-on-destroy"]).status).toBe(EXIT_OK);
  });

  it("writes JSON with --format json", () => {
    const { status, stdout } = run([base, head, "--format", "json"]);
    expect(status).toBe(EXIT_OK);
    const json = JSON.parse(stdout);
    expect(json.base).toEqual({ label: base, kind: "directory", path: base });
    expect(json.destroyWarnings).toEqual([
      expect.objectContaining({ address: "google_storage_bucket.data", action: "removed" }),
    ]);
    expect(json.stacks[0]).toMatchObject({ stack: "baseline-dev", source: "synthesized" });
    expect(json.controls.resources).toContainEqual(
      expect.objectContaining({ address: "google_storage_bucket.data" }),
    );
    expect(json.exceptions).toMatchObject({ added: [], changed: [], removed: [] });
  });

  it.each([
    [["only-one"], "expected two sides, <base> and <head>, or --plan alone; got 1 side(s)"],
    [["a", "b", "--max-chars", "70000000"], '--max-chars: got "70000000"; allowed: a whole number from 2000'],
    [["a", "b", "--format", "html"], '--format: got "html"; allowed: markdown, json'],
    [["a", "b", "--fail-on-destroyy"], "Unknown option '--fail-on-destroyy'"],
  ])("exits 2 on bad arguments %j, with the usage and no stack trace", (argv, message) => {
    const { status, stderr, stdout } = run(argv);
    expect(status).toBe(EXIT_BAD_INPUT);
    expect(stderr).toContain(message);
    expect(stderr).toContain("usage: npm run diff");
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stdout).toBe("");
  });

  it("exits 2 for a side that is neither a synthesized directory nor a git revision", () => {
    const { status, stderr } = run([base, "no-such-ref-or-dir"]);
    expect(status).toBe(EXIT_BAD_INPUT);
    expect(stderr).toContain(
      "no-such-ref-or-dir: neither a directory with stacks/<stack>/cdk.tf.json nor a git revision",
    );
  });

  it("exits 2 for a directory without synthesized stacks", () => {
    const empty = temporaryDir("plan-diff-empty-");
    const { status, stderr } = run([empty, head]);
    expect(status).toBe(EXIT_BAD_INPUT);
    expect(stderr).toContain(`${empty}: no stacks/ directory; expected a cdktf output directory (cdktf.out)`);
  });

  it("summarizes to --max-chars and writes the whole review to --full-report", () => {
    const report = join(temporaryDir("plan-diff-report-"), "review.md");
    const { status, stdout, stderr } = run([base, head, "--max-chars", "2000", "--full-report", report]);
    expect(status).toBe(EXIT_OK);
    expect(stdout.length).toBeLessThanOrEqual(2000);
    expect(stdout).toMatch(/did not fit this comment: see the full report \(.*review.md\)\._\n$/);
    const full = readFileSync(report, "utf8");
    expect(full.length).toBeGreaterThan(2000);
    expect(full).toContain("## Details");
    expect(stderr).toContain(`wrote the full review to ${report}`);
  });

  it("takes a planned stack's actions from --plan, alone or beside the sides", () => {
    const plans = join(__dirname, "plans");
    const alone = run(["--plan", plans], __dirname);
    expect(alone.status).toBe(EXIT_OK);
    expect(alone.stdout).toContain("## Plan review: `prior state` → `planned`");
    expect(alone.stdout).toContain("Actions: **actions from terraform plan** for `baseline-dev`.");
    expect(run(["--plan", plans, "--fail-on-destroy"], __dirname).status).toBe(EXIT_DESTROY);
    const beside = run([base, head, "--plan", plans], __dirname);
    expect(beside.stdout).toContain("Actions: **actions from terraform plan** for `baseline-dev`.");
    expect(beside.stderr).toContain("plan-diff: actions of baseline-dev from plans/baseline-dev/plan.json");
  });

  it("judges a planned stack's controls by its planned values: a variable resolved to inherited shows", () => {
    const enforced = app(
      edited((r) => {
        r.google_storage_bucket.data.public_access_prevention = "enforced";
        r.google_storage_bucket.logs.public_access_prevention = "enforced";
      }),
    );
    const from = writeSide(enforced);
    const to = writeSide(enforced);
    const plan = planFromStack(enforced["baseline-dev"] as never);
    const planned = (plan.planned_values as { root_module: { resources: Record<string, unknown>[] } })
      .root_module;
    const bucket = planned.resources.find((r) => r.address === "google_storage_bucket.data") as {
      values: Record<string, unknown>;
    };
    bucket.values.public_access_prevention = "inherited";
    const planFile = join(to, "stacks", "baseline-dev", "plan.json");
    writeFileSync(planFile, JSON.stringify(plan));
    const offline = JSON.parse(run([from, to, "--format", "json"]).stdout);
    expect(offline.controls.introduced).toEqual([]);
    const withPlan = JSON.parse(run([from, to, "--plan", planFile, "--format", "json"]).stdout);
    expect(withPlan.controls.introduced).toEqual([
      expect.objectContaining({
        control: "GCS-1",
        resource: "google_storage_bucket.data",
        message: 'public_access_prevention is "inherited"',
      }),
    ]);
    expect(withPlan.controls.statusChanges).toContainEqual(
      expect.objectContaining({ control: "GCS-1", before: "pass", after: "fail" }),
    );
  });

  it("never prints a value the plan marks sensitive, in Markdown or JSON", () => {
    const plans = join(__dirname, "plans");
    for (const format of ["markdown", "json"]) {
      const { status, stdout } = run(["--plan", plans, "--format", format], __dirname);
      expect(status).toBe(EXIT_OK);
      expect(stdout).not.toMatch(/pw-new1|pw-old1|lbl-new1|lbl-old1/);
    }
    // The plan-only control review compares the prior state with the planned values.
    const json = JSON.parse(run(["--plan", plans, "--format", "json"], __dirname).stdout);
    expect(json.controls.resources).toContainEqual({
      stack: "baseline-dev",
      address: "google_storage_bucket.data",
      controls: expect.arrayContaining([
        { control: "GCS-1", scope: "resource", before: "pass", after: "absent" },
      ]),
    });
  });

  it("runs as `npm run diff` does (tsx entry point) and propagates exit code 3", () => {
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", "tools/plan-diff/cli.ts", base, head, "--fail-on-destroy"],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.status).toBe(EXIT_DESTROY);
    expect(result.stdout).toContain("🛑");
  });
});

/** A tiny cdktf app: one stack with a Google provider and a bucket per name. */
function tinyApp(buckets: string[]): string {
  return [
    'import { App, TerraformStack } from "cdktf";',
    'import { GoogleProvider } from "@cdktf/provider-google/lib/provider";',
    'import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";',
    "const app = new App();",
    'const stack = new TerraformStack(app, "tiny");',
    'new GoogleProvider(stack, "google", { project: "acme-tiny" });',
    ...buckets.map((b) => `new StorageBucket(stack, "${b}", { name: "acme-${b}", location: "EU" });`),
    "app.synth();",
    "",
  ].join("\n");
}

describe("plan-diff CLI on git revisions", () => {
  let repo: string;
  const gitEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: "test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "test",
    GIT_COMMITTER_EMAIL: "test@example.com",
  };
  const git = (...args: string[]) => {
    const result = spawnSync("git", ["-c", "commit.gpgsign=false", ...args], {
      cwd: repo,
      env: gitEnv,
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
    return result.stdout;
  };

  beforeAll(() => {
    repo = temporaryDir("plan-diff-repo-");
    git("init", "--quiet", "--initial-branch=main");
    symlinkSync(join(REPO_ROOT, "node_modules"), join(repo, "node_modules"), "dir");
    writeFileSync(join(repo, ".gitignore"), "node_modules\n");
    writeFileSync(join(repo, "main.ts"), tinyApp(["logs", "data"]));
    git("add", ".");
    git("commit", "--quiet", "-m", "two buckets");
    writeFileSync(join(repo, "main.ts"), tinyApp(["logs"]));
    git("commit", "--quiet", "-am", "delete the data bucket");
  });

  it("npm run diff between two commits that delete a bucket prints the destroy warning and exits 3", () => {
    const scratch = temporaryDir("plan-diff-scratch-");
    const { status, stdout, stderr } = run(["HEAD~1", "HEAD", "--fail-on-destroy"], repo, {
      TMPDIR: scratch,
    });
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(status).toBe(EXIT_DESTROY);
    expect(stdout).toContain("## Plan review: `HEAD~1` → `HEAD`");
    expect(stdout).toContain("> [!CAUTION]");
    expect(stdout).toContain("> - 🛑 `tiny`: **removed** `google_storage_bucket.data`");
    expect(stdout).toContain("| `tiny` | estimate | 0 | 0 | 0 | 1 | 0 |");
    // The temporary worktree is gone, and removing it did not delete through the node_modules link.
    expect(git("worktree", "list").trim().split("\n")).toHaveLength(1);
    expect(existsSync(join(REPO_ROOT, "node_modules", "cdktf", "package.json"))).toBe(true);
    expect(readdirSync(scratch).filter((name) => name.startsWith("plan-diff-"))).toEqual([]);
  });

  it("lists an exceptions-file entry a commit adds", () => {
    mkdirSync(join(repo, "config", "exceptions"), { recursive: true });
    writeFileSync(
      join(repo, "config", "exceptions", "dev.yaml"),
      'exceptions:\n  - control: GCS-8\n    resource: tiny/logs\n    reason: Data residency keeps this bucket in one region.\n    owner: data-team\n    expires: "2026-06-20"\n',
    );
    git("add", ".");
    git("commit", "--quiet", "-m", "waive GCS-8 for the logs bucket");
    const { status, stdout } = run(["HEAD~1", "HEAD"], repo);
    expect(status).toBe(EXIT_OK);
    expect(stdout).toContain(
      "| **added** | GCS-8 | `config/exceptions/dev.yaml` | `tiny/logs` | 2026-06-20 | data-team | Data residency keeps this bucket in one region. |",
    );
    expect(stdout).toContain(
      "| expiring | GCS-8 | `config/exceptions/dev.yaml` | `tiny/logs` | 2026-06-20 | data-team |",
    );
  });

  it("reviews a revision whose app exits non-zero after writing every stack (a failed policy check)", () => {
    writeFileSync(join(repo, "main.ts"), `${tinyApp(["logs", "archive"])}process.exit(1);\n`);
    git("commit", "--quiet", "-am", "add an archive bucket that fails the policy check");
    const { status, stdout, stderr } = run(["HEAD~1", "HEAD"], repo);
    expect(status).toBe(EXIT_OK);
    expect(stderr).toMatch(/HEAD: synthesis of [0-9a-f]{12} failed \(exit 1\) after writing every stack/);
    expect(stdout).toContain("> [!NOTE]");
    expect(stdout).toContain("**Added (1)**\n\n- `google_storage_bucket.archive`");
  });

  it("exits 2 with the app's own error when a revision fails to synthesize", () => {
    writeFileSync(
      join(repo, "main.ts"),
      'throw new Error("config/environments/dev.yaml: region: got mars-1");\n',
    );
    git("commit", "--quiet", "-am", "break the app");
    const { status, stderr } = run(["HEAD~1", "HEAD"], repo);
    expect(status).toBe(EXIT_BAD_INPUT);
    expect(stderr).toMatch(/HEAD: synthesis of [0-9a-f]{12} failed \(exit 1\):/);
    expect(stderr).toContain("config/environments/dev.yaml: region: got mars-1");
    expect(git("worktree", "list").trim().split("\n")).toHaveLength(1);
  });
});
