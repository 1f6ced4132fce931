import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

/** Environment variables the kit's own code reads (not tests, not generated bindings). */
function variablesRead(): string[] {
  const out = execFileSync(
    "git",
    [
      "grep",
      "-ohE",
      String.raw`(process\.)?env(\.[A-Z][A-Z0-9_]{2,}|\["[A-Z][A-Z0-9_]{2,}"\])`,
      "--",
      "*.ts",
      "*.mjs",
      ":(exclude).gen",
      ":(exclude)__tests__",
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  return (
    [
      ...new Set(
        out
          .split("\n")
          .map((m) => /[A-Z][A-Z0-9_]{2,}/.exec(m)?.[0])
          .filter((v): v is string => !!v),
      ),
    ]
      // Set by the machine or by cdktf for the app, not by a user.
      .filter((v) => !["TMPDIR", "PATH", "HOME", "CI", "GITHUB_STEP_SUMMARY"].includes(v))
      .sort()
  );
}

describe("documentation", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");

  it("the README documents every environment variable the kit reads", () => {
    const variables = variablesRead();
    expect(variables).toEqual(expect.arrayContaining(["ENV", "BASELINE_CONFIG_DIR", "UPSTASH_API_KEY"]));
    const section = readme.slice(readme.indexOf("## Environment variables"));
    expect(variables.filter((v) => !section.includes(`\`${v}\``))).toEqual([]);
  });

  it("no file of the repository points at files its users do not have", () => {
    let hits = "";
    try {
      hits = execFileSync(
        "git",
        ["grep", "-lE", String.raw`\.\./shared/|CONTROLS\.md`, "--", ".", ":(exclude)__tests__/docs.test.ts"],
        { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
      );
    } catch {
      // git grep exits 1 when nothing matches.
    }
    expect(hits).toBe("");
  });
});
