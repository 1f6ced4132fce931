import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Testing, TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { parseEnvironment } from "../../config/load";
import type { EnvironmentConfig } from "../../config/schema/environment";
import { ServiceAgents } from "../../constructs/project/service-agents";
import { applyAspects } from "./aspects";

/** A synthesized stack: Terraform JSON as `cdktf synth` writes it. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/** Construct paths of each synthesized stack's resources, by `type.logicalId`. */
const constructPaths = new WeakMap<SynthesizedStack, Map<string, string>>();

/** The JSON without cdktf's `//` metadata comments, at any depth. */
function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "//")
      .map(([key, v]) => [key, withoutMetadata(v)]),
  );
}

/**
 * Synthesizes one stack to parsed Terraform JSON, as `Testing.synth` does (aspects run, `//` metadata
 * stripped so resources compare cleanly), remembering each resource's construct path for `resourceAt`.
 * The stack is rendered once: the paths come from the same rendering as the JSON.
 */
export function synth(stack: TerraformStack): SynthesizedStack {
  applyAspects(stack);
  const raw = JSON.parse(JSON.stringify(stack.toTerraform())) as SynthesizedStack;
  const paths = new Map<string, string>();
  for (const [type, byId] of Object.entries(raw.resource ?? {})) {
    for (const [id, resource] of Object.entries(byId)) {
      const meta = resource["//"] as { metadata?: { path?: string } } | undefined;
      if (meta?.metadata?.path) paths.set(`${type}.${id}`, meta.metadata.path);
    }
  }
  const json = withoutMetadata(raw) as SynthesizedStack;
  constructPaths.set(json, paths);
  return json;
}

/** A bare stack with the Google provider and ServiceAgents, for testing one construct at a time. */
export function constructTestStack(projectId = "test-project-1"): TerraformStack {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new GoogleProvider(stack, "google", { project: projectId, region: "europe-west1" });
  ServiceAgents.of(stack, { projectId });
  return stack;
}

/** Every resource of a Terraform type, keyed by logical id. */
export function resourcesOf(json: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

/** The only resource of a type; fails the test when there is not exactly one. */
export function onlyResource(json: SynthesizedStack, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** Logical id and attributes of the resource of `type` whose construct path ends with the segments `pathSuffix`. */
function findAt(json: SynthesizedStack, type: string, pathSuffix: string): [string, Record<string, unknown>] {
  const paths = constructPaths.get(json) ?? new Map<string, string>();
  const pathOf = (id: string, resource: Record<string, unknown>) =>
    paths.get(`${type}.${id}`) ??
    (resource["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path ??
    "";
  const found = Object.entries(resourcesOf(json, type)).filter(([id, r]) => {
    const path = pathOf(id, r);
    return path === pathSuffix || path.endsWith(`/${pathSuffix}`);
  });
  if (found.length !== 1) throw new Error(`expected one ${type} at */${pathSuffix}, found ${found.length}`);
  return found[0];
}

/** The resource of `type` whose construct path ends with the segments `pathSuffix` (e.g. `data-bucket/bucket`). */
export function resourceAt(
  json: SynthesizedStack,
  type: string,
  pathSuffix: string,
): Record<string, unknown> {
  return findAt(json, type, pathSuffix)[1];
}

/** The logical id (Terraform name) of the resource `resourceAt` finds, for `${type.id.attr}` references. */
export function logicalIdAt(json: SynthesizedStack, type: string, pathSuffix: string): string {
  return findAt(json, type, pathSuffix)[0];
}

/** A valid environment for tests, with `overrides` merged over the minimal fields. */
export function testEnvironment(overrides: Record<string, unknown> = {}): EnvironmentConfig {
  const input = {
    name: "dev",
    projectId: "acme-test-dev",
    region: "europe-west1",
    notifications: { emails: ["alerts@example.com"] },
    ...overrides,
  };
  return parseEnvironment(`${String(input.name)}.json`, JSON.stringify(input));
}

export { App };

/**
 * Synthesizes a whole app as `cdktf synth` does (cross-stack references, aspects, validations) into a
 * temporary directory and returns each stack's `cdk.tf.json`, with its `//` metadata, by stack name.
 */
export function synthApp(build: (app: App) => void): Record<string, SynthesizedStack> {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-app-"));
  const app = new App({ outdir, skipValidation: false });
  build(app);
  app.synth();
  const stacks: Record<string, SynthesizedStack> = {};
  for (const name of readdirSync(join(outdir, "stacks"))) {
    stacks[name] = JSON.parse(
      readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"),
    ) as SynthesizedStack;
  }
  rmSync(outdir, { recursive: true, force: true });
  return stacks;
}
