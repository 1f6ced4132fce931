import { redisDatabaseName } from "../../../constructs/redis/naming";

describe("redisDatabaseName (UPS-7)", () => {
  test("is <environment>-<purpose>", () => {
    expect(redisDatabaseName("T", "prod", "rate-limits")).toBe("prod-rate-limits");
    expect(redisDatabaseName("T", "staging-eu", "sessions")).toBe("staging-eu-sessions");
  });

  test.each([
    ["John Doe", "spaces and capitals"],
    ["patient_42", "underscore"],
    ["s", "too short"],
    ["a".repeat(22), "too long"],
    ["sessions-", "trailing hyphen"],
    ["rate--limits", "double hyphen"],
    ["1sessions", "leading digit"],
    ["jane.doe@example.com", "an email"],
  ])("refuses the purpose %p (%s)", (purpose) => {
    expect(() => redisDatabaseName("T", "dev", purpose)).toThrow(
      `T: purpose: got ${JSON.stringify(purpose)}; must be 2-21 lowercase letters, digits and single hyphens`,
    );
  });

  // Every mode: UPS-7 judges every database alike (cache2024 used to pass config and construct, then fail UPS-7).
  test.each(["mrn-123456", "dob-19800101", "visit-2024", "cache2024", "id-123"])(
    "refuses digit runs of three or more: %p",
    (purpose) => {
      expect(() => redisDatabaseName("T", "dev", purpose)).toThrow(
        `T: purpose: got "${purpose}"; must not contain three or more digits in a row`,
      );
    },
  );

  test("accepts short digit groups such as a version", () => {
    expect(redisDatabaseName("T", "dev", "cache-v2")).toBe("dev-cache-v2");
    expect(redisDatabaseName("T", "dev", "shard-12")).toBe("dev-shard-12");
  });

  test("refuses an environment whose digits make a long number in the name", () => {
    expect(() => redisDatabaseName("T", "dev-2024", "sessions")).toThrow(
      'T: environment: got "dev-2024"; in the database name dev-2024-sessions contains a long number',
    );
  });

  test.each(["Dev", "d", "dev_1", "-dev"])("refuses the environment %p", (environment) => {
    expect(() => redisDatabaseName("T", environment, "sessions")).toThrow(
      `T: environment: got ${JSON.stringify(environment)}; must be an environment name`,
    );
  });
});
