import type { ControlDefinition, StackVerdict } from "../model";
import { attr, blocks, isSet, isTrue, show } from "../terraform-json";
import {
  HIERARCHY_IAM_TYPES,
  HIPAA,
  PASS,
  fail,
  firstFailure,
  iamMembers,
  iamRoles,
  iamRule,
  resourceRule,
  seed,
  stackRule,
  verdict,
} from "./helpers";
import { BASIC_ROLES, PROJECT_WIDE_IMPERSONATION_ROLES, isAdminRole } from "../../core/rules/iam";
import { isDeployerGrant } from "./deployer";
import { PROJECT_ORG_POLICY_CONSTRAINTS } from "../../core/rules/org-policy";

export const iamControls: ControlDefinition[] = [
  {
    id: "IAM-1",
    title: "No basic roles; service accounts are not admins",
    severity: "error",
    why: "Owner, Editor and Viewer grant thousands of permissions across every service; an admin service account turns one leaked token into full control.",
    fix: "Grant predefined or custom roles scoped to the task, on the resource (grant* methods), never roles/owner, roles/editor, roles/viewer; no *admin role to a service account at project level, except the kit's deployer roles (core/rules/deployer.ts) that the bootstrap stack grants the configured deployer (the first of state.deployers).",
    mappings: {
      cis: ["1.5"],
      checkov: ["CKV_GCP_117", "CKV_GCP_42"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 6)],
    },
    rule: iamRule(HIERARCHY_IAM_TYPES, (r, ctx) => {
      const roles = iamRoles(r);
      const basic = roles.filter((role) => BASIC_ROLES.includes(role));
      const adminToSa =
        iamMembers(r).some((m) => m.startsWith("serviceAccount:") || m.includes("google_service_account.")) &&
        roles.filter((role) => isAdminRole(role) && !isDeployerGrant(r, ctx, role));
      return firstFailure(
        basic.length > 0 && `grants basic role ${basic.join(", ")}`,
        Array.isArray(adminToSa) &&
          adminToSa.length > 0 &&
          `grants ${adminToSa.join(", ")} to a service account`,
      );
    }),
  },
  {
    id: "IAM-2",
    title: "No project-wide service account impersonation",
    severity: "error",
    why: "Service Account User or Token Creator on the project lets the member act as every service account in it.",
    fix: "Grant roles/iam.serviceAccountUser or serviceAccountTokenCreator on the one service account that needs it (google_service_account_iam_member).",
    mappings: {
      cis: ["1.6"],
      checkov: ["CKV_GCP_41", "CKV_GCP_49"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 6)],
    },
    rule: iamRule(HIERARCHY_IAM_TYPES, (r) => {
      const found = iamRoles(r).filter((role) => PROJECT_WIDE_IMPERSONATION_ROLES.includes(role));
      return found.length
        ? fail(`grants ${found.join(", ")} at ${r.type.replace(/^google_|_iam_.*$/g, "")} level`)
        : PASS;
    }),
  },
  {
    id: "IAM-3",
    title: "Service accounts without keys",
    severity: "error",
    why: "A service account key is a long-lived credential that can be copied anywhere; workloads use attached service accounts or workload identity instead (the security practices: no raw key access).",
    fix: "Remove google_service_account_key; attach the service account to the workload or use Workload Identity Federation.",
    mappings: {
      cis: ["1.4"],
      checkov: ["CKV_GCP_46"],
      hipaa: [HIPAA.accessControl, HIPAA.authentication],
      seed: [seed("002", 17)],
    },
    rule: resourceRule(["google_service_account", "google_service_account_key"], (r) =>
      r.type === "google_service_account_key" ? fail("creates a user-managed service account key") : PASS,
    ),
  },
  {
    id: "ORG-1",
    title: "Project organization policies enforced (when enabled)",
    severity: "warning",
    why: "Organization policies refuse insecure settings (public buckets, public SQL IPs, SA keys, external VM IPs) even when someone bypasses Terraform. They need orgpolicy.policyAdmin, so they are optional.",
    fix: `Enable the kit's org policies (needs roles/orgpolicy.policyAdmin) so each of ${PROJECT_ORG_POLICY_CONSTRAINTS.join(", ")} is enforced.`,
    mappings: { other: ["CFT foundation org_policy.tf"], hipaa: [HIPAA.accessControl] },
    rule: stackRule((ctx) => {
      const policies = ctx.ofType("google_org_policy_policy");
      if (!policies.length) return [];
      const verdicts: StackVerdict[] = [];
      for (const constraint of PROJECT_ORG_POLICY_CONSTRAINTS) {
        const policy = policies.find((p) => String(p.attrs.name ?? "").endsWith(`policies/${constraint}`));
        const enforced =
          policy !== undefined &&
          blocks(attr(policy.attrs, "spec.rules")).some(
            (rule) =>
              isTrue(rule.enforce) ||
              rule.enforce === "TRUE" ||
              isTrue(rule.deny_all) ||
              rule.deny_all === "TRUE",
          );
        verdicts.push(
          enforced
            ? verdict(PASS, policy, [policy.address])
            : verdict(
                fail(policy ? `${constraint} is not enforced` : `no org policy for ${constraint}`),
                policy,
              ),
        );
      }
      return verdicts;
    }),
  },
  {
    id: "REG-1",
    title: "Container registry scanned, immutable, CMEK",
    severity: "error",
    why: "Vulnerability scanning catches known CVEs in images; immutable tags make a deployed tag always mean the same image; CMEK keeps images under your key.",
    fix: 'Set kms_key_name, docker_config.immutable_tags = true and keep vulnerability_scanning_config.enablement_config = "INHERITED" on google_artifact_registry_repository.',
    mappings: {
      other: ["security practices, line 22"],
      hipaa: [HIPAA.integrity, HIPAA.encryption],
      seed: [seed("002", 22)],
    },
    rule: resourceRule(["google_artifact_registry_repository"], (repo) =>
      firstFailure(
        !isSet(repo.attrs.kms_key_name) && "kms_key_name is unset",
        String(repo.attrs.format ?? "").toUpperCase() === "DOCKER" &&
          !isTrue(attr(repo.attrs, "docker_config.immutable_tags")) &&
          `docker_config.immutable_tags is ${show(attr(repo.attrs, "docker_config.immutable_tags"))}`,
        attr(repo.attrs, "vulnerability_scanning_config.enablement_config") === "DISABLED" &&
          "vulnerability scanning is DISABLED",
      ),
    ),
  },
  {
    id: "IDP-1",
    title: "Application sign-in with MFA",
    severity: "error",
    why: "Passwords alone are phished and reused; MFA on the identity platform protects application accounts (the source documents authenticate products through Firebase Authentication). ENABLED only lets users enrol a second factor, so production requires MANDATORY; a production exception needs a reason, an owner and an expiry.",
    fix: 'Config identityPlatform.mfa (IdentityPlatform mfa). In Terraform: mfa { state = "MANDATORY" (production) or "ENABLED", enabled_providers = ["PHONE_SMS"] or TOTP } on google_identity_platform_config.',
    mappings: { hipaa: [HIPAA.authentication], seed: [seed("002", 14)] },
    rule: resourceRule(["google_identity_platform_config"], (r, ctx) => {
      const state = attr(r.attrs, "mfa.state");
      if (ctx.settings.production)
        return state === "MANDATORY"
          ? PASS
          : fail(`mfa.state is ${show(state)} in a production environment (want MANDATORY)`);
      return state === "ENABLED" || state === "MANDATORY" ? PASS : fail(`mfa.state is ${show(state)}`);
    }),
  },
];
