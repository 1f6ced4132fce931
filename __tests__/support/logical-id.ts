import { resourcesOf, type SynthesizedStack } from "./synth";

/**
 * The resource of `type` whose construct id (the last path segment) is `constructId`. `Testing.synth`
 * strips the "//" metadata that `resourceAt` reads, so this matches the logical id instead, which
 * cdktf builds as `<path segments joined by _>_<8 hex digits>`.
 */
export function resourceWithId(
  json: SynthesizedStack,
  type: string,
  constructId: string,
): Record<string, unknown> {
  const suffix = new RegExp(`(^|_)${constructId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}_[0-9A-F]{8}$`);
  const found = Object.entries(resourcesOf(json, type)).filter(([logicalId]) => suffix.test(logicalId));
  if (found.length !== 1)
    throw new Error(`expected one ${type} with construct id ${constructId}, found ${found.length}`);
  return found[0][1];
}
