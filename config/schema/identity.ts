import { z } from "zod";

/** IDP-1: Identity Platform (Firebase Authentication) for the application's users. */
export const identityPlatformSchema = z
  .object({
    /** Configure Identity Platform in this project (cannot be undone once applied). */
    enabled: z.boolean({ invalid_type_error: "must be true or false" }).default(false),
    /** ENABLED lets users enrol a second factor; MANDATORY requires one. */
    mfa: z
      .enum(["ENABLED", "MANDATORY"], { errorMap: () => ({ message: "must be one of: ENABLED, MANDATORY" }) })
      .default("MANDATORY"),
    /** Second factors users may enrol; TOTP resists SIM swapping, PHONE_SMS does not. */
    secondFactors: z
      .array(
        z.enum(["TOTP", "PHONE_SMS"], { errorMap: () => ({ message: "must be one of: TOTP, PHONE_SMS" }) }),
      )
      .min(1, "must list at least one of: TOTP, PHONE_SMS")
      .default(["TOTP"]),
    /** Domains allowed to host the sign-in flow (OAuth redirects), besides localhost and the project's Firebase domains (always kept). */
    authorizedDomains: z
      .array(
        z
          .string()
          .regex(
            /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
            "must be a lowercase domain name such as app.example.com",
          ),
      )
      .default([]),
  })
  .strict();
