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
