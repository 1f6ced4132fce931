import { CONTROLS, controlById, controlsInPack, packsOf } from "../../../policy/controls";
import { HIPAA, seed } from "../../../policy/controls/helpers";
import { SOC2_CRITERIA } from "../../../policy/controls/soc2";

describe("the control catalogue", () => {
  it("every control states a title, why and fix a reviewer can read", () => {
    const vague = CONTROLS.filter(
      (c) => c.title.trim().length < 6 || c.why.trim().length < 20 || c.fix.trim().length < 10,
    ).map((c) => c.id);
    expect(vague).toEqual([]);
  });

  it("SOC 2: the mapping names existing controls and Trust Services Criteria ids, and reaches the catalogue", () => {
    expect(Object.keys(SOC2_CRITERIA).filter((id) => !controlById(id))).toEqual([]);
    const criteria = Object.values(SOC2_CRITERIA).flat();
    expect(
      criteria.filter((c) => !/^(CC[1-9]\.[1-9]|A1\.[1-3]|C1\.[12]|PI1\.[1-5]|P[1-8]\.[1-6])$/.test(c)),
    ).toEqual([]);
    expect(controlById("IAM-8")!.mappings.soc2).toEqual(["CC6.3"]);
    expect(controlById("SQL-4")!.mappings.soc2).toEqual(["A1.2"]);
    // Controls left unmapped on purpose: alert plumbing and DNSSEC implement no criterion on their own.
    expect(CONTROLS.filter((c) => !c.mappings.soc2).map((c) => c.id)).toEqual(["MON-9", "NET-16"]);
  });

  it("every control has a severity of error or warning and ids are unique", () => {
    expect(CONTROLS.filter((c) => !["error", "warning"].includes(c.severity)).map((c) => c.id)).toEqual([]);
    expect(new Set(CONTROLS.map((c) => c.id)).size).toBe(CONTROLS.length);
  });

  it("every mapping is spelled out: seed lines quote their text, CIS/Checkov/HIPAA/other entries are non-empty", () => {
    const empty: string[] = [];
    for (const c of CONTROLS) {
      const { seed: seeds = [], cis = [], checkov = [], hipaa = [], other = [] } = c.mappings;
      for (const s of seeds)
        if (!s.text || s.text.length < 20) empty.push(`${c.id} seed ${s.file}:${s.line}`);
      for (const m of [...cis, ...checkov, ...hipaa, ...other]) if (!m.trim()) empty.push(`${c.id} mapping`);
      if (checkov.some((id) => !/^CKV2?_(GCP|GOOGLE)_\d+$/.test(id))) empty.push(`${c.id} checkov id`);
      if (cis.some((n) => !/^\d+(\.\d+)+( \(v5\))?$/.test(n))) empty.push(`${c.id} cis number`);
      if (hipaa.some((h) => !/^164\.3\d\d\(/.test(h))) empty.push(`${c.id} hipaa section`);
    }
    expect(empty).toEqual([]);
  });

  it("HIPAA sections name the CFR paragraph and what it covers", () => {
    for (const section of Object.values(HIPAA))
      expect(section).toMatch(/^164\.3\d\d\([a-z]\)(\(\d\))?.* [a-z]+/);
    expect(HIPAA.encryption).toBe("164.312(a)(2)(iv) encryption and decryption");
    expect(HIPAA.audit).toBe("164.312(b) audit controls");
  });

  it("seed references quote the seed documents' lines", () => {
    expect(seed("002", 25)).toEqual({
      file: "002",
      line: 25,
      text: "Access to all resources in our VPC (Virtual Private Cloud) from the public internet is denied by default.",
    });
    expect(seed("000", 35).text).toBe(
      "Enabling Prod Pack which provides encryption at rest and advanced security features.",
    );
  });

  it("packs: every control is in baseline; hipaa holds HIPAA-mapped and seed-000 controls only", () => {
    expect(controlsInPack("baseline")).toEqual(CONTROLS);
    const hipaa = controlsInPack("hipaa");
    expect(hipaa.length).toBeGreaterThan(0);
    expect(hipaa.length).toBeLessThan(CONTROLS.length);
    for (const c of CONTROLS) {
      const mapped =
        (c.mappings.hipaa ?? []).length > 0 || (c.mappings.seed ?? []).some((s) => s.file === "000");
      expect([c.id, hipaa.includes(c)]).toEqual([c.id, mapped]);
    }
  });

  it("packsOf: HIPAA mapping or a seed-000 line puts a control in the hipaa pack; seed 002 alone does not", () => {
    const base = { id: "X-1", title: "t", severity: "error", why: "w", fix: "f" } as const;
    const rule = { kind: "stack", check: () => [] } as const;
    expect(packsOf({ ...base, rule, mappings: {} })).toEqual(["baseline"]);
    expect(packsOf({ ...base, rule, mappings: { hipaa: [] } })).toEqual(["baseline"]);
    expect(packsOf({ ...base, rule, mappings: { hipaa: [HIPAA.audit] } })).toEqual(["baseline", "hipaa"]);
    expect(packsOf({ ...base, rule, mappings: { seed: [seed("002", 25)] } })).toEqual(["baseline"]);
    expect(packsOf({ ...base, rule, mappings: { seed: [seed("002", 25), seed("000", 33)] } })).toEqual([
      "baseline",
      "hipaa",
    ]);
  });

  it("controlById finds a control and nothing for an unknown id", () => {
    expect(controlById("KMS-1")?.title).toBe("Key rotation at most every 90 days");
    expect(controlById("NOPE-1")).toBeUndefined();
  });
});
