import { resourcesOf, type SynthesizedStack } from "./synth";

/**
 * The resource of `type` whose construct path ends with `pathSuffix` (e.g. `alerts/alert-x`), found
 * by logical id: `Testing.synth` strips the `//` metadata that `resourceAt` reads, but the logical id
 * (`alerts_alert-x_1A2B3C4D`) still spells the path.
 */
export function resourceByPath(
  json: SynthesizedStack,
  type: string,
  pathSuffix: string,
): Record<string, unknown> & { readonly logicalId: string } {
  const wanted = pathSuffix.replace(/\//g, "_");
  const found = Object.entries(resourcesOf(json, type)).filter(([id]) => {
    const path = id.replace(/_[0-9A-F]{8}$/, "");
    return path === wanted || path.endsWith(`_${wanted}`);
  });
  if (found.length !== 1) throw new Error(`expected one ${type} at *${pathSuffix}, found ${found.length}`);
  return { ...found[0][1], logicalId: found[0][0] };
}
