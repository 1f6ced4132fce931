/**
 * POL-1, default deny: a resource or data-source type nobody reviewed may hold anything (a public grant,
 * a key, an open port) that no control would see, so it fails until a maintainer catalogues it.
 */
import type { ControlDefinition, Resource, StackContext, StackVerdict } from "../model";
import { reviewOf, type TypeKind } from "../types/catalogue";
import { HIPAA, PASS, fail, stackRule, verdict } from "./helpers";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function asList(value: unknown): Json[] {
  return (Array.isArray(value) ? value : [value]).filter(isObject);
}

/**
 * Every `type.name` under `resource` or `data` in any shape Terraform's JSON syntax accepts (objects or
 * lists of objects at each level), read from the raw JSON so that no body shape hides a type from POL-1.
 */
function declaredInstances(json: Json, key: "resource" | "data"): { type: string; name: string }[] {
  const found: { type: string; name: string }[] = [];
  for (const section of asList(json[key]))
    for (const [type, bodies] of Object.entries(section))
      for (const body of asList(bodies)) for (const name of Object.keys(body)) found.push({ type, name });
  return found;
}

function unreviewed(subject: Resource, kind: TypeKind): StackVerdict {
  const what = kind === "data" ? "data source type" : "resource type";
  return verdict(
    fail(
      `${what} ${subject.type} is not in the reviewed type catalogue, so no control judges it; review it (docs/policy.md, "Resource type catalogue": add it to policy/types/ with the controls that apply) or grant a POL-1 exception`,
    ),
    subject,
  );
}

function unreviewedOf(ctx: StackContext, kind: TypeKind): StackVerdict[] {
  const parsed = kind === "data" ? ctx.dataSources : ctx.resources;
  const byAddress = new Map(parsed.map((r) => [r.address, r]));
  return declaredInstances(ctx.json as Json, kind === "data" ? "data" : "resource")
    .filter(({ type }) => !reviewOf(kind, type))
    .map(({ type, name }) => {
      const address = kind === "data" ? `data.${type}.${name}` : `${type}.${name}`;
      return unreviewed(byAddress.get(address) ?? { type, name, address, path: address, attrs: {} }, kind);
    });
}

export const reviewedTypeControls: ControlDefinition[] = [
  {
    id: "POL-1",
    title: "Every resource type is reviewed",
    severity: "error",
    why: "The check can only judge what it knows: a type without controls (an HMAC key, a public IAM grant on a new service, a VM with an external IP) would otherwise pass silently. Default deny keeps every new type visible until a maintainer reviews it.",
    fix: "Use a kit construct, or have a maintainer review the type: add it to policy/types/ (resources.ts or data-sources.ts) with the controls that judge it (new controls where needed) and tests, as docs/policy.md describes; meanwhile an exception for POL-1 names the resource, reason, owner and expiry.",
    mappings: {
      other: ["Default deny: unknown resource types are findings (fail closed)"],
      hipaa: [HIPAA.accessControl, HIPAA.activityReview],
    },
    rule: stackRule((ctx) => {
      const verdicts = [...unreviewedOf(ctx, "resource"), ...unreviewedOf(ctx, "data")];
      if (verdicts.length || (!ctx.resources.length && !ctx.dataSources.length)) return verdicts;
      const types = new Set([
        ...ctx.resources.map((r) => r.type),
        ...ctx.dataSources.map((d) => `data.${d.type}`),
      ]);
      return [
        verdict(
          PASS,
          undefined,
          [...types].sort().map((t) => `type ${t}`),
        ),
      ];
    }),
  },
];
