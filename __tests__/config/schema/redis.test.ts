import { addDays, today } from "../../../policy/exceptions";
import { ConfigError } from "../../../config/errors";
import { isHipaaDatabase } from "../../../config/schema/redis";
import { testEnvironment } from "../../support/synth";

const DB = {
  purpose: "sessions",
  primaryRegion: "eu-west-1",
  allowlist: ["203.0.113.10/32"],
  users: [{ name: "app" }],
};

/** The loader's problems for an environment with this `redis` section. */
function problems(redis: unknown): string[] {
  try {
    testEnvironment({ redis });
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe("redis config section", () => {
  test("is optional", () => {
    expect(testEnvironment().redis).toBeUndefined();
  });

  test("fills secure defaults", () => {
    const redis = testEnvironment({ redis: { databases: [DB] } }).redis!;
    expect(redis).toEqual({
      hipaa: false,
      databases: [
        {
          purpose: "sessions",
          primaryRegion: "eu-west-1",
          readRegions: [],
          budget: 220,
          allowlist: ["203.0.113.10/32"],
          mode: "store",
          prodPack: true,
          dailyBackups: true,
          // UPS-10: a user reads every key of its database unless narrowed; only the deployer gets its credential.
          users: [{ name: "app", access: "read", keyPatterns: ["*"], readers: [] }],
        },
      ],
    });
    expect(isHipaaDatabase(redis, redis.databases[0])).toBe(false);
  });

  test("HIPAA for the whole environment applies to every database", () => {
    const redis = testEnvironment({ redis: { hipaa: true, databases: [DB] } }).redis!;
    expect(isHipaaDatabase(redis, redis.databases[0])).toBe(true);
  });

  test.each([
    [
      "an unknown primary region",
      { databases: [{ ...DB, primaryRegion: "europe-west1" }] },
      'dev.json: redis.databases[0].primaryRegion: got "europe-west1"; must be an Upstash region, one of: us-east-1,',
    ],
    [
      "the primary among the read regions",
      { databases: [{ ...DB, readRegions: ["eu-west-1"] }] },
      'dev.json: redis.databases[0].readRegions[0]: got "eu-west-1"; must not be the primary region',
    ],
    [
      "a repeated read region",
      { databases: [{ ...DB, readRegions: ["us-east-1", "us-east-1"] }] },
      'dev.json: redis.databases[0].readRegions[1]: got "us-east-1"; is listed twice',
    ],
    [
      "a fractional budget",
      { databases: [{ ...DB, budget: 9.5 }] },
      "dev.json: redis.databases[0].budget: got 9.5; must be a whole number of US dollars",
    ],
    [
      "a budget below the Prod Pack fee plus the usage margin",
      { databases: [{ ...DB, budget: 50 }] },
      "dev.json: redis.databases[0].budget: got 50; must be at least 220 US dollars: Prod Pack costs 200 a month per database, plus 20 for usage; Upstash throttles a database whose budget is reached",
    ],
    [
      "a zero budget",
      { databases: [{ ...DB, budget: 0 }] },
      "dev.json: redis.databases[0].budget: got 0; must be at least 1 US dollar",
    ],
    [
      "a free-text purpose",
      { databases: [{ ...DB, purpose: "Jane Doe cache" }] },
      'dev.json: redis.databases[0].purpose: got "Jane Doe cache"; must be 2-21 lowercase letters',
    ],
    [
      "0.0.0.0/0 in the allowlist",
      { databases: [{ ...DB, allowlist: ["0.0.0.0/0"] }] },
      'dev.json: redis.databases[0].allowlist[0]: got "0.0.0.0/0"; 0.0.0.0/0 admits every IPv4 address',
    ],
    [
      "::/0 in the allowlist",
      { databases: [{ ...DB, allowlist: ["::/0"] }] },
      'dev.json: redis.databases[0].allowlist[0]: got "::/0"; ::/0 admits every IPv6 address',
    ],
    [
      "a /4 in the allowlist",
      { databases: [{ ...DB, allowlist: ["16.0.0.0/4"] }] },
      'dev.json: redis.databases[0].allowlist[0]: got "16.0.0.0/4"; prefixes shorter than /8 are refused',
    ],
    [
      "a malformed block",
      { databases: [{ ...DB, allowlist: ["203.0.113.10"] }] },
      'dev.json: redis.databases[0].allowlist[0]: got "203.0.113.10"; must be an IPv4 CIDR block',
    ],
    [
      "a private-only allowlist",
      { databases: [{ ...DB, allowlist: ["10.0.0.0/8", "192.168.0.0/16"] }] },
      'dev.json: redis.databases[0].allowlist: got ["10.0.0.0/8","192.168.0.0/16"]; lists only private',
    ],
    [
      "an unknown mode",
      { databases: [{ ...DB, mode: "lru" }] },
      'dev.json: redis.databases[0].mode: got "lru"; must be one of: store, cache',
    ],
    [
      "two databases with one purpose",
      { databases: [DB, { ...DB, primaryRegion: "us-east-1" }] },
      'dev.json: redis.databases[1].purpose: got "sessions"; is used by another database',
    ],
    ["no databases", { databases: [] }, "dev.json: redis.databases: got []; must list at least one database"],
    [
      "an unknown field",
      { databases: [{ ...DB, password: "x" }] },
      "dev.json: redis.databases[0].password: unknown field; allowed fields: purpose, primaryRegion, readRegions,",
    ],
  ])("refuses %s", (_what, redis, message) => {
    expect(problems(redis)).toEqual([expect.stringContaining(message)]);
  });

  describe("HIPAA", () => {
    test.each([
      [
        "prodPack false",
        { prodPack: false },
        "redis.databases[0].prodPack: got false; in HIPAA mode must be true",
      ],
      [
        "dailyBackups false",
        { dailyBackups: false },
        "redis.databases[0].dailyBackups: got false; in HIPAA mode must be true",
      ],
      [
        "cache mode",
        { mode: "cache" },
        'redis.databases[0].mode: got "cache"; in HIPAA mode must be "store": eviction drops PHI',
      ],
      [
        "a digit run in the purpose",
        { purpose: "mrn-1234" },
        'redis.databases[0].purpose: got "mrn-1234"; must not contain three or more digits',
      ],
    ])("a HIPAA database refuses %s (set per database or per environment)", (_what, override, message) => {
      expect(problems({ databases: [{ ...DB, hipaa: true, ...override }] })).toEqual([
        expect.stringContaining(message),
      ]);
      expect(problems({ hipaa: true, databases: [{ ...DB, ...override }] })).toEqual([
        expect.stringContaining(message),
      ]);
    });

    test("UPS-10: a HIPAA database needs an ACL user; others may have none", () => {
      const message =
        "redis.databases[0].users: got []; in HIPAA mode must list at least one ACL user ({ name, access, keyPatterns, readers }): workloads must not share the default user (UPS-10)";
      expect(problems({ hipaa: true, databases: [{ ...DB, users: [] }] })).toEqual([
        expect.stringContaining(message),
      ]);
      expect(problems({ databases: [{ ...DB, hipaa: true, users: undefined }] })).toEqual([
        expect.stringContaining("in HIPAA mode must list at least one ACL user"),
      ]);
      expect(problems({ databases: [{ ...DB, users: [] }] })).toEqual([]);
    });

    test.each([
      ["the default user", { name: "default" }, 'users[0].name: got "default"; must not be "default"'],
      ["a bad name", { name: "App_1" }, 'users[0].name: got "App_1"; must be 2-32 lowercase'],
      [
        "an unknown access level",
        { name: "a1", access: "admin" },
        'users[0].access: got "admin"; must be one of: read, read-write',
      ],
      [
        "a bad key pattern",
        { name: "a1", keyPatterns: ["a b"] },
        'users[0].keyPatterns[0]: got "a b"; must be a key prefix',
      ],
      [
        "no key pattern",
        { name: "a1", keyPatterns: [] },
        "users[0].keyPatterns: got []; must list at least one pattern",
      ],
      [
        "a public reader",
        { name: "a1", readers: ["allUsers"] },
        'users[0].readers[0]: got "allUsers"; must be one named identity',
      ],
      [
        "an unknown field",
        { name: "a1", password: "x" },
        "users[0].password: unknown field; allowed fields: name, access, keyPatterns, readers",
      ],
    ])("UPS-10: an ACL user refuses %s", (_what, user, message) => {
      expect(problems({ databases: [{ ...DB, users: [user] }] })).toEqual([expect.stringContaining(message)]);
    });

    test("UPS-10: user names are unique per database", () => {
      expect(problems({ databases: [{ ...DB, users: [{ name: "app" }, { name: "app" }] }] })).toEqual([
        expect.stringContaining(
          'redis.databases[0].users[1].name: got "app"; is used by another user of this database',
        ),
      ]);
    });

    test("a database cannot opt out of environment-wide HIPAA", () => {
      expect(problems({ hipaa: true, databases: [{ ...DB, hipaa: false }] })).toEqual([
        expect.stringContaining(
          "redis.databases[0].hipaa: got false; cannot be false: redis.hipaa is true, so every database of this environment is HIPAA",
        ),
      ]);
    });

    test("a malformed purpose is reported once, not again by the HIPAA rule", () => {
      expect(problems({ hipaa: true, databases: [{ ...DB, purpose: "Patient 1234" }] })).toEqual([
        expect.stringContaining(
          'redis.databases[0].purpose: got "Patient 1234"; must be 2-21 lowercase letters',
        ),
      ]);
    });

    test("non-HIPAA databases may use cache mode and skip Prod Pack with an owned, dated opt-out", () => {
      const optOut = {
        reason: "Development cache, no customer data at all",
        owner: "platform",
        expires: addDays(today(), 30),
      };
      expect(problems({ databases: [{ ...DB, mode: "cache", prodPack: false, optOut }] })).toEqual([]);
      expect(problems({ databases: [{ ...DB, mode: "cache", prodPack: false }] })).toEqual([
        expect.stringContaining(
          "redis.databases[0].optOut: got nothing (the field is missing); required with prodPack: false",
        ),
      ]);
    });
  });
});

describe("redis.team (UPS-11)", () => {
  const TEAM = {
    name: "acme prod",
    emailDomains: ["example.com"],
    members: { "owner@example.com": "owner", "dev@example.com": "dev" },
  };

  test("is optional and accepted as given", () => {
    expect(testEnvironment({ redis: { databases: [DB] } }).redis!.team).toBeUndefined();
    expect(testEnvironment({ redis: { databases: [DB], team: TEAM } }).redis!.team).toEqual(TEAM);
  });

  test.each([
    [
      "no owner",
      { members: { "dev@example.com": "dev" } },
      'redis.team.members: got {"dev@example.com":"dev"}; has 0 owners',
    ],
    [
      "three admins",
      {
        members: {
          "o@example.com": "owner",
          "a@example.com": "admin",
          "b@example.com": "admin",
          "c@example.com": "admin",
        },
      },
      "has 3 admins: at most 2",
    ],
    [
      "an address outside the company's domains",
      { members: { "o@example.com": "owner", "x@gmail.com": "dev" } },
      'redis.team.members.x@gmail.com: got "dev"; x@gmail.com is not in the company\'s e-mail domains (example.com)',
    ],
    [
      "an unknown role",
      { members: { "o@example.com": "owner", "x@example.com": "root" } },
      "must be one of: owner, admin, dev, finance",
    ],
    [
      "a bad domain",
      { emailDomains: ["Example.COM"] },
      'redis.team.emailDomains[0]: got "Example.COM"; must be a lowercase domain',
    ],
    [
      "the same address twice",
      { members: { "o@example.com": "owner", "Dev@example.com": "dev", "dev@example.com": "dev" } },
      "is listed twice (e-mail addresses are case-insensitive)",
    ],
  ])("refuses %s", (_what, override, message) => {
    expect(problems({ databases: [DB], team: { ...TEAM, ...override } })).toEqual(
      expect.arrayContaining([expect.stringContaining(message)]),
    );
  });
});
