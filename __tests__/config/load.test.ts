import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { loadEnvironments, parseEnvironment, selectedEnvironments } from "../../config/load";

const VALID = {
  name: "dev",
  projectId: "acme-baseline-dev",
  region: "europe-west1",
  notifications: { emails: ["alerts@example.com"] },
};

/** The problems a config yields, or [] when it is valid. */
function problemsOf(input: unknown, file = "dev.json"): string[] {
  try {
    parseEnvironment(file, typeof input === "string" ? input : JSON.stringify(input));
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
}

describe("environment config validation", () => {
  it("accepts a minimal environment and fills secure defaults", () => {
    const env = parseEnvironment("dev.json", JSON.stringify(VALID));
    expect(env.kms).toEqual({ protectionLevel: "HSM", rotationDays: 90, destroyScheduledDays: 30 });
    expect(env.storage.location).toBe("EU");
    expect(env.storage.softDeleteDays).toBe(7);
    expect(env.production).toBe(false);
  });

  it("names an unknown field and lists the allowed ones", () => {
    expect(problemsOf({ ...VALID, kms: { rotationDays: 30, rotationPeriod: 5 } })).toEqual([
      expect.stringMatching(
        /^dev\.json: kms\.rotationPeriod: unknown field; allowed fields: protectionLevel, rotationDays, destroyScheduledDays$/,
      ),
    ]);
    expect(problemsOf({ ...VALID, colour: "blue" })[0]).toMatch(
      /^dev\.json: colour: unknown field; allowed fields: name, /,
    );
  });

  it("names a wrong type with the value and the expected type", () => {
    expect(problemsOf({ ...VALID, kms: { rotationDays: "90" } })).toEqual([
      'dev.json: kms.rotationDays: got "90"; expected number, got string',
    ]);
    expect(problemsOf({ ...VALID, production: "yes" })).toEqual([
      'dev.json: production: got "yes"; expected boolean, got string',
    ]);
  });

  it("rejects an invalid project id, saying what GCP allows", () => {
    expect(problemsOf({ ...VALID, projectId: "Acme_Prod" })).toEqual([
      expect.stringMatching(
        /^dev\.json: projectId: got "Acme_Prod"; must be a GCP project id: 6-30 characters/,
      ),
    ]);
    expect(problemsOf({ ...VALID, projectId: "my-google-app" })[0]).toContain("must not contain 'google'");
  });

  it("KMS-1: rejects rotation over 90 days", () => {
    expect(problemsOf({ ...VALID, kms: { rotationDays: 120 } })).toEqual([
      "dev.json: kms.rotationDays: got 120; must be at most 90 days",
    ]);
  });

  it("rejects an unknown region and lists the allowed regions", () => {
    const [problem] = problemsOf({ ...VALID, region: "europe-west99" });
    expect(problem).toMatch(
      /^dev\.json: region: got "europe-west99"; must be a Google Cloud region, one of: /,
    );
    expect(problem).toContain("europe-west1");
  });

  it("rejects a missing required field", () => {
    const { notifications: _omitted, ...withoutNotifications } = VALID;
    expect(problemsOf(withoutNotifications)).toEqual([
      "dev.json: notifications: got nothing (the field is missing); required field is missing; expected object",
    ]);
  });

  it("rejects an empty email list and a malformed email", () => {
    expect(problemsOf({ ...VALID, notifications: { emails: [] } })).toEqual([
      "dev.json: notifications.emails: got []; must list at least one email address",
    ]);
    expect(problemsOf({ ...VALID, notifications: { emails: ["not-an-email"] } })).toEqual([
      'dev.json: notifications.emails[0]: got "not-an-email"; must be an email address',
    ]);
  });

  it("rejects bad labels and storage locations", () => {
    expect(problemsOf({ ...VALID, labels: { Owner: "x" } })[0]).toMatch(
      /labels\.Owner: got "Owner"; label keys must be/,
    );
    expect(problemsOf({ ...VALID, storage: { location: "MARS" } })[0]).toMatch(
      /^dev\.json: storage\.location: got "MARS"; must be a replicated \(multi- or dual-region\) storage location \(GCS-8\): US, EU/,
    );
    expect(problemsOf({ ...VALID, storage: { location: "europe-west1" } })[0]).toMatch(
      /^dev\.json: storage\.location: got "europe-west1"; must be a replicated/,
    );
    expect(problemsOf({ ...VALID, storage: { softDeleteDays: 3 } })).toEqual([
      "dev.json: storage.softDeleteDays: got 3; must be at least 7 days",
    ]);
  });

  it("requires the name to match the file name", () => {
    expect(problemsOf(VALID, "prod.json")).toEqual([
      'prod.json: name: got "dev"; must equal the file name "prod"',
    ]);
  });

  it("reports malformed JSON and YAML with the file name", () => {
    expect(problemsOf("{ not json", "dev.json")[0]).toMatch(/^dev\.json: not valid JSON: /);
    expect(problemsOf("name: [unclosed", "dev.yaml")[0]).toMatch(/^dev\.yaml: not valid YAML: /);
    expect(problemsOf("name: a\nname: b\n", "dev.yaml")[0]).toMatch(
      /^dev\.yaml: not valid YAML: Map keys must be unique/,
    );
    expect(problemsOf("- a list", "dev.yaml")).toEqual([
      'dev.yaml: (top level): got ["a list"]; expected a mapping of fields',
    ]);
  });

  it("reports every problem of a file at once", () => {
    expect(problemsOf({ ...VALID, region: "nowhere", kms: { rotationDays: 365 } })).toHaveLength(2);
  });
});

describe("loading environment files", () => {
  function dirWith(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "envs-"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  it("loads every environment by default, and only the selected ones with ENV", () => {
    const dir = dirWith({
      "dev.json": JSON.stringify(VALID),
      "prod.yaml": `name: prod\nprojectId: acme-baseline-prod\nregion: us-east1\nnotifications:\n  emails: [oncall@example.com]\n`,
    });
    expect(loadEnvironments({ dir }).map((e) => e.name)).toEqual(["dev", "prod"]);
    expect(loadEnvironments({ dir, only: ["prod"] }).map((e) => e.projectId)).toEqual(["acme-baseline-prod"]);
  });

  it("names an unknown ENV value and the environments that exist", () => {
    const dir = dirWith({ "dev.json": JSON.stringify(VALID) });
    expect(() => loadEnvironments({ dir, only: ["qa"] })).toThrow('ENV: got "qa"; allowed environments: dev');
  });

  it("reports a missing directory", () => {
    expect(() => loadEnvironments({ dir: "/nonexistent/environments" })).toThrow(
      "/nonexistent/environments: environments directory not found",
    );
  });

  it("parses the ENV switch", () => {
    expect(selectedEnvironments(undefined)).toEqual([]);
    expect(selectedEnvironments(" dev , prod,")).toEqual(["dev", "prod"]);
  });

  it("ships a valid embedded dev environment", () => {
    const [dev] = loadEnvironments({ only: ["dev"] });
    expect(dev.projectId).toMatch(/^[a-z][a-z0-9-]+$/);
  });
});

describe("production environments", () => {
  const PROD = {
    ...VALID,
    production: true,
    logging: { locked: true },
    monitoring: { uptimeChecks: [{ name: "app", url: "https://app.example.com/healthz" }] },
    notifications: {
      emails: ["oncall@example.com"],
      pagerduty: { serviceKeySecret: { secretId: "pagerduty-service-key" } },
    },
  };

  it("accept the secure production choices", () => {
    expect(problemsOf(PROD)).toEqual([]);
    // A webhook pages as well as PagerDuty.
    expect(
      problemsOf({
        ...PROD,
        notifications: {
          emails: ["oncall@example.com"],
          webhook: { urlSecret: { secretId: "alert-webhook-url" } },
        },
      }),
    ).toEqual([]);
    // Optional MFA is refused only where Identity Platform is configured.
    expect(problemsOf({ ...PROD, identityPlatform: { enabled: false, mfa: "ENABLED" } })).toEqual([]);
  });

  it.each<[Record<string, unknown>, string]>([
    [
      { kms: { protectionLevel: "SOFTWARE" } },
      'dev.json: kms.protectionLevel: got "SOFTWARE"; must be HSM in a production environment (KMS-4)',
    ],
    [
      { logging: { locked: false } },
      "dev.json: logging.locked: got false; must be true in a production environment (LOG-3)",
    ],
    [
      { database: { availability: "ZONAL" } },
      'dev.json: database.availability: got "ZONAL"; must be REGIONAL in a production environment (SQL-11)',
    ],
    [
      { redis: { databases: [{ purpose: "sessions", primaryRegion: "eu-west-1" }] } },
      "dev.json: redis.databases[0].readRegions: got nothing (the field is missing); must name at least one read region in a production environment (UPS-8)",
    ],
    [
      { notifications: { emails: ["oncall@example.com"] } },
      "dev.json: notifications.pagerduty: got nothing (the field is missing); must be set (or notifications.webhook) in a production environment: e-mail alone pages nobody (MON-12)",
    ],
    [
      { identityPlatform: { enabled: true, mfa: "ENABLED" } },
      'dev.json: identityPlatform.mfa: got "ENABLED"; must be MANDATORY in a production environment (IDP-1)',
    ],
  ])("refuse %j before synthesis", (override, message) => {
    expect(problemsOf({ ...PROD, ...override }).join("\n")).toContain(message);
  });
});
