/**
 * Adversarial: trust. The check believes only the validated configuration and the stack's name: forged
 * `//` metadata is a finding, exceptions never come from outside the exceptions directory, every exception
 * (file or `suppress()`) is capped in time, counted once, and reported when it matches nothing. Opt-outs the
 * configuration offers carry an owner and an expiry and appear as exceptions.
 */
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Aspects, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { ConfigError } from "../../../config/errors";
import { parseEnvironment } from "../../../config/load";
import { addDays, loadEnvironmentExceptions } from "../../../policy/exceptions";
import type { StackReport } from "../../../policy/model";
import { recordEnvironmentPolicy } from "../../../policy/record";
import { checkFiles, findStackFiles } from "../../../policy/run";
import { suppress } from "../../../policy/suppress";
import { addEnvironmentStacks } from "../../../stacks/environment-stacks";
import {
  TODAY,
  checkEdited,
  cli,
  first,
  lines,
  shipped,
  synthTeams,
  writeStacks,
  type TeamCase,
} from "./support";

type Json = Record<string, unknown>;
const ROOT = join(__dirname, "..", "..", "..");

/** An Aspect a team could add to its stack: rewrites the stack's policy metadata. */
class ForgePolicy implements IAspect {
  constructor(private readonly patch: Record<string, unknown>) {}
  visit(node: IConstruct): void {
    if (node instanceof TerraformStack)
      for (const [k, v] of Object.entries(this.patch)) node.addOverride(`//.policy.${k}`, v);
  }
}

function exceptionsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "adversarial-exceptions-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function entry(fields: Record<string, string>): string {
  return `  - ${Object.entries(fields)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join("\n    ")}\n`;
}

const REASON = "Reviewed by the security team in ticket SEC-1234 for this release";

const TEAM_CASES: (TeamCase & { check: (report: StackReport) => void })[] = [
  {
    team: "tr-env-path",
    build: (stack) => {
      stack.bucket("files").resource.addOverride("public_access_prevention", "inherited");
      Aspects.of(stack).add(new ForgePolicy({ environment: "../../teams/x" }));
    },
    check: (report) => {
      expect(lines(report.findings)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^POL-2 \(stack\): \/\/\.policy\.environment says "\.\.\/\.\.\/teams\/x" but the configuration decides "redteam"/,
          ),
          expect.stringMatching(/^GCS-1 google_storage_bucket\./),
        ]),
      );
      expect(report.settings.environment).toBe("redteam");
    },
  },
  {
    team: "tr-role",
    build: (stack) => Aspects.of(stack).add(new ForgePolicy({ role: "bootstrap", production: false })),
    check: (report) => {
      expect(lines(report.findings)).toContain(
        'POL-2 (stack): //.policy.role says "bootstrap" but the configuration decides "workload"',
      );
      expect(report.settings.role).toBe("workload");
    },
  },
  {
    team: "tr-name",
    build: (stack) => stack.addOverride("//.metadata.stackName", "baseline-redteam"),
    check: (report) =>
      expect(lines(report.findings)).toContain(
        'POL-2 (stack): //.metadata.stackName says "baseline-redteam" but the stack is "tr-name-redteam"',
      ),
  },
  {
    team: "tr-waive-pol2",
    build: (stack) => {
      Aspects.of(stack).add(new ForgePolicy({ production: true }));
      // What an Aspect could also write: a suppression of the tampering finding itself.
      stack.addOverride("//.suppressions", [
        { control: "POL-2", reason: REASON, owner: "red-team", expires: addDays(TODAY, 30) },
      ]);
    },
    check: (report) => {
      expect(lines(report.findings)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^POL-2 \(stack\): \/\/\.policy\.production says true/),
          expect.stringMatching(
            /^POL-2 \(stack\): suppression at \(stack\): control: got "POL-2"; cannot be waived/,
          ),
        ]),
      );
      expect(report.suppressed).toEqual([]);
    },
  },
  {
    team: "tr-far-expiry",
    build: (stack) => {
      const bucket = stack.bucket("files");
      bucket.resource.addOverride("public_access_prevention", "inherited");
      suppress(bucket, "GCS-1", { reason: REASON, owner: "red-team", expires: "2099-12-31" });
    },
    check: (report) => {
      const gcs1 = lines(report.findings.filter((f) => f.control === "GCS-1"));
      expect(gcs1).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/exception expires 2099-12-31, later than .* \(at most 180 days from today/),
          expect.stringMatching(/public_access_prevention is "inherited"/),
        ]),
      );
      expect(gcs1.filter((l) => l.includes("2099-12-31"))).toHaveLength(1);
      expect(report.suppressed).toEqual([]);
    },
  },
  {
    team: "tr-expired",
    build: (stack) => {
      // Copied onto every resource under the bucket construct (bucket, IAM, ...): still one finding.
      suppress(stack.bucket("files"), "GCS-8", { reason: REASON, owner: "red-team", expires: "2020-01-31" });
    },
    check: (report) =>
      expect(lines(report.findings).filter((l) => l.includes("expired on 2020-01-31"))).toHaveLength(1),
  },
  {
    team: "tr-unused",
    build: (stack) =>
      suppress(stack.bucket("files"), "UPS-5", {
        reason: REASON,
        owner: "red-team",
        expires: addDays(TODAY, 30),
      }),
    check: (report) => {
      expect(report.unusedExceptions.map((e) => `${e.control} ${e.source.split(" at ")[0]}`)).toEqual([
        "UPS-5 suppress()",
      ]);
      expect(report.findings).toEqual([]);
    },
  },
];

describe("adversarial: trust (team files through the app)", () => {
  let reports: Map<string, StackReport>;
  beforeAll(() => {
    reports = synthTeams(TEAM_CASES);
  });

  it.each(TEAM_CASES.map((c) => [c.team, c] as const))("%s", (_team, c) => c.check(reports.get(c.team)!));
});

describe("adversarial: trust (edited JSON and exceptions through the CLI)", () => {
  it("a production stack marked non-production is still judged as production (SQL-11) and POL-2 says so", () => {
    const result = checkEdited("baseline-prod", (j) => {
      ((j["//"] as Json).policy as Json).production = false;
      const settings = first(j, "google_sql_database_instance").settings as Json;
      settings.availability_type = "ZONAL";
    });
    expect(result.findings.map((f) => `${f.control}: ${f.message}`)).toEqual(
      expect.arrayContaining([
        "//.policy.production says false but the configuration decides true".replace(/^/, "POL-2: "),
        expect.stringMatching(/^SQL-11: settings\.availability_type is "ZONAL" in a production environment/),
      ]),
    );
  });

  it("a baseline stack relabelled workload still gets the project-wide controls (LOG-1)", () => {
    const result = checkEdited("baseline-dev", (j) => {
      ((j["//"] as Json).policy as Json).role = "workload";
      delete (j.resource as Json).google_project_iam_audit_config;
    });
    expect(result.findings.map((f) => f.control)).toEqual(expect.arrayContaining(["POL-2", "LOG-1"]));
  });

  it("a stack whose name maps to no configured environment is an input error, not a default", () => {
    const result = cli([writeStacks({ "payments-nowhere": shipped("payments-dev") })]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/stack "payments-nowhere" belongs to no configured environment/);
  });

  it("the stack's name is its directory: a copy of a dev stack under baseline-dev's name is judged as baseline", () => {
    const result = cli([writeStacks({ "baseline-dev": shipped("payments-dev") })]);
    expect(result.findings.map((f) => f.control)).toEqual(expect.arrayContaining(["POL-2", "LOG-1"]));
  });

  it("a file exception expiring beyond the cap is a finding and waives nothing", () => {
    const dir = exceptionsDir({
      "dev.yaml": `exceptions:\n${entry({ control: "GCS-8", stack: "payments-dev", reason: REASON, owner: "red-team", expires: "2099-01-01" })}`,
    });
    const json = shipped("payments-dev");
    first(json, "google_storage_bucket").location = "EUROPE-WEST1";
    const result = cli([writeStacks({ "payments-dev": json })], { exceptions: dir });
    expect(result.findings.map((f) => `${f.control}: ${f.message}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^GCS-8: exception expires 2099-01-01, later than/),
        expect.stringMatching(/^GCS-8: location "EUROPE-WEST1" is a single region/),
      ]),
    );
  });

  it("an expired file exception is one finding, not one per stack", () => {
    const dir = exceptionsDir({
      "dev.yaml": `exceptions:\n${entry({ control: "GCS-8", resource: "google_storage_bucket.nothing", reason: REASON, owner: "red-team", expires: "2021-01-01" })}`,
    });
    const stacks = Object.fromEntries(
      ["bootstrap-dev", "baseline-dev", "payments-dev"].map((name) => [name, shipped(name)]),
    );
    const result = cli([writeStacks(stacks)], { exceptions: dir });
    expect(result.findings.filter((f) => f.message.includes("expired on 2021-01-01"))).toHaveLength(1);
  });

  it("an exception for a whole stack must name the stack (no silent waiver of every stack)", () => {
    const dir = exceptionsDir({
      "dev.yaml": `exceptions:\n${entry({ control: "GCS-8", reason: REASON, owner: "red-team", expires: addDays(TODAY, 30) })}`,
    });
    const result = cli([writeStacks({ "payments-dev": shipped("payments-dev") })], { exceptions: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/exceptions\[0\]\.stack: got nothing .*required when resource is omitted/);
  });

  it("an exception that names a stack applies to that stack only", () => {
    const dir = exceptionsDir({
      "dev.yaml": `exceptions:\n${entry({ control: "GCS-8", stack: "baseline-dev", reason: REASON, owner: "red-team", expires: addDays(TODAY, 30) })}`,
    });
    const json = shipped("payments-dev");
    first(json, "google_storage_bucket").location = "EUROPE-WEST1";
    const result = cli([writeStacks({ "payments-dev": json })], { exceptions: dir });
    expect(result.findings.map((f) => f.control)).toContain("GCS-8");
    expect(result.suppressed).toEqual([]);
  });

  it("a construct-path exception of the baseline does not cover a team resource that forges its path", () => {
    const dir = exceptionsDir({
      "dev.yaml": `exceptions:\n${entry({ control: "GCS-1", resource: "baseline-dev/data-bucket", reason: REASON, owner: "red-team", expires: addDays(TODAY, 30) })}`,
    });
    const json = shipped("payments-dev");
    const bucket = first(json, "google_storage_bucket");
    bucket.public_access_prevention = "inherited";
    ((bucket["//"] as Json).metadata as Json).path = "baseline-dev/data-bucket/bucket";
    const result = cli([writeStacks({ "payments-dev": json })], { exceptions: dir });
    expect(result.findings.map((f) => f.control)).toContain("GCS-1");
    expect(result.suppressed).toEqual([]);
  });

  it("an exceptions file that is a symlink out of the exceptions directory is refused", () => {
    const outside = mkdtempSync(join(tmpdir(), "adversarial-outside-"));
    writeFileSync(
      join(outside, "team.yaml"),
      `exceptions:\n${entry({ control: "GCS-1", stack: "payments-dev", reason: REASON, owner: "red-team", expires: addDays(TODAY, 30) })}`,
    );
    const dir = mkdtempSync(join(tmpdir(), "adversarial-exceptions-"));
    symlinkSync(join(outside, "team.yaml"), join(dir, "dev.yaml"));
    const result = cli([writeStacks({ "payments-dev": shipped("payments-dev") })], { exceptions: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/dev\.yaml: resolves to .*team\.yaml, outside the exceptions directory/);
  });

  it.each(["../teams/payments", "/etc/passwd", "dev/../../x", "dev/x"])(
    "an environment name %s never selects a file outside the exceptions directory",
    (name) => {
      expect(() => loadEnvironmentExceptions(join(ROOT, "config", "exceptions"), name)).toThrow(ConfigError);
    },
  );
});

describe("adversarial: trust (configuration decides caps and opt-outs)", () => {
  const base = readFileSync(join(ROOT, "config", "environments", "dev.yaml"), "utf8");

  function configDir(extra: string): string {
    const dir = mkdtempSync(join(tmpdir(), "adversarial-config-"));
    for (const name of ["staging", "prod"])
      writeFileSync(
        join(dir, `${name}.yaml`),
        readFileSync(join(ROOT, "config", "environments", `${name}.yaml`)),
      );
    writeFileSync(join(dir, "dev.yaml"), `${base}\n${extra}`);
    return dir;
  }

  it("policy.maxExceptionDays raises the cap up to 365 days for its environment", () => {
    const dir = exceptionsDir({
      "dev.yaml": `exceptions:\n${entry({ control: "GCS-8", stack: "payments-dev", reason: REASON, owner: "red-team", expires: addDays(TODAY, 300) })}`,
    });
    const json = shipped("payments-dev");
    first(json, "google_storage_bucket").location = "EUROPE-WEST1";
    const stacks = writeStacks({ "payments-dev": json });
    expect(cli([stacks], { exceptions: dir }).findings.map((f) => f.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/later than/)]),
    );
    const raised = cli([stacks, "--config", configDir("policy:\n  maxExceptionDays: 365\n")], {
      exceptions: dir,
    });
    expect(raised.code).toBe(0);
    expect(raised.suppressed.map((s) => s.control)).toEqual(["GCS-8"]);
  });

  it("policy.maxExceptionDays above 365 is refused at load, naming the field", () => {
    const result = cli([
      writeStacks({ "payments-dev": shipped("payments-dev") }),
      "--config",
      configDir("policy:\n  maxExceptionDays: 400\n"),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /dev\.yaml: policy\.maxExceptionDays: got 400; must be a whole number of days from 1 to 365/,
    );
  });

  const env = (extra: Record<string, unknown>) => ({
    name: "optout",
    projectId: "acme-optout",
    region: "europe-west1",
    notifications: { emails: ["alerts@example.com"] },
    ...extra,
  });
  const OPT_OUT = {
    reason: "Development only, synthetic data, no customer data",
    owner: "platform",
    expires: addDays(TODAY, 60),
  };

  it.each([
    [
      "Redis without Prod Pack and without an owner",
      { redis: { databases: [{ purpose: "sessions", primaryRegion: "eu-west-1", prodPack: false }] } },
      /redis\.databases\[0\]\.optOut: got nothing .*required with prodPack: false/,
    ],
    [
      "Redis without daily backups and without an owner",
      { redis: { databases: [{ purpose: "sessions", primaryRegion: "eu-west-1", dailyBackups: false }] } },
      /redis\.databases\[0\]\.optOut: got nothing .*required with dailyBackups: false/,
    ],
    [
      "a partner's public ingress range without an owner",
      { network: { ingressAllows: [{ name: "partner", sourceCidrs: ["203.0.113.0/24"], ports: ["443"] }] } },
      /network\.ingressAllows\[0\]\.optOut: got nothing .*required for public source\(s\) 203\.0\.113\.0\/24/,
    ],
    [
      "egress to two halves of the internet",
      {
        network: {
          egressAllows: [{ name: "out", destinationCidrs: ["0.0.0.0/1", "128.0.0.0/1"], ports: ["443"] }],
        },
      },
      /network\.egressAllows\[0\]\.destinationCidrs: .*voids the deny-all egress rule \(NET-3\)/,
    ],
    [
      "a Redis allowlist of many /8 blocks",
      {
        redis: {
          databases: [
            {
              purpose: "sessions",
              primaryRegion: "eu-west-1",
              allowlist: ["11.0.0.0/8", "12.0.0.0/8", "13.0.0.0/8"],
            },
          ],
        },
      },
      /redis\.databases\[0\]\.allowlist: .*more public address space than one \/8/,
    ],
    [
      "an opt-out expiring beyond the cap",
      {
        redis: {
          databases: [
            {
              purpose: "sessions",
              primaryRegion: "eu-west-1",
              prodPack: false,
              optOut: { ...OPT_OUT, expires: addDays(TODAY, 400) },
            },
          ],
        },
      },
      /redis\.databases\[0\]\.optOut\.expires: .*must be at most 180 days from today/,
    ],
    [
      "the same notification e-mail twice",
      { notifications: { emails: ["alerts@example.com", "Alerts@example.com"] } },
      /notifications\.emails\[1\]: got "Alerts@example\.com"; is listed twice/,
    ],
  ])("the configuration refuses %s at load, naming the field", (_what, extra, message) => {
    expect(() => parseEnvironment("optout.json", JSON.stringify(env(extra)))).toThrow(ConfigError);
    try {
      parseEnvironment("optout.json", JSON.stringify(env(extra)));
    } catch (err) {
      expect((err as ConfigError).problems).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    }
  });

  it("opt-outs with reason, owner and expiry synthesize with zero findings and are reported as exceptions", () => {
    const environment = parseEnvironment(
      "optout.json",
      JSON.stringify(
        env({
          redis: {
            databases: [
              {
                purpose: "sessions",
                primaryRegion: "eu-west-1",
                prodPack: false,
                dailyBackups: false,
                optOut: OPT_OUT,
              },
            ],
          },
          network: {
            ingressAllows: [
              { name: "partner", sourceCidrs: ["203.0.113.0/24"], ports: ["443"], optOut: OPT_OUT },
            ],
          },
        }),
      ),
    );
    const outdir = mkdtempSync(join(tmpdir(), "adversarial-optout-"));
    const app = new App({ outdir });
    recordEnvironmentPolicy(addEnvironmentStacks(app, environment, []), environment);
    app.synth();
    const empty = mkdtempSync(join(tmpdir(), "adversarial-none-"));
    const reports = checkFiles(findStackFiles([join(outdir, "stacks")]), {
      environments: [environment],
      exceptionsDir: empty,
      today: TODAY,
    });
    expect(reports.flatMap((r) => lines(r.findings))).toEqual([]);
    expect(
      reports.flatMap((r) => r.suppressed.map((s) => `${s.control} ${s.exception.owner}`)).sort(),
    ).toEqual(["NET-5 platform", "UPS-1 platform", "UPS-3 platform"]);
  });
});
