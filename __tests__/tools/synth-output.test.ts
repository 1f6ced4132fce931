import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main as policyCli } from "../../policy/cli";
import { EXIT_BAD_INPUT, runCli as planDiffCli } from "../../tools/plan-diff/cli";
import { mixedFormatProblem, removeOrphanStacks, removeOtherFormat } from "../../tools/synth-output";
import { compliantStack } from "../policy/fixtures";

const ROOT = join(__dirname, "..", "..");

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** An output directory whose stacks hold the given files (name -> content). */
function outdir(stacks: Record<string, Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), "synth-output-"));
  dirs.push(dir);
  for (const [stack, files] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", stack), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "stacks", stack, name), text);
  }
  return dir;
}

const JSON_STACK = JSON.stringify(compliantStack());
const HCL_STACK = 'terraform {\n  backend "local" {}\n}\n';

describe("removeOtherFormat", () => {
  it("after a JSON synthesis removes each written stack's cdk.tf, and only that", () => {
    const dir = outdir({
      a: { "cdk.tf.json": JSON_STACK, "cdk.tf": HCL_STACK, "compliance-report.md": "r" },
      b: { "cdk.tf.json": JSON_STACK },
      other: { "cdk.tf.json": JSON_STACK, "cdk.tf": HCL_STACK },
    });
    expect(removeOtherFormat(dir, ["a", "b"], false)).toEqual([join(dir, "stacks", "a", "cdk.tf")]);
    expect(existsSync(join(dir, "stacks", "a", "cdk.tf.json"))).toBe(true);
    expect(existsSync(join(dir, "stacks", "a", "compliance-report.md"))).toBe(true);
    // A stack the app did not write is the CLI's to remove, not ours.
    expect(existsSync(join(dir, "stacks", "other", "cdk.tf"))).toBe(true);
  });

  it("after an HCL synthesis removes cdk.tf.json", () => {
    const dir = outdir({ a: { "cdk.tf.json": JSON_STACK, "cdk.tf": HCL_STACK } });
    removeOtherFormat(dir, ["a"], true);
    expect(existsSync(join(dir, "stacks", "a", "cdk.tf.json"))).toBe(false);
    expect(existsSync(join(dir, "stacks", "a", "cdk.tf"))).toBe(true);
  });
});

describe("removeOrphanStacks (npm run synth runs the app directly, so it cleans up as cdktf synth does)", () => {
  it("removes stack directories this synthesis did not write, and nothing else", () => {
    const dir = outdir({
      "baseline-dev": { "cdk.tf.json": JSON_STACK },
      "baseline-prod": { "cdk.tf.json": JSON_STACK },
    });
    writeFileSync(join(dir, "manifest.json"), "{}");
    expect(removeOrphanStacks(dir, ["baseline-dev"])).toEqual([join(dir, "stacks", "baseline-prod")]);
    expect(existsSync(join(dir, "stacks", "baseline-dev", "cdk.tf.json"))).toBe(true);
    expect(existsSync(join(dir, "stacks", "baseline-prod"))).toBe(false);
    expect(existsSync(join(dir, "manifest.json"))).toBe(true);
  });

  it("does nothing when the output has no stacks directory yet", () => {
    const dir = mkdtempSync(join(tmpdir(), "synth-output-"));
    dirs.push(dir);
    expect(removeOrphanStacks(dir, ["a"])).toEqual([]);
  });
});

describe("a stack directory holding both formats is refused", () => {
  let mixed: string;
  beforeAll(() => {
    mixed = outdir({ "baseline-test": { "cdk.tf.json": JSON_STACK, "cdk.tf": HCL_STACK } });
  });

  it("mixedFormatProblem names the directory and what to do; none for one format", () => {
    expect(mixedFormatProblem(join(mixed, "stacks", "baseline-test"), "x")).toBe(
      "x: holds both cdk.tf.json and cdk.tf, so one of them is stale from an earlier synthesis in the other format; synthesize again (npm run synth, or npx cdktf synth --hcl) and retry",
    );
    const single = outdir({ s: { "cdk.tf.json": JSON_STACK } });
    expect(mixedFormatProblem(join(single, "stacks", "s"))).toBeUndefined();
  });

  it.each([
    ["the output directory", (dir: string) => dir],
    ["the stack file itself", (dir: string) => join(dir, "stacks", "baseline-test", "cdk.tf.json")],
  ])("npm run check exits 2 when given %s", (_what, input) => {
    const err: string[] = [];
    const code = policyCli([input(mixed)], { stdout: () => undefined, stderr: (t) => err.push(t) });
    expect(code).toBe(2);
    expect(err.join("\n")).toMatch(/baseline-test: holds both cdk\.tf\.json and cdk\.tf \(one is stale/);
  });

  it("npm run diff exits 2 when either side holds both", () => {
    const clean = outdir({ "baseline-test": { "cdk.tf.json": JSON_STACK } });
    let stderr = "";
    const code = planDiffCli([clean, mixed], {
      cwd: ROOT,
      env: process.env,
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toContain("stacks/baseline-test: holds both cdk.tf.json and cdk.tf");
  });
});
