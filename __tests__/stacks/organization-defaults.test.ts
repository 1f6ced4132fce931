import { shippedStacks } from "../support/shipped";
import type { SynthesizedStack } from "../support/synth";

type Resource = Record<string, unknown>;
const stacks = Object.entries(shippedStacks());

/** Every IAM member the stack grants (literal or reference), with the granting address. */
function members(json: SynthesizedStack): [string, string][] {
  return Object.entries(json.resource ?? {})
    .filter(([type]) => /_iam_(member|binding)$/.test(type))
    .flatMap(([type, byName]) =>
      Object.entries(byName).flatMap(([name, r]: [string, Resource]) =>
        [r.member, ...((r.members as string[] | undefined) ?? [])]
          .filter((m): m is string => typeof m === "string")
          .map((m) => [`${type}.${name}`, m] as [string, string]),
      ),
    );
}

it("finds the grants it judges (the member reader is not vacuous)", () => {
  const all = stacks.flatMap(([, json]) => members(json));
  expect(all.length).toBeGreaterThan(20);
  expect(all.some(([, m]) => m.startsWith("serviceAccount:") && !m.includes("${"))).toBe(true);
});

describe.each(stacks)("%s: organization-proof defaults", (name, json) => {
  it("grants nothing to Google's storage-analytics group (domain restricted sharing refuses it)", () => {
    expect(members(json).filter(([, m]) => m.includes("cloud-storage-analytics"))).toEqual([]);
  });

  it("grants literal members only inside the environment's project or to its configured deployers", () => {
    const project = String((json.provider as { google: { project: string }[] }).google[0].project);
    const outside = members(json).filter(
      ([, m]) => !m.includes("${") && !m.endsWith(`@${project}.iam.gserviceaccount.com`),
    );
    // Configured people and groups (database IAM users, state deployers) are the operator's own domain.
    expect(outside.filter(([, m]) => !/^(user|group):[^@]+@example\.com$/.test(m))).toEqual([]);
  });

  if (name.startsWith("baseline-")) {
    it("IAM-1: takes Editor away from the default service accounts and never gives it back", () => {
      const accounts = Object.values(json.resource?.google_project_default_service_accounts ?? {});
      expect(accounts).toEqual([expect.objectContaining({ action: "DEPRIVILEGE", restore_policy: "NONE" })]);
    });
  }
});
