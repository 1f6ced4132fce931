import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectedStackNames } from "./support/expected-stacks";
import { shippedSynthDir } from "./support/shipped";

/** Runs the app command as `cdktf synth` does, in a separate process. */
function runApp(outdir: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    cwd: join(__dirname, ".."),
    env: { ...process.env, CDKTF_OUTDIR: outdir, ...env },
    encoding: "utf8",
  });
}

describe("main.ts (the cdktf app command)", () => {
  it("synthesizes HCL over an earlier JSON synthesis, then JSON again with no terraform binary on the PATH", () => {
    const stacks = expectedStackNames(["dev", "prod"]);
    const outdir = mkdtempSync(join(tmpdir(), "cdktf-out-"));
    // What an earlier JSON synth left: the shipped synthesis of the same environments.
    for (const stack of stacks) {
      cpSync(join(shippedSynthDir(), "stacks", stack), join(outdir, "stacks", stack), { recursive: true });
    }
    const formats = (stack: string) =>
      ["cdk.tf.json", "cdk.tf"].filter((file) => existsSync(join(outdir, "stacks", stack, file)));

    // `cdktf synth --hcl`: writes cdk.tf, removes the stale cdk.tf.json, still checks and reports.
    const hcl = runApp(outdir, { ENV: "dev,prod", SYNTH_HCL_OUTPUT: "true" });
    expect(hcl.status).toBe(0);
    expect(stacks.map(formats)).toEqual(stacks.map(() => ["cdk.tf"]));
    const dir = join(outdir, "stacks", "baseline-dev");
    expect(readFileSync(join(dir, "cdk.tf"), "utf8")).toMatch(/resource "google_storage_bucket"/);
    expect(readFileSync(join(dir, "compliance-report.md"), "utf8")).toContain("GCS-1");
    expect(hcl.stdout).toContain(`policy check passed: ${stacks.length} stack(s)`);
    // cdktf renders a reference inside a quoted string with escaped quotes as `" $ { ... }`, which neither
    // Terraform nor Checkov can parse: the kit writes no such string (an ACL step's spec, an alert filter).
    for (const stack of stacks) {
      const text = readFileSync(join(outdir, "stacks", stack, "cdk.tf"), "utf8");
      expect({ stack, broken: text.split("\n").filter((line) => line.includes("$ {")) }).toEqual({
        stack,
        broken: [],
      });
    }

    // JSON again into the same directory, as `npm run synth` runs it: no terraform binary is needed.
    const json = runApp(outdir, { ENV: "dev", PATH: "/nonexistent" });
    expect(json.stderr).not.toMatch(/Error/);
    expect(json.status).toBe(0);
    const devStacks = expectedStackNames(["dev"]);
    expect(devStacks.map(formats)).toEqual(devStacks.map(() => ["cdk.tf.json"]));
    const synthesized = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"));
    expect(synthesized.resource.google_storage_bucket).toBeDefined();
    expect(synthesized.terraform.backend).toBeDefined();
  }, 120_000);

  it("exits non-zero before synthesis on bad config, naming file, field and value, without a stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "envs-"));
    writeFileSync(
      join(dir, "qa.yaml"),
      "name: qa\nprojectId: acme-qa-env\nregion: europe-west1\nkms:\n  rotationDays: 365\nnotifications:\n  emails: [a@example.com]\n",
    );
    const outdir = mkdtempSync(join(tmpdir(), "cdktf-out-"));
    const { status, stderr } = runApp(outdir, { BASELINE_CONFIG_DIR: dir, ENV: "" });
    expect(status).toBe(1);
    expect(stderr).toContain("qa.yaml: kms.rotationDays: got 365; must be at most 90 days");
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(outdir, "stacks"))).toBe(false);
  });
});
