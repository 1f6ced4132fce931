/**
 * Upstash Redis (UPS-1..5, UPS-8) through the Upstash Developer API: GET /v2/redis/databases, then
 * GET /v2/redis/database/{id}?credentials=hide for each managed database (the list can carry passwords;
 * nothing of either answer is printed).
 */
import type { Finding } from "../../../policy/model";
import { finding, missing, unmanaged, type LiveCheck } from "../context";

interface LiveDatabase {
  readonly database_id: string;
  readonly database_name: string;
  readonly state?: string;
  readonly tls?: boolean;
  readonly eviction?: boolean;
  readonly daily_backup_enabled?: boolean;
  readonly prod_pack_enabled?: boolean;
  readonly read_regions?: string[];
  /** The IP allowlist (the name the Upstash Terraform provider reads); absent or empty = every address. */
  readonly allowed_ip_ranges?: string[];
}

const OPEN = ["0.0.0.0/0", "::/0"];

export const upstashCheck: LiveCheck = {
  area: "upstash",
  controls: ["UPS-1", "UPS-2", "UPS-3", "UPS-4", "UPS-5", "UPS-8"],
  role: "a Developer API key of the Upstash account or team that owns the databases (UPSTASH_EMAIL, UPSTASH_API_KEY)",
  notApplicable: (expected) => expected.redis.length === 0,
  async run(ctx) {
    const out: Finding[] = [];
    const list = (await ctx.client.request<LiveDatabase[] | undefined>("upstash", "/redis/databases")) ?? [];
    if (!Array.isArray(list)) throw new Error("GET /v2/redis/databases did not answer a list");
    const fix =
      "Run `cdktf deploy` (the provider and scripts/upstash-daily-backup.mjs set it again), then check the Upstash audit log";
    for (const m of ctx.expected.redis) {
      const entry = list.find((d) => d.database_name === m.name);
      if (!entry) {
        out.push(missing(m, "Upstash database"));
        continue;
      }
      const db = await ctx.client.request<LiveDatabase>(
        "upstash",
        `/redis/database/${encodeURIComponent(entry.database_id)}`,
        {
          query: { credentials: "hide" },
        },
      );
      const fail = (control: string, message: string) =>
        out.push(finding(m, control, `Upstash database ${m.name}: ${message}`, fix));
      if (m.attrs.prod_pack === true && db.prod_pack_enabled !== true)
        fail("UPS-1", "Prod Pack is off (no encryption at rest, no SLA)");
      if (db.tls !== true) fail("UPS-4", "TLS is off");
      if (db.daily_backup_enabled !== true) fail("UPS-3", "daily backups are off");
      if (m.attrs.eviction === false && db.eviction !== false)
        fail("UPS-5", "eviction is on: data can be dropped when the database is full");
      const wantedRegions = (m.attrs.read_regions as string[] | undefined) ?? [];
      const missingRegions = wantedRegions.filter((r) => !(db.read_regions ?? []).includes(r));
      if (missingRegions.length) fail("UPS-8", `read region(s) ${missingRegions.join(", ")} removed`);
      // `allowed_ip_ranges` is what the Upstash provider reads back; without entries every address may connect.
      const allowed = Array.isArray(db.allowed_ip_ranges) ? db.allowed_ip_ranges : [];
      if (!allowed.length) fail("UPS-2", "has no IP allowlist: any address on the internet may connect");
      else if (allowed.some((cidr) => OPEN.includes(cidr)))
        fail("UPS-2", `the IP allowlist admits every address (${allowed.join(", ")})`);
    }
    // One Upstash account usually serves every environment: only names with this environment's prefix are in scope.
    const managed = new Set(ctx.expected.redis.map((r) => r.name));
    const prefix = `${ctx.expected.environment}-`;
    for (const db of list.filter(
      (d) => d.database_name.startsWith(prefix) && !managed.has(d.database_name),
    )) {
      out.push(
        unmanaged(
          "upstash",
          "Upstash database",
          db.database_name,
          "Manage it in a stack (the policy check then judges it) or delete it in the Upstash console",
        ),
      );
    }
    return out;
  },
};
