import { ConfigError } from "../../config/errors";
import { parseEnvironment } from "../../config/load";
import { DEFAULT_RETENTION_BOUNDS } from "../../core/rules/retention";

const VALID = {
  name: "dev",
  projectId: "acme-baseline-dev",
  region: "europe-west1",
  notifications: { emails: ["alerts@example.com"] },
};

function problemsOf(input: Record<string, unknown>): string[] {
  try {
    parseEnvironment("dev.json", JSON.stringify({ ...VALID, ...input }));
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
}

describe("retention bounds (GCS-7, RET-1)", () => {
  it("defaults: 60 days end to end (30 + 23 + 7) and the documented upper bounds", () => {
    const env = parseEnvironment("dev.json", JSON.stringify(VALID));
    expect(env.retention).toEqual(DEFAULT_RETENTION_BOUNDS);
    expect(env.retention.customerDataDeletionDays).toBe(60);
    expect(env.retention.maxTransactionLogDays).toBe(7);
    expect(
      env.storage.deleteAfterTerminationDays +
        env.storage.noncurrentVersionRetentionDays +
        env.storage.softDeleteDays,
    ).toBe(60);
  });

  it("refuses storage settings that keep a terminated customer's objects past the bound, naming the sum", () => {
    expect(problemsOf({ storage: { noncurrentVersionRetentionDays: 24 } })).toEqual([
      "dev.json: storage.deleteAfterTerminationDays: got nothing (the field is missing); the days in effect, with storage.noncurrentVersionRetentionDays and storage.softDeleteDays, keep a terminated customer's objects recoverable 61 days (30 after custom time + 24 noncurrent + 7 soft delete); the three must add up to at most retention.customerDataDeletionDays (60), e.g. 30 + 23 + 7",
    ]);
    // The shipped settings before the bound: 60 + 30 + 7.
    expect(
      problemsOf({ storage: { deleteAfterTerminationDays: 60, noncurrentVersionRetentionDays: 30 } })[0],
    ).toMatch(/97 days \(60 after custom time \+ 30 noncurrent \+ 7 soft delete\)/);
    expect(problemsOf({ retention: { customerDataDeletionDays: 40 } })[0]).toMatch(
      /60 days .*at most retention.customerDataDeletionDays \(40\)/,
    );
    expect(
      problemsOf({
        retention: { customerDataDeletionDays: 40 },
        storage: { deleteAfterTerminationDays: 20, noncurrentVersionRetentionDays: 13 },
      }),
    ).toEqual([]);
  });

  it("the termination bound can only tighten the documents' 60 days", () => {
    expect(problemsOf({ retention: { customerDataDeletionDays: 61 } })).toEqual([
      "dev.json: retention.customerDataDeletionDays: got 61; must be at most 60 days",
    ]);
    expect(problemsOf({ retention: { customerDataDeletionDays: 0 } })).toEqual([
      "dev.json: retention.customerDataDeletionDays: got 0; must be at least 1 days",
    ]);
  });

  it("refuses each store's setting above its bound, naming the field, the value and the bound", () => {
    expect(problemsOf({ logging: { retentionDays: 2191 } })).toEqual([
      "dev.json: logging.retentionDays: got 2191; must be at most 2190 (retention.maxAuditLogDays); in effect: 2191",
    ]);
    expect(problemsOf({ retention: { maxAuditLogDays: 365 }, logging: { retentionDays: 400 } })).toEqual([
      "dev.json: logging.retentionDays: got 400; must be at most 365 (retention.maxAuditLogDays); in effect: 400",
    ]);
    expect(
      problemsOf({ retention: { maxAuditLogDays: 365 }, storage: { accessLogRetentionDays: 366 } }),
    ).toEqual([
      "dev.json: storage.accessLogRetentionDays: got 366; must be at most 365 (retention.maxAuditLogDays); in effect: 366",
    ]);
    expect(
      problemsOf({
        retention: { maxNoncurrentVersionDays: 10 },
        storage: { noncurrentVersionRetentionDays: 11 },
      }),
    ).toEqual([
      "dev.json: storage.noncurrentVersionRetentionDays: got 11; must be at most 10 (retention.maxNoncurrentVersionDays); in effect: 11",
    ]);
    expect(
      problemsOf({
        retention: { maxSoftDeleteDays: 7 },
        storage: { softDeleteDays: 8, noncurrentVersionRetentionDays: 22 },
      }),
    ).toEqual([
      "dev.json: storage.softDeleteDays: got 8; must be at most 7 (retention.maxSoftDeleteDays); in effect: 8",
    ]);
    expect(problemsOf({ database: { backup: { retainedBackups: 31 } } })).toEqual([
      "dev.json: database.backup.retainedBackups: got 31; must be at most 30 (retention.maxDatabaseBackups); in effect: 31",
    ]);
    expect(
      problemsOf({ database: { edition: "ENTERPRISE_PLUS", backup: { transactionLogRetentionDays: 14 } } }),
    ).toEqual([
      "dev.json: database.backup.transactionLogRetentionDays: got 14; must be at most 7 (retention.maxTransactionLogDays); in effect: 14",
    ]);
    expect(
      problemsOf({
        retention: { maxTransactionLogDays: 14 },
        database: { edition: "ENTERPRISE_PLUS", backup: { transactionLogRetentionDays: 14 } },
      }),
    ).toEqual([]);
    expect(problemsOf({ retention: { maxSecretVersionRecoveryDays: 3 } })).toEqual([
      "dev.json: secrets.versionDestroyDays: got nothing (the field is missing); must be at most 3 (retention.maxSecretVersionRecoveryDays); in effect: 7",
    ]);
  });

  it("refuses bounds outside what the services allow and unknown fields", () => {
    expect(problemsOf({ retention: { maxAuditLogDays: 100 } })).toEqual([
      "dev.json: retention.maxAuditLogDays: got 100; must be at least 365 days",
    ]);
    expect(problemsOf({ retention: { maxDatabaseBackups: 6.5 } })[0]).toMatch(
      /^dev\.json: retention\.maxDatabaseBackups: got 6\.5; expected integer/,
    );
    expect(problemsOf({ retention: { maxRedisBackupDays: 3 } })[0]).toMatch(
      /retention\.maxRedisBackupDays: unknown field; allowed fields: customerDataDeletionDays, maxAuditLogDays/,
    );
  });
});
