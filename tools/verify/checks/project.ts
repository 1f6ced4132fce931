/** The project's IAM policy: audit configuration (LOG-1) and public principals (IAM-1), through Resource Manager v3 getIamPolicy. */
import type { Finding } from "../../../policy/model";
import { finding, publicGrants, type LiveCheck } from "../context";
import { blocks } from "./blocks";

interface AuditConfig {
  readonly service?: string;
  readonly auditLogConfigs?: { logType?: string; exemptedMembers?: string[] }[];
}

export const projectCheck: LiveCheck = {
  area: "project-iam",
  controls: ["LOG-1", "IAM-1"],
  role: "roles/iam.securityReviewer",
  notApplicable: (expected) => expected.projects.length === 0,
  async run(ctx) {
    const out: Finding[] = [];
    for (const project of ctx.expected.projects) {
      // getIamPolicy is a POST but only reads.
      const policy = await ctx.client.request<{ auditConfigs?: AuditConfig[] }>(
        "cloudresourcemanager",
        `/projects/${project}:getIamPolicy`,
        { method: "POST", body: { options: { requestedPolicyVersion: 3 } }, idempotent: true },
      );
      for (const m of ctx.expected.auditConfigs.filter((a) => a.project === project)) {
        const live = (policy?.auditConfigs ?? []).find((c) => c.service === m.name);
        const liveTypes = new Map(
          (live?.auditLogConfigs ?? []).map((c) => [c.logType, c.exemptedMembers ?? []]),
        );
        for (const wanted of blocks(m.attrs.audit_log_config)) {
          const type = String(wanted.log_type);
          if (!liveTypes.has(type)) {
            out.push(
              finding(
                m,
                "LOG-1",
                `project ${project} no longer records ${type} audit logs for ${m.name}`,
                "Run `cdktf deploy` to restore the audit configuration (MON-2 alerts on such changes)",
              ),
            );
          } else if (liveTypes.get(type)!.length) {
            out.push(
              finding(
                m,
                "LOG-1",
                `${type} audit logs for ${m.name} exempt ${liveTypes.get(type)!.join(", ")}`,
                "Remove the exemption (run `cdktf deploy`)",
              ),
            );
          }
        }
      }
      const grants = publicGrants(policy);
      if (grants.length) {
        out.push(
          finding(
            { project, live: `projects/${project}` },
            "IAM-1",
            `the project's IAM policy grants ${grants.join(", ")}`,
            "Remove the public members from the project's IAM policy now",
          ),
        );
      }
    }
    return out;
  },
};
