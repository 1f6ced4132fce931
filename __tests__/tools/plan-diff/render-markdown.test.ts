import { join } from "node:path";
import { diffStackSets, type StackSet } from "../../../tools/plan-diff/diff";
import { diffExceptions } from "../../../tools/plan-diff/exceptions";
import { reviewControls } from "../../../tools/plan-diff/findings";
import { loadPlans, withPlans } from "../../../tools/plan-diff/plan";
import {
  GITHUB_COMMENT_LIMIT,
  code,
  renderMarkdown,
  type RenderInput,
} from "../../../tools/plan-diff/render-markdown";
import { app, baseResources, edited, stackJson } from "./fixtures";

const TODAY = "2026-06-01";
const base = app(baseResources());

function input(head: StackSet, from: StackSet = base): RenderInput {
  const side = (stacks: StackSet) => ({ stacks, exceptionsByEnvironment: new Map() });
  const diff = diffStackSets(from, head);
  return {
    base: "origin/main",
    head: "HEAD",
    diff,
    controls: reviewControls(side(from), side(head), diff, TODAY),
    exceptions: diffExceptions({ stacks: from, files: {} }, { stacks: head, files: {} }, TODAY),
  };
}

function render(head: StackSet, from: StackSet = base): string {
  return renderMarkdown(input(head, from), { today: TODAY });
}

describe("renderMarkdown", () => {
  describe("a change that removes a bucket, replaces a key and edits a secret version", () => {
    let markdown: string;
    beforeAll(() => {
      markdown = render(
        app(
          edited((r) => {
            delete r.google_storage_bucket.data;
            r.google_kms_crypto_key.key.name = "storage-v2";
            r.google_kms_crypto_key.key.rotation_period = "2592000s";
            r.google_sql_user.app.password = ["literal", "password"].join("-");
            r.google_pubsub_topic.alerts = { name: "alerts" };
          }),
        ),
      );
    });

    it("opens with a CAUTION alert that names every destroyed stateful resource", () => {
      const caution = markdown.slice(markdown.indexOf("> [!CAUTION]"));
      expect(markdown.indexOf("> [!CAUTION]")).toBeGreaterThan(0);
      expect(markdown.indexOf("> [!CAUTION]")).toBeLessThan(markdown.indexOf("| stack |"));
      expect(caution).toMatch(/DATA LOSS: 2 stateful resources would be DESTROYED/);
      expect(caution).toContain(
        "> - 🛑 `baseline-dev`: **removed** `google_storage_bucket.data` (`baseline-dev/data`): bucket",
      );
      expect(caution).toContain("(`prevent_destroy` is on: the apply fails until it is lifted)");
      expect(caution).toContain(
        "> - 🛑 `baseline-dev`: **replaced** `google_kms_crypto_key.key` (`baseline-dev/key`) (forced by `name`): KMS key",
      );
    });

    it("says the actions are an offline estimate and counts them per stack", () => {
      expect(markdown).toContain("Actions: **offline estimate from synthesized JSON** for `baseline-dev`");
      expect(markdown).toContain("| `baseline-dev` | estimate | 1 | 1 | 1 | 1 | 0 |");
    });

    it("lists added, changed, replaced and removed resources with attribute paths and values", () => {
      expect(markdown).toContain("**Added (1)**\n\n- `google_pubsub_topic.alerts` (`baseline-dev/alerts`)");
      expect(markdown).toContain(
        '- `google_sql_user.app` (`baseline-dev/app`)\n  - `password`: `"(sensitive)"` → `"(sensitive)"`',
      );
      expect(markdown).toContain(
        '  - `name`: `"storage"` → `"storage-v2"` **(forces replacement)**\n  - `rotation_period`: `"7776000s"` → `"2592000s"`',
      );
      expect(markdown).toContain("**Removed (1)**\n\n- `google_storage_bucket.data` (`baseline-dev/data`)");
      expect(markdown).not.toContain("literal-password");
    });

    it("names the controls that judge a removed bucket, with its verdicts gone on the head side", () => {
      expect(markdown).toMatch(
        /- `google_storage_bucket.data` \(`baseline-dev\/data`\)\n {2}- controls: \*\*GCS-1\*\* \*\*fail\*\* → —/,
      );
    });
  });

  it("shows the issue's case: an override to inherited plus a suppress() until 2099", () => {
    const head = app(
      edited((r) => {
        r.google_storage_bucket.data.public_access_prevention = "inherited";
        r.google_storage_bucket.logs.public_access_prevention = "enforced";
        r.google_storage_bucket.data["//"] = {
          metadata: { path: "baseline-dev/data" },
          suppressions: [
            {
              control: "GCS-1",
              reason: "Marketing needs public links.",
              owner: "web-team",
              expires: "2099-12-31",
            },
          ],
        };
      }),
    );
    const from = app(
      edited((r) => {
        r.google_storage_bucket.data.public_access_prevention = "enforced";
        r.google_storage_bucket.logs.public_access_prevention = "enforced";
      }),
    );
    const markdown = render(head, from);
    expect(markdown).toContain(
      "| **added** | GCS-1 | `baseline-dev` `suppress()` | `google_storage_bucket.data` | 2099-12-31 | web-team | Marketing needs public links. |",
    );
    // An expiry beyond the lifetime cap waives nothing: the control fails, and the review says why.
    expect(markdown).toContain(
      "| `baseline-dev` | GCS-1 Public access prevention enforced | pass | **fail** |",
    );
    expect(markdown).toContain(
      "exception expires 2099-12-31, later than 2026-11-28 (at most 180 days from today",
    );
    expect(markdown).toContain("  - controls: **GCS-1** pass → **fail**");
  });

  it("says when nothing changed, in exceptions and controls too", () => {
    const markdown = render(app(baseResources()));
    expect(markdown).not.toContain("[!CAUTION]");
    expect(markdown).toContain("No resource changes in `baseline-dev`.");
    expect(markdown).toContain(
      "No exception added, changed or removed; none expires within 30 days of 2026-06-01.",
    );
    expect(markdown).toContain("### Controls whose status changed\n\nNone.");
    expect(markdown).not.toContain("## Details");
  });

  it("warns when destroy protection is turned off", () => {
    const markdown = render(
      app(edited((r) => (r.google_storage_bucket.data.lifecycle = { prevent_destroy: false }))),
    );
    expect(markdown).toContain("> [!WARNING]");
    expect(markdown).toContain("`google_storage_bucket.data` `lifecycle.prevent_destroy`: `true` → `false`");
    expect(markdown).not.toContain("[!CAUTION]");
  });

  it("shows a moved-and-replaced resource as replaced, not as moved (kept)", () => {
    const head = app(
      edited((r) => {
        r.google_storage_bucket.customer = { ...r.google_storage_bucket.data, name: "acme-customer" };
        delete r.google_storage_bucket.data;
      }),
      { moved: [{ from: "google_storage_bucket.data", to: "google_storage_bucket.customer" }] },
    );
    const markdown = render(head);
    expect(markdown).not.toContain("Moved (kept");
    expect(markdown).toContain(
      "- `google_storage_bucket.customer` (`baseline-dev/customer`): forced by `name`; moved from `google_storage_bucket.data` and replaced",
    );
  });

  it("says which stacks took their actions from a plan", () => {
    const plans = loadPlans([join(__dirname, "plans")], __dirname);
    const withPlan = { ...input(base), diff: withPlans(diffStackSets(base, base), plans) };
    const markdown = renderMarkdown(withPlan);
    expect(markdown).toContain("Actions: **actions from terraform plan** for `baseline-dev`.");
    expect(markdown).toContain("| `baseline-dev` | plan | 2 | 2 | 3 | 3 | 1 |");
    expect(markdown).toContain(
      "- `google_pubsub_topic.legacy_events` (`baseline-dev/legacy_events`): imported (`projects/acme-dev/topics/legacy-events`), not created",
    );
    expect(markdown).toContain("_actions from terraform plan (`plans/baseline-dev/plan.json`)_");
    expect(markdown).toContain("created before the old one is destroyed");
    expect(markdown).toContain(
      "- `google_logging_project_sink.legacy`: removed from state only (`forget`): not destroyed",
    );
  });

  it("shows notes about how a side was produced", () => {
    const markdown = renderMarkdown({
      ...input(base),
      notes: ["HEAD: synthesis of 0123456789ab failed (exit 1) after writing every stack"],
    });
    expect(markdown).toContain(
      "> [!NOTE]\n> HEAD: synthesis of 0123456789ab failed (exit 1) after writing every stack",
    );
  });

  it("lists introduced and resolved control findings", () => {
    const markdown = renderMarkdown({
      ...input(base),
      controls: {
        introduced: [
          {
            stack: "baseline-dev",
            control: "GCS-1",
            resource: "google_storage_bucket.data",
            severity: "error",
            message: 'public_access_prevention is "inherited" | must be enforced',
          },
        ],
        resolved: [],
        statusChanges: [],
        resources: [],
      },
    });
    expect(markdown).toContain(
      '| GCS-1 | error | `baseline-dev` | `google_storage_bucket.data` | public_access_prevention is "inherited" \\| must be enforced |',
    );
    expect(markdown).toContain("**Findings resolved**: none");
  });

  describe("within GitHub's comment limit", () => {
    let full: string;
    let summary: string;
    beforeAll(() => {
      // Forty stacks of 150 topics each, one of them losing its data bucket: far beyond 65,536 characters.
      const many = (name: string, count: number) =>
        stackJson(name, {
          ...baseResources(),
          google_pubsub_topic: Object.fromEntries(
            Array.from({ length: count }, (_, i) => [`topic-${i}`, { name: `topic-with-a-long-name-${i}` }]),
          ),
        });
      const names = Array.from({ length: 40 }, (_, i) => `team${String(i).padStart(2, "0")}-dev`);
      const before = Object.fromEntries(names.map((n) => [n, many(n, 0)]));
      const after = Object.fromEntries(names.map((n) => [n, many(n, 150)]));
      const last = after[names[39]] as { resource: Record<string, Record<string, unknown>> };
      delete last.resource.google_storage_bucket.data;
      const review = input(after, before);
      full = renderMarkdown(review, { today: TODAY });
      summary = renderMarkdown(review, {
        today: TODAY,
        maxChars: 60_000,
        fullReport: "the job summary and the `plan-review` artifact",
      });
    });

    it("fits the budget while the full report does not", () => {
      expect(full.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 4);
      expect(summary.length).toBeLessThanOrEqual(60_000);
    });

    it("keeps the summary first: the destroy of the last stack and every stack's counts", () => {
      expect(summary).toContain("**removed** `google_storage_bucket.data` (`team39-dev/data`)");
      for (let i = 0; i < 40; i++) {
        expect(summary).toContain(`| \`team${String(i).padStart(2, "0")}-dev\` | estimate | 150 | 0 | 0 |`);
      }
    });

    it("never cuts an entry: every line of the summary is a line of the full report, except the closing count", () => {
      const fullLines = new Set(full.split("\n"));
      const [body, footer] = summary.split("\n---\n");
      expect(body.split("\n").filter((line) => !fullLines.has(line))).toEqual([]);
      expect(footer).toMatch(
        /^\n_\d+ more entries \(.*\d+ in details of team\d\d-dev.*\) did not fit this comment: see the job summary and the `plan-review` artifact._\n$/,
      );
    });

    it("counts exactly the entries it left out", () => {
      const shownTopics = (summary.match(/^- `google_pubsub_topic\./gm) ?? []).length;
      const omitted = Number(/_(\d+) more entries/.exec(summary)?.[1]);
      // 6000 topics, the removed bucket's detail entry, and the findings introduced by it.
      const fullEntries = (full.match(/^- `google_(pubsub_topic|storage_bucket)\./gm) ?? []).length;
      expect(shownTopics).toBeLessThan(6000);
      expect(omitted).toBeGreaterThanOrEqual(fullEntries - shownTopics);
    });
  });

  it("keeps room for the counts when destroys alone would fill the comment, and says how many are left out", () => {
    const buckets = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`bucket-${i}`, { name: `acme-bucket-${i}`, location: "EU" }]),
    );
    const before = { "baseline-dev": stackJson("baseline-dev", { google_storage_bucket: buckets }) };
    const after = {
      "baseline-dev": stackJson("baseline-dev", { google_pubsub_topic: { t: { name: "t" } } }),
    };
    const summary = renderMarkdown(input(after, before), { today: TODAY, maxChars: 20_000 });
    expect(summary.length).toBeLessThanOrEqual(20_000);
    expect(summary).toContain("DATA LOSS: 400 stateful resources would be DESTROYED");
    expect(summary).toMatch(/> - 🛑 … and \d+ more stateful resources: see the full report/);
    expect(summary).toContain("| `baseline-dev` | estimate | 1 | 0 | 0 | 400 | 0 |");
  });

  it("writes inline code that survives backticks in values", () => {
    expect(code("a`b")).toBe("``a`b``");
    expect(code("`x")).toBe("`` `x ``");
  });
});
