import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

type Update = {
  "package-ecosystem": string;
  directory: string;
  schedule: { interval: string };
  groups?: object;
};

describe(".github/dependabot.yml", () => {
  const config = parse(readFileSync(join(__dirname, "..", "..", ".github", "dependabot.yml"), "utf8")) as {
    version: number;
    updates: Update[];
  };

  it("updates npm packages and GitHub Actions weekly, in groups", () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => u["package-ecosystem"]).sort()).toEqual(["github-actions", "npm"]);
    for (const update of config.updates) {
      expect(update.directory).toBe("/");
      expect(update.schedule.interval).toBe("weekly");
      expect(Object.keys(update.groups ?? {}).length).toBeGreaterThan(0);
    }
  });
});
