import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { App, TerraformStack } from "cdktf";
import { parseEnvironment } from "../../config/load";
import { checkStack } from "../../policy/check";
import { recordEnvironmentPolicy } from "../../policy/record";
import { trustedCheckOptions, trustedStack } from "../../policy/trust";
import { addEnvironmentStacks } from "../../stacks/environment-stacks";
import { validEnvironment } from "../support/environment-arbitrary";
import { constructInputs } from "../support/construct-arbitrary";
import { constructTeam } from "../support/construct-team";
import type { TeamDefinition } from "../../stacks/team-stack";
import { applyAspects } from "../support/aspects";

const OUTDIR = mkdtempSync(join(tmpdir(), "fuzz-synth-"));
afterAll(() => rmSync(OUTDIR, { recursive: true, force: true }));

/** Each case synthesizes an environment's stacks, so far fewer cases than the parse-only properties. */
const SYNTH_RUNS = 12;
/**
 * Each construct case is a team stack of about 150 resources; an environment holds TEAMS_PER_RUN of them, so
 * the baseline under them is built once per run: 12 cases in 4 environments.
 */
const CONSTRUCT_RUNS = 4;
const TEAMS_PER_RUN = 3;
const TEAM_NAMES = ["gen-a", "gen-b", "gen-c"];

/**
 * The policy findings (errors and warnings) of the stacks of one environment, with `teams` added;
 * `onlyStacks` narrows the check to the stacks of those names.
 */
function findingsOf(input: unknown, teams: readonly TeamDefinition[] = [], onlyStacks?: string[]): string[] {
  const environment = parseEnvironment("fuzz.json", JSON.stringify(input));
  // Stacks are checked in memory; the App only needs somewhere to put its (unwritten) output.
  const app = new App({ outdir: OUTDIR });
  recordEnvironmentPolicy(addEnvironmentStacks(app, environment, teams), environment);
  return app.node.children
    .filter((c): c is TerraformStack => c instanceof TerraformStack)
    .filter((stack) => !onlyStacks || onlyStacks.includes(stack.node.id))
    .flatMap((stack) => {
      applyAspects(stack);
      const json = JSON.parse(JSON.stringify(stack.toTerraform())) as Record<string, unknown>;
      // Checked as `npm run synth` checks it: with the kit's decision from the configuration (POL-2, IAM-1).
      const trusted = trustedStack(stack.node.id, [environment]);
      if (typeof trusted === "string") throw new Error(trusted);
      const report = checkStack(json, {
        file: stack.node.id,
        today: "2026-11-23",
        ...trustedCheckOptions(stack.node.id, trusted),
      });
      return report.findings.map((f) => `${f.control} ${f.stack} ${f.resource}: ${f.message}`);
    });
}

describe("config fuzzing through synthesis and the policy check", () => {
  it(`every generated valid environment synthesizes with zero policy findings (${SYNTH_RUNS} cases)`, () => {
    fc.assert(
      fc.property(validEnvironment, (env) => {
        expect(findingsOf(env)).toEqual([]);
      }),
      { numRuns: SYNTH_RUNS },
    );
  });
});

/** A fixed environment for the construct agreement: the constructs vary, the environment is the context. */
const CONSTRUCT_ENVIRONMENT = {
  name: "fuzz",
  projectId: "acme-fuzz",
  region: "europe-west1",
  notifications: {
    emails: ["alerts@example.com"],
    pagerduty: { serviceKeySecret: { secretId: "pagerduty-service-key" } },
  },
};

describe("construct fuzzing through synthesis and the policy check", () => {
  it(`any props the constructs accept (key, bucket, secret, network, postgres) synthesize with zero findings (${CONSTRUCT_RUNS * TEAMS_PER_RUN} cases)`, () => {
    const teamsOfOneEnvironment = fc
      .tuple(fc.boolean(), fc.array(constructInputs, { minLength: TEAMS_PER_RUN, maxLength: TEAMS_PER_RUN }))
      // The environment decides production for every team in it (HSM keys, REGIONAL databases).
      .map(([production, inputs]) => inputs.map((input) => ({ ...input, production })));
    fc.assert(
      fc.property(teamsOfOneEnvironment, (inputs) => {
        const environment = inputs[0].production
          ? {
              ...CONSTRUCT_ENVIRONMENT,
              production: true,
              kms: { protectionLevel: "HSM" },
              logging: { locked: true },
              monitoring: { uptimeChecks: [{ name: "app", url: "https://app.example.com/healthz" }] },
            }
          : CONSTRUCT_ENVIRONMENT;
        const teams = inputs.map((input, i) => constructTeam(input, TEAM_NAMES[i]));
        expect(
          findingsOf(
            environment,
            teams,
            TEAM_NAMES.map((team) => `${team}-fuzz`),
          ),
        ).toEqual([]);
      }),
      { numRuns: CONSTRUCT_RUNS },
    );
  });
});
