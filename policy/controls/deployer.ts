/**
 * The deployer's project roles (`core/rules/deployer.ts`), granted in the bootstrap stack: the one place a
 * service account may hold admin roles on the project. Controls that refuse project-level admin or secret
 * roles (IAM-1, SEC-5) accept exactly these grants, judged from what the check trusts (the stack's role from
 * its name, the project and the deployer from the validated configuration), never from the JSON's claims.
 */
import type { Resource, StackContext } from "../model";
import { allowedDeployerRoles } from "../../core/rules/deployer";

/**
 * True when `r` is a `google_project_iam_member` of the bootstrap stack on the environment's own project that
 * grants `role`, one of the kit's deployer roles, to the configured deployer. Anything unknown (no
 * configuration, an expression member, another project, another stack) is not the deployer's grant.
 */
export function isDeployerGrant(r: Resource, ctx: StackContext, role: string): boolean {
  return (
    ctx.settings.role === "bootstrap" &&
    r.type === "google_project_iam_member" &&
    ctx.deployer !== undefined &&
    ctx.projectId !== undefined &&
    r.attrs.member === ctx.deployer &&
    r.attrs.role === role &&
    r.attrs.project === ctx.projectId &&
    allowedDeployerRoles(ctx.projectId).includes(role)
  );
}
