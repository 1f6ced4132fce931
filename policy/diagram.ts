/**
 * A Mermaid diagram of the stack's main flows, derived from references between resources: network →
 * NAT egress IPs → Redis allowlist; keys → buckets, secrets, database, logs; credentials → secrets.
 */
import type { Resource } from "./model";
import { isExpression, withoutComments } from "./terraform-json";

/** Resource types drawn as nodes, with the words that name them. */
const NODE_TYPES: Readonly<Record<string, string>> = {
  google_compute_network: "VPC network",
  google_compute_subnetwork: "Subnet",
  google_compute_router: "Cloud Router",
  google_compute_router_nat: "Cloud NAT",
  google_compute_address: "Egress IP",
  upstash_redis_database: "Upstash Redis",
  google_kms_crypto_key: "KMS key",
  google_storage_bucket: "Bucket",
  google_secret_manager_secret: "Secret",
  google_sql_database_instance: "Cloud SQL",
  google_logging_project_sink: "Log sink",
  google_logging_project_bucket_config: "Log bucket",
  google_pubsub_topic: "Pub/Sub topic",
  google_artifact_registry_repository: "Artifact Registry",
  google_monitoring_notification_channel: "Notification channel",
};
/** Attributes whose reference points against the data flow (the referencing resource sends to the referenced one). */
const OUTBOUND_ATTRIBUTES = new Set(["destination", "logging"]);
/** Meta-arguments that are not data flows. */
const IGNORED_ATTRIBUTES = new Set(["depends_on", "lifecycle", "provider"]);
const NAME_ATTRIBUTES = ["name", "database_name", "secret_id", "bucket_id", "display_name", "repository_id"];
const REFERENCE = /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\./g;

function label(r: Resource, stack: string): string {
  const literal = NAME_ATTRIBUTES.map((a) => r.attrs[a]).find(
    (v) => typeof v === "string" && !isExpression(v),
  );
  const name = typeof literal === "string" ? literal : r.path.replace(`${stack}/`, "");
  return `${NODE_TYPES[r.type]}: ${name}`.replace(/"/g, "'");
}

function referencesIn(value: unknown): { type: string; name: string }[] {
  const text = JSON.stringify(value) ?? "";
  return [...text.matchAll(REFERENCE)].map((m) => ({ type: m[1], name: m[2] }));
}

/** References under an attribute, each with the most telling key that holds it (`private_network`, not `settings`). */
function labelledReferences(key: string, value: unknown): { via: string; type: string; name: string }[] {
  if (typeof value === "string") return referencesIn(value).map((ref) => ({ via: key, ...ref }));
  if (Array.isArray(value)) return value.flatMap((v) => labelledReferences(key, v));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    labelledReferences(["name", "id", "value"].includes(k) ? key : k, v),
  );
}

/** Mermaid `flowchart LR` source, or undefined when the stack has nothing to draw. */
export function flowDiagram(resources: readonly Resource[], stack: string): string | undefined {
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const nodes = resources.filter((r) => r.type in NODE_TYPES);
  if (!nodes.length) return undefined;
  const ids = new Map(nodes.map((r, i) => [r.address, `n${i}`]));
  const edges = new Set<string>();
  const addEdge = (from: string, to: string, via: string) => {
    if (from !== to && ids.has(from) && ids.has(to))
      edges.add(`  ${ids.get(from)} -->|${via}| ${ids.get(to)}`);
  };
  for (const r of nodes) {
    const attrs = Object.entries(withoutComments(r)).filter(([key]) => !IGNORED_ATTRIBUTES.has(key));
    for (const [key, value] of attrs) {
      for (const ref of labelledReferences(key, value)) {
        const target = `${ref.type}.${ref.name}`;
        if (OUTBOUND_ATTRIBUTES.has(key)) addEdge(r.address, target, ref.via);
        else addEdge(target, r.address, ref.via);
      }
    }
  }
  // Secret versions are edges, not nodes: the value's source flows into the secret.
  for (const version of resources.filter((r) => r.type === "google_secret_manager_secret_version")) {
    const [secret] = referencesIn(version.attrs.secret).map((x) => `${x.type}.${x.name}`);
    for (const source of referencesIn(version.attrs.secret_data)) {
      if (secret && byAddress.has(secret)) addEdge(`${source.type}.${source.name}`, secret, "credential");
    }
  }
  const used = new Set([...edges].flatMap((e) => e.trim().split(/ -->\|[^|]*\| /)));
  const lines = ["flowchart LR"];
  for (const r of nodes) {
    const id = ids.get(r.address) as string;
    if (used.has(id) || edges.size === 0) lines.push(`  ${id}["${label(r, stack)}"]`);
  }
  lines.push(...[...edges].sort());
  return lines.join("\n");
}
