/**
 * Construct-level API of the policy check: justified suppressions, written into the synthesized JSON
 * under `//` keys (comments to Terraform), where the checker reads them.
 */
import type { IConstruct } from "constructs";
import { Aspects, TerraformResource, TerraformStack, type IAspect } from "cdktf";
import { InvalidPropError } from "../core/errors";
import { exceptionFieldsSchema } from "./exceptions";
import { SUPPRESSIONS_KEY } from "./stack";

export interface SuppressionProps {
  /** Why the control does not apply or is accepted here; at least 20 characters. Shown in every report. */
  readonly reason: string;
  /** Who answers for it: an email address or a team name. */
  readonly owner: string;
  /** Last day the suppression applies, YYYY-MM-DD; afterwards the check fails until it is fixed or renewed. */
  readonly expires: string;
}

interface StoredSuppression extends SuppressionProps {
  readonly control: string;
}

const stored = new WeakMap<IConstruct, StoredSuppression[]>();

function addTo(target: TerraformResource | TerraformStack, suppression: StoredSuppression): void {
  const list = stored.get(target) ?? [];
  if (list.some((s) => s.control === suppression.control && s.reason === suppression.reason)) return;
  list.push(suppression);
  stored.set(target, list);
  target.addOverride(`//.${SUPPRESSIONS_KEY}`, [...list]);
}

/** Writes the suppression onto every Terraform resource under the scope when the app synthesizes. */
class SuppressionAspect implements IAspect {
  constructor(private readonly suppression: StoredSuppression) {}

  visit(node: IConstruct): void {
    if (node instanceof TerraformResource) addTo(node, this.suppression);
  }
}

/**
 * Waives `controlId` for every resource under `scope` (resources added later included). On a stack,
 * it also waives the control's stack-level findings. Invalid input throws before synthesis.
 */
export function suppress(scope: IConstruct, controlId: string, props: SuppressionProps): void {
  const input = { control: controlId, reason: props.reason, owner: props.owner, expires: props.expires };
  const result = exceptionFieldsSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = String(issue.path[0] ?? "control");
    throw new InvalidPropError("suppress", field, (input as Record<string, unknown>)[field], issue.message);
  }
  const suppression: StoredSuppression = { ...input, reason: props.reason.trim() };
  // On a stack, one entry at the JSON root covers every finding of the control in the stack.
  if (scope instanceof TerraformStack) addTo(scope, suppression);
  else Aspects.of(scope).add(new SuppressionAspect(suppression));
}
