import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("main.ts runs the policy check after synthesis", () => {
  it("an expired exception fails synthesis with its control, owner and reason, and the report is still written", () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-envs-"));
    writeFileSync(
      join(dir, "live.yaml"),
      "name: live\nprojectId: acme-live-env\nregion: europe-west1\nnotifications:\n  emails: [a@example.com]\n",
    );
    const exceptionsDir = join(dir, "exceptions");
    mkdirSync(exceptionsDir);
    writeFileSync(
      join(exceptionsDir, "live.yaml"),
      [
        "exceptions:",
        "  - control: GCS-8",
        "    stack: baseline-live",
        "    reason: Temporary single-region export bucket during the migration",
        "    owner: data-team",
        '    expires: "2020-01-31"',
        "",
      ].join("\n"),
    );
    const outdir = mkdtempSync(join(tmpdir(), "policy-out-"));
    const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
      cwd: join(__dirname, "..", ".."),
      env: {
        ...process.env,
        CDKTF_OUTDIR: outdir,
        BASELINE_CONFIG_DIR: dir,
        BASELINE_EXCEPTIONS_DIR: exceptionsDir,
        ENV: "",
      },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("GCS-8");
    expect(result.stderr).toContain("exception expired on 2020-01-31 (owner data-team");
    expect(result.stderr).toMatch(/policy check FAILED/);
    expect(existsSync(join(outdir, "stacks", "baseline-live", "compliance-report.md"))).toBe(true);
  });
});
