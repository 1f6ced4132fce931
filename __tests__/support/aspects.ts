import { Aspects, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * Applies every aspect to the constructs under `root`, each aspect inherited by the subtree it was added
 * to and applied once per construct, as `app.synth()` does before rendering. Public API only: tests that
 * render one stack without a full synthesis use this instead of cdktf's internal synthesizer module.
 */
export function applyAspects(root: IConstruct, inherited: readonly IAspect[] = []): void {
  const here = [...inherited, ...Aspects.of(root).all.filter((a) => !inherited.includes(a))];
  for (const aspect of here) aspect.visit(root);
  for (const child of root.node.children) applyAspects(child, here);
}
