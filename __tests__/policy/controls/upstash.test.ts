import { ctxOf, judge, res, verdicts } from "./rules";

type Json = Record<string, unknown>;
const LITERAL = ["not", "a", "reference"].join("-");
const redis = (attrs: Json = {}, name = "sessions") =>
  res(`upstash_redis_database.${name}`, {
    database_name: "acme-sessions",
    prod_pack: true,
    ip_allowlist: ["203.0.113.10/32"],
    tls: true,
    eviction: false,
    region: "global",
    primary_region: "eu-west-1",
    read_regions: ["eu-central-1"],
    budget: 50,
    ...attrs,
  });
const backupFor = (name: string, command: string) =>
  res(`terraform_data.backup-${name}`, {
    "//": { note: "enable-dailybackup" },
    provisioner: [{ "local-exec": { command } }],
  });
const secretVersion = (data: string) => res("google_secret_manager_secret_version.pw", { secret_data: data });

describe("Upstash controls, rule by rule", () => {
  it("every resource-level Upstash control passes on a compliant database", () => {
    for (const id of ["UPS-1", "UPS-2", "UPS-4", "UPS-5", "UPS-7", "UPS-8", "UPS-9"]) {
      expect([id, judge(id, redis())]).toEqual([id, "pass"]);
    }
  });

  it("UPS-1, UPS-4, UPS-5: Prod Pack, TLS, no eviction", () => {
    expect(judge("UPS-1", redis({ prod_pack: undefined }))).toBe("fail: prod_pack is unset");
    expect(judge("UPS-4", redis({ tls: "false" }))).toBe('fail: tls is "false"');
    expect(judge("UPS-5", redis({ eviction: "true" }))).toBe("fail: eviction is true");
  });

  it("UPS-2: a non-empty allowlist without the whole internet; a reference counts as set", () => {
    expect(judge("UPS-2", redis({ ip_allowlist: [] }))).toBe(
      "fail: ip_allowlist is empty (every IP address may connect)",
    );
    // A variable without a declaration (or default) cannot be verified: fail closed (stricter since issue 11).
    expect(judge("UPS-2", redis({ ip_allowlist: "${var.allowlist}" }))).toMatch(
      /^fail: cannot verify ip_allowlist: \$\{var\.allowlist\}/,
    );
    expect(judge("UPS-2", redis({ ip_allowlist: ["${google_compute_address.nat.address}/32"] }))).toBe(
      "pass",
    );
    expect(judge("UPS-2", redis({ ip_allowlist: ["1.2.3.4/32", "::/0", "0.0.0.0/0"] }))).toBe(
      "fail: ip_allowlist contains ::/0, 0.0.0.0/0",
    );
  });

  it("UPS-3: something in the stack enables daily backups for each database", () => {
    const db = redis();
    expect(
      verdicts(
        "UPS-3",
        ctxOf([
          db,
          backupFor(
            "x",
            "curl .../v2/redis/enable-dailybackup/${upstash_redis_database.sessions.database_id}",
          ),
        ]),
      ),
    ).toEqual(["pass @ upstash_redis_database.sessions [terraform_data.backup-x]"]);
    expect(
      verdicts(
        "UPS-3",
        ctxOf([
          db,
          backupFor("x", "./upstash-daily-backup.sh enable ${upstash_redis_database.sessions.database_id}"),
        ]),
      )[0],
    ).toMatch(/^pass/);
    expect(verdicts("UPS-3", ctxOf([db, backupFor("x", "./upstash-dailybackup.sh enable x")]))[0]).toMatch(
      /^pass/,
    );
    const failing =
      'fail: nothing in the stack calls enable-dailybackup for this database when it is created (a local-exec provisioner without when = "destroy" or on_failure = "continue") @ upstash_redis_database.sessions';
    expect(verdicts("UPS-3", ctxOf([db, backupFor("x", "./upstash-daily-backup.sh disable x")]))).toEqual([
      failing,
    ]);
    expect(verdicts("UPS-3", ctxOf([db, backupFor("x", "./other.sh enable x")]))).toEqual([failing]);
    expect(verdicts("UPS-3", ctxOf([db]))).toEqual([failing]);
    expect(verdicts("UPS-3", ctxOf([redis({ note: "enable-dailybackup" })]))).toEqual([failing]);
    const other = redis({}, "cache");
    expect(
      verdicts(
        "UPS-3",
        ctxOf([
          db,
          other,
          backupFor("s", "enable-dailybackup ${upstash_redis_database.sessions.database_id}"),
        ]),
      ),
    ).toEqual([
      "pass @ upstash_redis_database.sessions [terraform_data.backup-s]",
      'fail: nothing in the stack calls enable-dailybackup for this database when it is created (a local-exec provisioner without when = "destroy" or on_failure = "continue") @ upstash_redis_database.cache',
    ]);
  });

  it("UPS-6: credentials stored in Secret Manager, not in outputs, and no literal provider API key", () => {
    const db = redis();
    const stored = secretVersion("${upstash_redis_database.sessions.password}");
    expect(verdicts("UPS-6", ctxOf([db, stored]))).toEqual([
      "pass @ upstash_redis_database.sessions [google_secret_manager_secret_version.pw]",
    ]);
    expect(
      verdicts("UPS-6", ctxOf([db, secretVersion("${upstash_redis_database.sessions.rest_token}")]))[0],
    ).toMatch(/^pass/);
    expect(
      verdicts("UPS-6", ctxOf([db, secretVersion("${upstash_redis_database.sessions.endpoint}")])),
    ).toEqual([
      "fail: its password is not stored in a google_secret_manager_secret_version @ upstash_redis_database.sessions",
    ]);
    expect(
      verdicts(
        "UPS-6",
        ctxOf(
          [db, stored],
          {},
          {
            output: {
              a: { value: "${upstash_redis_database.sessions.read_only_rest_token}" },
              b: { value: "${upstash_redis_database.sessions.password}" },
              c: { value: "${upstash_redis_database.sessions.endpoint}" },
              d: { value: "${upstash_redis_database.other.password}" },
            },
          },
        ),
      ),
    ).toEqual([
      'fail: output "a", "b" exposes its credentials @ upstash_redis_database.sessions [google_secret_manager_secret_version.pw]',
    ]);
    expect(
      verdicts("UPS-6", ctxOf([db, stored], {}, { provider: { upstash: [{ api_key: LITERAL }] } })),
    ).toEqual([
      "pass @ upstash_redis_database.sessions [google_secret_manager_secret_version.pw]",
      "fail: provider upstash has a literal api_key (use UPSTASH_API_KEY) @ (stack)",
    ]);
    expect(
      verdicts("UPS-6", ctxOf([db, stored], {}, { provider: { upstash: { api_key: "${var.key}" } } })),
    ).toHaveLength(1);
    expect(verdicts("UPS-6", ctxOf([stored], {}, { provider: { upstash: [{ api_key: LITERAL }] } }))).toEqual(
      [],
    );
  });

  it("UPS-7: database names carry no identifiers", () => {
    expect(judge("UPS-7", redis({ database_name: "${var.name}" }))).toBe("pass");
    expect(judge("UPS-7", redis({ database_name: "ab" }))).toBe(
      'fail: database_name "ab" is not 3-63 lowercase letters, digits and hyphens',
    );
    expect(judge("UPS-7", redis({ database_name: "x; acme" }))).toMatch(/is not 3-63 lowercase/);
    expect(judge("UPS-7", redis({ database_name: "1acme" }))).toMatch(/is not 3-63 lowercase/);
    expect(judge("UPS-7", redis({ database_name: `a${"b".repeat(63)}` }))).toMatch(/is not 3-63 lowercase/);
    expect(judge("UPS-7", redis({ database_name: 5 }))).toBe(
      "fail: database_name 5 is not 3-63 lowercase letters, digits and hyphens",
    );
    expect(judge("UPS-7", redis({ database_name: "acme-2024" }))).toBe(
      'fail: database_name "acme-2024" contains a long number: three or more digits in a row (an identifier?)',
    );
    // The config schema and ProdRedis refuse the same (core/rules/redis-naming.ts): cache2024 no longer passes them.
    expect(judge("UPS-7", redis({ database_name: "acme-202" }))).toMatch(/contains a long number/);
    expect(judge("UPS-7", redis({ database_name: "dev-cache2024" }))).toMatch(/contains a long number/);
    expect(judge("UPS-7", redis({ database_name: "acme-20-v2" }))).toBe("pass");
  });

  it("UPS-8: global with a primary and read regions, in production only", () => {
    expect(judge("UPS-8", redis({ region: "eu-west-1" }))).toBe('fail: region is "eu-west-1" (not global)');
    expect(judge("UPS-8", redis({ primary_region: undefined }))).toBe("fail: primary_region is unset");
    expect(judge("UPS-8", redis({ read_regions: [] }))).toBe("fail: read_regions is empty");
    const single = redis({ region: "eu-west-1" });
    expect(judge("UPS-8", single, ctxOf([single], { production: false }))).toBe("n/a");
  });

  it("UPS-9: a positive budget", () => {
    expect(judge("UPS-9", redis({ budget: "20" }))).toBe("pass");
    expect(judge("UPS-9", redis({ budget: 0 }))).toBe("fail: budget is 0");
    expect(judge("UPS-9", redis({ budget: undefined }))).toBe("fail: budget is unset");
  });
});
