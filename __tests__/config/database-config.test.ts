import { databaseAvailability } from "../../config/schema/database";
import { testEnvironment } from "../support/synth";

function problems(database: unknown): string[] {
  try {
    testEnvironment({ database });
  } catch (err) {
    return (err as { problems?: string[] }).problems ?? [String(err)];
  }
  throw new Error("expected the environment to be refused");
}

describe("database config", () => {
  it("defaults: POSTGRES_18 ENTERPRISE, TLS with client certificates, daily backups at 02:00, 30 kept, 7 days of PITR", () => {
    const { database } = testEnvironment();
    expect(database).toMatchObject({
      version: "POSTGRES_18",
      edition: "ENTERPRISE",
      sslMode: "TRUSTED_CLIENT_CERTIFICATE_REQUIRED",
      backup: { startTime: "02:00", retainedBackups: 30, transactionLogRetentionDays: 7 },
      maintenance: { day: 7, hour: 3, updateTrack: "stable" },
      iamUsers: [],
    });
  });

  it("SQL-11: availability follows production unless set", () => {
    expect(databaseAvailability(testEnvironment().database, false)).toBe("ZONAL");
    expect(
      databaseAvailability(
        testEnvironment({
          production: true,
          logging: { locked: true },
          monitoring: { uptimeChecks: [{ name: "app", url: "https://app.example.com/healthz" }] },
          notifications: {
            emails: ["alerts@example.com"],
            webhook: { urlSecret: { secretId: "alert-webhook-url" } },
          },
        }).database,
        true,
      ),
    ).toBe("REGIONAL");
    expect(
      databaseAvailability(testEnvironment({ database: { availability: "REGIONAL" } }).database, false),
    ).toBe("REGIONAL");
  });

  it("refuses retention outside Cloud SQL's limits", () => {
    expect(problems({ backup: { retainedBackups: 0 } })).toEqual([
      "dev.json: database.backup.retainedBackups: got 0; must be a whole number from 7 to 365",
    ]);
    expect(problems({ backup: { retainedBackups: 366 } })).toEqual([
      "dev.json: database.backup.retainedBackups: got 366; must be a whole number from 7 to 365",
    ]);
    expect(problems({ backup: { transactionLogRetentionDays: 5 } })).toEqual([
      "dev.json: database.backup.transactionLogRetentionDays: got 5; must be a whole number from 7 to 35",
    ]);
    expect(problems({ backup: { transactionLogRetentionDays: 14 } })).toEqual([
      "dev.json: database.backup.transactionLogRetentionDays: got 14; must be 7 days on ENTERPRISE (ENTERPRISE_PLUS allows up to 35)",
    ]);
  });

  it("refuses a bad backup time", () => {
    expect(problems({ backup: { startTime: "24:00" } })).toEqual([
      'dev.json: database.backup.startTime: got "24:00"; must be HH:MM in 24-hour UTC, e.g. 02:00',
    ]);
  });

  it("refuses unknown versions and tiers", () => {
    expect(problems({ version: "POSTGRES_9_6" })).toEqual([
      'dev.json: database.version: got "POSTGRES_9_6"; must be one of: POSTGRES_14, POSTGRES_15, POSTGRES_16, POSTGRES_17, POSTGRES_18',
    ]);
    expect(problems({ tier: "db-n1-standard-2" })).toEqual([
      'dev.json: database.tier: got "db-n1-standard-2"; must be a Cloud SQL PostgreSQL tier: db-custom-<vCPUs>-<memory MiB> (e.g. db-custom-2-7680), db-f1-micro, db-g1-small or db-perf-optimized-N-<vCPUs>',
    ]);
    expect(problems({ tier: "db-custom-2-1024" })).toEqual([
      'dev.json: database.tier: got "db-custom-2-1024"; memory of a 2-vCPU custom tier must be a multiple of 256 MiB from 3840 to 13312',
    ]);
    expect(problems({ tier: "db-custom-2-7680", edition: "ENTERPRISE_PLUS" })).toEqual([
      'dev.json: database.tier: got "db-custom-2-7680"; ENTERPRISE_PLUS needs db-perf-optimized-N-<vCPUs> with vCPUs one of 2, 4, 8, 16, 32, 48, 64, 80, 96, 128',
    ]);
  });

  it("SQL-3: refuses an SSL mode that allows plaintext", () => {
    expect(problems({ sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" })).toEqual([
      'dev.json: database.sslMode: got "ALLOW_UNENCRYPTED_AND_ENCRYPTED"; must be one of: TRUSTED_CLIENT_CERTIFICATE_REQUIRED, ENCRYPTED_ONLY (unencrypted connections are never accepted; SQL-3)',
    ]);
  });

  it("refuses bad availability, maintenance and IAM users", () => {
    expect(problems({ availability: "MULTI_REGIONAL" })).toEqual([
      'dev.json: database.availability: got "MULTI_REGIONAL"; must be one of: REGIONAL, ZONAL',
    ]);
    expect(problems({ maintenance: { hour: 24 } })).toEqual([
      "dev.json: database.maintenance.hour: got 24; must be a whole number from 0 to 23",
    ]);
    expect(problems({ iamUsers: ["allUsers"] })).toEqual([
      'dev.json: database.iamUsers[0]: got "allUsers"; must be serviceAccount:EMAIL, group:EMAIL or user:EMAIL',
    ]);
  });
});
