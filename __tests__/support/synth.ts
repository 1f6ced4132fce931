import { App, Testing, TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { parseEnvironment } from "../../config/load";
import type { EnvironmentConfig } from "../../config/schema/environment";
import { ServiceAgents } from "../../constructs/project/service-agents";

/** A synthesized stack: Terraform JSON as `cdktf synth` writes it. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/** Synthesizes one stack to parsed Terraform JSON. */
export function synth(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}

/** A bare stack with the Google provider and ServiceAgents, for testing one construct at a time. */
export function constructTestStack(projectId = "test-project-1"): TerraformStack {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new GoogleProvider(stack, "google", { project: projectId, region: "europe-west1" });
  new ServiceAgents(stack, { projectId });
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

/** The resource of `type` whose construct path ends with `pathSuffix`. */
export function resourceAt(
  json: SynthesizedStack,
  type: string,
  pathSuffix: string,
): Record<string, unknown> {
  const found = Object.values(resourcesOf(json, type)).filter((r) =>
    String((r["//"] as { metadata: { path: string } }).metadata.path).endsWith(pathSuffix),
  );
  if (found.length !== 1) throw new Error(`expected one ${type} at *${pathSuffix}, found ${found.length}`);
  return found[0];
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
