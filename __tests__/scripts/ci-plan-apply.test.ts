import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SCRIPTS = join(__dirname, "..", "..", "scripts", "ci");
const SHA = "a".repeat(40);

/** The JSON `terraform show -json` prints for the fake plan: a replace, an update and an output change. */
const PLAN_JSON = {
  format_version: "1.2",
  resource_changes: [
    { address: "google_storage_bucket.data", change: { actions: ["delete", "create"] } },
    { address: "google_kms_crypto_key.key", change: { actions: ["update"] } },
    { address: "google_project_service.apis", change: { actions: ["no-op"] } },
  ],
  output_changes: { bucket: { actions: ["update"] }, key: { actions: ["no-op"] } },
};

/**
 * A stand-in `terraform` on the PATH: logs its arguments, writes the plan file for `plan -out=...`,
 * prints the plan JSON for `show -json`, and exits with FAKE_PLAN_EXIT for `plan`.
 */
const FAKE_TERRAFORM = `#!/usr/bin/env bash
echo "$*" >> "$FAKE_LOG"
case "$1" in
  plan) for a in "$@"; do case "$a" in -out=*) echo binary-plan > "\${a#-out=}";; esac; done; exit "\${FAKE_PLAN_EXIT:-0}";;
  show) if [ "$2" = "-json" ]; then cat "$FAKE_PLAN_JSON"; else echo "  # google_storage_bucket.data must be replaced"; fi;;
esac
`;

let work: string;
let run: (script: string, args: string[], env?: Record<string, string>) => ReturnType<typeof spawnSync>;
let log: () => string[];

function stack(name: string, backend: Record<string, unknown>): void {
  const dir = join(work, "cdktf.out", "stacks", name);
  mkdirSync(join(dir, "assets"), { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify({ terraform: { backend } }));
  writeFileSync(join(dir, "assets", "script.mjs"), "// asset");
  writeFileSync(join(dir, ".terraform.lock.hcl"), "# lock");
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "ci-plan-"));
  const bin = join(work, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "terraform"), FAKE_TERRAFORM);
  chmodSync(join(bin, "terraform"), 0o755);
  writeFileSync(join(work, "plan.json"), JSON.stringify(PLAN_JSON));
  stack("baseline-dev", { gcs: { bucket: "b", prefix: "stacks/baseline-dev" } });
  run = (script, args, env = {}) =>
    spawnSync("bash", [join(SCRIPTS, script), ...args], {
      cwd: work,
      encoding: "utf8",
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        FAKE_LOG: join(work, "terraform.log"),
        FAKE_PLAN_JSON: join(work, "plan.json"),
        GITHUB_SHA: SHA,
        PLAN_ENCRYPTION_KEY: "test-key-not-a-secret",
        ...env,
      },
    });
  log = () =>
    existsSync(join(work, "terraform.log"))
      ? readFileSync(join(work, "terraform.log"), "utf8").trim().split("\n")
      : [];
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const stackDir = () => join(work, "cdktf.out", "stacks", "baseline-dev");

describe("scripts/ci/plan-stack.sh", () => {
  it("inits, saves the plan, its JSON, the changed outputs and the commit in the stack directory", () => {
    const result = run("plan-stack.sh", ["baseline-dev"]);
    expect(result.status).toBe(0);
    expect(log()).toEqual([
      "init -input=false -no-color",
      "plan -input=false -no-color -lock-timeout=10m -out=plan.tfplan",
      "show -json plan.tfplan",
    ]);
    expect(readFileSync(join(stackDir(), "plan.tfplan"), "utf8")).toBe("binary-plan\n");
    expect(JSON.parse(readFileSync(join(stackDir(), "plan.json"), "utf8"))).toEqual(PLAN_JSON);
    expect(readFileSync(join(stackDir(), "output-changes.txt"), "utf8")).toBe("bucket\n");
    expect(readFileSync(join(stackDir(), "commit.txt"), "utf8")).toBe(`${SHA}\n`);
  });

  it("passes -detailed-exitcode through and keeps the plan when it reports changes (exit 2)", () => {
    const result = run("plan-stack.sh", ["baseline-dev", "-detailed-exitcode"], { FAKE_PLAN_EXIT: "2" });
    expect(result.status).toBe(2);
    expect(log()[1]).toBe(
      "plan -input=false -no-color -lock-timeout=10m -out=plan.tfplan -detailed-exitcode",
    );
    expect(existsSync(join(stackDir(), "plan.json"))).toBe(true);
  });

  it("fails on a failed plan without writing plan.json", () => {
    expect(run("plan-stack.sh", ["baseline-dev"], { FAKE_PLAN_EXIT: "1" }).status).toBe(1);
    expect(existsSync(join(stackDir(), "plan.json"))).toBe(false);
  });

  it("refuses a stack whose state is local (CI has no copy of it) before running terraform", () => {
    stack("bootstrap-dev", { local: { path: "/somewhere/state/bootstrap-dev.tfstate" } });
    const result = run("plan-stack.sh", ["bootstrap-dev"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("bootstrap-dev does not keep its state in the gcs backend");
    expect(log()).toEqual([]);
  });

  it("refuses a stack directory holding both formats, and a missing one", () => {
    writeFileSync(join(stackDir(), "cdk.tf"), "");
    expect(run("plan-stack.sh", ["baseline-dev"]).stderr).toContain("holds both cdk.tf.json and cdk.tf");
    expect(run("plan-stack.sh", ["payments-dev"]).stderr).toContain(
      "cdktf.out/stacks/payments-dev/cdk.tf.json not found",
    );
  });
});

describe("scripts/ci/summarize-plan.sh", () => {
  it("counts actions (replace as replace), lists changed addresses and shows the masked plan", () => {
    run("plan-stack.sh", ["baseline-dev"]);
    const summary = String(run("summarize-plan.sh", ["baseline-dev"]).stdout);
    expect(summary).toContain("### `baseline-dev`");
    expect(summary).toContain("**replace**: 1, **update**: 1");
    expect(summary).toContain("- `google_storage_bucket.data`: replace");
    expect(summary).not.toContain("google_project_service.apis");
    expect(summary).toContain("must be replaced");
  });
});

describe("scripts/ci/package-plan.sh and apply-plan.sh", () => {
  const archive = () => join(work, "plan.tar.gz.enc");
  beforeEach(() => {
    expect(run("plan-stack.sh", ["baseline-dev"]).status).toBe(0);
  });

  /** Packs, then empties cdktf.out as a fresh deploy runner has it. */
  function pack(): void {
    expect(run("package-plan.sh", ["baseline-dev", archive()]).status).toBe(0);
    rmSync(join(work, "cdktf.out"), { recursive: true });
    writeFileSync(join(work, "terraform.log"), "");
  }

  it("encrypts the archive (no plan in clear text) and the deploy applies exactly that saved plan", () => {
    pack();
    expect(readFileSync(archive()).includes("binary-plan")).toBe(false);
    const result = run("apply-plan.sh", ["baseline-dev", archive()]);
    expect(result.status).toBe(0);
    expect(log().filter(Boolean)).toEqual([
      "init -input=false -no-color -lockfile=readonly",
      "apply -input=false -no-color -lock-timeout=10m plan.tfplan",
    ]);
    // The stack directory came back with its assets and lock file, without the plan JSON (it holds values).
    expect(existsSync(join(stackDir(), "assets", "script.mjs"))).toBe(true);
    expect(existsSync(join(stackDir(), ".terraform.lock.hcl"))).toBe(true);
    expect(existsSync(join(stackDir(), "plan.json"))).toBe(false);
  });

  it("refuses a plan made from another commit, without running terraform", () => {
    pack();
    const result = run("apply-plan.sh", ["baseline-dev", archive()], { GITHUB_SHA: "b".repeat(40) });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(
      `was made from commit '${SHA}', not ${"b".repeat(40)}; refusing a stale plan`,
    );
    expect(log().filter(Boolean)).toEqual([]);
  });

  it("refuses to pack without an encryption key, and to apply with the wrong one", () => {
    const unkeyed = run("package-plan.sh", ["baseline-dev", archive()], { PLAN_ENCRYPTION_KEY: "" });
    expect(unkeyed.status).toBe(2);
    expect(unkeyed.stderr).toContain("refusing to upload a plan in clear text");
    pack();
    expect(
      run("apply-plan.sh", ["baseline-dev", archive()], { PLAN_ENCRYPTION_KEY: "wrong" }).status,
    ).not.toBe(0);
    expect(log().filter(Boolean)).toEqual([]);
  });

  it("refuses to apply over a stack directory that is already there", () => {
    expect(run("package-plan.sh", ["baseline-dev", archive()]).status).toBe(0);
    const result = run("apply-plan.sh", ["baseline-dev", archive()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("already exists");
  });
});
