import { controlById } from "../../policy/controls";
import { MANUAL_DUTIES } from "../../policy/manual-duties";
import { REQUIREMENTS } from "../../policy/traceability/requirements";

/**
 * The lines of the source documents that state a requirement (an independent oracle: headings, blank lines
 * and contact details are not requirements). A new or moved requirement must get its entry.
 */
const REQUIREMENT_LINES = {
  upstash: [
    13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 31, 32, 33, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44,
  ],
  practices: [
    4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 17, 18, 19, 20, 22, 23, 24, 25, 26, 28, 29, 30, 32, 33, 34, 36,
  ],
};

describe("traceability matrix (docs/traceability.md)", () => {
  it("every requirement line of both source documents has at least one entry", () => {
    for (const [document, lines] of Object.entries(REQUIREMENT_LINES)) {
      const covered = new Set(REQUIREMENTS.filter((r) => r.document === document).map((r) => r.line));
      expect(lines.filter((line) => !covered.has(line))).toEqual([]);
    }
  });

  it("every cited control exists in the catalogue and every cited duty in the manual duties", () => {
    const duties = new Set(MANUAL_DUTIES.map((d) => d.id));
    for (const r of REQUIREMENTS) {
      for (const id of r.controls ?? [])
        expect(`${r.id} → ${id}: ${controlById(id) ? "exists" : "missing"}`).toBe(`${r.id} → ${id}: exists`);
      for (const id of r.duties ?? [])
        expect(`${r.id} → ${id}: ${duties.has(id) ? "exists" : "missing"}`).toBe(`${r.id} → ${id}: exists`);
    }
  });

  it("each status carries what it claims: controls when enforced, duties when manual, a note when partial", () => {
    const ids = REQUIREMENTS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of REQUIREMENTS) {
      if (r.status === "enforced") expect(r.controls?.length).toBeGreaterThan(0);
      if (r.status === "manual") expect(r.duties?.length).toBeGreaterThan(0);
      if (r.status === "built") expect(r.built).toBeTruthy();
      if (["partial", "provider", "not-applicable"].includes(r.status)) expect(r.note).toBeTruthy();
      if (r.status === "partial")
        expect((r.controls?.length ?? 0) + (r.duties?.length ?? 0) + (r.built ? 1 : 0)).toBeGreaterThan(0);
    }
  });

  it("every manual duty answers to at least one requirement", () => {
    const cited = new Set(REQUIREMENTS.flatMap((r) => r.duties ?? []));
    expect(MANUAL_DUTIES.map((d) => d.id).filter((id) => !cited.has(id))).toEqual(["MAN-13"]);
  });
});
