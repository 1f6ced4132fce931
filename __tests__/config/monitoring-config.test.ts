import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { DEFAULT_ENVIRONMENTS_DIR, loadEnvironmentFile, parseEnvironment } from "../../config/load";

const BASE = {
  name: "dev",
  projectId: "acme-test-dev",
  region: "europe-west1",
  notifications: { emails: ["alerts@example.com"] },
};

function problems(overrides: Record<string, unknown>): readonly string[] {
  try {
    parseEnvironment("dev.json", JSON.stringify({ ...BASE, ...overrides }));
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("logging, notifications, guardrails, identity platform and registry config", () => {
  test("the shipped dev.yaml stays valid and takes the secure defaults", () => {
    const dev = loadEnvironmentFile(join(DEFAULT_ENVIRONMENTS_DIR, "dev.yaml"));
    expect(dev.logging).toEqual({ retentionDays: 365, locked: false });
    expect(dev.guardrails).toEqual({ orgPolicies: false });
    expect(dev.identityPlatform).toEqual({
      enabled: false,
      mfa: "MANDATORY",
      secondFactors: ["TOTP"],
      authorizedDomains: [],
    });
    expect(dev.registry).toEqual({
      enabled: true,
      repositoryId: "containers",
      deleteUntaggedAfterDays: 14,
      keepMostRecentVersions: 10,
    });
    expect(dev.notifications.pagerduty).toBeUndefined();
  });

  test("secret references default to the latest version", () => {
    const env = parseEnvironment(
      "dev.json",
      JSON.stringify({
        ...BASE,
        notifications: {
          emails: ["alerts@example.com"],
          pagerduty: { serviceKeySecret: { secretId: "pagerduty-key" } },
          webhook: { urlSecret: { secretId: "hook-url", version: "2" } },
        },
      }),
    );
    expect(env.notifications.pagerduty).toEqual({
      serviceKeySecret: { secretId: "pagerduty-key", version: "latest" },
    });
    expect(env.notifications.webhook?.urlSecret).toEqual({ secretId: "hook-url", version: "2" });
  });

  test("LOG-2: retention under a year or over 3650 days is refused", () => {
    expect(problems({ logging: { retentionDays: 364 } })).toEqual([
      "dev.json: logging.retentionDays: got 364; must be at least 365 days",
    ]);
    expect(problems({ logging: { retentionDays: 3651 } })).toEqual([
      "dev.json: logging.retentionDays: got 3651; must be at most 3650 days",
    ]);
  });

  test("LOG-2: locked must be a boolean", () => {
    expect(problems({ logging: { locked: "yes" } })).toEqual([
      'dev.json: logging.locked: got "yes"; expected boolean, got string',
    ]);
  });

  test("SEC-6: a credential pasted where a secret id belongs is refused", () => {
    const [problem] = problems({
      notifications: {
        emails: ["a@example.com"],
        pagerduty: { serviceKeySecret: { secretId: "u+2Kx/9Q==" } },
      },
    });
    expect(problem).toMatch(
      /^dev\.json: notifications\.pagerduty\.serviceKeySecret\.secretId: got "u\+2Kx\/9Q=="; must be a Secret Manager secret id .*never in this file$/,
    );
  });

  test("SEC-6: a literal token field is an unknown field", () => {
    expect(
      problems({ notifications: { emails: ["a@example.com"], pagerduty: { serviceKey: "abc" } } }),
    ).toContainEqual(
      "dev.json: notifications.pagerduty.serviceKey: unknown field; allowed fields: serviceKeySecret",
    );
  });

  test("SEC-6: a literal webhook URL (which carries its token) is an unknown field", () => {
    expect(
      problems({
        notifications: { emails: ["a@example.com"], webhook: { url: "https://hooks.example.com/?t=x" } },
      }),
    ).toContainEqual("dev.json: notifications.webhook.url: unknown field; allowed fields: urlSecret");
  });

  test("ORG-1: orgPolicies must be a boolean", () => {
    expect(problems({ guardrails: { orgPolicies: 1 } })).toEqual([
      "dev.json: guardrails.orgPolicies: got 1; expected boolean, got number",
    ]);
  });

  test("IDP-1: MFA cannot be turned off", () => {
    expect(problems({ identityPlatform: { enabled: true, mfa: "DISABLED" } })).toEqual([
      'dev.json: identityPlatform.mfa: got "DISABLED"; must be one of: ENABLED, MANDATORY',
    ]);
  });

  test("IDP-1: unknown second factor", () => {
    expect(problems({ identityPlatform: { secondFactors: ["EMAIL"] } })).toEqual([
      'dev.json: identityPlatform.secondFactors[0]: got "EMAIL"; must be one of: TOTP, PHONE_SMS',
    ]);
  });

  test("REG-1: bad repository id and retention", () => {
    expect(problems({ registry: { repositoryId: "My_Repo", deleteUntaggedAfterDays: 0 } })).toEqual([
      'dev.json: registry.repositoryId: got "My_Repo"; must be 1-63 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen',
      "dev.json: registry.deleteUntaggedAfterDays: got 0; must be at least 1 days",
    ]);
  });
});

describe("monitoring.uptimeChecks (MON-14)", () => {
  const check = (url: string, name = "app") => ({ monitoring: { uptimeChecks: [{ name, url }] } });

  test("optional outside production; an https:// health path is accepted", () => {
    expect(parseEnvironment("dev.json", JSON.stringify(BASE)).monitoring).toEqual({ uptimeChecks: [] });
    const env = parseEnvironment(
      "dev.json",
      JSON.stringify({ ...BASE, ...check("https://app.example.com/healthz") }),
    );
    expect(env.monitoring.uptimeChecks).toEqual([{ name: "app", url: "https://app.example.com/healthz" }]);
  });

  test("refuses plain HTTP, credentials, query strings, bad names and repeats, naming the field", () => {
    expect(problems(check("http://app.example.com/"))).toEqual([
      'dev.json: monitoring.uptimeChecks[0].url: got "http://app.example.com/"; must use https:// (checks validate the certificate, as customers do)',
    ]);
    expect(problems(check("https://user:pw@app.example.com/"))[0]).toMatch(
      /monitoring\.uptimeChecks\[0\]\.url: .*must not carry a user name or password/,
    );
    expect(problems(check("https://app.example.com/health?token=abc"))[0]).toMatch(
      /monitoring\.uptimeChecks\[0\]\.url: .*must not have a query string or fragment/,
    );
    expect(problems(check("https://app.example.com/", "App!"))[0]).toMatch(
      /monitoring\.uptimeChecks\[0\]\.name: got "App!"; must be 1-30 lowercase letters/,
    );
    const twice = {
      monitoring: {
        uptimeChecks: [
          { name: "app", url: "https://a.example.com/" },
          { name: "app", url: "https://b.example.com/" },
        ],
      },
    };
    expect(problems(twice)).toEqual(['dev.json: monitoring.uptimeChecks[1].name: got "app"; is used twice']);
    // Each check's alert selects it by host: a second check of one host is refused where it is written.
    const sameHost = {
      monitoring: {
        uptimeChecks: [
          { name: "app", url: "https://a.example.com/healthz" },
          { name: "api", url: "https://a.example.com/api/healthz" },
        ],
      },
    };
    expect(problems(sameHost)).toEqual([
      'dev.json: monitoring.uptimeChecks[1].url: got "https://a.example.com/api/healthz"; probes host a.example.com like uptimeChecks[0]: one check per host (its alert selects it by host)',
    ]);
  });

  test("production needs at least one", () => {
    const prod = {
      production: true,
      kms: { protectionLevel: "HSM" },
      logging: { locked: true },
      notifications: {
        emails: ["alerts@example.com"],
        pagerduty: { serviceKeySecret: { secretId: "pagerduty-service-key" } },
      },
    };
    expect(problems(prod)).toEqual([
      "dev.json: monitoring.uptimeChecks: got nothing (the field is missing); must list at least one https:// URL of the application in a production environment: customers' outages must page somebody (MON-14)",
    ]);
  });
});
