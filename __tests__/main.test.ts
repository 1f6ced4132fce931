import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectedStackNames } from "./support/expected-stacks";

/** Runs the app command as `cdktf synth` does, in a separate process. */
function runApp(env: Record<string, string>) {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-out-"));
  const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    cwd: join(__dirname, ".."),
    env: { ...process.env, CDKTF_OUTDIR: outdir, ...env },
    encoding: "utf8",
  });
  return { ...result, outdir };
}

describe("main.ts (the cdktf app command)", () => {
  it("synthesizes the selected embedded environment, with no terraform binary on the PATH", () => {
    const { status, outdir, stderr } = runApp({ ENV: "dev", PATH: "/nonexistent" });
    expect(stderr).not.toMatch(/Error/);
    expect(status).toBe(0);
    const file = join(outdir, "stacks", "baseline-dev", "cdk.tf.json");
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8")).resource.google_storage_bucket).toBeDefined();
  });

  it("with HCL output (cdktf synth --hcl), writes cdk.tf and still runs the policy check and report", () => {
    const { status, outdir, stdout } = runApp({ ENV: "dev,prod", SYNTH_HCL_OUTPUT: "true" });
    expect(status).toBe(0);
    const dir = join(outdir, "stacks", "baseline-dev");
    expect(readFileSync(join(dir, "cdk.tf"), "utf8")).toMatch(/resource "google_storage_bucket"/);
    expect(existsSync(join(dir, "cdk.tf.json"))).toBe(false);
    expect(readFileSync(join(dir, "compliance-report.md"), "utf8")).toContain("GCS-1");
    expect(stdout).toContain(`policy check passed: ${expectedStackNames(["dev", "prod"]).length} stack(s)`);
    // cdktf renders a reference inside a quoted string with escaped quotes as `" $ { ... }`, which neither
    // Terraform nor Checkov can parse: the kit writes no such string (an ACL step's spec, an alert filter).
    for (const stack of expectedStackNames(["dev", "prod"])) {
      const hcl = readFileSync(join(outdir, "stacks", stack, "cdk.tf"), "utf8");
      expect({ stack, broken: hcl.split("\n").filter((line) => line.includes("$ {")) }).toEqual({
        stack,
        broken: [],
      });
    }
  });

  it("exits non-zero before synthesis on bad config, naming file, field and value, without a stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "envs-"));
    writeFileSync(
      join(dir, "qa.yaml"),
      "name: qa\nprojectId: acme-qa-env\nregion: europe-west1\nkms:\n  rotationDays: 365\nnotifications:\n  emails: [a@example.com]\n",
    );
    const { status, stderr, outdir } = runApp({ BASELINE_CONFIG_DIR: dir, ENV: "" });
    expect(status).toBe(1);
    expect(stderr).toContain("qa.yaml: kms.rotationDays: got 365; must be at most 90 days");
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(outdir, "stacks"))).toBe(false);
  });
});
