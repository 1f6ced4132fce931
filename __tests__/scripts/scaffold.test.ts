import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseEnvironment } from "../../config/load";
import { checkStack } from "../../policy/check";
import type { EnvironmentConfig } from "../../config/schema/environment";
import { trustedCheckOptions, trustedStack } from "../../policy/trust";
import { recordEnvironmentPolicy } from "../../policy/record";
import { addEnvironmentStacks } from "../../stacks/environment-stacks";
import type { TeamDefinition } from "../../stacks/team-stack";
import { environmentFileSource, environmentNameProblem } from "../../scripts/scaffold/environment";
import {
  builderName,
  registerTeam,
  registeredTeams,
  teamFileSource,
  teamNameProblem,
} from "../../scripts/scaffold/team";
import { synthApp } from "../support/synth";

const ROOT = join(__dirname, "..", "..");

/** The kit's decision about a stack, as `npm run synth` passes it to the check (POL-2, IAM-1). */
function trusted(name: string, environment: EnvironmentConfig) {
  const decision = trustedStack(name, [environment]);
  if (typeof decision === "string") throw new Error(decision);
  return trustedCheckOptions(name, decision);
}
const TODAY = "2026-12-02";

/** Loads a generated team file as a module (imports resolved against this repository). */
function loadTeam(team: string): TeamDefinition {
  const file = join(mkdtempSync(join(tmpdir(), "team-")), `${team}.ts`);
  writeFileSync(file, teamFileSource(team, ROOT));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(file) as Record<string, TeamDefinition["build"]>;
  return { team, build: module[builderName(team)] };
}

describe("npm run new:team", () => {
  it("refuses names the TeamStack refuses, reserved names and existing teams, naming what is allowed", () => {
    expect(teamNameProblem("Data", [])).toMatch(/got "Data"; allowed: 2-20 lowercase/);
    expect(teamNameProblem("a", [])).toMatch(/got "a"/);
    expect(teamNameProblem("baseline", [])).toMatch(/kit's own stacks/);
    expect(teamNameProblem("payments", ["payments"])).toMatch(/already exists/);
    expect(teamNameProblem("data-science", ["payments"])).toBeUndefined();
  });

  it("registers the team after the existing ones and imports its builder", () => {
    const index = `import type { TeamDefinition } from "../stacks/team-stack";
import { paymentsTeam } from "./payments";

/** Every team. */
export const TEAMS: readonly TeamDefinition[] = [{ team: "payments", build: paymentsTeam }];
`;
    const updated = registerTeam(index, "data-science");
    expect(updated).toContain('import { dataScienceTeam } from "./data-science";');
    expect(registeredTeams(updated)).toEqual(["payments", "data-science"]);
    expect(updated).toContain("/** Every team. */\nexport const TEAMS");
    expect(registeredTeams(registerTeam(updated, "ml"))).toEqual(["payments", "data-science", "ml"]);
  });

  it("writes a team whose stack synthesizes with zero policy findings", () => {
    const team = loadTeam("analytics");
    const environment = parseEnvironment("dev.yaml", environmentFileSource({ name: "dev" }));
    const stacks = synthApp((app) =>
      recordEnvironmentPolicy(addEnvironmentStacks(app, environment, [team]), environment),
    );
    const json = stacks["analytics-dev"];
    expect(Object.keys(json.resource ?? {})).toEqual(
      expect.arrayContaining(["google_storage_bucket", "google_secret_manager_secret"]),
    );
    expect(checkStack(json, { file: "analytics-dev", today: TODAY }).findings).toEqual([]);
  });
});

describe("npm run new:env", () => {
  it("writes a file the schema accepts, with the placeholder project and the options given", () => {
    const env = parseEnvironment("uat.yaml", environmentFileSource({ name: "uat" }));
    expect(env).toMatchObject({ name: "uat", projectId: "replace-me-uat", production: false });
    const prod = parseEnvironment(
      "live.yaml",
      environmentFileSource({ name: "live", projectId: "acme-live-1", region: "us-east1", production: true }),
    );
    expect(prod).toMatchObject({ projectId: "acme-live-1", region: "us-east1", production: true });
  });

  it("refuses file names that are not plain names, and existing environments", () => {
    expect(environmentNameProblem("../x", [])).toMatch(/got "\.\.\/x"; allowed/);
    expect(environmentNameProblem("dev", ["dev"])).toMatch(/already exists/);
    expect(environmentNameProblem("uat", ["dev"])).toBeUndefined();
  });

  it.each([false, true])(
    "a new environment (production: %s) synthesizes with zero policy findings",
    (production) => {
      const environment = parseEnvironment("uat.yaml", environmentFileSource({ name: "uat", production }));
      const stacks = synthApp((app) =>
        recordEnvironmentPolicy(addEnvironmentStacks(app, environment, []), environment),
      );
      const findings = Object.entries(stacks).flatMap(([name, json]) =>
        checkStack(json, { file: name, today: TODAY, ...trusted(name, environment) }).findings.map(
          (f) => `${f.control} ${f.resource}: ${f.message}`,
        ),
      );
      expect(Object.keys(stacks).sort()).toEqual(["baseline-uat", "bootstrap-uat"]);
      expect(findings).toEqual([]);
    },
  );
});
