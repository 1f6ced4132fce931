import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { failureLine } from "../../tools/cli-io";
import { shippedSynthDir } from "../support/shipped";

describe("failureLine (the one line verify, drill and terminate-customer end a failed run with)", () => {
  it("names bad input and unreachable APIs (exit code 2) by their message alone", () => {
    const badInput = Object.assign(new Error('<env>: got "Prod"; allowed: lowercase letters'), {
      exitCode: 2,
    });
    expect(failureLine("drill", badInput)).toBe('drill: <env>: got "Prod"; allowed: lowercase letters');
  });

  it("names anything else as unexpected, with its kind, and never a stack trace", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'items')");
    const line = failureLine("verify", bug);
    expect(line).toBe("verify: unexpected TypeError: Cannot read properties of undefined (reading 'items')");
    expect(line).not.toContain("\n");
    expect(failureLine("terminate-customer", "a thrown string")).toBe(
      "terminate-customer: unexpected error: a thrown string",
    );
  });
});

describe("runAsScript", () => {
  it("a command run without credentials prints one line, not google-auth-library's metadata warning", () => {
    const home = mkdtempSync(join(tmpdir(), "no-credentials-"));
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(GOOGLE_|GCLOUD_|CLOUDSDK_|UPSTASH_)/.test(k)),
    );
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", "tools/verify/cli.ts", "dev", "--synth-dir", shippedSynthDir()],
      {
        cwd: join(__dirname, "..", ".."),
        env: { ...env, HOME: home, CHECKPOINT_DISABLE: "1" },
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^verify: no Google credentials: /),
    ]);
  });
});
