import { UPSTASH_MANUAL_DUTIES } from "../../../constructs/redis/manual-duties";

describe("UPSTASH_MANUAL_DUTIES (seed 000 duties no code enforces)", () => {
  test("ids are unique and stable", () => {
    const ids = UPSTASH_MANUAL_DUTIES.map((d) => d.id);
    expect(ids).toEqual(["UPS-M1", "UPS-M2", "UPS-M3", "UPS-M4", "UPS-M5", "UPS-M6"]);
  });

  test.each([
    ["MFA", /MFA/],
    ["BAA", /Business Associate Agreement/],
    ["HIPAA flag in the console", /HIPAA database in the Upstash console/],
    ["Credential Protection", /Credential Protection/],
    ["no transfer to a non-HIPAA organization", /non-HIPAA organization/],
  ])("lists %s", (_name, pattern) => {
    expect(UPSTASH_MANUAL_DUTIES.some((d) => pattern.test(d.duty))).toBe(true);
  });

  test("every duty quotes its seed 000 line and says why it is manual", () => {
    for (const duty of UPSTASH_MANUAL_DUTIES) {
      expect(duty.source.length).toBeGreaterThan(20);
      expect(duty.whyManual.length).toBeGreaterThan(10);
    }
  });
});
