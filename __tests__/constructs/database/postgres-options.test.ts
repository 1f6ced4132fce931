import { tierProblem } from "../../../core/rules/postgres";

describe("tierProblem", () => {
  it.each([
    "db-custom-1-3840",
    "db-custom-2-7680",
    "db-custom-4-26624",
    "db-custom-96-638976",
    "db-f1-micro",
    "db-g1-small",
  ])("accepts %s on ENTERPRISE", (tier) => expect(tierProblem(tier, "ENTERPRISE")).toBeUndefined());

  it.each([
    ["db-custom-1-3584", "from 3840 to 6656"],
    ["db-custom-4-26880", "from 3840 to 26624"],
    ["db-custom-2-7681", "multiple of 256 MiB"],
    ["db-custom-98-638976", "1 or an even number from 2 to 96"],
    ["db-perf-optimized-N-2", "ENTERPRISE needs db-custom"],
  ])("refuses %s on ENTERPRISE", (tier, message) => {
    expect(tierProblem(tier, "ENTERPRISE")).toContain(message);
  });

  it("takes only perf-optimized tiers of listed sizes on ENTERPRISE_PLUS", () => {
    expect(tierProblem("db-perf-optimized-N-8", "ENTERPRISE_PLUS")).toBeUndefined();
    expect(tierProblem("db-perf-optimized-N-6", "ENTERPRISE_PLUS")).toContain("vCPUs one of 2, 4, 8");
    expect(tierProblem("db-f1-micro", "ENTERPRISE_PLUS")).toContain(
      "ENTERPRISE_PLUS needs db-perf-optimized",
    );
  });
});
