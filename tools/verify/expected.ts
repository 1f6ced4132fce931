/**
 * What the live environment should hold, read from the environment's synthesized output
 * (`cdktf.out/stacks/*-<env>/cdk.tf.json`, written by `ENV=<env> npm run synth`). Names and the few
 * references verify needs (which key encrypts what) are resolved within and across the environment's
 * stacks; anything that only exists after apply (an IP address) stays unresolved and is judged by shape.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "./errors";

type Json = Record<string, unknown>;

/** One resource the kit manages, with where it was declared. */
export interface Managed {
  readonly stack: string;
  /** Terraform address `type.name`. */
  readonly address: string;
  /** Construct path (the address when the JSON has none). */
  readonly path: string;
  /** Project the resource lives in. */
  readonly project: string;
  /** Its live name (bucket name, instance name, key id, secret id, database name, ...). */
  readonly name: string;
  readonly attrs: Json;
}

/** A managed resource verify cannot look up live (its name or project is an expression). */
export interface Unresolved {
  readonly stack: string;
  readonly address: string;
  readonly path: string;
  readonly reason: string;
}

export interface Expected {
  readonly environment: string;
  /** Stacks read, by name. */
  readonly stacks: readonly string[];
  /** Every project the environment's resources live in. */
  readonly projects: readonly string[];
  readonly buckets: readonly Managed[];
  readonly sqlInstances: readonly Managed[];
  /** Databases (google_sql_database) by instance name. */
  readonly sqlDatabases: ReadonlyMap<string, readonly string[]>;
  readonly firewalls: readonly Managed[];
  readonly routes: readonly Managed[];
  /** Subnetworks; `name` is `regions/<region>/subnetworks/<name>`. */
  readonly subnetworks: readonly Managed[];
  readonly keyRings: readonly Managed[];
  /** Crypto keys; `name` is the full key id `projects/.../cryptoKeys/<key>`. */
  readonly keys: readonly Managed[];
  readonly secrets: readonly Managed[];
  readonly alertPolicies: readonly Managed[];
  readonly notificationChannels: readonly Managed[];
  readonly auditConfigs: readonly Managed[];
  readonly sinks: readonly Managed[];
  readonly logBuckets: readonly Managed[];
  readonly orgPolicies: readonly Managed[];
  readonly redis: readonly Managed[];
  /** Managed resources whose live name or project cannot be resolved (each is a VERIFY-2 finding). */
  readonly unresolved: readonly Unresolved[];
  /** Resolves a value of a stack's JSON to a literal (references followed), or undefined. */
  readonly resolve: (stack: string, value: unknown) => string | undefined;
}

const REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/;
const REMOTE_OUTPUT = /^\$\{data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\}$/;

/** Reads the synthesized stacks whose name ends with `-<env>`. */
export function readSynthesizedStacks(synthDir: string, environment: string): Map<string, Json> {
  const dir = join(synthDir, "stacks");
  if (!existsSync(dir)) {
    throw new UsageError(`no synthesized output in ${dir}: run \`ENV=${environment} npm run synth\` first`);
  }
  const stacks = new Map<string, Json>();
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(`-${environment}`)) continue;
    const file = join(dir, name, "cdk.tf.json");
    if (!existsSync(file)) continue;
    try {
      stacks.set(name, JSON.parse(readFileSync(file, "utf8")) as Json);
    } catch {
      throw new UsageError(
        `${file} is not valid JSON: synthesize again with \`ENV=${environment} npm run synth\``,
      );
    }
  }
  if (stacks.size === 0) {
    throw new UsageError(
      `no stack for environment "${environment}" in ${dir}: run \`ENV=${environment} npm run synth\` (stacks are named <name>-${environment})`,
    );
  }
  return stacks;
}

function resourcesOf(json: Json, type: string): [string, Json][] {
  const byName = ((json.resource as Json | undefined)?.[type] ?? {}) as Record<string, Json>;
  return Object.entries(byName);
}

function providerProject(json: Json): string | undefined {
  const google = (json.provider as Json | undefined)?.google;
  const first = Array.isArray(google) ? (google[0] as Json | undefined) : (google as Json | undefined);
  return typeof first?.project === "string" ? first.project : undefined;
}

/** Builds the expected inventory of an environment from its synthesized stacks. */
export function expectedEnvironment(synthDir: string, environment: string): Expected {
  const stacks = readSynthesizedStacks(synthDir, environment);
  return expectedFromStacks(stacks, environment);
}

export function expectedFromStacks(stacks: ReadonlyMap<string, Json>, environment: string): Expected {
  const resolve = (stack: string, value: unknown, depth = 0): string | undefined => {
    if (typeof value !== "string" || depth > 10) return undefined;
    if (!value.includes("${")) return value;
    const json = stacks.get(stack);
    if (!json) return undefined;
    const remote = REMOTE_OUTPUT.exec(value);
    if (remote) {
      const source = remote[1].replace(/^cross-stack-reference-input-/, "");
      const output = ((stacks.get(source)?.output as Json | undefined)?.[remote[2]] as Json | undefined)
        ?.value;
      return resolve(source, output, depth + 1);
    }
    const ref = REFERENCE.exec(value);
    if (!ref) return undefined;
    const [, type, name, attr] = ref;
    const attrs = ((json.resource as Json | undefined)?.[type] as Record<string, Json> | undefined)?.[name];
    if (!attrs) return undefined;
    const project = resolve(stack, attrs.project, depth + 1) ?? providerProject(json);
    if (attr === "name" || attr === "secret_id") return resolve(stack, attrs[attr], depth + 1);
    if (attr !== "id") return undefined;
    const own = resolve(stack, attrs.name, depth + 1);
    if (!own) return undefined;
    if (type === "google_kms_key_ring") {
      const location = resolve(stack, attrs.location, depth + 1);
      return project && location ? `projects/${project}/locations/${location}/keyRings/${own}` : undefined;
    }
    if (type === "google_kms_crypto_key") {
      const ring = resolve(stack, attrs.key_ring, depth + 1);
      return ring ? `${ring}/cryptoKeys/${own}` : undefined;
    }
    if (type === "google_compute_network")
      return project ? `projects/${project}/global/networks/${own}` : undefined;
    return undefined;
  };

  const projects = new Set<string>();
  const unresolved: Unresolved[] = [];
  const collect = (type: string, nameOf: (stack: string, attrs: Json) => string | undefined): Managed[] => {
    const out: Managed[] = [];
    for (const [stack, json] of stacks) {
      for (const [logical, attrs] of resourcesOf(json, type)) {
        const address = `${type}.${logical}`;
        const project = resolve(stack, attrs.project) ?? providerProject(json);
        const name = nameOf(stack, attrs);
        const meta = (attrs["//"] as { metadata?: { path?: string } } | undefined)?.metadata;
        if (!project || !name) {
          // Fail closed without hiding the rest: the resource is reported, the others are still verified.
          unresolved.push({
            stack,
            address,
            path: meta?.path ?? address,
            reason: `cannot tell its live ${!project ? "project" : "name"} from the synthesized output (an expression only known after apply?)`,
          });
          continue;
        }
        if (type.startsWith("google_")) projects.add(project);
        out.push({ stack, address, path: meta?.path ?? address, project, name, attrs });
      }
    }
    return out;
  };
  const byName = (attr: string) => (stack: string, attrs: Json) => resolve(stack, attrs[attr]);

  const sqlDatabases = new Map<string, string[]>();
  for (const [stack, json] of stacks) {
    for (const [, attrs] of resourcesOf(json, "google_sql_database")) {
      const instance = resolve(stack, attrs.instance);
      const name = resolve(stack, attrs.name);
      if (instance && name) sqlDatabases.set(instance, [...(sqlDatabases.get(instance) ?? []), name]);
    }
  }

  return {
    environment,
    stacks: [...stacks.keys()],
    buckets: collect("google_storage_bucket", byName("name")),
    sqlInstances: collect("google_sql_database_instance", byName("name")),
    sqlDatabases,
    firewalls: collect("google_compute_firewall", byName("name")),
    routes: collect("google_compute_route", byName("name")),
    subnetworks: collect("google_compute_subnetwork", (stack, attrs) => {
      const region =
        resolve(stack, attrs.region) ??
        (((stacks.get(stack)!.provider as Json | undefined)?.google as Json[] | undefined)?.[0]?.region as
          string | undefined);
      const name = resolve(stack, attrs.name);
      return region && name ? `regions/${region}/subnetworks/${name}` : undefined;
    }),
    keyRings: collect("google_kms_key_ring", (stack, attrs) => {
      const project = resolve(stack, attrs.project) ?? providerProject(stacks.get(stack)!);
      const location = resolve(stack, attrs.location);
      const name = resolve(stack, attrs.name);
      return project && location && name
        ? `projects/${project}/locations/${location}/keyRings/${name}`
        : undefined;
    }),
    keys: collect("google_kms_crypto_key", (stack, attrs) => {
      const ring = resolve(stack, attrs.key_ring);
      const name = resolve(stack, attrs.name);
      return ring && name ? `${ring}/cryptoKeys/${name}` : undefined;
    }),
    secrets: collect("google_secret_manager_secret", byName("secret_id")),
    alertPolicies: collect("google_monitoring_alert_policy", byName("display_name")),
    notificationChannels: collect("google_monitoring_notification_channel", byName("display_name")),
    auditConfigs: collect("google_project_iam_audit_config", byName("service")),
    sinks: collect("google_logging_project_sink", byName("name")),
    logBuckets: collect("google_logging_project_bucket_config", (stack, attrs) => {
      const location = resolve(stack, attrs.location);
      const id = resolve(stack, attrs.bucket_id);
      return location && id ? `locations/${location}/buckets/${id}` : undefined;
    }),
    orgPolicies: collect("google_org_policy_policy", byName("name")),
    redis: collect("upstash_redis_database", byName("database_name")),
    projects: [...projects].sort(),
    unresolved,
    resolve: (stack, value) => resolve(stack, value),
  };
}
