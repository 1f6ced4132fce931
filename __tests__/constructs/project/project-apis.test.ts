import { App, TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { BigqueryDataset } from "@cdktf/provider-google/lib/bigquery-dataset";
import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { ProjectApis } from "../../../constructs/project/project-apis";
import { RESOURCE_APIS } from "../../../constructs/project/resource-apis";
import { ConsistencyWait } from "../../../constructs/project/waits";
import { synth } from "../../support/synth";

function stackWithApis(services: string[]): TerraformStack {
  const stack = new TerraformStack(new App(), "test");
  new GoogleProvider(stack, "google", { project: "acme-test-1", region: "europe-west1" });
  new ProjectApis(stack, "apis", { projectId: "acme-test-1", services });
  return stack;
}

describe("ProjectApis: every resource waits for the API it calls", () => {
  it("adds depends_on to raw resources and data sources created anywhere in the stack, after the APIs", () => {
    const stack = stackWithApis(["compute.googleapis.com", "storage.googleapis.com"]);
    // As a team file would: raw resources, no dependsOn of their own.
    new ComputeNetwork(stack, "raw-network", { name: "raw", autoCreateSubnetworks: false });
    new DataGoogleStorageProjectServiceAccount(stack, "gcs-agent", { project: "acme-test-1" });
    const json = synth(stack);
    expect(Object.values(json.resource!.google_compute_network)[0].depends_on).toEqual([
      expect.stringMatching(/^google_project_service\.apis_compute_/),
    ]);
    expect(Object.values(json.data!.google_storage_project_service_account)[0].depends_on).toEqual([
      expect.stringMatching(/^google_project_service\.apis_storage_/),
    ]);
    // The APIs themselves depend on nothing (no cycle).
    for (const service of Object.values(json.resource!.google_project_service)) {
      expect(service.depends_on).toBeUndefined();
    }
  });

  it("keeps a resource's own dependencies and adds nothing for an API the stack does not enable", () => {
    const stack = stackWithApis(["storage.googleapis.com"]);
    const network = new ComputeNetwork(stack, "net", { name: "n", autoCreateSubnetworks: false });
    new BigqueryDataset(stack, "ds", { datasetId: "d", dependsOn: [network] });
    const json = synth(stack);
    expect(Object.values(json.resource!.google_compute_network)[0].depends_on).toBeUndefined();
    expect(Object.values(json.resource!.google_bigquery_dataset)[0].depends_on).toEqual([
      expect.stringMatching(/^google_compute_network\.net/),
    ]);
  });

  it("lets a wait follow an API's enablement (afterApis)", () => {
    const stack = stackWithApis(["servicenetworking.googleapis.com"]);
    new ConsistencyWait(stack, "wait", {
      duration: "1s",
      after: [],
      afterApis: ["servicenetworking.googleapis.com"],
    });
    const json = synth(stack);
    expect(Object.values(json.resource!.time_sleep)[0]).toEqual({
      create_duration: "1s",
      depends_on: [expect.stringMatching(/^google_project_service\.apis_servicenetworking_/)],
    });
    expect(json.provider).toHaveProperty("time");
  });

  it("declares the time provider once, reusing one the stack already has", () => {
    const stack = stackWithApis([]);
    new TimeProvider(stack, "team-time", {});
    new ConsistencyWait(stack, "a", { duration: "1s", after: [] });
    new ConsistencyWait(stack, "b", { duration: "1s", after: [] });
    expect((synth(stack).provider as { time: unknown[] }).time).toHaveLength(1);
  });

  it("maps only services the kit can enable: every API in the table is a googleapis.com service", () => {
    for (const apis of Object.values(RESOURCE_APIS)) {
      for (const api of apis) expect(api).toMatch(/^[a-z]+\.googleapis\.com$/);
    }
  });
});
