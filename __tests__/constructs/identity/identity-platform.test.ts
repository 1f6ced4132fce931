import { IdentityPlatform, type IdentityPlatformProps } from "../../../constructs/identity/identity-platform";
import { constructTestStack, onlyResource, synth } from "../../support/synth";

function config(props: Partial<IdentityPlatformProps> = {}): Record<string, unknown> {
  const stack = constructTestStack();
  new IdentityPlatform(stack, "idp", { projectId: "test-project-1", ...props });
  return onlyResource(synth(stack), "google_identity_platform_config");
}

describe("IdentityPlatform", () => {
  let idp: Record<string, unknown>;
  beforeAll(() => {
    idp = config({ authorizedDomains: ["app.example.com"] });
  });

  test("IDP-1: MFA mandatory by default, with TOTP", () => {
    expect(idp.mfa).toEqual({
      state: "MANDATORY",
      provider_configs: [{ state: "ENABLED", totp_provider_config: { adjacent_intervals: 1 } }],
    });
  });

  test("IDP-1: email sign-in requires a password; no anonymous sign-in, no duplicate accounts", () => {
    expect(idp.sign_in).toEqual({
      allow_duplicate_emails: false,
      email: { enabled: true, password_required: true },
      anonymous: { enabled: false },
    });
  });

  test("IDP-1: sign-in only from authorized domains, the defaults kept (the API replaces the list); request logging on", () => {
    expect(idp.authorized_domains).toEqual([
      "localhost",
      "test-project-1.firebaseapp.com",
      "test-project-1.web.app",
      "app.example.com",
    ]);
    expect(config().authorized_domains).toEqual([
      "localhost",
      "test-project-1.firebaseapp.com",
      "test-project-1.web.app",
    ]);
    expect(idp.monitoring).toEqual({ request_logging: { enabled: true } });
  });

  test("deploys with a user's credentials: its provider bills the Identity Toolkit calls to the project", () => {
    const stack = constructTestStack();
    new IdentityPlatform(stack, "idp", { projectId: "test-project-1" });
    const json = synth(stack);
    const providers = (json.provider as { google: Record<string, unknown>[] }).google;
    const quota = providers.find((p) => p.alias === "identity-platform");
    expect(quota).toEqual({
      alias: "identity-platform",
      project: "test-project-1",
      billing_project: "test-project-1",
      user_project_override: true,
    });
    expect(onlyResource(json, "google_identity_platform_config").provider).toBe("google.identity-platform");
  });

  test("IDP-1: MFA ENABLED with SMS and TOTP when asked", () => {
    const sms = config({ mfa: "ENABLED", secondFactors: ["PHONE_SMS", "TOTP"] });
    expect((sms.mfa as Record<string, unknown>).state).toBe("ENABLED");
    expect((sms.mfa as Record<string, unknown>).enabled_providers).toEqual(["PHONE_SMS"]);
  });

  test("refuses a state that turns MFA off", () => {
    expect(() => config({ mfa: "DISABLED" as never })).toThrow(
      'IdentityPlatform: mfa: got "DISABLED"; must be one of: ENABLED, MANDATORY',
    );
  });

  test("refuses an empty list of second factors", () => {
    expect(() => config({ secondFactors: [] })).toThrow(
      "IdentityPlatform: secondFactors: got []; must list at least one of: TOTP, PHONE_SMS",
    );
  });

  test("refuses a malformed domain", () => {
    expect(() => config({ authorizedDomains: ["https://app.example.com"] })).toThrow(
      'IdentityPlatform: authorizedDomains: got "https://app.example.com"; must be a lowercase domain name',
    );
  });
});

describe("IdentityPlatform TOTP window", () => {
  test("refuses more than 10 adjacent TOTP intervals", () => {
    expect(() => config({ totpAdjacentIntervals: 11 })).toThrow(
      "IdentityPlatform: totpAdjacentIntervals: got 11; must be a whole number from 0 to 10",
    );
  });
});

describe("IdentityPlatform validates each field exactly", () => {
  const DOMAIN = "must be a lowercase domain name such as app.example.com";
  it.each<[Partial<IdentityPlatformProps>, string]>([
    [
      { secondFactors: [] },
      "IdentityPlatform: secondFactors: got []; must list at least one of: TOTP, PHONE_SMS",
    ],
    [
      { secondFactors: ["TOTP", "EMAIL" as never] },
      'IdentityPlatform: secondFactors: got "EMAIL"; must be one of: TOTP, PHONE_SMS',
    ],
    [
      { mfa: "DISABLED" as never },
      'IdentityPlatform: mfa: got "DISABLED"; must be one of: ENABLED, MANDATORY',
    ],
    [
      { authorizedDomains: ["app.example.com; x"] },
      `IdentityPlatform: authorizedDomains: got "app.example.com; x"; ${DOMAIN}`,
    ],
    [
      { authorizedDomains: ["x app.example.com"] },
      `IdentityPlatform: authorizedDomains: got "x app.example.com"; ${DOMAIN}`,
    ],
    [
      { authorizedDomains: ["App.example.com"] },
      `IdentityPlatform: authorizedDomains: got "App.example.com"; ${DOMAIN}`,
    ],
    [
      { authorizedDomains: ["-app.example.com"] },
      `IdentityPlatform: authorizedDomains: got "-app.example.com"; ${DOMAIN}`,
    ],
    [{ authorizedDomains: ["localhost"] }, `IdentityPlatform: authorizedDomains: got "localhost"; ${DOMAIN}`],
    [
      { authorizedDomains: [`${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}.com`] },
      "IdentityPlatform: authorizedDomains: got",
    ],
    [
      { totpAdjacentIntervals: -1 },
      "IdentityPlatform: totpAdjacentIntervals: got -1; must be a whole number from 0 to 10",
    ],
  ])("refuses %j", (props, message) => {
    expect(() => config(props)).toThrow(message);
  });

  it("accepts long labels, many subdomains and the TOTP window boundaries", () => {
    expect(
      config({ authorizedDomains: [`${"a".repeat(63)}.x-1.example.io`], totpAdjacentIntervals: 0 })
        .authorized_domains,
    ).toContain(`${"a".repeat(63)}.x-1.example.io`);
    expect(config({ totpAdjacentIntervals: 10 }).mfa).toMatchObject({
      provider_configs: [{ totp_provider_config: { adjacent_intervals: 10 } }],
    });
  });

  it("IDP-1: SMS only has no TOTP provider config; duplicate factors count once", () => {
    expect(config({ mfa: "ENABLED", secondFactors: ["PHONE_SMS", "PHONE_SMS"] }).mfa).toEqual({
      state: "ENABLED",
      enabled_providers: ["PHONE_SMS"],
    });
  });

  it("anonymous users are deleted automatically and the project is the one given", () => {
    const idp = config();
    expect(idp.autodelete_anonymous_users).toBe(true);
    expect(idp.project).toBe("test-project-1");
    expect(idp.authorized_domains).toEqual([
      "localhost",
      "test-project-1.firebaseapp.com",
      "test-project-1.web.app",
    ]);
  });
});
