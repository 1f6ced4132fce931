import { ConfigError } from "../../config/errors";
import { parseEnvironment } from "../../config/load";
import { testEnvironment } from "../support/synth";

describe("environment config: policy", () => {
  it("defaults to the baseline pack", () => {
    expect(testEnvironment().policy).toEqual({ pack: "baseline", maxExceptionDays: 180 });
  });

  it("selects the hipaa pack", () => {
    expect(testEnvironment({ policy: { pack: "hipaa" } }).policy.pack).toBe("hipaa");
  });

  it("rejects an unknown pack with what is allowed", () => {
    const input = {
      name: "dev",
      projectId: "acme-test-dev",
      region: "europe-west1",
      notifications: { emails: ["a@example.com"] },
      policy: { pack: "pci" },
    };
    let problems: readonly string[] = [];
    try {
      parseEnvironment("dev.json", JSON.stringify(input));
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems).toEqual(['dev.json: policy.pack: got "pci"; must be one of: baseline, hipaa']);
  });
});
