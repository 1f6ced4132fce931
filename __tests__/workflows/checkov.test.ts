import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { controlById } from "../../policy/controls";

const ROOT = join(__dirname, "..", "..");

/** The comment lines directly above each `- CKV...` entry of skip-check. */
function skipsWithReasons(text: string): Map<string, string> {
  const skips = new Map<string, string>();
  let comment: string[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed.startsWith("#")) comment.push(trimmed.slice(1).trim());
    else if (/^- CKV/.test(trimmed)) {
      skips.set(trimmed.slice(2).trim(), comment.join(" "));
      comment = [];
    } else comment = [];
  }
  return skips;
}

describe(".checkov.yaml", () => {
  const text = readFileSync(join(ROOT, ".checkov.yaml"), "utf8");
  const config = parse(text) as Record<string, unknown>;

  it("scans the synthesized Terraform JSON", () => {
    expect(config.directory).toEqual(["cdktf.out"]);
    expect(config.framework).toEqual(["terraform_json"]);
  });

  it("justifies every skip with one of our controls that exists and a reason", () => {
    const skips = skipsWithReasons(text);
    expect([...skips.keys()].sort()).toEqual([...(config["skip-check"] as string[])].sort());
    for (const [check, reason] of skips) {
      const id = /^([A-Z]+-\d+) \(/.exec(reason)?.[1];
      expect({ check, control: id && controlById(id)?.id }).toEqual({ check, control: id });
      expect({ check, reasonLength: reason.length > 120 }).toEqual({ check, reasonLength: true });
    }
  });

  it("skips only what the matching control covers (its Checkov mapping names the check)", () => {
    for (const [check, reason] of skipsWithReasons(text)) {
      const control = controlById(/^([A-Z]+-\d+)/.exec(reason)![1])!;
      const mapped = [...(control.mappings.checkov ?? []), ...(control.mappings.other ?? [])].join(" ");
      expect({ check, mapped: mapped.includes(check) }).toEqual({ check, mapped: true });
    }
  });
});

describe("checkov.yml", () => {
  const flow = parse(readFileSync(join(ROOT, ".github", "workflows", "checkov.yml"), "utf8"));
  const runs = (flow.jobs.checkov.steps as { run?: string }[]).map((s) => s.run).filter(Boolean);

  it("runs on pull requests: the pinned Checkov over the synthesized output with the shipped config", () => {
    expect(Object.keys(flow.on)).toEqual(["pull_request"]);
    expect(flow.permissions).toEqual({ contents: "read" });
    expect(runs.slice(0, 4)).toEqual([
      "pip install checkov==3.3.13",
      "npm ci",
      "npm run synth",
      "checkov --config-file .checkov.yaml",
    ]);
  });

  it("also scans the HCL of the same stacks and fails when a check could not run", () => {
    expect(runs[4]).toBe("npx cdktf synth --hcl --output cdktf.out.hcl");
    expect(runs[5]).toContain(
      "checkov --config-file .checkov.yaml --directory cdktf.out.hcl --framework terraform 2> checkov.err",
    );
    expect(runs[5]).toContain('if grep -q "Failed to run check" checkov.err; then');
    expect(runs[5]).toMatch(/exit 1\n\s*fi\nexit "\$status"/);
  });
});
