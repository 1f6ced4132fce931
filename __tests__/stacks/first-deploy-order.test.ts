import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RESOURCE_APIS } from "../../constructs/project/resource-apis";
import { BASELINE_APIS } from "../../stacks/baseline-stack";
import {
  addressesOf,
  dependenciesOf,
  dependencyGraph,
  dependsOnPath,
  typeOf,
  type DependencyGraph,
} from "../support/graph";
import { shippedStacks, shippedSynthDir } from "../support/shipped";
import type { SynthesizedStack } from "../support/synth";

const stacks = Object.entries(shippedStacks());
const manifest = JSON.parse(readFileSync(join(shippedSynthDir(), "manifest.json"), "utf8")) as {
  stacks: Record<string, { dependencies: string[] }>;
};

/** The APIs an address calls, from the table (and the service a service identity names). */
function apisOf(graph: DependencyGraph, address: string): readonly string[] | undefined {
  const key = address.startsWith("data.") ? `data.${typeOf(address)}` : typeOf(address);
  const listed = RESOURCE_APIS[key];
  const body = graph.nodes.get(address)!;
  if (typeOf(address) === "google_project_service_identity" && listed)
    return [...listed, body.service as string];
  return listed;
}

/** `google_project_service` address by service name. */
function enabledApis(graph: DependencyGraph): Map<string, string> {
  return new Map(
    addressesOf(graph, "google_project_service").map((a) => [graph.nodes.get(a)!.service as string, a]),
  );
}

/** Each google resource or data source whose API the stack enables but that does not wait for it. */
function missingApiWaits(json: SynthesizedStack): string[] {
  const graph = dependencyGraph(json);
  const enabled = enabledApis(graph);
  const missing: string[] = [];
  for (const address of graph.nodes.keys()) {
    if (!typeOf(address).startsWith("google_") || typeOf(address) === "google_project_service") continue;
    const apis = apisOf(graph, address);
    if (!apis) {
      missing.push(`${address}: type not in RESOURCE_APIS`);
      continue;
    }
    for (const api of apis) {
      const service = enabled.get(api);
      if (service && !dependsOnPath(graph, address, service)) missing.push(`${address} -> ${api}`);
    }
  }
  return missing;
}

const sleeps = (graph: DependencyGraph) => addressesOf(graph, "time_sleep");

/** True when `from` waits (through a time_sleep) for something `isTarget` accepts. */
function waitsFor(graph: DependencyGraph, from: string, isTarget: (address: string) => boolean): boolean {
  const before = dependenciesOf(graph, from);
  return sleeps(graph).some(
    (sleep) => before.has(sleep) && [...dependenciesOf(graph, sleep)].some((a) => isTarget(a)),
  );
}

describe.each(stacks)("%s: first deploy order", (name, json) => {
  const graph = dependencyGraph(json);

  it("has every resource wait for the google_project_service of each API it calls", () => {
    expect(missingApiWaits(json)).toEqual([]);
  });

  it("relies on another stack only for APIs the baseline enables, and deploys after it", () => {
    const enabled = enabledApis(graph);
    const elsewhere = new Set<string>();
    for (const address of graph.nodes.keys()) {
      if (!typeOf(address).startsWith("google_") || typeOf(address) === "google_project_service") continue;
      for (const api of apisOf(graph, address) ?? []) if (!enabled.has(api)) elsewhere.add(api);
    }
    if (elsewhere.size === 0) return;
    expect(name).not.toMatch(/^(bootstrap|baseline)-/);
    expect(BASELINE_APIS).toEqual(expect.arrayContaining([...elsewhere]));
    const env = name.split("-").pop()!;
    expect(manifest.stacks[name].dependencies).toContain(`baseline-${env}`);
  });

  it("declares the time provider wherever it waits", () => {
    if (sleeps(graph).length === 0) return;
    expect(Object.keys((json.provider as Record<string, unknown>) ?? {})).toContain("time");
  });

  it("grants service agents only after a wait for the agent, and creates CMEK resources only after a wait for the grant", () => {
    // Keys live in another stack, or the stack's only key is its application key (DATA-3), which
    // workloads use and no service agent does.
    if (addressesOf(graph, "google_kms_crypto_key").every((k) => k.includes("application"))) return;
    const isAgent = (a: string) =>
      typeOf(a) === "google_project_service_identity" ||
      typeOf(a) === "google_storage_project_service_account" ||
      typeOf(a) === "google_logging_project_cmek_settings";
    const agentGrants = addressesOf(graph, "google_kms_crypto_key_iam_member").filter((g) =>
      [...graph.edges.get(g)!].some(isAgent),
    );
    expect(agentGrants.length).toBeGreaterThan(0);
    const unwaited = agentGrants.filter((g) => !waitsFor(graph, g, isAgent));
    expect(unwaited).toEqual([]);

    const keys = new Set(addressesOf(graph, "google_kms_crypto_key"));
    const cmekUsers = [...graph.nodes.keys()].filter(
      (a) =>
        !["google_kms_crypto_key_iam_member", "google_kms_crypto_key", "time_sleep"].includes(typeOf(a)) &&
        [...graph.edges.get(a)!].some((d) => keys.has(d)),
    );
    expect(cmekUsers.length).toBeGreaterThan(0);
    const early = cmekUsers.filter((user) => {
      const usedKeys = [...graph.edges.get(user)!].filter((d) => keys.has(d));
      return !usedKeys.every((key) =>
        waitsFor(graph, user, (a) => agentGrants.includes(a) && graph.edges.get(a)!.has(key)),
      );
    });
    expect(early).toEqual([]);
  });
});

describe.each(stacks.filter(([name]) => name.startsWith("baseline-")))(
  "%s: consistency waits",
  (name, json) => {
    const graph = dependencyGraph(json);

    it("creates each alert policy on a log-based metric only after a wait for that metric", () => {
      const metricByName = new Map(
        addressesOf(graph, "google_logging_metric").map((m) => [graph.nodes.get(m)!.name as string, m]),
      );
      const onMetrics = addressesOf(graph, "google_monitoring_alert_policy").flatMap((policy) => {
        const text = JSON.stringify(graph.nodes.get(policy));
        const named = [...text.matchAll(/logging\.googleapis\.com\/user\/([a-z0-9-]+)/g)].map((m) => m[1]);
        return named.map((metric) => [policy, metricByName.get(metric)] as const);
      });
      expect(onMetrics.length).toBeGreaterThanOrEqual(8);
      const early = onMetrics.filter(
        ([policy, metric]) => metric === undefined || !waitsFor(graph, policy, (a) => a === metric),
      );
      expect(early).toEqual([]);
    });

    it("creates the private service access connection only after a wait for the Service Networking API", () => {
      const api = enabledApis(graph).get("servicenetworking.googleapis.com")!;
      const connections = addressesOf(graph, "google_service_networking_connection");
      expect(connections).toHaveLength(1);
      expect(waitsFor(graph, connections[0], (a) => a === api)).toBe(true);
    });

    it("is deployed after its environment's bootstrap stack", () => {
      expect(manifest.stacks[name].dependencies).toContain(name.replace(/^baseline-/, "bootstrap-"));
    });
  },
);

describe("the dependency checks catch what they look for", () => {
  const base = {
    resource: {
      google_project_service: { kms: { service: "cloudkms.googleapis.com" } },
      google_kms_key_ring: { ring: { name: "r", location: "europe-west1" } },
    },
  } as SynthesizedStack;

  it("reports a resource that does not wait for its API", () => {
    expect(missingApiWaits(base)).toEqual(["google_kms_key_ring.ring -> cloudkms.googleapis.com"]);
  });

  it("accepts a wait through a reference chain", () => {
    const chained = {
      resource: {
        ...base.resource,
        google_kms_key_ring: {
          ring: { name: "r", location: "europe-west1", depends_on: ["google_project_service.kms"] },
        },
        google_kms_crypto_key: { key: { key_ring: "${google_kms_key_ring.ring.id}" } },
      },
    } as SynthesizedStack;
    expect(missingApiWaits(chained)).toEqual([]);
  });

  it("reports a google type missing from the table", () => {
    const unknown = { resource: { google_bigquery_dataset: { d: { dataset_id: "d" } } } } as SynthesizedStack;
    expect(missingApiWaits(unknown)).toEqual(["google_bigquery_dataset.d: type not in RESOURCE_APIS"]);
  });

  it("does not count a direct dependency as a wait", () => {
    const graph = dependencyGraph({
      resource: {
        google_logging_metric: { m: { name: "m" } },
        google_monitoring_alert_policy: { p: { depends_on: ["google_logging_metric.m"] } },
        time_sleep: { s: { create_duration: "1s" } },
      },
    } as SynthesizedStack);
    expect(waitsFor(graph, "google_monitoring_alert_policy.p", (a) => a === "google_logging_metric.m")).toBe(
      false,
    );
  });
});
