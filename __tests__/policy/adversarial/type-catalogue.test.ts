/**
 * The reviewed type catalogue stays honest: it covers everything the kit synthesizes and the types it is
 * adding, names only real types and real controls, and agrees with what each control's rule judges.
 */
import { CONTROLS, controlById } from "../../../policy/controls";
import providerTypes from "../../../policy/types/google-provider-types.json";
import { catalogueEntries, reviewOf } from "../../../policy/types/catalogue";
import { shippedStacks } from "../../support/shipped";

/** Types of the google-beta provider the kit uses (the committed type list is the GA provider's). */
const BETA_ONLY = ["google_project_service_identity"];

const NEW_CONTROLS = [
  "POL-1",
  "IAM-4",
  "IAM-5",
  "IAM-6",
  "IAM-7",
  "NET-14",
  "NET-15",
  "NET-16",
  "VM-1",
  "VM-2",
  "VM-3",
  "VM-4",
  "VM-5",
  "GKE-1",
  "GKE-2",
  "GKE-3",
  "GKE-4",
  "GKE-5",
  "GKE-6",
  "RUN-1",
  "RUN-2",
  "BQ-1",
  "BQ-2",
  "MEM-1",
  "PUB-1",
  "PUB-2",
  "LOG-4",
  "PRJ-1",
  "ORG-2",
];

describe("the reviewed type catalogue", () => {
  it("covers every resource and data-source type of the shipped output", () => {
    const missing: string[] = [];
    for (const json of Object.values(shippedStacks())) {
      for (const type of Object.keys(json.resource ?? {}))
        if (!reviewOf("resource", type)) missing.push(type);
      for (const type of Object.keys(json.data ?? {}))
        if (!reviewOf("data", type)) missing.push(`data.${type}`);
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it("covers the types the kit is adding this week and the cdktf built-ins", () => {
    const adding = [
      "time_sleep",
      "terraform_data",
      "google_dns_managed_zone",
      "google_dns_record_set",
      "google_compute_network_firewall_policy",
      "google_compute_network_firewall_policy_rule",
      "google_compute_network_firewall_policy_association",
      "google_project_default_service_accounts",
      "google_project",
      "google_compute_route",
      "google_tags_tag_key",
      "google_tags_tag_value",
      "google_tags_location_tag_binding",
      "google_dns_response_policy",
      "google_dns_response_policy_rule",
    ];
    expect(adding.filter((t) => !reviewOf("resource", t))).toEqual([]);
    expect(reviewOf("data", "terraform_remote_state")).toBeDefined();
  });

  it("covers every resource-level IAM type of the provider (managed folders, registries, datasets, Cloud Run, functions, ...)", () => {
    const iam = providerTypes.resources.filter((t) => /_iam_(member|binding|policy)$/.test(t));
    expect(iam.length).toBeGreaterThan(300);
    expect(iam.filter((t) => !reviewOf("resource", t)?.controls.includes("IAM-4"))).toEqual([]);
    expect(reviewOf("resource", "google_storage_managed_folder_iam_member")?.controls).toEqual([
      "IAM-4",
      "IAM-7",
    ]);
    expect(reviewOf("resource", "google_service_account_iam_binding")?.controls).toContain("IAM-5");
    expect(reviewOf("resource", "google_project_iam_member")?.controls).toEqual(
      expect.arrayContaining(["IAM-1", "IAM-2", "IAM-4"]),
    );
  });

  it("does not review what must stay refused: unknown names, secret-reading data sources, *_iam_audit_config as IAM grants", () => {
    expect(reviewOf("resource", "google_made_up_thing")).toBeUndefined();
    expect(reviewOf("resource", "google_made_up_iam_member")).toBeUndefined();
    // Secret versions are reviewed only for notification channel credentials: MON-13 refuses any other use.
    expect(reviewOf("data", "google_secret_manager_secret_version")?.controls).toEqual(["MON-13"]);
    expect(reviewOf("data", "google_service_account_access_token")).toBeUndefined();
    expect(reviewOf("data", "google_kms_secret")).toBeUndefined();
    expect(reviewOf("resource", "toString")).toBeUndefined();
    expect(reviewOf("data", "constructor")).toBeUndefined();
  });

  it("names only types of the google 6.50.0 provider (or the built-in, time and upstash providers)", () => {
    const known = new Set([...providerTypes.resources, ...providerTypes.dataSources.map((t) => `data.${t}`)]);
    const foreign = catalogueEntries()
      .map((e) => (e.kind === "data" ? `data.${e.type}` : e.type))
      .filter(
        (t) => !known.has(t) && !BETA_ONLY.includes(t) && !/^(data\.)?(terraform|time|upstash)_/.test(t),
      );
    expect(foreign).toEqual([]);
  });

  it("names only controls that exist, and every entry says why it is safe", () => {
    const problems: string[] = [];
    for (const { type, review } of catalogueEntries()) {
      for (const id of review.controls) if (!controlById(id)) problems.push(`${type}: ${id}`);
      if (review.note.trim().length < 20) problems.push(`${type}: note too short`);
    }
    expect(problems).toEqual([]);
  });

  it("agrees with the rules: a resource rule judges every type that lists it, and every catalogued type it judges lists it", () => {
    const problems: string[] = [];
    const entries = catalogueEntries().filter((e) => e.kind === "resource");
    for (const { type, review } of entries) {
      for (const id of review.controls) {
        const rule = controlById(id)!.rule;
        if (rule.kind === "resource" && !rule.types.includes(type))
          problems.push(`${type} lists ${id}, which does not judge it`);
      }
    }
    for (const control of CONTROLS) {
      if (control.rule.kind !== "resource") continue;
      for (const type of control.rule.types) {
        const review = reviewOf("resource", type);
        if (review && !review.controls.includes(control.id))
          problems.push(`${type} omits ${control.id}, which judges it`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every new control exists, has an error severity, a why and a fix, and CIS/Checkov/HIPAA or other anchors", () => {
    for (const id of NEW_CONTROLS) {
      const control = controlById(id);
      expect([id, control?.severity]).toEqual([id, "error"]);
      const m = control!.mappings;
      expect([id, (m.cis?.length ?? 0) + (m.checkov?.length ?? 0) + (m.other?.length ?? 0)]).not.toEqual([
        id,
        0,
      ]);
    }
  });
});
