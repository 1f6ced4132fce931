import { ConfigError } from "../../../config/errors";
import { testEnvironment } from "../../support/synth";

const DB = {
  purpose: "sessions",
  primaryRegion: "eu-west-1",
  allowlist: ["203.0.113.10/32"],
  users: [{ name: "app" }],
};

/** The loader's problems for an environment with these overrides. */
function problems(overrides: Record<string, unknown>): string[] {
  try {
    testEnvironment(overrides);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe("labels.data_classification (DATA-1, DATA-2)", () => {
  test.each(["restricted", "confidential", "internal", "public"])("accepts %s", (value) => {
    expect(problems({ labels: { data_classification: value } })).toEqual([]);
  });

  test("refuses any other value, naming the field and the four allowed", () => {
    expect(problems({ labels: { data_classification: "phi" } })).toEqual([
      expect.stringMatching(
        /labels\.data_classification.*must be one of restricted, confidential, internal, public \(got "phi"\)/,
      ),
    ]);
  });

  test("restricted data is held in Redis only in HIPAA mode", () => {
    expect(problems({ labels: { data_classification: "restricted" }, redis: { databases: [DB] } })).toEqual([
      expect.stringMatching(/redis\.databases\[0\]\.hipaa.*restricted data is held only in HIPAA mode/),
    ]);
    expect(
      problems({ labels: { data_classification: "restricted" }, redis: { hipaa: true, databases: [DB] } }),
    ).toEqual([]);
    expect(problems({ labels: { data_classification: "confidential" }, redis: { databases: [DB] } })).toEqual(
      [],
    );
  });
});
