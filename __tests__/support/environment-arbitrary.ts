import fc from "fast-check";
import { GCP_REGIONS, REPLICATED_STORAGE_LOCATIONS } from "../../config/regions";
import { UPSTASH_REGIONS } from "../../core/rules/upstash-regions";

export const lower = "abcdefghijklmnopqrstuvwxyz";
export const word = (min: number, max: number, chars = `${lower}0123456789`) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength: min, maxLength: max });

export const projectId = fc
  .tuple(word(1, 1, lower), word(4, 20, `${lower}0123456789-`), word(1, 1, `${lower}0123456789`))
  .map(([a, b, c]) => a + b + c)
  .filter((id) => !id.includes("google"));

/**
 * Redis purposes as the config documents them (an independent oracle of core/rules/redis-naming.ts):
 * 2-21 lowercase letters and digits in hyphen-separated words, starting with a letter, and no run of three
 * digits (it could encode an identifier).
 */
export const purpose = fc
  .tuple(word(1, 1, lower), fc.array(word(1, 6), { minLength: 1, maxLength: 3 }))
  .map(([first, words]) => `${first}${words.join("-")}`)
  .filter((p) => p.length >= 2 && p.length <= 21 && !/\d{3}/.test(p));

/**
 * Redis ACL user names as docs/redis.md documents them (an independent oracle of core/rules/redis-acl.ts):
 * 2-32 lowercase letters and digits in hyphen-separated words, starting with a letter, never `default`.
 */
const aclUserName = fc
  .tuple(word(1, 1, lower), fc.array(word(1, 8), { minLength: 1, maxLength: 3 }))
  .map(([first, words]) => `${first}${words.join("-")}`)
  .filter((n) => n.length >= 2 && n.length <= 32 && n !== "default");

/** Key patterns: `*`, or a prefix of letters, digits and `:` optionally ending in `*`. */
const keyPattern = fc.oneof(
  fc.constant("*"),
  fc.tuple(word(1, 10), fc.boolean()).map(([prefix, glob]) => (glob ? `${prefix}:*` : prefix)),
);

/** ACL users of one database: distinct names, at least one when the database is HIPAA (UPS-10). */
const aclUsers = (min: number) =>
  fc.uniqueArray(
    fc.record(
      {
        name: aclUserName,
        access: fc.constantFrom("read", "read-write"),
        keyPatterns: fc.array(keyPattern, { minLength: 1, maxLength: 2 }),
      },
      { requiredKeys: ["name"] },
    ),
    { minLength: min, maxLength: 2, selector: (u) => u.name },
  );

/** An Upstash team within UPS-11's bounds: one owner, up to two admins, the rest dev or finance. */
const upstashTeam = fc
  .tuple(
    word(2, 10, lower),
    fc.uniqueArray(word(1, 10, lower), { minLength: 1, maxLength: 5 }),
    fc.integer({ min: 0, max: 2 }),
    fc.boolean(),
  )
  .map(([domain, users, admins, restrictDomains]) => ({
    name: `team ${domain}`,
    ...(restrictDomains ? { emailDomains: [`${domain}.example`] } : {}),
    members: Object.fromEntries(
      users.map((user, i) => [
        `${user}@${domain}.example`,
        i === 0 ? "owner" : i <= admins ? "admin" : i % 2 ? "dev" : "finance",
      ]),
    ),
  }));

/** Valid environment files: every section, with values drawn from what each field allows. */
export const validEnvironment = fc
  .record(
    {
      name: fc.constant("fuzz"),
      projectId,
      region: fc.constantFrom(...GCP_REGIONS),
      production: fc.boolean(),
      labels: fc.dictionary(word(1, 10, lower), word(0, 10), { maxKeys: 5 }),
      kms: fc.record(
        {
          protectionLevel: fc.constantFrom("SOFTWARE", "HSM"),
          rotationDays: fc.integer({ min: 1, max: 90 }),
          destroyScheduledDays: fc.integer({ min: 1, max: 120 }),
        },
        { requiredKeys: [] },
      ),
      storage: fc.record(
        {
          location: fc.constantFrom(...Object.keys(REPLICATED_STORAGE_LOCATIONS)),
          // GCS-7: any mix of these and the defaults (30 + 23 + 7) stays within the 60-day bound.
          noncurrentVersionRetentionDays: fc.integer({ min: 1, max: 23 }),
          deleteAfterTerminationDays: fc.integer({ min: 1, max: 30 }),
          softDeleteDays: fc.constant(7),
        },
        { requiredKeys: [] },
      ),
      secrets: fc.record(
        {
          versionDestroyDays: fc.integer({ min: 1, max: 30 }),
          rotationDays: fc.integer({ min: 1, max: 365 }),
        },
        { requiredKeys: [] },
      ),
      logging: fc.record(
        // RET-1: within the default bound (six years).
        { retentionDays: fc.integer({ min: 365, max: 2190 }), locked: fc.boolean() },
        { requiredKeys: [] },
      ),
      network: fc.record(
        {
          natIpCount: fc.integer({ min: 1, max: 3 }),
          allowIapAdminAccess: fc.boolean(),
          allowHealthChecks: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
      database: fc.record(
        {
          version: fc.constantFrom("POSTGRES_14", "POSTGRES_15", "POSTGRES_16", "POSTGRES_17", "POSTGRES_18"),
          sslMode: fc.constantFrom("TRUSTED_CLIENT_CERTIFICATE_REQUIRED", "ENCRYPTED_ONLY"),
          // RET-1: within the default bound of 30 daily backups.
          backup: fc.record({ retainedBackups: fc.integer({ min: 7, max: 30 }) }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      ),
      redis: fc.boolean().chain((hipaa) =>
        fc.record(
          {
            hipaa: fc.constant(hipaa),
            databases: fc
              .tuple(
                purpose,
                fc.constantFrom(...UPSTASH_REGIONS),
                fc.subarray([...UPSTASH_REGIONS], { maxLength: 2 }),
                // At least the Prod Pack fee plus the usage margin (core/rules/redis-budget.ts).
                fc.integer({ min: 220, max: 1000 }),
                aclUsers(hipaa ? 1 : 0),
              )
              .map(([purpose, primaryRegion, readRegions, budget, users]) => [
                {
                  purpose,
                  primaryRegion,
                  readRegions: readRegions.filter((r) => r !== primaryRegion),
                  budget,
                  users,
                },
              ]),
            team: upstashTeam,
          },
          { requiredKeys: ["hipaa", "databases"] },
        ),
      ),
      notifications: fc.record({
        // Distinct addresses: the configuration refuses an address listed twice.
        emails: fc.uniqueArray(
          fc
            .tuple(word(1, 12, lower), word(1, 12, lower))
            .map(([user, domain]) => `${user}@${domain}.example`),
          { minLength: 1, maxLength: 3 },
        ),
      }),
    },
    { requiredKeys: ["name", "projectId", "region", "notifications"] },
  )
  .map((env) => (env.production ? asProduction(env) : env));

/**
 * What a production environment must choose (the config refuses anything else): HSM, locked logs, read
 * regions, a paging channel beyond e-mail (MON-12), an uptime check (MON-14).
 */
function asProduction<
  T extends {
    kms?: object;
    logging?: object;
    notifications: object;
    redis?: { hipaa: boolean; databases: { primaryRegion: string; readRegions: string[] }[]; team?: object };
  },
>(env: T): T {
  return {
    ...env,
    notifications: {
      pagerduty: { serviceKeySecret: { secretId: "pagerduty-service-key" } },
      ...env.notifications,
    },
    kms: { ...env.kms, protectionLevel: "HSM" },
    logging: { ...env.logging, locked: true },
    monitoring: { uptimeChecks: [{ name: "app", url: "https://app.example.com/healthz" }] },
    redis: env.redis && {
      ...env.redis,
      databases: env.redis.databases.map((db) => ({
        ...db,
        readRegions: db.readRegions.length
          ? db.readRegions
          : [UPSTASH_REGIONS.find((r) => r !== db.primaryRegion)!],
      })),
    },
  };
}
