import { Construct } from "constructs";
import { IdentityPlatformConfig } from "@cdktf/provider-google/lib/identity-platform-config";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { InvalidPropError, requireIntegerInRange, requireMatch } from "../errors";

/** IDP-1: ENABLED lets users enrol a second factor; MANDATORY requires one at sign-in. */
export type MfaState = "ENABLED" | "MANDATORY";

/** Second factors: TOTP (authenticator apps) resists SIM swapping; PHONE_SMS does not. */
export type SecondFactor = "TOTP" | "PHONE_SMS";

export interface IdentityPlatformProps {
  /** Project whose Identity Platform (Firebase Authentication) is configured. */
  readonly projectId: string;
  /**
   * IDP-1: multi-factor authentication state.
   * @default "MANDATORY"
   */
  readonly mfa?: MfaState;
  /**
   * Second factors users may enrol.
   * @default ["TOTP"]
   */
  readonly secondFactors?: readonly SecondFactor[];
  /**
   * Domains allowed to host sign-in (OAuth redirects) besides the defaults Identity Platform starts with
   * (`localhost`, `<project>.firebaseapp.com`, `<project>.web.app`), which are always kept: the API
   * replaces the whole list, so the construct writes the defaults too.
   * @default only the defaults
   */
  readonly authorizedDomains?: readonly string[];
  /**
   * TOTP codes accepted either side of the current one (0-10), for clock skew.
   * @default 1
   */
  readonly totpAdjacentIntervals?: number;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The domains Identity Platform authorizes in a new project; kept whenever the list is written. */
export function defaultAuthorizedDomains(projectId: string): string[] {
  return ["localhost", `${projectId}.firebaseapp.com`, `${projectId}.web.app`];
}

/**
 * Application sign-in with MFA (IDP-1): email sign-in with a password (no passwordless links),
 * anonymous sign-in off, one account per email, request logging on, sign-in hosts restricted to
 * `authorizedDomains`. Enabling Identity Platform on a project cannot be undone.
 */
export class IdentityPlatform extends Construct {
  readonly resource: IdentityPlatformConfig;

  constructor(scope: Construct, id: string, props: IdentityPlatformProps) {
    super(scope, id);
    const factors = [...new Set(props.secondFactors ?? ["TOTP"])];
    if (factors.length === 0) {
      throw new InvalidPropError(
        "IdentityPlatform",
        "secondFactors",
        [],
        "must list at least one of: TOTP, PHONE_SMS",
      );
    }
    for (const factor of factors) {
      if (factor !== "TOTP" && factor !== "PHONE_SMS") {
        throw new InvalidPropError(
          "IdentityPlatform",
          "secondFactors",
          factor,
          "must be one of: TOTP, PHONE_SMS",
        );
      }
    }
    const mfaState = props.mfa ?? "MANDATORY";
    if (mfaState !== "ENABLED" && mfaState !== "MANDATORY") {
      throw new InvalidPropError("IdentityPlatform", "mfa", mfaState, "must be one of: ENABLED, MANDATORY");
    }
    for (const domain of props.authorizedDomains ?? []) {
      requireMatch(
        "IdentityPlatform",
        "authorizedDomains",
        domain,
        DOMAIN,
        "must be a lowercase domain name such as app.example.com",
      );
    }
    const adjacentIntervals = requireIntegerInRange(
      "IdentityPlatform",
      "totpAdjacentIntervals",
      props.totpAdjacentIntervals ?? 1,
      0,
      10,
    );

    // The Identity Toolkit API needs a quota project when called with a user's credentials (ADC from
    // `gcloud auth application-default login`); without it the first deploy fails. This provider bills the
    // calls to the project itself (needs serviceusage.services.use there, which a deployer has).
    const quotaProjectProvider = new GoogleProvider(this, "google-quota-project", {
      alias: "identity-platform",
      project: props.projectId,
      billingProject: props.projectId,
      userProjectOverride: true,
    });
    this.resource = new IdentityPlatformConfig(this, "config", {
      provider: quotaProjectProvider,
      project: props.projectId,
      authorizedDomains: [
        ...new Set([...defaultAuthorizedDomains(props.projectId), ...(props.authorizedDomains ?? [])]),
      ],
      autodeleteAnonymousUsers: true,
      signIn: {
        allowDuplicateEmails: false,
        email: { enabled: true, passwordRequired: true },
        anonymous: { enabled: false },
      },
      mfa: {
        state: mfaState,
        enabledProviders: factors.includes("PHONE_SMS") ? ["PHONE_SMS"] : undefined,
        providerConfigs: factors.includes("TOTP")
          ? [{ state: "ENABLED", totpProviderConfig: { adjacentIntervals } }]
          : undefined,
      },
      monitoring: { requestLogging: { enabled: true } },
    });
    this.node.defaultChild = this.resource;
  }
}
