import type { ControlDefinition, StackVerdict } from "../model";
import { cannotVerify, classify } from "../expressions";
import { recordedPolicy, stackNameOf } from "../stack";
import { show } from "../terraform-json";
import { recordedSettingsProblems } from "../trust";
import { HIPAA, PASS, fail, stackRule, verdict } from "./helpers";

const GOOGLE_PROVIDERS = ["google", "google-beta"];

export const policyInputControls: ControlDefinition[] = [
  {
    id: "POL-2",
    title: "Policy metadata matches the configuration",
    severity: "error",
    why: "Environment, role and production flag decide which controls apply. The check takes them from the validated configuration and the stack name; metadata in the JSON that disagrees was rewritten by code (an Aspect or override) and is a sign of tampering.",
    fix: "Remove the code that rewrites the stack's root `//` comment (policy, metadata.stackName); the configuration (config/environments/<env>.yaml) decides environment, role and production.",
    mappings: { hipaa: [HIPAA.integrity, HIPAA.accessControl] },
    rule: stackRule((ctx) => {
      const problems = recordedSettingsProblems(
        recordedPolicy(ctx.json as Record<string, unknown>),
        ctx.settings,
        undefined,
      ).filter((p) => !p.startsWith("//.policy.pack"));
      const recordedName = stackNameOf(ctx.json as Record<string, unknown>, ctx.stackName);
      if (recordedName !== ctx.stackName)
        problems.push(`//.metadata.stackName says ${show(recordedName)} but the stack is "${ctx.stackName}"`);
      return problems.length ? problems.map((p) => verdict(fail(p))) : [verdict(PASS)];
    }),
  },
  {
    id: "POL-3",
    title: "Google resources go to the environment's project",
    severity: "error",
    why: "A provider block or a resource `project` aimed at another project creates resources outside the environment: outside its audit logs, alerts, org policies and this check's view of the project.",
    fix: "Use the environment's project (config projectId): keep the stack's GoogleProvider as the kit creates it and leave `project` unset on resources (or set it to the environment's project).",
    mappings: { hipaa: [HIPAA.accessControl, HIPAA.audit] },
    rule: stackRule((ctx) => {
      const verdicts: StackVerdict[] = [];
      const judge = (where: string, value: unknown, required: boolean) => {
        if (value === undefined || value === null) {
          return required
            ? fail(`${where} is unset (the project would come from the deployer's environment)`)
            : undefined;
        }
        const found = classify(value);
        if (found.kind === "expression") return cannotVerify(`${where}`, value);
        if (found.kind === "references") return undefined;
        if (ctx.projectId !== undefined && value !== ctx.projectId)
          return fail(`${where} is ${show(value)}, not the environment's project "${ctx.projectId}"`);
        return undefined;
      };
      for (const provider of ctx.providers.filter((p) => GOOGLE_PROVIDERS.includes(p.type))) {
        const problem = judge(
          `provider "${provider.type}"${provider.alias ? ` (alias ${provider.alias})` : ""} project`,
          provider.attrs.project,
          true,
        );
        verdicts.push(
          verdict(problem ?? PASS, undefined, problem ? undefined : [`provider.${provider.type}`]),
        );
      }
      for (const r of ctx.resources.filter((x) => x.type.startsWith("google_") && "project" in x.attrs)) {
        const problem = judge("project", r.attrs.project, false);
        if (problem) verdicts.push(verdict(problem, r));
      }
      return verdicts;
    }),
  },
];
