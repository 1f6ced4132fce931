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

  test("IDP-1: sign-in only from authorized domains; request logging on", () => {
    expect(idp.authorized_domains).toEqual(["app.example.com"]);
    expect(idp.monitoring).toEqual({ request_logging: { enabled: true } });
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
