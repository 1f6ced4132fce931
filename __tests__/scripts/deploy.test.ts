import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DeployInputError,
  deployCommand,
  deployTargets,
  environmentGraph,
  main,
  parseDeployArgs,
  promotionOrder,
  selectStacks,
  type EnvironmentGraph,
} from "../../scripts/deploy";
import { TEAMS } from "../../teams";
import { testEnvironment } from "../support/synth";

/** dev as cdktf will record it once the baseline depends on the bootstrap, plus a second team. */
const DEV: EnvironmentGraph = {
  environment: "dev",
  bootstrapStateIsLocal: false,
  stacks: [
    { name: "bootstrap-dev", kind: "bootstrap", dependsOn: [] },
    { name: "baseline-dev", kind: "baseline", dependsOn: ["bootstrap-dev"] },
    { name: "payments-dev", kind: "team", dependsOn: ["baseline-dev"] },
    { name: "ledger-dev", kind: "team", dependsOn: ["baseline-dev"] },
  ],
};

describe("selectStacks", () => {
  it("deploys every stack of the environment, dependencies first, when none is named", () => {
    expect(selectStacks(DEV, [])).toEqual(["bootstrap-dev", "baseline-dev", "payments-dev", "ledger-dev"]);
  });

  it.each([["payments"], ["payments-dev"]])(
    "%s: the team plus what it depends on, transitively",
    (request) => {
      expect(selectStacks(DEV, [request])).toEqual(["bootstrap-dev", "baseline-dev", "payments-dev"]);
    },
  );

  it("includes the bootstrap even when no recorded dependency leads to it (the state bucket)", () => {
    const recordedToday = {
      ...DEV,
      stacks: DEV.stacks.map((s) => (s.kind === "baseline" ? { ...s, dependsOn: [] } : s)),
    };
    expect(selectStacks(recordedToday, ["payments"])).toEqual([
      "bootstrap-dev",
      "baseline-dev",
      "payments-dev",
    ]);
    expect(selectStacks(DEV, ["bootstrap"])).toEqual(["bootstrap-dev"]);
  });

  it("keeps the graph's order whatever the request order, without duplicates", () => {
    expect(selectStacks(DEV, ["ledger", "baseline", "ledger-dev"])).toEqual([
      "bootstrap-dev",
      "baseline-dev",
      "ledger-dev",
    ]);
  });

  it("names the unknown stack and the allowed ones", () => {
    expect(() => selectStacks(DEV, ["payments-prod"])).toThrow(
      new DeployInputError(
        'stack "payments-prod" is not a stack of environment dev; allowed: bootstrap-dev, baseline-dev, payments-dev, ledger-dev',
      ),
    );
  });
});

describe("environmentGraph", () => {
  it("reads the stacks and cdktf's recorded dependencies from the constructs", () => {
    const graph = environmentGraph(testEnvironment(), TEAMS);
    // Teams come from teams/ (a scaffolded team adds its stack here too).
    const teams = TEAMS.filter((t) => !t.environments || t.environments.includes("dev")).map(
      (t) => `${t.team}-dev`,
    );
    expect(teams).toContain("payments-dev");
    expect(graph.stacks.map((s) => [s.name, s.kind])).toEqual([
      ["bootstrap-dev", "bootstrap"],
      ["baseline-dev", "baseline"],
      ...teams.map((name) => [name, "team"]),
    ]);
    for (const team of graph.stacks.slice(2)) expect(team.dependsOn).toContain("baseline-dev");
    expect(graph.bootstrapStateIsLocal).toBe(true);
    const migrated = testEnvironment({ state: { bootstrapStateInBucket: true } });
    expect(environmentGraph(migrated, TEAMS).bootstrapStateIsLocal).toBe(false);
  });
});

describe("deployCommand", () => {
  it("is one cdktf deploy over all selected stacks, limited to the environment's synthesis", () => {
    expect(deployCommand("dev", ["bootstrap-dev", "baseline-dev", "payments-dev"])).toEqual({
      env: { ENV: "dev", CHECKPOINT_DISABLE: "1" },
      argv: ["cdktf", "deploy", "bootstrap-dev", "baseline-dev", "payments-dev"],
    });
  });

  it("passes cdktf options through", () => {
    expect(deployCommand("dev", ["bootstrap-dev"], { cdktfOptions: ["--auto-approve"] }).argv).toEqual([
      "cdktf",
      "deploy",
      "bootstrap-dev",
      "--auto-approve",
    ]);
  });
});

describe("parseDeployArgs", () => {
  it("separates the environment, stacks, our flags and cdktf's options (with their values)", () => {
    expect(parseDeployArgs(["dev", "payments", "--auto-approve", "--parallelism", "2", "--dry-run"])).toEqual(
      {
        targets: false,
        dryRun: true,
        environment: "dev",
        stacks: ["payments"],
        cdktfOptions: ["--auto-approve", "--parallelism", "2"],
      },
    );
  });

  it("asks for an environment, and for an option's value", () => {
    expect(() => parseDeployArgs([])).toThrow(/name an environment/);
    expect(() => parseDeployArgs(["dev", "--parallelism"])).toThrow(/--parallelism needs a value/);
  });
});

describe("promotionOrder", () => {
  it("dev, staging, other non-production environments, then production (prod first)", () => {
    const environments = [
      { name: "prod", production: true },
      { name: "qa", production: false },
      { name: "eu-prod", production: true },
      { name: "staging", production: false },
      { name: "dev", production: false },
    ];
    expect(promotionOrder(environments)).toEqual(["dev", "staging", "qa", "prod", "eu-prod"]);
  });
});

describe("deployTargets (CI)", () => {
  const STAGING: EnvironmentGraph = {
    ...DEV,
    environment: "staging",
    stacks: DEV.stacks.map((s) => ({
      ...s,
      name: s.name.replace("-dev", "-staging"),
      dependsOn: s.dependsOn.map((d) => d.replace("-dev", "-staging")),
    })),
  };

  it("lists each environment's stacks in promotion order, foundation apart from the teams", () => {
    expect(deployTargets([STAGING, DEV], ["dev", "staging"])).toEqual([
      {
        environment: "dev",
        stacks: ["bootstrap-dev", "baseline-dev", "payments-dev", "ledger-dev"],
        foundation: ["bootstrap-dev", "baseline-dev"],
        teams: ["payments-dev", "ledger-dev"],
      },
      expect.objectContaining({
        environment: "staging",
        foundation: ["bootstrap-staging", "baseline-staging"],
      }),
    ]);
  });

  it("refuses an environment whose bootstrap state is still local", () => {
    expect(() => deployTargets([{ ...DEV, bootstrapStateIsLocal: true }], ["dev"])).toThrow(
      /dev: bootstrap-dev still keeps its state on the workstation .*state\.bootstrapStateInBucket is false in config\/environments\/dev\.yaml/,
    );
  });

  it("refuses a team that depends on another team (teams apply in parallel)", () => {
    const chained = {
      ...DEV,
      stacks: DEV.stacks.map((s) => (s.name === "ledger-dev" ? { ...s, dependsOn: ["payments-dev"] } : s)),
    };
    expect(() => deployTargets([chained], ["dev"])).toThrow(
      "ledger-dev depends on payments-dev; CI applies team stacks in parallel, so a team may depend only on bootstrap-dev and baseline-dev",
    );
  });
});

describe("npm run deploy (main)", () => {
  let log: jest.SpyInstance;
  let error: jest.SpyInstance;
  beforeEach(() => {
    log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    error = jest.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it("--dry-run prints the command for the single-team case, with its dependencies", () => {
    expect(main(["dev", "payments", "--dry-run"])).toBe(0);
    expect(log).toHaveBeenCalledWith(
      "ENV=dev CHECKPOINT_DISABLE=1 npx cdktf deploy bootstrap-dev baseline-dev payments-dev",
    );
  });

  it("exits 2 with the allowed environments on an unknown one", () => {
    expect(main(["qa", "--dry-run"])).toBe(2);
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining('ENV: got "qa"; allowed environments: dev, prod, staging'),
    );
  });

  it("--targets refuses the shipped environments until their bootstrap state is migrated", () => {
    expect(main(["--targets", "staging"])).toBe(2);
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining("staging: bootstrap-staging still keeps its state"),
    );
  });

  it("--targets prints every migrated environment in promotion order as JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "deploy-envs-"));
    for (const name of ["prod", "dev", "staging"]) {
      const text = readFileSync(
        join(__dirname, "..", "..", "config", "environments", `${name}.yaml`),
        "utf8",
      );
      writeFileSync(join(dir, `${name}.yaml`), `${text}\nstate:\n  bootstrapStateInBucket: true\n`);
    }
    process.env.BASELINE_CONFIG_DIR = dir;
    try {
      expect(main(["--targets"])).toBe(0);
    } finally {
      delete process.env.BASELINE_CONFIG_DIR;
      rmSync(dir, { recursive: true, force: true });
    }
    const targets = JSON.parse(log.mock.calls[0][0]);
    expect(targets.map((t: { environment: string }) => t.environment)).toEqual(["dev", "staging", "prod"]);
    const prodTeams = TEAMS.filter((t) => !t.environments || t.environments.includes("prod")).map(
      (t) => `${t.team}-prod`,
    );
    expect(prodTeams).toContain("payments-prod");
    expect(targets[2]).toEqual({
      environment: "prod",
      stacks: ["bootstrap-prod", "baseline-prod", ...prodTeams],
      foundation: ["bootstrap-prod", "baseline-prod"],
      teams: prodTeams,
    });
  });
});
