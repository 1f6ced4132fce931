import type { SynthesizedStack } from "./synth";

/** Address of a resource (`type.name`) or data source (`data.type.name`) in a synthesized stack. */
export type Address = string;

/** A stack's dependency graph: for each address, the addresses it depends on (depends_on and references). */
export interface DependencyGraph {
  readonly nodes: ReadonlyMap<Address, Record<string, unknown>>;
  readonly edges: ReadonlyMap<Address, ReadonlySet<Address>>;
}

const EXPRESSION = /\$\{([^}]*)\}/g;
const REFERENCE = /(?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*/g;

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value !== null && typeof value === "object")
    Object.entries(value).forEach(([k, v]) => k !== "//" && stringsIn(v, out));
  return out;
}

/**
 * Terraform's view of the order: an edge for every `depends_on` entry and every `${...}` reference to
 * another resource or data source of the stack (as Terraform orders them; independent oracle of cdktf).
 */
export function dependencyGraph(json: SynthesizedStack): DependencyGraph {
  const nodes = new Map<Address, Record<string, unknown>>();
  for (const [type, byName] of Object.entries(json.resource ?? {}))
    for (const [name, body] of Object.entries(byName)) nodes.set(`${type}.${name}`, body);
  for (const [type, byName] of Object.entries(json.data ?? {}))
    for (const [name, body] of Object.entries(byName)) nodes.set(`data.${type}.${name}`, body);
  const edges = new Map<Address, Set<Address>>();
  for (const [address, body] of nodes) {
    const targets = new Set<Address>();
    const { depends_on: dependsOn, ...attributes } = body;
    for (const dep of (dependsOn as string[] | undefined) ?? []) targets.add(dep);
    for (const text of stringsIn(attributes)) {
      for (const [, expression] of text.matchAll(EXPRESSION)) {
        for (const [ref] of expression.matchAll(REFERENCE)) if (nodes.has(ref)) targets.add(ref);
      }
    }
    targets.delete(address);
    edges.set(address, targets);
  }
  return { nodes, edges };
}

/** The addresses `from` depends on, directly or transitively. */
export function dependenciesOf(graph: DependencyGraph, from: Address): Set<Address> {
  const seen = new Set<Address>();
  const stack = [...(graph.edges.get(from) ?? [])];
  while (stack.length) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(graph.edges.get(next) ?? []));
  }
  return seen;
}

/** True when `from` depends, directly or transitively, on `to`. */
export function dependsOnPath(graph: DependencyGraph, from: Address, to: Address): boolean {
  return dependenciesOf(graph, from).has(to);
}

/** Type of an address (`google_x` for `google_x.n` and `data.google_x.n`). */
export function typeOf(address: Address): string {
  const parts = address.split(".");
  return parts[0] === "data" ? parts[1] : parts[0];
}

/** Addresses of the given type (resources only). */
export function addressesOf(graph: DependencyGraph, type: string): Address[] {
  return [...graph.nodes.keys()].filter((a) => a.startsWith(`${type}.`));
}

/** Address of the resource whose attributes object is `body` (as `resourcesOf`/`resourceAt` return it). */
export function addressOf(json: SynthesizedStack, body: Record<string, unknown>): Address {
  for (const [type, byName] of Object.entries(json.resource ?? {}))
    for (const [name, candidate] of Object.entries(byName)) if (candidate === body) return `${type}.${name}`;
  throw new Error("addressOf: the object is not a resource of this stack");
}

/**
 * True when `from` depends on a `time_sleep` that itself depends on `target`: `from` is created only after
 * a wait that started once `target` existed.
 */
export function waitsAfter(json: SynthesizedStack, from: Address, target: Address | RegExp): boolean {
  const graph = dependencyGraph(json);
  const matches = (a: Address) => (typeof target === "string" ? a === target : target.test(a));
  const before = dependenciesOf(graph, from);
  return addressesOf(graph, "time_sleep").some(
    (sleep) => before.has(sleep) && [...dependenciesOf(graph, sleep)].some(matches),
  );
}
