import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Loads config/launch.ts afresh with the given environment, as main.ts does when it starts. */
function launchWith(env: Record<string, string>): typeof import("../../config/launch") {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let module!: typeof import("../../config/launch");
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      module = require("../../config/launch");
    });
    return module;
  } finally {
    process.env = saved;
  }
}

describe("config/launch: what the check trusts is fixed before team code runs", () => {
  const configDir = mkdtempSync(join(tmpdir(), "launch-config-"));
  const exceptionsDir = mkdtempSync(join(tmpdir(), "launch-exceptions-"));
  writeFileSync(join(configDir, "dev.yaml"), "name: dev\n");
  writeFileSync(join(exceptionsDir, "dev.yaml"), "exceptions: []\n");

  it("keeps the directories named at launch even when process.env changes later", () => {
    const launch = launchWith({ BASELINE_CONFIG_DIR: configDir, BASELINE_EXCEPTIONS_DIR: exceptionsDir });
    process.env.BASELINE_EXCEPTIONS_DIR = "/somewhere/else";
    try {
      expect(launch.LAUNCH.exceptionsDir).toBe(exceptionsDir);
      expect(launch.changedSinceLaunch()).toEqual([]);
    } finally {
      delete process.env.BASELINE_EXCEPTIONS_DIR;
    }
  });

  it("notices an exceptions or environment file written after launch (a team file waiving its own finding)", () => {
    const launch = launchWith({ BASELINE_CONFIG_DIR: configDir, BASELINE_EXCEPTIONS_DIR: exceptionsDir });
    writeFileSync(
      join(exceptionsDir, "dev.yaml"),
      "exceptions:\n  - { control: GCS-1, stack: payments-dev, reason: x, owner: y, expires: '2027-01-01' }\n",
    );
    expect(launch.changedSinceLaunch()).toEqual([exceptionsDir]);
    writeFileSync(join(configDir, "uat.yaml"), "name: uat\n");
    expect(launch.changedSinceLaunch()).toEqual([configDir, exceptionsDir]);
  });

  it("fingerprints names and contents, and an absent directory as empty", () => {
    const { directoryFingerprint } = launchWith({});
    const dir = mkdtempSync(join(tmpdir(), "launch-fp-"));
    const empty = directoryFingerprint(dir);
    writeFileSync(join(dir, "a.yaml"), "1");
    const one = directoryFingerprint(dir);
    writeFileSync(join(dir, "a.yaml"), "2");
    expect(new Set([empty, one, directoryFingerprint(dir)]).size).toBe(3);
    expect(directoryFingerprint(join(dir, "missing"))).toBe("");
  });
});
