/** Direct access to one control's rule, for unit tests of its branches on hand-written resources. */
import { controlById } from "../../../policy/controls";
import { stackContext } from "../../../policy/stack";
import type {
  Outcome,
  Resource,
  StackContext,
  StackPolicySettings,
  StackVerdict,
} from "../../../policy/model";

export function res(address: string, attrs: Record<string, unknown> = {}): Resource {
  const [type, name] = address.split(".");
  return { type, name, address, path: `s/${name}`, attrs };
}

export function ctxOf(
  resources: readonly Resource[],
  settings: Partial<StackPolicySettings> = {},
  json: Record<string, unknown> = {},
): StackContext {
  const settingsWithDefaults: StackPolicySettings = {
    pack: "baseline",
    production: true,
    role: "baseline",
    ...settings,
  };
  // Outputs, providers, locals and variables as the checker reads them from `json`; resources as given.
  return {
    ...stackContext(json, "s", settingsWithDefaults),
    resources,
    dataSources: [],
    ofType: (type) => resources.filter((r) => r.type === type),
  };
}

/** Outcome of resource rule `id` on `resource` (in a context holding only it unless given). */
export function judge(id: string, resource: Resource, ctx: StackContext = ctxOf([resource])): Outcome {
  const rule = controlById(id)!.rule;
  if (rule.kind !== "resource") throw new Error(`${id} is not a resource rule`);
  if (!rule.types.includes(resource.type)) throw new Error(`${id} does not judge ${resource.type}`);
  return rule.check(resource, ctx);
}

/** Verdicts of stack rule `id`, as `outcome @ subject address [evidence]` lines. */
export function verdicts(id: string, ctx: StackContext): string[] {
  const rule = controlById(id)!.rule;
  if (rule.kind !== "stack") throw new Error(`${id} is not a stack rule`);
  return rule
    .check(ctx)
    .map(
      (v: StackVerdict) =>
        `${v.outcome} @ ${v.subject?.address ?? "(stack)"}${v.evidence?.length ? ` [${v.evidence.join(", ")}]` : ""}`,
    );
}
