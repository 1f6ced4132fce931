/**
 * Projects the kit (or a team) creates: no auto-created default network, and not deleted with the stack.
 */
import { cannotVerify, classify } from "../expressions";
import type { ControlDefinition } from "../model";
import { isFalse, show } from "../terraform-json";
import { HIPAA, PASS, fail, resourceRule, seed } from "./helpers";

export const projectControls: ControlDefinition[] = [
  {
    id: "PRJ-1",
    title: "Projects without a default network, kept on destroy",
    severity: "error",
    why: "A new project gets an auto-mode `default` network whose firewall admits SSH, RDP and ICMP from 0.0.0.0/0; deleting a project with the stack deletes everything in it.",
    fix: 'Set auto_create_network = false on google_project and keep deletion_policy "PREVENT" (the provider default) or "ABANDON".',
    mappings: {
      cis: ["3.1"],
      checkov: ["CKV_GCP_27"],
      hipaa: [HIPAA.accessControl, HIPAA.contingency],
      seed: [seed("002", 25)],
    },
    rule: resourceRule(["google_project"], (project) => {
      const network = project.attrs.auto_create_network;
      if (network !== undefined && classify(network).kind !== "literal")
        return cannotVerify("auto_create_network", network);
      if (!isFalse(network))
        return fail(
          `auto_create_network is ${show(network)} (the provider default creates the default network)`,
        );
      const deletion = project.attrs.deletion_policy;
      if (deletion === undefined) return PASS;
      const c = classify(deletion);
      if (c.kind !== "literal") return cannotVerify("deletion_policy", deletion);
      return ["PREVENT", "ABANDON"].includes(String(c.value))
        ? PASS
        : fail(`deletion_policy is ${show(c.value)} (destroying the stack deletes the project)`);
    }),
  },
];
