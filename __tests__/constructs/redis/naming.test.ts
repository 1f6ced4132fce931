import { redisDatabaseName } from "../../../constructs/redis/naming";

describe("redisDatabaseName (UPS-7)", () => {
  test("is <environment>-<purpose>", () => {
    expect(redisDatabaseName("T", "prod", "rate-limits", false)).toBe("prod-rate-limits");
    expect(redisDatabaseName("T", "staging-eu", "sessions", true)).toBe("staging-eu-sessions");
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
  ])("refuses the purpose %p (%s) in every mode", (purpose) => {
    for (const hipaa of [false, true]) {
      expect(() => redisDatabaseName("T", "dev", purpose, hipaa)).toThrow(
        `T: purpose: got ${JSON.stringify(purpose)}; must be 2-21 lowercase letters, digits and single hyphens`,
      );
    }
  });

  test.each(["mrn-123456", "dob-19800101", "visit-2024"])("HIPAA mode refuses digit runs: %p", (purpose) => {
    expect(redisDatabaseName("T", "dev", purpose, false)).toBe(`dev-${purpose}`);
    expect(() => redisDatabaseName("T", "dev", purpose, true)).toThrow(
      `T: purpose: got "${purpose}"; in HIPAA mode must not contain three or more digits in a row`,
    );
  });

  test("HIPAA mode accepts short digit groups such as a version", () => {
    expect(redisDatabaseName("T", "dev", "cache-v2", true)).toBe("dev-cache-v2");
  });

  test.each(["Dev", "d", "dev_1", "-dev"])("refuses the environment %p", (environment) => {
    expect(() => redisDatabaseName("T", environment, "sessions", false)).toThrow(
      `T: environment: got ${JSON.stringify(environment)}; must be an environment name`,
    );
  });
});
