/** Project organization policies (ORG-1) through the Organization Policy API v2: getEffectivePolicy. */
import type { Finding } from "../../../policy/model";
import { finding, type LiveCheck } from "../context";
import { blocks, block } from "./blocks";

interface Rule {
  readonly enforce?: boolean;
  readonly denyAll?: boolean;
}

export const orgPolicyCheck: LiveCheck = {
  area: "org-policy",
  controls: ["ORG-1"],
  role: "roles/orgpolicy.policyViewer",
  // The source documents ask for organization policies "where readable": a project-level identity
  // often cannot read them, which is worth a warning, not a failed run.
  deniedSeverity: "warning",
  notApplicable: (expected) => expected.orgPolicies.length === 0,
  async run(ctx) {
    const out: Finding[] = [];
    for (const m of ctx.expected.orgPolicies) {
      const effective = await ctx.client.request<{ spec?: { rules?: Rule[] } }>(
        "orgpolicy",
        `/${m.name}:getEffectivePolicy`,
      );
      const rules = effective?.spec?.rules ?? [];
      const wanted = blocks(block(m.attrs.spec)?.rules);
      const wantsEnforce = wanted.some((r) => String(r.enforce).toUpperCase() === "TRUE");
      const wantsDenyAll = wanted.some((r) => String(r.deny_all).toUpperCase() === "TRUE");
      const ok =
        (wantsEnforce ? rules.some((r) => r.enforce === true) : true) &&
        (wantsDenyAll ? rules.some((r) => r.denyAll === true) : true);
      if (!ok || !rules.length) {
        out.push(
          finding(
            m,
            "ORG-1",
            `the effective policy ${m.name} no longer ${wantsDenyAll ? "denies every value" : "is enforced"}`,
            "Run `cdktf deploy`; if a parent folder overrides it, ask the organization administrators",
          ),
        );
      }
    }
    return out;
  },
};
