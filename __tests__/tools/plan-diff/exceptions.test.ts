import { addDays, diffExceptions, type ExceptionsSide } from "../../../tools/plan-diff/exceptions";
import { app, baseResources } from "./fixtures";

const TODAY = "2026-06-01";
const REASON = "Public website assets, reviewed by security.";

/** A stack whose data bucket carries suppress() entries, as cdktf writes them into `//`. */
function withSuppressions(...suppressions: Record<string, unknown>[]) {
  const stacks = app(baseResources());
  const resources = stacks["baseline-dev"].resource as Record<
    string,
    Record<string, Record<string, unknown>>
  >;
  const bucket = resources.google_storage_bucket.data;
  bucket["//"] = { ...(bucket["//"] as object), suppressions };
  return stacks;
}

function file(...entries: string[]): Record<string, string> {
  return { "config/exceptions/dev.yaml": `exceptions:\n${entries.join("")}` };
}

function entry(control: string, expires: string, reason = REASON, resource = "baseline-dev/data"): string {
  return `  - control: ${control}\n    resource: ${resource}\n    reason: ${reason}\n    owner: web-team\n    expires: "${expires}"\n`;
}

const none: ExceptionsSide = { stacks: app(baseResources()), files: {} };

describe("diffExceptions", () => {
  it("lists a suppress() added in the head with where it is declared, what it covers and its expiry", () => {
    const head = {
      stacks: withSuppressions({
        control: "GCS-1",
        reason: REASON,
        owner: "web-team",
        expires: "2099-12-31",
      }),
      files: {},
    };
    const result = diffExceptions(none, head, TODAY);
    expect(result.added).toEqual([
      {
        kind: "suppress",
        where: "baseline-dev",
        control: "GCS-1",
        target: "google_storage_bucket.data",
        reason: REASON,
        owner: "web-team",
        expires: "2099-12-31",
      },
    ]);
    expect(result.changed).toEqual([]);
    expect(result.removed).toEqual([]);
    expect(result.expiring).toEqual([]);
  });

  it("lists an extended expiry as changed, naming the field, and a dropped suppression as removed", () => {
    const base = {
      stacks: withSuppressions(
        { control: "GCS-1", reason: REASON, owner: "web-team", expires: "2026-06-20" },
        { control: "GCS-9", reason: REASON, owner: "web-team", expires: "2026-12-31" },
      ),
      files: {},
    };
    const head = {
      stacks: withSuppressions({
        control: "GCS-1",
        reason: REASON,
        owner: "web-team",
        expires: "2027-06-20",
      }),
      files: {},
    };
    const result = diffExceptions(base, head, TODAY);
    expect(result.changed).toEqual([
      {
        before: expect.objectContaining({ control: "GCS-1", expires: "2026-06-20" }),
        after: expect.objectContaining({ control: "GCS-1", expires: "2027-06-20" }),
        fields: ["expires"],
      },
    ]);
    expect(result.removed.map((e) => e.control)).toEqual(["GCS-9"]);
  });

  it("compares exceptions-file entries between the sides and calls out those expiring within 30 days", () => {
    const base = { stacks: app(baseResources()), files: file(entry("GCS-8", "2026-06-15")) };
    const head = {
      stacks: app(baseResources()),
      files: file(
        entry("GCS-8", "2026-06-15"),
        entry("GCS-9", addDays(TODAY, 30)),
        entry("GCS-6", addDays(TODAY, 31)),
      ),
    };
    const result = diffExceptions(base, head, TODAY);
    expect(result.added.map((e) => [e.kind, e.where, e.control, e.target])).toEqual([
      ["file", "config/exceptions/dev.yaml", "GCS-6", "baseline-dev/data"],
      ["file", "config/exceptions/dev.yaml", "GCS-9", "baseline-dev/data"],
    ]);
    expect(result.expiring.map((e) => [e.control, e.expires])).toEqual([
      ["GCS-8", "2026-06-15"],
      ["GCS-9", "2026-07-01"],
    ]);
  });

  it("lists an already expired exception as expiring too", () => {
    const head = { stacks: app(baseResources()), files: file(entry("GCS-8", "2026-05-01")) };
    expect(diffExceptions(none, head, TODAY).expiring.map((e) => e.expires)).toEqual(["2026-05-01"]);
  });

  it("reports an exceptions file that does not parse instead of ignoring it", () => {
    const head = { stacks: app(baseResources()), files: { "config/exceptions/dev.yaml": "exceptions: [" } };
    const result = diffExceptions(none, head, TODAY);
    expect(result.problems).toEqual([
      expect.stringMatching(/^head: config\/exceptions\/dev.yaml: not valid YAML/),
    ]);
  });

  it("shows invalid suppress() fields as written, so the review shows what the check will reject", () => {
    const head = { stacks: withSuppressions({ control: "GCS-1", reason: "short" }), files: {} };
    expect(diffExceptions(none, head, TODAY).added[0]).toMatchObject({
      reason: "short",
      owner: "(missing)",
      expires: "(missing)",
    });
  });

  it("adds days across month ends", () => {
    expect(addDays("2026-01-31", 30)).toBe("2026-03-02");
  });
});
