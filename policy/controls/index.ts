/**
 * The control catalogue: one table that the checker, the CLI and the compliance report all read.
 * Add a control by adding an entry to the area's file (see docs/policy.md).
 */
import type { Control, ControlDefinition, PackName } from "../model";
import { iamControls } from "./iam";
import { kmsControls } from "./kms";
import { loggingControls } from "./logging";
import { networkControls } from "./network";
import { policyInputControls } from "./policy-input";
import { secretControls } from "./secrets";
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
  return definitions.map((d) => ({ ...d, packs: packsOf(d) }));
}

export const CONTROLS: readonly Control[] = catalogue([
  ...networkControls,
  ...kmsControls,
  ...secretControls,
  ...storageControls,
  ...sqlControls,
  ...loggingControls,
  ...iamControls,
  ...upstashControls,
  ...stateControls,
  ...policyInputControls,
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
