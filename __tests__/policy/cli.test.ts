import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../policy/cli";
import { checkSynthesizedApp } from "../../policy/synth-hook";
import { parseEnvironment } from "../../config/load";
import { clone, compliantStack, fixtureEnvironmentsDir, type StackJson } from "./fixtures";

const ROOT = join(__dirname, "..", "..");
const TODAY = "2026-06-01";

/** Writes stacks as `<dir>/stacks/<name>/cdk.tf.json` (cdktf's layout, metadata naming the stack); returns the directory. */
function outdir(stacks: Record<string, StackJson>): string {
  const dir = mkdtempSync(join(tmpdir(), "policy-cli-"));
  for (const [name, json] of Object.entries(stacks)) {
    const named = clone(json);
    (named["//"].metadata as Record<string, unknown>).stackName = name;
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(named));
  }
  return dir;
}

/** The environment the fixtures belong to: "test", production, project acme-test (the check trusts only this). */
const CONFIG_DIR = fixtureEnvironmentsDir(["test"], mkdtempSync(join(tmpdir(), "policy-config-")));
const ENVIRONMENTS = [parseEnvironment("test.yaml", readFileSync(join(CONFIG_DIR, "test.yaml"), "utf8"))];

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const withConfig =
    args.includes("--config") || args.length === 0 ? args : [...args, "--config", CONFIG_DIR];
  const code = main(withConfig, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, TODAY);
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

const NO_EXCEPTIONS = ["--exceptions", join(tmpdir(), "policy-no-exceptions")];

describe("policy CLI (npm run check / npm run report)", () => {
  let good: string;
  let bad: string;
  beforeAll(() => {
    good = outdir({ "baseline-test": compliantStack() });
    const violating = clone(compliantStack());
    violating.resource.google_storage_bucket.data.public_access_prevention = "inherited";
    violating.resource.upstash_redis_database.sessions.eviction = true;
    // A team's stack: the fixture without the Upstash team, which only the baseline creates (UPS-11).
    const team = clone(compliantStack());
    delete (team.resource as Record<string, unknown>).upstash_team;
    bad = outdir({ "baseline-test": violating, "payments-test": team });
  });

  it("exits 0 when no unsuppressed error exists, searching directories recursively", () => {
    const result = run([good, ...NO_EXCEPTIONS]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/policy check passed: 1 stack\(s\) \(pack baseline\), 0 error\(s\)/);
  });

  it("exits 1 on an error finding and prints control, stack, resource, construct path, problem and fix", () => {
    const result = run(["check", bad, ...NO_EXCEPTIONS]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      [
        "ERROR GCS-1 (Public access prevention enforced)",
        "  stack:    baseline-test",
        "  resource: google_storage_bucket.data",
        "  path:     baseline-test/data/resource",
        '  problem:  public_access_prevention is "inherited"',
        '  fix:      Set public_access_prevention = "enforced" (SecureBucket always does).',
      ].join("\n"),
    );
    expect(result.stdout).toMatch(/WARNING UPS-5/);
    expect(result.stdout).toMatch(/policy check FAILED: 2 stack\(s\) .* 1 error\(s\), 1 warning\(s\)/);
  });

  it("--format json prints findings, suppressed and summary", () => {
    const result = run([bad, "--format", "json", ...NO_EXCEPTIONS]);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(Object.keys(doc)).toEqual(["findings", "suppressed", "summary"]);
    expect(doc.findings[0]).toEqual({
      control: "GCS-1",
      stack: "baseline-test",
      resource: "google_storage_bucket.data",
      path: "baseline-test/data/resource",
      severity: "error",
      message: 'public_access_prevention is "inherited"',
    });
    expect(doc.summary).toEqual({
      stacks: 2,
      errors: 1,
      warnings: 1,
      suppressed: 0,
      unusedExceptions: 0,
      passed: false,
    });
  });

  it("applies the environment's exceptions file and lists waived findings", () => {
    const exceptions = mkdtempSync(join(tmpdir(), "policy-exceptions-"));
    writeFileSync(
      join(exceptions, "test.yaml"),
      `exceptions:\n  - control: GCS-1\n    resource: google_storage_bucket.data\n    reason: Public web assets reviewed in ticket SEC-7 by security.\n    owner: web-team\n    expires: "2026-11-27"\n`,
    );
    const result = run([bad, "--exceptions", exceptions, "--format", "json"]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.suppressed).toEqual([
      expect.objectContaining({
        control: "GCS-1",
        owner: "web-team",
        expires: "2026-11-27",
        reason: expect.stringMatching(/^Public web assets/),
      }),
    ]);
  });

  it.each([
    ["a missing path", ["does/not/exist"], "policy check: does/not/exist: no such file or directory"],
    ["a directory without stacks", [tmpdir() + "/policy-empty-" + process.pid], "no such file or directory"],
    ["no input", [], "policy check: no input: name cdk.tf.json files or directories"],
    ["an unknown pack", ["--pack", "pci", "x"], 'policy check: --pack: got "pci"; allowed: baseline, hipaa'],
    ["an unknown option", ["--fast", "x"], "policy check: unknown option --fast"],
  ])("exits 2 for %s with a clear message", (_name, args, message) => {
    const result = run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 for a file that is not JSON, or an invalid exceptions file", () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-broken-"));
    writeFileSync(join(dir, "cdk.tf.json"), "{ not json");
    expect(run([join(dir, "cdk.tf.json")]).stderr).toMatch(/cdk\.tf\.json: not valid JSON: /);
    const exceptions = mkdtempSync(join(tmpdir(), "policy-bad-exceptions-"));
    writeFileSync(join(exceptions, "test.yaml"), "exceptions:\n  - control: GCS-1\n");
    const result = run([good, "--exceptions", exceptions]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/invalid exceptions file:\n {2}- .*test\.yaml: exceptions\[0\]\.reason: /);
  });

  it("report writes controls.json and compliance-report.md next to each cdk.tf.json", () => {
    const dir = outdir({ "baseline-test": compliantStack() });
    const result = run(["report", dir, ...NO_EXCEPTIONS]);
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, "stacks/baseline-test/compliance-report.md"))).toBe(true);
    const doc = JSON.parse(readFileSync(join(dir, "stacks/baseline-test/controls.json"), "utf8"));
    expect(doc.controls.find((c: { id: string }) => c.id === "GCS-1").status).toBe("pass");
  });

  it("runs as a program, as `npm run check` does (exit code and JSON on stdout)", () => {
    const spawned = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "policy/cli.ts",
        "check",
        bad,
        "--format",
        "json",
        "--config",
        CONFIG_DIR,
        ...NO_EXCEPTIONS,
      ],
      {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(spawned.status).toBe(1);
    expect(JSON.parse(spawned.stdout).summary.errors).toBe(1);
  });
});

describe("post-synth hook (main.ts)", () => {
  it("checks every stack, writes its report and fails on an error", () => {
    const violating = clone(compliantStack());
    delete violating.resource.google_compute_network.vpc.auto_create_subnetworks;
    const dir = outdir({ "baseline-test": violating });
    const logged: string[] = [];
    const ok = checkSynthesizedApp(
      dir,
      { today: TODAY, exceptionsDir: NO_EXCEPTIONS[1], environments: ENVIRONMENTS },
      (t) => logged.push(t),
    );
    expect(ok).toBe(false);
    expect(logged.join("\n")).toContain("ERROR NET-1 (Custom-mode VPC)");
    expect(readFileSync(join(dir, "stacks/baseline-test/compliance-report.md"), "utf8")).toContain(
      "| NET-1 Custom-mode VPC | **FAIL** |",
    );
  });

  it("checks only the stacks this synthesis wrote (stale stack directories are ignored)", () => {
    const violating = clone(compliantStack());
    delete violating.resource.google_compute_network.vpc.auto_create_subnetworks;
    const dir = outdir({ "payments-test": violating, "baseline-test": compliantStack() });
    const options = { today: TODAY, exceptionsDir: NO_EXCEPTIONS[1], environments: ENVIRONMENTS };
    expect(checkSynthesizedApp(dir, { ...options, stacks: ["baseline-test"] }, () => undefined)).toBe(true);
    // payments-test stands for a stale directory of an earlier synthesis: checked only when not named.
    expect(checkSynthesizedApp(dir, options, () => undefined)).toBe(false);
  });

  it("passes a compliant app", () => {
    const dir = outdir({ "baseline-test": compliantStack() });
    expect(
      checkSynthesizedApp(
        dir,
        { today: TODAY, exceptionsDir: NO_EXCEPTIONS[1], environments: ENVIRONMENTS },
        () => undefined,
      ),
    ).toBe(true);
  });
});
