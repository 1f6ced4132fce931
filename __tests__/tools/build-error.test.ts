import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeBuildError, userLocation } from "../../tools/build-error";

const ROOT = join(__dirname, "..", "..");

describe("errors thrown while building stacks", () => {
  it("point at the first frame outside the kit's code, relative to the project root", () => {
    const stack = [
      "InvalidPropError: EncryptedSecret: setValueFrom(value): got ...",
      "    at EncryptedSecret.setValueFrom (/repo/constructs/secrets/encrypted-secret.ts:166:13)",
      "    at Object.analyticsTeam (/repo/teams/analytics.ts:7:7)",
      "    at <anonymous> (/repo/stacks/environment-stacks.ts:26:9)",
      "    at main (/repo/main.ts:31:29)",
    ].join("\n");
    expect(userLocation(stack, "/repo")).toBe("teams/analytics.ts:7:7");
    expect(
      userLocation(stack.replace("/repo/teams/analytics.ts:7:7", "/repo/stacks/x.ts:1:1"), "/repo"),
    ).toBe(undefined);
  });

  it("print the message, the kit's hint instead of cdktf's advice to skip validation, and no stack trace", () => {
    const err = new Error(
      "Validation failed with the following errors:\n  [analytics-dev] Found resources without a matching provider construct. Please make sure to add provider constructs [e.g. new RandomProvider(...)] to your stack 'analytics-dev' for the following providers: upstash\n\nIf you wish to ignore these validations, pass 'skipValidation: true' to your App configuration.",
    );
    const text = describeBuildError(err, ROOT);
    expect(text).toMatch(/^Synthesis stopped/);
    expect(text).toContain("hint: An Upstash resource needs the kit's Upstash provider");
    expect(text).toContain('stack.redis("<purpose>"');
    expect(text).not.toContain("skipValidation");
    expect(text).not.toMatch(/^\s+at /m);
  });

  it("name the right line of a team file with source maps and token stacks off during synthesis (as main.ts runs)", () => {
    const dir = mkdtempSync(join(tmpdir(), "build-error-"));
    mkdirSync(join(dir, "teams"));
    writeFileSync(
      join(dir, "teams", "analytics.ts"),
      [
        `import { requireMatch } from ${JSON.stringify(join(ROOT, "constructs", "errors"))};`,
        "",
        "/** A team file whose fourth line passes a bad value to the kit. */",
        "export function analyticsTeam(): void {",
        '  requireMatch("TeamStack.bucket", "purpose", "Not A Name", /^[a-z-]+$/, "must be lowercase letters or \'-\'");',
        "}",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "entry.ts"),
      [
        `import { describeBuildError } from ${JSON.stringify(join(ROOT, "tools", "build-error"))};`,
        `import { skipTokenStackTraces } from ${JSON.stringify(join(ROOT, "tools", "token-stack-traces"))};`,
        'import { analyticsTeam } from "./teams/analytics";',
        "process.setSourceMapsEnabled(false);",
        "const restoreStackTraces = skipTokenStackTraces();",
        "try {",
        "  analyticsTeam();",
        "} catch (err) {",
        "  restoreStackTraces();",
        "  console.error(describeBuildError(err, __dirname));",
        "  process.exit(1);",
        "}",
      ].join("\n"),
    );
    const result = spawnSync(process.execPath, ["--import", "tsx", join(dir, "entry.ts")], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Synthesis stopped at teams/analytics.ts:5:3:");
    expect(result.stderr).toContain('TeamStack.bucket: purpose: got "Not A Name"; must be lowercase');
    expect(result.stderr.split("\n").length).toBeLessThan(6);
  });
});
