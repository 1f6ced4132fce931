import { plainReference } from "../../../policy/controls/literals";
import { memberValue } from "../../../policy/types/identities";

describe("IAM members the check can judge", () => {
  it.each([
    ["${google_service_account.app.member}", "identity"],
    ["serviceAccount:${google_service_account.app.email}", "identity"],
    ["${google_project_service_identity.sql.member}", "identity"],
    ["serviceAccount:${data.google_logging_project_cmek_settings.s.service_account_id}", "identity"],
    [
      "serviceAccount:service-${data.google_project.p.number}@gcp-sa-pubsub.iam.gserviceaccount.com",
      "identity",
    ],
    ["allUsers", "literal"],
    ["group:ops@example.com", "literal"],
    // Text around a reference changes what it names: never a known identity.
    ["allUsers${google_service_account.app.member}", "unverifiable"],
    ["user:${google_service_account.app.email}", "unverifiable"],
    ["serviceAccount:${google_service_account.app.member}", "unverifiable"],
    ["${terraform_data.x.output}", "unverifiable"],
    ["${data.terraform_remote_state.base.outputs.member}", "unverifiable"],
    ["${var.member}", "unverifiable"],
    ["${local.member}", "unverifiable"],
    [42, "unverifiable"],
  ])("%s is %s", (value, kind) => {
    expect(memberValue(value).kind).toBe(kind);
  });

  it("plainReference accepts exactly one reference and nothing around it", () => {
    expect(plainReference("${google_compute_subnetwork.a.ip_cidr_range}")).toBe(
      "google_compute_subnetwork.a.ip_cidr_range",
    );
    expect(plainReference("x${google_compute_subnetwork.a.ip_cidr_range}")).toBeUndefined();
    expect(plainReference("${var.x}")).toBeUndefined();
    expect(plainReference("10.0.0.0/8")).toBeUndefined();
  });
});
