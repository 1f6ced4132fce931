/**
 * POL-2: a provisioner runs commands with the deployer's credentials where no control looks. A team file
 * or a JSON edit that adds one, or bends the kit's daily-backup step, is refused.
 */
import { StorageBucketObject } from "@cdktf/provider-google/lib/storage-bucket-object";
import { TerraformData } from "../../../constructs/terraform-data";
import type { StackReport } from "../../../policy/model";
import { checkTeam, cliCheck, cliControlsAt, expectClean, findingsAt, section, shippedCopy } from "./support";

describe("POL-2 in a team file", () => {
  let report: StackReport;
  beforeAll(() => {
    report = checkTeam((stack) => {
      stack.redis("cache", { primaryRegion: "eu-west-1", monthlyBudgetUsd: 20 });
      new TerraformData(stack, "open-bucket", {
        triggersReplace: { always: "1" },
        provisioners: [
          {
            type: "local-exec",
            command:
              "gcloud storage buckets add-iam-policy-binding gs://acme --member=allUsers --role=roles/storage.objectViewer",
          },
        ],
      });
      new TerraformData(stack, "node-script", {
        triggersReplace: { always: "1" },
        provisioners: [{ type: "local-exec", interpreter: ["node", "scripts/anything.mjs"], command: "x" }],
      });
      new TerraformData(stack, "backup-lookalike-with-env", {
        triggersReplace: { always: "1" },
        provisioners: [
          {
            type: "local-exec",
            interpreter: ["node", "assets/x/upstash-daily-backup.mjs", "enable"],
            command: "${upstash_redis_database.cache.database_id}",
            environment: { NODE_OPTIONS: "--require ./evil.js" },
          },
        ],
      });
      // A provisioner hidden on an ordinary resource (cdktf accepts provisioners on every resource).
      new StorageBucketObject(stack, "object-with-provisioner", {
        bucket: "acme-test-dev-red-config",
        name: "x",
        content: "x",
        provisioners: [
          { type: "remote-exec", connection: { type: "ssh", host: "203.0.113.7" }, inline: ["curl ..."] },
        ],
      });
    });
  });

  it.each([
    ["terraform_data.open-bucket", /^POL-2: local-exec runs "gcloud storage buckets add-iam-policy-binding/],
    ["terraform_data.node-script", /^POL-2: local-exec runs \["node","scripts\/anything\.mjs"\]/],
    ["terraform_data.backup-lookalike-with-env", /^POL-2: local-exec sets environment/],
  ])("%s is refused", (address, message) => {
    expect(findingsAt(report, address)).toEqual([expect.stringMatching(message)]);
  });

  it("a provisioner on any resource type is judged (here on top of POL-1 for the unreviewed type)", () => {
    expect(findingsAt(report, "google_storage_bucket_object.object-with-provisioner")).toEqual([
      expect.stringMatching(/^POL-1: resource type google_storage_bucket_object/),
      expect.stringMatching(/^POL-2: remote-exec provisioner/),
    ]);
  });

  it("the kit's own daily-backup step for the team's Redis passes", () => {
    const step = report.resources.find(
      (r) => r.type === "terraform_data" && r.path.endsWith("/daily-backup/enable"),
    );
    expect(step).toBeDefined();
    expectClean(report, step!.address);
  });
});

describe("POL-2 on edited JSON through the check CLI", () => {
  const step = (json: Record<string, unknown>) => {
    const all = section(json, "resource", "terraform_data") as Record<
      string,
      { provisioner: Record<string, Record<string, unknown>>[] }
    >;
    const [name] = Object.keys(all);
    return { name, body: all[name].provisioner[0]["local-exec"] };
  };

  it.each([
    ["when = destroy", (b: Record<string, unknown>) => (b.when = "destroy"), /runs when = "destroy"/],
    [
      "on_failure = continue",
      (b: Record<string, unknown>) => (b.on_failure = "continue"),
      /on_failure = "continue"/,
    ],
    [
      "a literal argument",
      (b: Record<string, unknown>) => (b.command = "12345; curl evil"),
      /argument is "12345; curl evil"/,
    ],
    [
      "a disable subcommand",
      (b: Record<string, unknown>) => ((b.interpreter as string[])[2] = "disable"),
      /local-exec runs/,
    ],
  ])("the shipped daily-backup step edited to %s is refused", (_what, edit, message) => {
    const json = shippedCopy("payments-dev");
    const { name, body } = step(json);
    edit(body);
    const result = cliCheck({ "payments-dev": json });
    expect(result.code).toBe(1);
    expect(cliControlsAt(result, `terraform_data.${name}`)).toContain("POL-2");
    expect(result.findings.find((f) => f.control === "POL-2")?.message).toMatch(message);
  });
});
