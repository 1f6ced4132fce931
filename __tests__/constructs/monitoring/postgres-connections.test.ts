import {
  connectionAlertThreshold,
  connectionLimit,
  defaultMaxConnections,
} from "../../../core/rules/postgres-connections";

describe("Cloud SQL connection limits (MON-11)", () => {
  // Cloud SQL for PostgreSQL's documented defaults by memory, written out independently of the table.
  test.each([
    ["db-f1-micro", 25],
    ["db-g1-small", 50],
    ["db-custom-1-3840", 100],
    ["db-custom-1-6144", 200],
    ["db-custom-2-7680", 400],
    ["db-custom-4-15360", 500],
    ["db-custom-8-30720", 600],
    ["db-custom-16-61440", 800],
    ["db-custom-32-122880", 1000],
    ["db-perf-optimized-N-2", 500],
    ["db-perf-optimized-N-8", 800],
  ])("%s defaults to %i connections", (tier, limit) => {
    expect(defaultMaxConnections(tier)).toBe(limit);
  });

  test("an unknown tier has no default; a literal flag wins; a bad flag is unreadable", () => {
    expect(defaultMaxConnections("db-n1-standard-1")).toBeUndefined();
    expect(connectionLimit("db-custom-2-7680", "150")).toBe(150);
    expect(connectionLimit("db-custom-2-7680", "many")).toBeUndefined();
    expect(connectionLimit("db-custom-2-7680")).toBe(400);
  });

  test("the alert fires above 80% of the limit, rounded down", () => {
    expect(connectionAlertThreshold(400)).toBe(320);
    expect(connectionAlertThreshold(25)).toBe(20);
  });
});
