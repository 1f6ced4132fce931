/**
 * The control catalogue: one table that the checker, the CLI and the compliance report all read.
 * Add a control by adding an entry to the area's file (see docs/policy.md).
 */
import type { Control, ControlDefinition, PackName } from "../model";
import { computeControls } from "./compute";
import { containerFindingControls } from "./container-findings";
import { dataClassificationControls } from "./data-classification";
import { dataServiceControls } from "./data-services";
import { gkeControls } from "./gke";
import { healthControls } from "./health";
import { iamControls } from "./iam";
import { kmsControls } from "./kms";
import { logExclusionControls } from "./log-exclusions";
import { loggingControls } from "./logging";
import { networkControls } from "./network";
import { policyInputControls } from "./policy-input";
import { networkPolicyControls } from "./network-policy";
import { orgPolicyControls } from "./org-policy";
import { projectControls } from "./project";
import { resourceIamControls } from "./resource-iam";
import { retentionControls } from "./retention";
import { reviewedTypeControls } from "./reviewed-types";
import { secretControls } from "./secrets";
import { serverlessControls } from "./serverless";
import { SOC2_CRITERIA } from "./soc2";
import { sqlControls } from "./sql";
import { stateControls } from "./state";
import { storageControls } from "./storage";
import { upstashControls } from "./upstash";

/** Packs a control belongs to: every control is in `baseline`; HIPAA-mapped and seed-000 controls are in `hipaa`. */
export function packsOf(definition: ControlDefinition): PackName[] {
  const hipaa =
    (definition.mappings.hipaa?.length ?? 0) > 0 ||
    (definition.mappings.seed ?? []).some((s) => s.file === "000");
  return hipaa ? ["baseline", "hipaa"] : ["baseline"];
}

function catalogue(definitions: readonly ControlDefinition[]): readonly Control[] {
  const seen = new Set<string>();
  for (const d of definitions) {
    if (seen.has(d.id)) throw new Error(`policy/controls: control id ${d.id} is defined twice`);
    seen.add(d.id);
  }
  return definitions.map((d) => {
    const soc2 = d.mappings.soc2 ?? SOC2_CRITERIA[d.id];
    const mappings = soc2 ? { ...d.mappings, soc2 } : d.mappings;
    return { ...d, mappings, packs: packsOf(d) };
  });
}

export const CONTROLS: readonly Control[] = catalogue([
  ...networkControls,
  ...kmsControls,
  ...secretControls,
  ...storageControls,
  ...retentionControls,
  ...sqlControls,
  ...loggingControls,
  ...healthControls,
  ...containerFindingControls,
  ...iamControls,
  ...upstashControls,
  ...stateControls,
  ...policyInputControls,
  // Default deny and the controls for types teams add (issue 11: resource type catalogue).
  ...reviewedTypeControls,
  ...resourceIamControls,
  ...networkPolicyControls,
  ...computeControls,
  ...gkeControls,
  ...serverlessControls,
  ...dataServiceControls,
  ...logExclusionControls,
  ...projectControls,
  ...orgPolicyControls,
  // Data classification and application-layer keys (issue 15 items 5-6).
  ...dataClassificationControls,
]);

const BY_ID = new Map(CONTROLS.map((c) => [c.id, c]));

/** The control with `id`, or undefined. */
export function controlById(id: string): Control | undefined {
  return BY_ID.get(id);
}

/** The controls of a pack, in catalogue order. */
export function controlsInPack(pack: PackName): readonly Control[] {
  return CONTROLS.filter((c) => c.packs.includes(pack));
}
