/**
 * The drifts issue 13 names, at load time: the config schema refuses what the policy would refuse at
 * synthesis, because both use the same predicate from core/rules/ (the policy's side is asserted in
 * __tests__/policy/controls/*.test.ts).
 */
import { ConfigError } from "../../../config/errors";
import { testEnvironment } from "../../support/synth";

const DB = { purpose: "sessions", primaryRegion: "eu-west-1", allowlist: ["203.0.113.10/32"] };

function problems(overrides: Record<string, unknown>): string[] {
  try {
    testEnvironment(overrides);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe("config and policy agree (core/rules/)", () => {
  test("UPS-7: a purpose with a long number is refused in every mode, as UPS-7 refuses the name", () => {
    expect(problems({ redis: { databases: [{ ...DB, purpose: "cache2024" }] } })).toEqual([
      expect.stringContaining(
        'redis.databases[0].purpose: got "cache2024"; must not contain three or more digits in a row',
      ),
    ]);
  });

  test("UPS-7: the environment's digits count in the database name", () => {
    expect(problems({ name: "dev-2024", redis: { databases: [DB] } })).toEqual([
      expect.stringContaining(
        'redis.databases[0].purpose: got "sessions"; in the database name dev-2024-sessions contains a long number',
      ),
    ]);
    expect(problems({ name: "dev-24", redis: { databases: [DB] } })).toEqual([]);
  });

  test.each(["user:allUsers", "principalSet://goog/public:all", "domain:example.com"])(
    "STATE-2: the state bucket's deployers refuse %s",
    (member) => {
      expect(problems({ state: { deployers: [member] } })).toEqual([
        expect.stringContaining(`state.deployers[0]: got ${JSON.stringify(member)}`),
      ]);
    },
  );
});
