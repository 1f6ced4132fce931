/**
 * Cloud SQL restore drill: clones the instance at a point in time (instances.clone with pointInTime, which
 * replays the transaction logs PITR keeps), waits until the clone is RUNNABLE, checks it, and deletes it in
 * a `finally`, also when a step failed. The drill cannot run SQL (that needs a database connection from
 * inside the VPC); it checks what the Admin API shows: the clone exists, is RUNNABLE, lists the expected
 * databases and is encrypted with the source's key.
 */
import { keyOf } from "../verify/context";
import type { Managed } from "../verify/expected";
import type { ApiClient } from "../verify/http";
import { NotFoundError } from "../verify/errors";
import { pollUntil, type PollOptions } from "./poll";
import type { DrillCheck, DrillRecord } from "../../policy/drill-records";

interface Operation {
  readonly name: string;
  readonly status?: string;
  readonly error?: { readonly errors?: { code?: string; message?: string }[] };
}

interface Instance {
  readonly state?: string;
  readonly settings?: { readonly deletionProtectionEnabled?: boolean };
  readonly diskEncryptionConfiguration?: { readonly kmsKeyName?: string };
}

export interface SqlDrillOptions extends PollOptions {
  readonly environment: string;
  /** Point in time to restore to. @default ten minutes ago */
  readonly pointInTime?: Date;
  readonly now: () => Date;
}

/** `<source>-drill-<yyyymmddhhmm>`, within Cloud SQL's 98-character limit. */
export function cloneName(source: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:T]/g, "").slice(0, 12);
  return `${source.slice(0, 98 - 19)}-drill-${stamp}`;
}

async function waitForOperation(
  client: ApiClient,
  project: string,
  op: Operation,
  what: string,
  poll: PollOptions,
): Promise<void> {
  const done = await pollUntil(
    what,
    () =>
      client.request<Operation>("sqladmin", `/projects/${project}/operations/${encodeURIComponent(op.name)}`),
    (o) => o.status === "DONE",
    poll,
  );
  const errors = done.error?.errors ?? [];
  if (errors.length)
    throw new Error(
      `${what} failed: ${errors.map((e) => `${e.code ?? ""} ${e.message ?? ""}`.trim()).join("; ")}`,
    );
}

/** Deletes the drill's clone (never anything else): lifts its deletion protection first when the clone inherited it. */
async function deleteClone(client: ApiClient, m: Managed, name: string, poll: PollOptions): Promise<string> {
  if (name === m.name || !name.startsWith(`${m.name.slice(0, 98 - 19)}-drill-`))
    return `refused: ${name} is not a drill clone`;
  const path = `/projects/${m.project}/instances/${encodeURIComponent(name)}`;
  let clone: Instance;
  try {
    clone = await client.request<Instance>("sqladmin", path);
  } catch (err) {
    if (err instanceof NotFoundError) return "not created";
    throw err;
  }
  if (clone.settings?.deletionProtectionEnabled) {
    const op = await client.request<Operation>("sqladmin", path, {
      method: "PATCH",
      body: { settings: { deletionProtectionEnabled: false } },
    });
    await waitForOperation(client, m.project, op, `lifting deletion protection on ${name}`, poll);
  }
  const op = await client.request<Operation>("sqladmin", path, { method: "DELETE" });
  await waitForOperation(client, m.project, op, `deleting ${name}`, poll);
  return "deleted";
}

export async function sqlDrill(
  client: ApiClient,
  m: Managed,
  expectedDatabases: readonly string[],
  options: SqlDrillOptions,
): Promise<DrillRecord> {
  const started = options.now();
  const pointInTime = options.pointInTime ?? new Date(started.getTime() - 10 * 60_000);
  const name = cloneName(m.name, started);
  const checks: DrillCheck[] = [];
  let cleanup = "not created";
  let error: string | undefined;
  let cloneRequested = false;
  try {
    const source = await client.request<Instance>(
      "sqladmin",
      `/projects/${m.project}/instances/${encodeURIComponent(m.name)}`,
    );
    cloneRequested = true;
    const op = await client.request<Operation>(
      "sqladmin",
      `/projects/${m.project}/instances/${encodeURIComponent(m.name)}/clone`,
      {
        method: "POST",
        body: {
          cloneContext: {
            kind: "sql#cloneContext",
            destinationInstanceName: name,
            pointInTime: pointInTime.toISOString(),
          },
        },
      },
    );
    await waitForOperation(client, m.project, op, `cloning ${m.name} to ${name}`, options);
    const clone = await pollUntil(
      `waiting for ${name} to be RUNNABLE`,
      () =>
        client.request<Instance>("sqladmin", `/projects/${m.project}/instances/${encodeURIComponent(name)}`),
      (i) => i.state === "RUNNABLE",
      options,
    );
    checks.push({
      name: "clone runnable",
      ok: true,
      detail: `${name} is RUNNABLE, restored to ${pointInTime.toISOString()}`,
    });
    const list = await client.request<{ items?: { name: string }[] }>(
      "sqladmin",
      `/projects/${m.project}/instances/${encodeURIComponent(name)}/databases`,
    );
    const found = (list?.items ?? []).map((d) => d.name);
    const absent = expectedDatabases.filter((d) => !found.includes(d));
    checks.push({
      name: "databases present",
      ok: found.length > 0 && absent.length === 0,
      detail: absent.length
        ? `missing ${absent.join(", ")} (found ${found.join(", ") || "none"})`
        : `found ${found.join(", ") || "none"}`,
    });
    const wantedKey = keyOf(source.diskEncryptionConfiguration?.kmsKeyName);
    const cloneKey = keyOf(clone.diskEncryptionConfiguration?.kmsKeyName);
    checks.push({
      name: "clone encrypted with the source's key",
      ok: !!cloneKey && cloneKey === wantedKey,
      detail: `clone ${cloneKey ?? "Google-managed"}, source ${wantedKey ?? "Google-managed"}`,
    });
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    checks.push({ name: "drill steps", ok: false, detail: error });
  } finally {
    if (cloneRequested) {
      try {
        cleanup = await deleteClone(client, m, name, options);
      } catch (err) {
        cleanup = `FAILED: ${err instanceof Error ? err.message : String(err)}; delete it by hand: gcloud sql instances delete ${name} --project ${m.project}`;
      }
    }
  }
  const finished = options.now();
  const cleanOk = cleanup === "deleted" || cleanup === "not created";
  return {
    kind: "restore-drill",
    environment: options.environment,
    target: { type: "cloud-sql", name: m.name },
    action: "clone",
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationSeconds: Math.round((finished.getTime() - started.getTime()) / 1000),
    result: checks.every((c) => c.ok) && cleanOk && !error ? "passed" : "failed",
    checks: [...checks, { name: "temporary clone deleted", ok: cleanOk, detail: cleanup }],
    temporary: { name, cleanup },
    pointInTime: pointInTime.toISOString(),
  };
}
