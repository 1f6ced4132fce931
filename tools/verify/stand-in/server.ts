/**
 * A local stand-in for the Google APIs and the Upstash Developer API, on 127.0.0.1 only, serving a
 * "world" in the real APIs' answer shapes: for rehearsing verify and the drills without cloud access
 * (`tools/verify/stand-in/cli.ts`) and for the end-to-end tests. It is not a cloud: it answers the calls
 * verify and the drills make, from the world it was given.
 * `compliantWorld` derives the world from synthesized stacks with its own small reference resolver,
 * independent of tools/verify/expected.ts, so the tests are a second opinion. Faults (status codes,
 * hangs) and page sizes can be injected.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;

export interface World {
  buckets: Record<string, Json>;
  bucketIam: Record<string, Json>;
  sqlInstances: Record<string, Json>;
  sqlDatabases: Record<string, string[]>;
  firewalls: Json[];
  routes: Json[];
  /** By `regions/<region>/subnetworks/<name>`. */
  subnetworks: Record<string, Json>;
  keys: Record<string, Json>;
  /** IAM policies of keys and secrets, by resource name; absent = no bindings. */
  iamPolicies: Record<string, Json>;
  projectPolicy: Record<string, Json>;
  alertPolicies: Json[];
  channels: Json[];
  secrets: Record<string, Json>;
  sinks: Json[];
  logBuckets: Record<string, Json>;
  orgPolicies: Record<string, Json>;
  upstash: Json[];
  backups: Record<string, Json[]>;
  /** Live objects per bucket name (terminate-customer lists them and sets their custom time); absent = none. */
  objects?: Record<string, Json[]>;
}

export interface Fault {
  readonly method?: string;
  /** Matched against the request path (without query). */
  readonly path: RegExp;
  /** Answer this status (with a Google- or Upstash-style error body) ... */
  readonly status?: number;
  /** ... or never answer. */
  readonly hang?: boolean;
  /** How many matching requests the fault applies to. @default Infinity */
  times?: number;
}

export interface Seen {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

const ref = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/;
const remote =
  /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\}$/;

/** A small, independent resolver: literal values, same-stack `name`/`id` references and cross-stack outputs. */
function resolver(stacks: Record<string, Json>) {
  const resolve = (stack: string, value: unknown): string => {
    if (typeof value !== "string") return "";
    if (!value.includes("${")) return value;
    const r = remote.exec(value);
    if (r) return resolve(r[1], ((stacks[r[1]].output as Json)[r[2]] as Json).value);
    const m = ref.exec(value);
    if (!m) return "";
    const attrs = ((stacks[stack].resource as Json)[m[1]] as Record<string, Json>)[m[2]];
    const project = ((stacks[stack].provider as Json).google as Json[])[0].project as string;
    if (m[3] === "name") return resolve(stack, attrs.name);
    if (m[1] === "google_kms_key_ring")
      return `projects/${project}/locations/${String(attrs.location)}/keyRings/${String(attrs.name)}`;
    if (m[1] === "google_kms_crypto_key")
      return `${resolve(stack, attrs.key_ring)}/cryptoKeys/${String(attrs.name)}`;
    if (m[1] === "google_compute_network") return `projects/${project}/global/networks/${String(attrs.name)}`;
    if (m[1] === "google_logging_project_bucket_config") {
      return `projects/${String(attrs.project)}/locations/${String(attrs.location)}/buckets/${String(attrs.bucket_id)}`;
    }
    if (m[1] === "google_storage_bucket") return String(attrs.name);
    return "";
  };
  return resolve;
}

const one = (v: unknown): Json => ((Array.isArray(v) ? v[0] : v) ?? {}) as Json;
const many = (v: unknown): Json[] => (Array.isArray(v) ? v : v ? [v] : []) as Json[];

/** The live world a faithful `cdktf deploy` of these stacks would leave behind, in API answer shapes. */
export function compliantWorld(stacks: Record<string, Json>): World {
  const resolve = resolver(stacks);
  const world: World = {
    buckets: {},
    bucketIam: {},
    sqlInstances: {},
    sqlDatabases: {},
    firewalls: [],
    routes: [],
    subnetworks: {},
    iamPolicies: {},
    keys: {},
    projectPolicy: {},
    alertPolicies: [],
    channels: [],
    secrets: {},
    sinks: [],
    logBuckets: {},
    orgPolicies: {},
    upstash: [],
    backups: {},
  };
  let n = 0;
  for (const [stack, json] of Object.entries(stacks)) {
    const project = ((json.provider as Json).google as Json[])[0].project as string;
    const resources = (json.resource ?? {}) as Record<string, Record<string, Json>>;
    const each = (type: string) => Object.values(resources[type] ?? {});
    for (const b of each("google_storage_bucket")) {
      const name = String(b.name);
      world.buckets[name] = {
        kind: "storage#bucket",
        id: name,
        name,
        projectNumber: "123456789012",
        location: b.location,
        storageClass: "STANDARD",
        iamConfiguration: {
          publicAccessPrevention: b.public_access_prevention,
          uniformBucketLevelAccess: { enabled: b.uniform_bucket_level_access === true },
          bucketPolicyOnly: { enabled: b.uniform_bucket_level_access === true },
        },
        versioning: { enabled: one(b.versioning).enabled === true },
        encryption: { defaultKmsKeyName: resolve(stack, one(b.encryption).default_kms_key_name) },
        softDeletePolicy: {
          retentionDurationSeconds: String(one(b.soft_delete_policy).retention_duration_seconds),
          effectiveTime: "2026-01-01T00:00:00Z",
        },
        ...(b.logging
          ? { logging: { logBucket: resolve(stack, one(b.logging).log_bucket), logObjectPrefix: name } }
          : {}),
        ...(b.retention_policy
          ? {
              retentionPolicy: {
                retentionPeriod: String(one(b.retention_policy).retention_period),
                isLocked: one(b.retention_policy).is_locked === true,
              },
            }
          : {}),
      };
      world.bucketIam[name] = {
        kind: "storage#policy",
        resourceId: `projects/_/buckets/${name}`,
        version: 1,
        etag: "CAE=",
        bindings: [{ role: "roles/storage.legacyBucketOwner", members: [`projectOwner:${project}`] }],
      };
    }
    for (const i of each("google_sql_database_instance")) {
      const s = one(i.settings);
      const ip = one(s.ip_configuration);
      const backup = one(s.backup_configuration);
      world.sqlInstances[String(i.name)] = {
        kind: "sql#instance",
        state: "RUNNABLE",
        databaseVersion: i.database_version,
        name: i.name,
        project,
        region: i.region,
        settings: {
          kind: "sql#settings",
          tier: s.tier,
          availabilityType: s.availability_type ?? "ZONAL",
          ipConfiguration: {
            ipv4Enabled: ip.ipv4_enabled === true,
            privateNetwork: resolve(stack, ip.private_network) || "projects/x/global/networks/y",
            requireSsl: true,
            sslMode: ip.ssl_mode,
            authorizedNetworks: [],
          },
          backupConfiguration: {
            kind: "sql#backupConfiguration",
            enabled: backup.enabled === true,
            startTime: backup.start_time,
            pointInTimeRecoveryEnabled: backup.point_in_time_recovery_enabled === true,
            transactionLogRetentionDays: backup.transaction_log_retention_days,
            backupRetentionSettings: {
              retentionUnit: "COUNT",
              retainedBackups: one(backup.backup_retention_settings).retained_backups,
            },
          },
          databaseFlags: many(s.database_flags).map((f) => ({ name: f.name, value: f.value })),
          deletionProtectionEnabled: s.deletion_protection_enabled === true,
        },
        diskEncryptionConfiguration: {
          kmsKeyName: resolve(stack, i.encryption_key_name),
          kind: "sql#diskEncryptionConfiguration",
        },
      };
      world.sqlDatabases[String(i.name)] = ["postgres"];
    }
    for (const d of each("google_sql_database")) {
      const instance = resolve(stack, d.instance);
      world.sqlDatabases[instance] = [...(world.sqlDatabases[instance] ?? []), String(d.name)];
    }
    for (const f of each("google_compute_firewall")) {
      const rule = (r: Json) => ({ IPProtocol: r.protocol, ...(r.ports ? { ports: r.ports } : {}) });
      world.firewalls.push({
        kind: "compute#firewall",
        id: String(++n),
        name: f.name,
        network: `https://www.googleapis.com/compute/v1/${resolve(stack, f.network)}`,
        priority: f.priority ?? 1000,
        direction: f.direction ?? "INGRESS",
        disabled: f.disabled === true,
        ...(f.source_ranges ? { sourceRanges: f.source_ranges } : {}),
        ...(f.destination_ranges ? { destinationRanges: f.destination_ranges } : {}),
        ...(f.allow ? { allowed: many(f.allow).map(rule) } : {}),
        ...(f.deny ? { denied: many(f.deny).map(rule) } : {}),
        logConfig: f.log_config ? { enable: true, metadata: one(f.log_config).metadata } : { enable: false },
      });
    }
    for (const r of each("google_compute_route")) {
      world.routes.push({
        kind: "compute#route",
        id: String(++n),
        name: r.name,
        destRange: r.dest_range,
        priority: r.priority ?? 1000,
        nextHopGateway: `https://www.googleapis.com/compute/v1/projects/${project}/global/gateways/default-internet-gateway`,
        ...(r.tags ? { tags: r.tags } : {}),
      });
    }
    // A subnet route Google creates itself: never reported.
    world.routes.push({
      kind: "compute#route",
      id: String(++n),
      name: `default-route-${n}abc`,
      destRange: "10.0.0.0/20",
      nextHopNetwork: "x",
      priority: 0,
    });
    for (const sn of each("google_compute_subnetwork")) {
      const region = String(sn.region ?? ((json.provider as Json).google as Json[])[0].region);
      world.subnetworks[`regions/${region}/subnetworks/${String(sn.name)}`] = {
        kind: "compute#subnetwork",
        id: String(++n),
        name: sn.name,
        region,
        ipCidrRange: sn.ip_cidr_range,
        privateIpGoogleAccess: sn.private_ip_google_access === true,
        purpose: sn.purpose ?? "PRIVATE",
        stackType: sn.stack_type ?? "IPV4_ONLY",
        ...(sn.log_config
          ? {
              logConfig: {
                enable: true,
                aggregationInterval: one(sn.log_config).aggregation_interval,
                flowSampling: one(sn.log_config).flow_sampling,
                metadata: one(sn.log_config).metadata,
              },
            }
          : { logConfig: { enable: false } }),
      };
    }
    for (const k of each("google_kms_crypto_key")) {
      const id = `${resolve(stack, k.key_ring)}/cryptoKeys/${String(k.name)}`;
      world.keys[id] = {
        name: id,
        purpose: k.purpose,
        createTime: "2026-01-01T00:00:00Z",
        rotationPeriod: k.rotation_period,
        nextRotationTime: "2026-12-30T00:00:00Z",
        versionTemplate: {
          protectionLevel: one(k.version_template).protection_level,
          algorithm: one(k.version_template).algorithm,
        },
        destroyScheduledDuration: k.destroy_scheduled_duration,
        primary: { name: `${id}/cryptoKeyVersions/1`, state: "ENABLED" },
      };
    }
    for (const a of each("google_project_iam_audit_config")) {
      world.projectPolicy[project] ??= {
        version: 1,
        etag: "BwX=",
        bindings: [{ role: "roles/owner", members: ["group:platform@example.com"] }],
      };
      ((world.projectPolicy[project].auditConfigs ??= []) as Json[]).push({
        service: a.service,
        auditLogConfigs: many(a.audit_log_config).map((c) => ({ logType: c.log_type })),
      });
    }
    world.projectPolicy[project] ??= { version: 1, etag: "BwX=", bindings: [] };
    const channelIds = new Map<string, string>();
    for (const [id, c] of Object.entries(resources.google_monitoring_notification_channel ?? {})) {
      const name = `projects/${project}/notificationChannels/${++n}`;
      channelIds.set(id, name);
      world.channels.push({
        name,
        type: c.type,
        displayName: c.display_name,
        labels: c.labels,
        enabled: true,
        verificationStatus: "VERIFICATION_STATUS_UNSPECIFIED",
      });
    }
    for (const p of each("google_monitoring_alert_policy")) {
      world.alertPolicies.push({
        name: `projects/${project}/alertPolicies/${++n}`,
        displayName: p.display_name,
        combiner: p.combiner,
        enabled: true,
        documentation: p.documentation
          ? { content: one(p.documentation).content, mimeType: "text/markdown" }
          : undefined,
        notificationChannels: many(p.notification_channels).map(
          (c) => channelIds.get(/\.([^.]+)\.id\}$/.exec(String(c))?.[1] ?? "") ?? String(c),
        ),
        conditions: [],
      });
    }
    for (const s of each("google_secret_manager_secret")) {
      const replicas = many(one(one(s.replication).user_managed).replicas).map((r) => ({
        location: r.location,
        customerManagedEncryption: {
          kmsKeyName: resolve(stack, one(r.customer_managed_encryption).kms_key_name),
        },
      }));
      world.secrets[String(s.secret_id)] = {
        name: `projects/123456789012/secrets/${String(s.secret_id)}`,
        createTime: "2026-01-01T00:00:00Z",
        replication: { userManaged: { replicas } },
        etag: '"1"',
        ...(s.version_destroy_ttl ? { versionDestroyTtl: s.version_destroy_ttl } : {}),
        ...(s.rotation
          ? {
              rotation: {
                rotationPeriod: one(s.rotation).rotation_period,
                nextRotationTime: "2026-12-30T00:00:00Z",
              },
            }
          : {}),
      };
    }
    for (const s of each("google_logging_project_sink")) {
      const destination = String(s.destination);
      const inner = /\$\{([^}]+)\}/.exec(destination)?.[1];
      world.sinks.push({
        name: s.name,
        destination: inner ? destination.replace(/\$\{[^}]+\}/, resolve(stack, `\${${inner}}`)) : destination,
        filter: s.filter,
        writerIdentity: "serviceAccount:service-1@gcp-sa-logging.iam.gserviceaccount.com",
        disabled: false,
      });
    }
    for (const b of each("google_logging_project_bucket_config")) {
      const name = `projects/${String(b.project)}/locations/${String(b.location)}/buckets/${String(b.bucket_id)}`;
      world.logBuckets[name] = {
        name,
        retentionDays: b.retention_days,
        locked: b.locked === true,
        lifecycleState: "ACTIVE",
        cmekSettings: {
          name: `${name}/cmekSettings`,
          kmsKeyName: resolve(stack, one(b.cmek_settings).kms_key_name),
        },
      };
    }
    for (const p of each("google_org_policy_policy")) {
      world.orgPolicies[String(p.name)] = {
        name: p.name,
        spec: {
          rules: many(one(p.spec).rules).map((r) => (r.enforce ? { enforce: true } : { denyAll: true })),
        },
      };
    }
    for (const r of each("upstash_redis_database")) {
      const id = `0a1b2c3d-0000-4000-8000-${String(++n).padStart(12, "0")}`;
      world.upstash.push({
        database_id: id,
        database_name: r.database_name,
        region: "global",
        port: 6379,
        creation_time: 1752649602,
        state: "active",
        endpoint: `stub-${n}`,
        tls: r.tls === true,
        type: "paid",
        budget: r.budget,
        primary_region: r.primary_region,
        primary_members: [r.primary_region],
        all_members: [r.primary_region, ...many(r.read_regions)],
        eviction: r.eviction === true,
        auto_upgrade: false,
        consistent: false,
        modifying_state: "",
        db_type: "pebble",
        customer_id: "ops@example.com",
        daily_backup_enabled: true,
        read_regions: r.read_regions ?? [],
        securityAddons: {
          ipWhitelisting: true,
          vpcPeering: false,
          privateLink: false,
          tlsMutualAuth: false,
          encryptionAtRest: r.prod_pack === true,
        },
        prometheus_enabled: "false",
        prod_pack_enabled: r.prod_pack === true,
        allowed_ip_ranges: ["203.0.113.10/32"],
      });
    }
  }
  for (const db of world.upstash) world.backups[String(db.database_id)] = [];
  return world;
}

/** Upstash list-backup entries (their real shape: strings for the flags, Unix seconds for the time). */
export function dailyBackup(databaseId: string, ageHours: number, now = Date.now()): Json {
  return {
    database_id: databaseId,
    customer_id: "ops@example.com",
    name: `daily-${ageHours}`,
    backup_id: `b-${ageHours}-${databaseId.slice(-4)}`,
    creation_time: Math.floor(now / 1000 - ageHours * 3600),
    state: "completed",
    backup_size: 2048,
    daily_backup: "true",
    hourly_backup: "false",
    internal_backup_tag: "",
  };
}

const googleError = (status: number, message: string, reason: string) => ({
  error: {
    code: status,
    message,
    status: reason,
    errors: [{ message, domain: "global", reason: reason.toLowerCase() }],
  },
});

export class StandInServer {
  world: World;
  faults: Fault[] = [];
  /** Items per page of Google list answers. */
  pageSize = 1000;
  readonly seen: Seen[] = [];
  /** Polls of the clone operation before it reports DONE. */
  clonePolls = 1;
  /** Databases the cloned instance reports (defaults to the source's). */
  cloneDatabases?: string[];
  private server?: Server;
  private readonly hanging = new Set<ServerResponse>();
  private ops = new Map<string, { polls: number; json: Json }>();

  constructor(world: World) {
    this.world = world;
  }

  /** Listens on 127.0.0.1 (`port` 0 picks a free one); returns the base URL. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, "127.0.0.1", resolve);
    });
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  requests(method: string, path: RegExp): Seen[] {
    return this.seen.filter((s) => s.method === method && path.test(s.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://stub");
    const method = req.method ?? "GET";
    let raw = "";
    for await (const chunk of req) raw += String(chunk);
    const body = raw ? (JSON.parse(raw) as unknown) : undefined;
    this.seen.push({ method, path: url.pathname, body });
    const fault = this.faults.find(
      (f) => (f.times ?? Infinity) > 0 && (!f.method || f.method === method) && f.path.test(url.pathname),
    );
    if (fault) {
      if (fault.times !== undefined) fault.times--;
      if (fault.hang) {
        this.hanging.add(res);
        return;
      }
      const status = fault.status ?? 500;
      const reason =
        status === 403 ? "PERMISSION_DENIED" : status === 429 ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE";
      return this.send(
        res,
        status,
        url.pathname.startsWith("/v2/")
          ? `stub says ${status}`
          : googleError(status, `The caller does not have permission (stub ${status})`, reason),
      );
    }
    const answer = this.route(method, url, body);
    if (answer === undefined)
      return this.send(res, 404, googleError(404, `Not found: ${url.pathname}`, "NOT_FOUND"));
    this.send(res, 200, answer);
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  }

  private page(url: URL, key: string, items: unknown[], extra: Json = {}): Json {
    const start = Number(url.searchParams.get("pageToken") ?? 0);
    const slice = items.slice(start, start + this.pageSize);
    const next = start + this.pageSize < items.length ? String(start + this.pageSize) : undefined;
    return { ...extra, ...(slice.length ? { [key]: slice } : {}), ...(next ? { nextPageToken: next } : {}) };
  }

  private operation(project: string, type: string, target: string, polls: number): Json {
    const name = `op-${type.toLowerCase()}-${this.ops.size + 1}`;
    const json = {
      kind: "sql#operation",
      name,
      operationType: type,
      status: "PENDING",
      targetId: target,
      targetProject: project,
      insertTime: new Date().toISOString(),
    };
    this.ops.set(name, { polls, json });
    return json;
  }

  private route(method: string, url: URL, body: unknown): unknown {
    const p = url.pathname;
    const w = this.world;
    let m: RegExpExecArray | null;
    if (method === "GET" && p === "/storage/v1/b")
      return this.page(url, "items", Object.values(w.buckets), { kind: "storage#buckets" });
    if (method === "GET" && (m = /^\/storage\/v1\/b\/([^/]+)\/iam$/.exec(p)))
      return w.bucketIam[decodeURIComponent(m[1])];
    if (method === "GET" && (m = /^\/storage\/v1\/b\/([^/]+)$/.exec(p)))
      return w.buckets[decodeURIComponent(m[1])];
    if (method === "GET" && (m = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(p))) {
      const bucket = decodeURIComponent(m[1]);
      if (!w.buckets[bucket]) return undefined;
      const prefix = url.searchParams.get("prefix") ?? "";
      const items = (w.objects?.[bucket] ?? []).filter((o) => String(o.name).startsWith(prefix));
      return this.page(url, "items", items, { kind: "storage#objects" });
    }
    if (method === "PATCH" && (m = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(p))) {
      const name = decodeURIComponent(m[2]);
      const object = w.objects?.[decodeURIComponent(m[1])]?.find((o) => o.name === name);
      const customTime = (body as { customTime?: string } | undefined)?.customTime;
      // Cloud Storage never moves a custom time earlier; the stand-in keeps the earlier one.
      if (object && customTime && !(typeof object.customTime === "string" && object.customTime < customTime))
        object.customTime = customTime;
      return object;
    }
    if ((m = /^\/sqladmin\/v1\/projects\/([^/]+)\/instances$/.exec(p)) && method === "GET") {
      return this.page(
        url,
        "items",
        Object.values(w.sqlInstances).filter((i) => i.project === m![1]),
      );
    }
    if ((m = /^\/sqladmin\/v1\/projects\/([^/]+)\/instances\/([^/]+)\/clone$/.exec(p)) && method === "POST") {
      const source = w.sqlInstances[m[2]];
      if (!source) return undefined;
      const ctx = (body as { cloneContext: { destinationInstanceName: string } }).cloneContext;
      const op = this.operation(m[1], "CLONE", ctx.destinationInstanceName, this.clonePolls);
      w.sqlInstances[ctx.destinationInstanceName] = {
        ...structuredClone(source),
        name: ctx.destinationInstanceName,
        state: "PENDING_CREATE",
      };
      w.sqlDatabases[ctx.destinationInstanceName] = this.cloneDatabases ?? [...(w.sqlDatabases[m[2]] ?? [])];
      return op;
    }
    if (
      (m = /^\/sqladmin\/v1\/projects\/([^/]+)\/instances\/([^/]+)\/databases$/.exec(p)) &&
      method === "GET"
    ) {
      const names = w.sqlDatabases[m[2]];
      return (
        names && {
          kind: "sql#databasesList",
          items: names.map((name) => ({
            kind: "sql#database",
            name,
            instance: m![2],
            project: m![1],
            charset: "UTF8",
            collation: "en_US.UTF8",
          })),
        }
      );
    }
    if ((m = /^\/sqladmin\/v1\/projects\/([^/]+)\/instances\/([^/]+)$/.exec(p))) {
      const instance = w.sqlInstances[m[2]];
      if (!instance) return undefined;
      if (method === "GET") return instance;
      if (method === "PATCH") {
        const settings = (body as { settings?: Json }).settings ?? {};
        instance.settings = { ...(instance.settings as Json), ...settings };
        return this.operation(m[1], "UPDATE", m[2], 0);
      }
      if (method === "DELETE") {
        if ((instance.settings as Json).deletionProtectionEnabled) {
          return undefined;
        }
        delete w.sqlInstances[m[2]];
        return this.operation(m[1], "DELETE", m[2], 0);
      }
    }
    if ((m = /^\/sqladmin\/v1\/projects\/([^/]+)\/operations\/([^/]+)$/.exec(p)) && method === "GET") {
      const op = this.ops.get(m[2]);
      if (!op) return undefined;
      if (op.polls-- > 0) return { ...op.json, status: "RUNNING" };
      if (op.json.operationType === "CLONE") {
        const clone = w.sqlInstances[String(op.json.targetId)];
        if (clone) clone.state = "RUNNABLE";
      }
      return { ...op.json, status: "DONE", endTime: new Date().toISOString() };
    }
    if ((m = /^\/compute\/v1\/projects\/([^/]+)\/global\/firewalls$/.exec(p)) && method === "GET")
      return this.page(url, "items", w.firewalls, { kind: "compute#firewallList" });
    if ((m = /^\/compute\/v1\/projects\/([^/]+)\/global\/routes$/.exec(p)) && method === "GET")
      return this.page(url, "items", w.routes, { kind: "compute#routeList" });
    if (method === "GET" && (m = /^\/cloudkms\/v1\/(projects\/.+\/keyRings\/[^/]+)\/cryptoKeys$/.exec(p))) {
      const ring = m[1];
      return this.page(
        url,
        "cryptoKeys",
        Object.values(w.keys).filter((k) => String(k.name).startsWith(`${ring}/`)),
        { totalSize: undefined },
      );
    }
    if (method === "GET" && (m = /^\/(?:cloudkms|secretmanager)\/v1\/(projects\/.+):getIamPolicy$/.exec(p))) {
      const id = m[1];
      const known =
        w.keys[id] ??
        Object.values(w.secrets).find((x) => String(x.name).endsWith(`/${id.split("/").pop()}`));
      return known && (w.iamPolicies[id] ?? { version: 1, etag: "BwX=" });
    }
    if (
      method === "GET" &&
      (m = /^\/compute\/v1\/projects\/[^/]+\/(regions\/[^/]+\/subnetworks\/[^/]+)$/.exec(p))
    )
      return w.subnetworks[m[1]];
    if (method === "GET" && (m = /^\/cloudkms\/v1\/(projects\/.+\/cryptoKeys\/[^/]+)$/.exec(p)))
      return w.keys[m[1]];
    if (method === "POST" && (m = /^\/cloudresourcemanager\/v3\/projects\/([^/:]+):getIamPolicy$/.exec(p)))
      return w.projectPolicy[m[1]];
    if (method === "GET" && /^\/monitoring\/v3\/projects\/[^/]+\/alertPolicies$/.test(p))
      return this.page(url, "alertPolicies", w.alertPolicies);
    if (method === "GET" && /^\/monitoring\/v3\/projects\/[^/]+\/notificationChannels$/.test(p))
      return this.page(url, "notificationChannels", w.channels);
    if (method === "GET" && (m = /^\/orgpolicy\/v2\/(.+):getEffectivePolicy$/.exec(p)))
      return w.orgPolicies[m[1]];
    if (method === "GET" && /^\/secretmanager\/v1\/projects\/[^/]+\/secrets$/.test(p))
      return this.page(url, "secrets", Object.values(w.secrets), {
        totalSize: Object.keys(w.secrets).length,
      });
    if (method === "GET" && (m = /^\/secretmanager\/v1\/projects\/[^/]+\/secrets\/([^/]+)$/.exec(p)))
      return w.secrets[m[1]];
    if (method === "GET" && /^\/logging\/v2\/projects\/[^/]+\/sinks$/.test(p))
      return this.page(url, "sinks", w.sinks);
    if (
      method === "GET" &&
      (m = /^\/logging\/v2\/(projects\/[^/]+\/locations\/[^/]+\/buckets\/[^/]+)$/.exec(p))
    )
      return w.logBuckets[m[1]];
    // Upstash Developer API
    if (method === "GET" && p === "/v2/redis/databases") return w.upstash;
    if ((m = /^\/v2\/redis\/database\/([^/]+)$/.exec(p))) {
      const db = w.upstash.find((d) => d.database_id === m![1]);
      if (method === "GET") return db;
      if (method === "DELETE" && db) {
        w.upstash = w.upstash.filter((d) => d !== db);
        return "OK";
      }
      return undefined;
    }
    if (method === "POST" && p === "/v2/redis/database") {
      const req = body as Json;
      const db = {
        database_id: `tmp-${w.upstash.length + 1}-0000`,
        database_name: req.database_name,
        region: req.region,
        primary_region: req.primary_region,
        state: "active",
        tls: req.tls === true,
        daily_backup_enabled: false,
        prod_pack_enabled: false,
        eviction: false,
        read_regions: [],
      };
      w.upstash.push(db);
      w.backups[db.database_id] = [];
      return db;
    }
    if (method === "GET" && (m = /^\/v2\/redis\/list-backup\/([^/]+)$/.exec(p))) return w.backups[m[1]];
    if (method === "POST" && (m = /^\/v2\/redis\/restore-backup\/([^/]+)$/.exec(p))) {
      const backupId = (body as Json | undefined)?.backup_id;
      const known = Object.values(w.backups)
        .flat()
        .some((b) => b.backup_id === backupId);
      return w.upstash.some((d) => d.database_id === m![1]) && known ? "OK" : undefined;
    }
    return undefined;
  }
}
