import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONTROLS } from "../../policy/controls";

const ROOT = join(__dirname, "..", "..");

describe("references generated from code", () => {
  it("config/README.md and docs/controls.md are what `npm run docs` writes (no drift)", () => {
    // A subprocess: Prettier formats the output, and its dynamic imports do not run inside jest's VM.
    const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/generate-docs.ts", "--check"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("the environment reference documents every field, including nested list fields, with real defaults", () => {
    const reference = readFileSync(join(ROOT, "config", "README.md"), "utf8");
    for (const field of [
      "`name`",
      "`secrets.rotationDays`",
      "`redis.databases[].purpose`",
      "`notifications.emails`",
    ]) {
      expect(reference).toContain(field);
    }
    // secrets.rotationDays defaults to 90 (the hand-written table once said "none").
    expect(reference).toMatch(/`secrets\.rotationDays`\s*\|\s*integer\s*\|\s*`90`/);
  });

  it("the control catalogue lists every control and quotes its source documents instead of citing files", () => {
    const catalogue = readFileSync(join(ROOT, "docs", "controls.md"), "utf8");
    for (const control of CONTROLS) expect(catalogue).toContain(`### ${control.id}: `);
    expect(catalogue).not.toMatch(/CONTROLS\.md|seed line|\b00[02]:\d+/);
  });
});
