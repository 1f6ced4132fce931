import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("main.ts runs the policy check after synthesis", () => {
  it("KMS-4: a production environment with SOFTWARE keys fails synthesis with the finding, and still writes the report", () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-envs-"));
    writeFileSync(
      join(dir, "live.yaml"),
      "name: live\nprojectId: acme-live-env\nregion: europe-west1\nproduction: true\nkms:\n  protectionLevel: SOFTWARE\nnotifications:\n  emails: [a@example.com]\n",
    );
    const outdir = mkdtempSync(join(tmpdir(), "policy-out-"));
    const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
      cwd: join(__dirname, "..", ".."),
      env: { ...process.env, CDKTF_OUTDIR: outdir, BASELINE_CONFIG_DIR: dir, ENV: "" },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "ERROR KMS-4 (Explicit key purpose and protection level (HSM in production))",
    );
    expect(result.stderr).toMatch(/stack: {4}baseline-live\n {2}resource: google_kms_crypto_key\./);
    expect(result.stderr).toContain('problem:  protection_level is "SOFTWARE" in a production environment');
    expect(result.stderr).toMatch(/policy check FAILED/);
    expect(existsSync(join(outdir, "stacks", "baseline-live", "compliance-report.md"))).toBe(true);
  });
});
