import { diffStackSets } from "../../../tools/plan-diff/diff";
import type { FindingsDiff } from "../../../tools/plan-diff/findings";
import { code, renderMarkdown } from "../../../tools/plan-diff/render-markdown";
import { app, baseResources, edited } from "./fixtures";

const notAvailable: FindingsDiff = { available: false, reason: "policy check not available" };
const base = app(baseResources());

function render(head: ReturnType<typeof app>, findings: FindingsDiff = notAvailable): string {
  return renderMarkdown({ base: "origin/main", head: "HEAD", diff: diffStackSets(base, head), findings });
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

    it("summarizes counts per stack", () => {
      expect(markdown).toContain("| `baseline-dev` | 1 | 1 | 1 | 1 | 0 |");
    });

    it("lists added, changed, replaced and removed resources with attribute paths and values", () => {
      expect(markdown).toContain("**Added (1)**\n\n- `google_pubsub_topic.alerts` (`baseline-dev/alerts`)");
      expect(markdown).toContain(
        '- `google_sql_user.app`\n  - `password`: `"(sensitive)"` → `"(sensitive)"`',
      );
      expect(markdown).toContain(
        '  - `name`: `"storage"` → `"storage-v2"` **(forces replacement)**\n  - `rotation_period`: `"7776000s"` → `"2592000s"`',
      );
      expect(markdown).toContain("**Removed (1)**\n\n- `google_storage_bucket.data` (`baseline-dev/data`)");
      expect(markdown).not.toContain("literal-password");
    });

    it("says when the policy check is not available", () => {
      expect(markdown).toContain("### Control findings\n\n_policy check not available_");
    });
  });

  it("has no alert when nothing stateful is destroyed, and says when nothing changed", () => {
    const markdown = render(app(baseResources()));
    expect(markdown).not.toContain("[!CAUTION]");
    expect(markdown).not.toContain("🛑");
    expect(markdown).toContain("No resource changes in `baseline-dev`.");
  });

  it("warns when destroy protection is turned off", () => {
    const markdown = render(
      app(edited((r) => (r.google_storage_bucket.data.lifecycle = { prevent_destroy: false }))),
    );
    expect(markdown).toContain("> [!WARNING]");
    expect(markdown).toContain("`google_storage_bucket.data` `lifecycle.prevent_destroy`: `true` → `false`");
    expect(markdown).not.toContain("[!CAUTION]");
  });

  it("tells how to keep a renamed stateful resource", () => {
    const markdown = render(
      app(
        edited((r) => {
          r.google_storage_bucket.customer = r.google_storage_bucket.data;
          delete r.google_storage_bucket.data;
        }),
      ),
    );
    expect(markdown).toContain("**removed** `google_storage_bucket.data`");
    expect(markdown).toContain(
      "same configuration as added `google_storage_bucket.customer`; a rename needs a `moved` block",
    );
  });

  it("shows notes about how a side was produced", () => {
    const markdown = renderMarkdown({
      base: "origin/main",
      head: "HEAD",
      diff: diffStackSets(base, base),
      findings: notAvailable,
      notes: ["HEAD: synthesis of 0123456789ab failed (exit 1) after writing every stack"],
    });
    expect(markdown).toContain(
      "> [!NOTE]\n> HEAD: synthesis of 0123456789ab failed (exit 1) after writing every stack",
    );
  });

  it("lists introduced and resolved control findings", () => {
    const markdown = render(app(baseResources()), {
      available: true,
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
    });
    expect(markdown).toContain(
      '| GCS-1 | error | `baseline-dev` | `google_storage_bucket.data` | public_access_prevention is "inherited" \\| must be enforced |',
    );
    expect(markdown).toContain("**Resolved:** none");
  });

  it("writes inline code that survives backticks in values", () => {
    expect(code("a`b")).toBe("``a`b``");
    expect(code("`x")).toBe("`` `x ``");
  });
});
