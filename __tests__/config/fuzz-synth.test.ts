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
/** Each construct case builds a team stack of about 150 resources on top of an environment. */
const CONSTRUCT_RUNS = 10;

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
  it(`any props the constructs accept (key, bucket, secret, network, postgres) synthesize with zero findings (${CONSTRUCT_RUNS} cases)`, () => {
    fc.assert(
      fc.property(constructInputs, (input) => {
        const environment = input.production
          ? {
              ...CONSTRUCT_ENVIRONMENT,
              production: true,
              kms: { protectionLevel: "HSM" },
              logging: { locked: true },
              monitoring: { uptimeChecks: [{ name: "app", url: "https://app.example.com/healthz" }] },
            }
          : CONSTRUCT_ENVIRONMENT;
        expect(findingsOf(environment, [constructTeam(input)], ["generated-fuzz"])).toEqual([]);
      }),
      { numRuns: CONSTRUCT_RUNS },
    );
  });
});
