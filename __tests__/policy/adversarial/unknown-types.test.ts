/**
 * POL-1, default deny: a team that reaches for a type no control knows is stopped, whether it writes the
 * type in a team file or adds it to the synthesized JSON.
 */
import { ApikeysKey } from "@cdktf/provider-google/lib/apikeys-key";
import { DataGoogleClientConfig } from "@cdktf/provider-google/lib/data-google-client-config";
import { DataGoogleSecretManagerSecretVersion } from "@cdktf/provider-google/lib/data-google-secret-manager-secret-version";
import { CloudSchedulerJob } from "@cdktf/provider-google/lib/cloud-scheduler-job";
import { StorageBucketObject } from "@cdktf/provider-google/lib/storage-bucket-object";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { checkStack } from "../../../policy/check";
import type { StackReport } from "../../../policy/model";
import { suppress } from "../../../policy/suppress";
import { shippedStacks } from "../../support/shipped";
import {
  TODAY,
  checkTeam,
  cliCheck,
  cliControlsAt,
  controlsAt,
  findingsAt,
  section,
  shippedCopy,
  expectClean,
} from "./team-support";

describe("POL-1 on a team file with unreviewed types", () => {
  let report: StackReport;
  beforeAll(() => {
    report = checkTeam((stack) => {
      // A "config file" whose content is a credential: no control reads bucket object content.
      new StorageBucketObject(stack, "db-password-object", {
        bucket: "acme-test-dev-red-config",
        name: "db-password.txt",
        content: "not-a-real-password",
      });
      new ApikeysKey(stack, "maps-key", { name: "maps-key", displayName: "Maps" });
      new CloudSchedulerJob(stack, "nightly-export", {
        name: "nightly-export",
        region: "europe-west1",
        schedule: "0 2 * * *",
        httpTarget: { uri: "https://collector.example.net/ingest", httpMethod: "POST" },
      });
      // Data sources that copy a secret value or an access token into Terraform state.
      new DataGoogleSecretManagerSecretVersion(stack, "read-api-key", { secret: "provider-api-key" });
      new DataGoogleClientConfig(stack, "token");
      // Reviewed: a wait from hashicorp/time (the kit's own waits use it).
      new TimeProvider(stack, "time");
      new Sleep(stack, "wait-for-iam", { createDuration: "60s" });
    });
  });

  it.each([
    ["google_storage_bucket_object.db-password-object", "resource type google_storage_bucket_object"],
    ["google_apikeys_key.maps-key", "resource type google_apikeys_key"],
    ["google_cloud_scheduler_job.nightly-export", "resource type google_cloud_scheduler_job"],
    ["data.google_client_config.token", "data source type google_client_config"],
  ])("%s fails POL-1, naming the type and how to review it", (address, what) => {
    expect(controlsAt(report, address)).toEqual(["POL-1"]);
    expect(findingsAt(report, address)[0]).toMatch(
      new RegExp(
        `^POL-1: ${what} is not in the reviewed type catalogue.*docs/policy\\.md, "Resource type catalogue"`,
      ),
    );
  });

  it("a secret version read outside a notification channel fails MON-13 (the one reviewed secret reader)", () => {
    const address = "data.google_secret_manager_secret_version.read-api-key";
    expect(controlsAt(report, address)).toEqual(["MON-13"]);
    expect(findingsAt(report, address)[0]).toMatch(
      /^MON-13: reads a secret value that no notification channel uses/,
    );
  });

  it("time_sleep is reviewed: no finding on it", () => {
    expectClean(report, "time_sleep.wait-for-iam");
  });

  it("the finding carries the construct path, so a reviewer finds the team code", () => {
    expect(report.findings.find((f) => f.resource === "google_apikeys_key.maps-key")?.path).toBe(
      "red-dev/maps-key",
    );
  });
});

describe("POL-1 exceptions", () => {
  it("a justified suppress() on the resource waives POL-1 and is listed", () => {
    const report = checkTeam((stack) => {
      const key = new ApikeysKey(stack, "maps-key", { name: "maps-key" });
      suppress(key, "POL-1", {
        reason: "Maps key for the public store locator, restricted to our referrers (SEC-77)",
        owner: "web-team",
        expires: "2026-09-30",
      });
    });
    expect(controlsAt(report, "google_apikeys_key.maps-key")).toEqual([]);
    expect(report.suppressed.map((s) => `${s.control} ${s.resource}`)).toContain(
      "POL-1 google_apikeys_key.maps-key",
    );
  });
});

describe("POL-1 on edited JSON through the check CLI", () => {
  it("a resource type added to the shipped team stack is refused with exit 1", () => {
    const json = shippedCopy("payments-dev");
    section(json, "resource", "google_storage_hmac_key_v2_made_up")["k"] = { service_account_email: "x" };
    section(json, "resource", "google_compute_instance_from_template")["vm"] = {
      name: "vm",
      source_instance_template: "t",
    };
    const result = cliCheck({ "payments-dev": json });
    expect(result.code).toBe(1);
    expect(cliControlsAt(result, "google_storage_hmac_key_v2_made_up.k")).toEqual(["POL-1"]);
    expect(cliControlsAt(result, "google_compute_instance_from_template.vm")).toEqual(["POL-1"]);
  });

  it("a data source added under `data` is refused with its data.<type>.<name> address", () => {
    const json = shippedCopy("payments-dev");
    section(json, "data", "google_kms_secret")["plain"] = { crypto_key: "k", ciphertext: "abc" };
    const result = cliCheck({ "payments-dev": json });
    expect(cliControlsAt(result, "data.google_kms_secret.plain")).toEqual(["POL-1"]);
  });

  it("the shipped output itself has no POL-1 finding (every shipped type is reviewed)", () => {
    for (const [name, json] of Object.entries(shippedStacks())) {
      const report = checkStack(json as Record<string, unknown>, { file: name, today: TODAY });
      expect([name, report.findings.filter((f) => f.control === "POL-1")]).toEqual([name, []]);
      expect([name, report.results.find((r) => r.control.id === "POL-1")?.status]).toEqual([name, "pass"]);
    }
  });
});

describe("POL-1 whatever shape the JSON takes", () => {
  it("an unreviewed type written as a list of bodies, or under a `resource` list, is still refused", () => {
    const json = shippedCopy("payments-dev");
    (json.resource as Record<string, unknown>).google_apikeys_key = [{ listed: { name: "k" } }];
    json.data = [
      { google_service_account_access_token: { token: { target_service_account: "x", scopes: [] } } },
    ];
    const result = cliCheck({ "payments-dev": json });
    expect(result.code).toBe(1);
    expect(cliControlsAt(result, "google_apikeys_key.listed")).toEqual(["POL-1"]);
    expect(cliControlsAt(result, "data.google_service_account_access_token.token")).toEqual(["POL-1"]);
  });
});
