import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import { LOCAL_STATE_DIR, localStatePath } from "../../stacks/bootstrap-stack";
import { shippedStacks, shippedSynthDir } from "../support/shipped";

const ROOT = join(__dirname, "..", "..");
const CDKTF = join(ROOT, "node_modules", ".bin", "cdktf");

/** Two environments of our own, so the state file this test writes can never be a real one. */
// Letters only: the policy check reads long numbers in names as identifiers (UPS-7).
const suffix = [...`${process.pid}`]
  .map((d) => String.fromCharCode(97 + Number(d)))
  .join("")
  .slice(-6);
const KEEP = `keep${suffix}`;
const OTHER = `other${suffix}`;

function environmentFile(dir: string, name: string): void {
  const dev = readFileSync(join(ROOT, "config", "environments", "dev.yaml"), "utf8");
  writeFileSync(join(dir, `${name}.yaml`), dev.replace(/^name: dev$/m, `name: ${name}`));
}

/** `cdktf synth` as a user runs it: the CLI deletes stack directories the app no longer writes. */
function synth(env: string, outdir: string, configDir: string, hcl = false): void {
  const result = spawnSync(CDKTF, ["synth", "--output", outdir, ...(hcl ? ["--hcl"] : [])], {
    cwd: ROOT,
    env: { ...process.env, ENV: env, BASELINE_CONFIG_DIR: configDir, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0)
    throw new Error(`cdktf synth (ENV=${env}) failed:\n${result.stdout}\n${result.stderr}`);
}

describe("bootstrap local state (the only copy of the state bucket's state until it is migrated)", () => {
  it("lives at <project root>/state/bootstrap-<env>.tfstate, an absolute path outside cdktf.out", () => {
    expect(LOCAL_STATE_DIR).toBe(join(ROOT, "state"));
    expect(localStatePath("bootstrap-dev")).toBe(join(ROOT, "state", "bootstrap-dev.tfstate"));
    expect(isAbsolute(localStatePath("bootstrap-dev"))).toBe(true);
    expect(relative(join(ROOT, "cdktf.out"), localStatePath("bootstrap-dev"))).toMatch(/^\.\.\//);
  });

  it("is git-ignored, so it is never committed", () => {
    const ignored = spawnSync("git", ["check-ignore", "-q", join("state", "bootstrap-dev.tfstate")], {
      cwd: ROOT,
    });
    expect(ignored.status).toBe(0);
  });

  it("is where the synthesized bootstrap stack's backend points", () => {
    const json = shippedStacks()["bootstrap-dev"] as { terraform: { backend: unknown } };
    expect(json.terraform.backend).toEqual({ local: { path: localStatePath("bootstrap-dev") } });
  });

  it("survives `cdktf synth --hcl` of another environment, which deletes the bootstrap's stack directory", () => {
    const work = mkdtempSync(join(tmpdir(), "bootstrap-state-"));
    const configDir = join(work, "environments");
    const outdir = join(work, "cdktf.out");
    const stateFile = localStatePath(`bootstrap-${KEEP}`);
    mkdirSync(configDir);
    environmentFile(configDir, KEEP);
    environmentFile(configDir, OTHER);
    expect(existsSync(stateFile)).toBe(false);
    try {
      // What an earlier `cdktf synth` of KEEP left in the output directory (the old state location) ...
      const stackDir = join(outdir, "stacks", `bootstrap-${KEEP}`);
      mkdirSync(stackDir, { recursive: true });
      cpSync(join(shippedSynthDir(), "stacks", "bootstrap-dev"), stackDir, { recursive: true });
      // ... and what `terraform apply` left behind: the state and its backup.
      mkdirSync(LOCAL_STATE_DIR, { recursive: true });
      writeFileSync(stateFile, '{"version": 4, "serial": 7}');
      writeFileSync(`${stateFile}.backup`, '{"version": 4, "serial": 6}');

      synth(OTHER, outdir, configDir, true);
      // The CLI removed the bootstrap's stack directory ...
      expect(existsSync(stackDir)).toBe(false);
      // ... the state is untouched ...
      expect(readFileSync(stateFile, "utf8")).toBe('{"version": 4, "serial": 7}');
      expect(readFileSync(`${stateFile}.backup`, "utf8")).toBe('{"version": 4, "serial": 6}');
      // ... and the HCL backend points outside the output directory too.
      const otherHcl = readFileSync(join(outdir, "stacks", `bootstrap-${OTHER}`, "cdk.tf"), "utf8");
      expect(otherHcl).toContain(localStatePath(`bootstrap-${OTHER}`));
    } finally {
      rmSync(stateFile, { force: true });
      rmSync(`${stateFile}.backup`, { force: true });
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);
});
