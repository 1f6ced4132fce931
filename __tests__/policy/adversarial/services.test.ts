/**
 * Services teams add: Cloud Run and Cloud Functions, BigQuery, Memorystore, Pub/Sub, log exclusions and
 * projects, each written the way a team would and broken one rule at a time.
 */
import { TerraformVariable } from "cdktf";
import { BigqueryDataset } from "@cdktf/provider-google/lib/bigquery-dataset";
import { BigqueryDatasetAccessA } from "@cdktf/provider-google/lib/bigquery-dataset-access";
import { BigqueryTable } from "@cdktf/provider-google/lib/bigquery-table";
import { CloudRunService } from "@cdktf/provider-google/lib/cloud-run-service";
import { CloudRunV2Service } from "@cdktf/provider-google/lib/cloud-run-v2-service";
import { CloudfunctionsFunction } from "@cdktf/provider-google/lib/cloudfunctions-function";
import { Cloudfunctions2Function } from "@cdktf/provider-google/lib/cloudfunctions2-function";
import { LoggingFolderExclusion } from "@cdktf/provider-google/lib/logging-folder-exclusion";
import { LoggingProjectExclusion } from "@cdktf/provider-google/lib/logging-project-exclusion";
import { MemcacheInstance } from "@cdktf/provider-google/lib/memcache-instance";
import { OrgPolicyPolicy } from "@cdktf/provider-google/lib/org-policy-policy";
import { Project } from "@cdktf/provider-google/lib/project";
import { ProjectDefaultServiceAccounts } from "@cdktf/provider-google/lib/project-default-service-accounts";
import { PubsubSubscription } from "@cdktf/provider-google/lib/pubsub-subscription";
import { PubsubTopic } from "@cdktf/provider-google/lib/pubsub-topic";
import { RedisInstance } from "@cdktf/provider-google/lib/redis-instance";
import type { StackReport } from "../../../policy/model";
import {
  checkTeam,
  cliCheck,
  cliControlsAt,
  expectClean,
  findingsAt,
  section,
  shippedCopy,
} from "./team-support";

const REGION = "europe-west1";
const KEY = "projects/acme-test-dev/locations/europe-west1/keyRings/r/cryptoKeys/data";
const IMAGE = "europe-west1-docker.pkg.dev/acme-test-dev/containers/api@sha256:0123";

describe("serverless and data services in a team file", () => {
  let report: StackReport;
  beforeAll(() => {
    report = checkTeam((stack) => {
      const ingress = new TerraformVariable(stack, "ingress", {
        type: "string",
        default: "INGRESS_TRAFFIC_ALL",
      });
      const run = (id: string, extra: object) =>
        new CloudRunV2Service(stack, id, {
          name: id,
          location: REGION,
          template: { containers: [{ image: IMAGE }] },
          ...extra,
        });
      run("run-internal", { ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY" });
      run("run-load-balancer", { ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" });
      run("run-default-ingress", {});
      run("run-all", { ingress: "INGRESS_TRAFFIC_ALL" });
      run("run-ingress-from-variable", { ingress: ingress.stringValue });
      run("run-no-iam", { ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY", invokerIamDisabled: true });
      new CloudRunService(stack, "run-v1-public", {
        name: "run-v1-public",
        location: REGION,
        template: { spec: { containers: [{ image: IMAGE }] } },
      });
      new CloudRunService(stack, "run-v1-internal", {
        name: "run-v1-internal",
        location: REGION,
        metadata: { annotations: { "run.googleapis.com/ingress": "internal" } },
        template: { spec: { containers: [{ image: IMAGE }] } },
      });
      new CloudfunctionsFunction(stack, "function-v1-all", {
        name: "function-v1-all",
        runtime: "nodejs22",
        triggerHttp: true,
        ingressSettings: "ALLOW_ALL",
      });
      new Cloudfunctions2Function(stack, "function-v2-default", {
        name: "function-v2-default",
        location: REGION,
      });
      new Cloudfunctions2Function(stack, "function-v2-internal", {
        name: "function-v2-internal",
        location: REGION,
        serviceConfig: { ingressSettings: "ALLOW_INTERNAL_ONLY" },
      });

      const dataset = new BigqueryDataset(stack, "dataset-cmek", {
        datasetId: "red_cmek",
        location: "EU",
        labels: { data_classification: "internal" },
        defaultEncryptionConfiguration: { kmsKeyName: KEY },
      });
      new BigqueryTable(stack, "table-inherits-cmek", {
        datasetId: dataset.datasetId,
        tableId: "events",
        labels: { data_classification: "internal" },
      });
      new BigqueryDataset(stack, "dataset-google-key", {
        datasetId: "red_plain",
        location: "EU",
        labels: { data_classification: "internal" },
      });
      new BigqueryTable(stack, "table-google-key", {
        datasetId: "someone_elses_dataset",
        tableId: "events",
        labels: { data_classification: "internal" },
      });
      new BigqueryDataset(stack, "dataset-all-authenticated", {
        datasetId: "red_shared",
        location: "EU",
        labels: { data_classification: "internal" },
        defaultEncryptionConfiguration: { kmsKeyName: KEY },
        access: [
          { role: "OWNER", specialGroup: "projectOwners" },
          { role: "READER", specialGroup: "allAuthenticatedUsers" },
        ],
      });
      new BigqueryDatasetAccessA(stack, "dataset-access-all-users", {
        datasetId: dataset.datasetId,
        role: "READER",
        iamMember: "allUsers",
      });

      new RedisInstance(stack, "redis-compliant", {
        name: "red-cache",
        memorySizeGb: 1,
        labels: { data_classification: "internal" },
        authEnabled: true,
        transitEncryptionMode: "SERVER_AUTHENTICATION",
        customerManagedKey: KEY,
      });
      new RedisInstance(stack, "redis-defaults", {
        name: "red-cache-2",
        memorySizeGb: 1,
        labels: { data_classification: "internal" },
      });
      new MemcacheInstance(stack, "memcache", {
        name: "red-memcache",
        nodeCount: 1,
        labels: { data_classification: "internal" },
        nodeConfig: { cpuCount: 1, memorySizeMb: 1024 },
      });
      new PubsubTopic(stack, "topic-google-key", { name: "red-events" });
      const api = run("run-for-push", { ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" });
      const topic = "projects/acme-test-dev/topics/events";
      new PubsubSubscription(stack, "push-outside", {
        name: "push-outside",
        topic,
        pushConfig: { pushEndpoint: "https://collector.example.net/ingest" },
      });
      new PubsubSubscription(stack, "push-unauthenticated", {
        name: "push-unauthenticated",
        topic,
        pushConfig: { pushEndpoint: api.uri },
      });
      new PubsubSubscription(stack, "push-to-own-service", {
        name: "push-to-own-service",
        topic,
        pushConfig: {
          pushEndpoint: `${api.uri}/events`,
          oidcToken: { serviceAccountEmail: "red@acme-test-dev.iam.gserviceaccount.com" },
        },
      });
      new PubsubSubscription(stack, "export-to-foreign-bucket", {
        name: "export-to-foreign-bucket",
        topic,
        cloudStorageConfig: { bucket: "someone-elses-bucket" },
      });
      new PubsubSubscription(stack, "pull", { name: "pull", topic });
      new PubsubSubscription(stack, "dead-letter-elsewhere", {
        name: "dead-letter-elsewhere",
        topic,
        deadLetterPolicy: { deadLetterTopic: "projects/other-project/topics/collector" },
      });

      new LoggingProjectExclusion(stack, "exclude-everything-info", {
        name: "drop-info",
        filter: "severity<=INFO",
      });
      new LoggingProjectExclusion(stack, "exclude-data-access", {
        name: "drop-data-access",
        filter: 'logName:"cloudaudit.googleapis.com%2Fdata_access"',
      });
      new LoggingProjectExclusion(stack, "exclude-spares-activity-only", {
        name: "spare-activity",
        filter: 'resource.type="gce_instance" AND NOT logName:"cloudaudit.googleapis.com%2Factivity"',
      });
      new LoggingProjectExclusion(stack, "exclude-with-or", {
        name: "with-or",
        filter: 'severity<=DEBUG AND NOT logName:"cloudaudit.googleapis.com" OR resource.type="gcs_bucket"',
      });
      new LoggingProjectExclusion(stack, "exclude-debug-sparing-audit", {
        name: "debug",
        filter: 'severity<=DEBUG AND NOT logName:"cloudaudit.googleapis.com"',
      });
      new LoggingProjectExclusion(stack, "exclude-disabled", {
        name: "off",
        filter: "severity<=INFO",
        disabled: true,
      });
      new LoggingFolderExclusion(stack, "folder-exclusion", {
        name: "f",
        folder: "folders/123",
        filter: 'resource.type="gce_instance"',
      });

      new Project(stack, "project-default-network", {
        name: "red-sandbox",
        projectId: "acme-red-sandbox",
        folderId: "123",
      });
      new Project(stack, "project-deletable", {
        name: "red-tmp",
        projectId: "acme-red-tmp",
        folderId: "123",
        autoCreateNetwork: false,
        deletionPolicy: "DELETE",
      });
      new Project(stack, "project-compliant", {
        name: "red-ok",
        projectId: "acme-red-ok",
        folderId: "123",
        autoCreateNetwork: false,
      });
      const orgPolicy = (id: string, constraint: string, spec: object) =>
        new OrgPolicyPolicy(stack, id, {
          name: `projects/acme-test-dev/policies/${constraint}`,
          parent: "projects/acme-test-dev",
          spec,
        });
      orgPolicy("org-allow-external-ips", "compute.vmExternalIpAccess", { rules: [{ allowAll: "TRUE" }] });
      orgPolicy("org-keys-not-enforced", "iam.disableServiceAccountKeyCreation", {
        rules: [{ enforce: "FALSE" }],
      });
      orgPolicy("org-reset", "iam.allowedPolicyMemberDomains", { reset: true });
      orgPolicy("org-allowed-domains", "iam.allowedPolicyMemberDomains", {
        inheritFromParent: true,
        rules: [{ values: { allowedValues: ["C0gmail"] } }],
      });
      orgPolicy("org-tighten", "compute.skipDefaultNetworkCreation", { rules: [{ enforce: "TRUE" }] });
      new ProjectDefaultServiceAccounts(stack, "default-sas", {
        project: "acme-red-ok",
        action: "DEPRIVILEGE",
      });
    });
  });

  it.each([
    [
      "google_cloud_run_v2_service.run-default-ingress",
      "RUN-1",
      /^ingress is unset \(the default admits traffic from the internet\)$/,
    ],
    ["google_cloud_run_v2_service.run-all", "RUN-1", /^ingress is "INGRESS_TRAFFIC_ALL"/],
    [
      "google_cloud_run_v2_service.run-ingress-from-variable",
      "RUN-1",
      /^(cannot verify ingress|ingress is "INGRESS_TRAFFIC_ALL")/,
    ],
    ["google_cloud_run_service.run-v1-public", "RUN-1", /run\.googleapis\.com\/ingress"\] is unset/],
    ["google_cloudfunctions_function.function-v1-all", "RUN-1", /^ingress_settings is "ALLOW_ALL"/],
    [
      "google_cloudfunctions2_function.function-v2-default",
      "RUN-1",
      /^service_config\.ingress_settings is unset/,
    ],
    ["google_cloud_run_v2_service.run-no-iam", "RUN-2", /^invoker_iam_disabled is true/],
    [
      "google_bigquery_dataset.dataset-google-key",
      "BQ-1",
      /default_encryption_configuration\.kms_key_name is unset/,
    ],
    ["google_bigquery_table.table-google-key", "BQ-1", /encryption_configuration\.kms_key_name is unset/],
    ["google_bigquery_dataset.dataset-all-authenticated", "BQ-2", /special_group allAuthenticatedUsers/],
    ["google_bigquery_dataset_access.dataset-access-all-users", "BQ-2", /iam_member allUsers/],
    ["google_redis_instance.redis-defaults", "MEM-1", /^auth_enabled is unset/],
    ["google_memcache_instance.memcache", "MEM-1", /no authentication and no encryption in transit/],
    ["google_pubsub_topic.topic-google-key", "PUB-1", /kms_key_name is unset/],
    [
      "google_pubsub_subscription.push-outside",
      "PUB-2",
      /push_endpoint "https:\/\/collector\.example\.net\/ingest" is not a Cloud Run service or function of this stack/,
    ],
    [
      "google_pubsub_subscription.push-unauthenticated",
      "PUB-2",
      /oidc_token is unset \(unauthenticated push\)/,
    ],
    [
      "google_pubsub_subscription.dead-letter-elsewhere",
      "PUB-2",
      /dead_letter_topic "projects\/other-project\/topics\/collector" is not a topic of this stack/,
    ],
    [
      "google_pubsub_subscription.export-to-foreign-bucket",
      "PUB-2",
      /cloud_storage_config\.bucket "someone-elses-bucket" is not a bucket of this stack/,
    ],
    [
      "google_logging_project_exclusion.exclude-everything-info",
      "LOG-4",
      /"severity<=INFO" can match Cloud Audit Logs/,
    ],
    ["google_logging_project_exclusion.exclude-data-access", "LOG-4", /can match Cloud Audit Logs/],
    ["google_logging_project_exclusion.exclude-spares-activity-only", "LOG-4", /can match Cloud Audit Logs/],
    ["google_logging_project_exclusion.exclude-with-or", "LOG-4", /can match Cloud Audit Logs/],
    ["google_logging_folder_exclusion.folder-exclusion", "LOG-4", /can match Cloud Audit Logs/],
    ["google_project.project-default-network", "PRJ-1", /auto_create_network is unset/],
    ["google_project.project-deletable", "PRJ-1", /deletion_policy is "DELETE"/],
    ["google_org_policy_policy.org-allow-external-ips", "ORG-2", /spec\.rules\[0\]\.allow_all is on/],
    ["google_org_policy_policy.org-keys-not-enforced", "ORG-2", /spec\.rules\[0\]\.enforce is off/],
    ["google_org_policy_policy.org-reset", "ORG-2", /spec\.reset restores Google's default/],
    [
      "google_org_policy_policy.org-allowed-domains",
      "ORG-2",
      /allowed_values can admit values a parent policy denies/,
    ],
  ])("%s: %s", (address, control, message) => {
    // The control's own finding, exactly one (ORG-1 also warns where an org policy weakens its constraints).
    expect(findingsAt(report, address).filter((f) => !f.startsWith("ORG-1:"))).toEqual([
      expect.stringMatching(
        new RegExp(
          message.source.startsWith("^")
            ? `^${control}: ${message.source.slice(1)}`
            : `^${control}: .*${message.source}`,
        ),
      ),
    ]);
  });

  it.each([
    "google_cloud_run_v2_service.run-internal",
    "google_cloud_run_v2_service.run-load-balancer",
    "google_cloud_run_service.run-v1-internal",
    "google_cloudfunctions2_function.function-v2-internal",
    "google_bigquery_dataset.dataset-cmek",
    "google_bigquery_table.table-inherits-cmek",
    "google_redis_instance.redis-compliant",
    "google_logging_project_exclusion.exclude-debug-sparing-audit",
    "google_logging_project_exclusion.exclude-disabled",
    "google_project.project-compliant",
    "google_project_default_service_accounts.default-sas",
    "google_pubsub_subscription.push-to-own-service",
    "google_pubsub_subscription.pull",
  ])("%s is accepted", (address) => expectClean(report, address));
});

describe("services on edited JSON through the check CLI", () => {
  it("MEM-1: TLS switched off on a Memorystore instance added to the shipped team stack", () => {
    const json = shippedCopy("payments-dev");
    section(json, "resource", "google_redis_instance")["cache"] = {
      name: "cache",
      memory_size_gb: 1,
      auth_enabled: "true",
      transit_encryption_mode: "DISABLED",
      customer_managed_key: KEY,
      labels: { data_classification: "internal" },
    };
    const result = cliCheck({ "payments-dev": json });
    expect(cliControlsAt(result, "google_redis_instance.cache")).toEqual(["MEM-1"]);
    expect(result.findings.find((f) => f.resource === "google_redis_instance.cache")?.message).toBe(
      'transit_encryption_mode is "DISABLED"',
    );
  });

  it("LOG-4: an exclusion dropping Data Access logs added to the shipped baseline is refused", () => {
    const json = shippedCopy("baseline-dev");
    section(json, "resource", "google_logging_project_exclusion")["quiet"] = {
      name: "quiet",
      filter: 'protoPayload.methodName:"storage.objects.get"',
    };
    const result = cliCheck({ "baseline-dev": json });
    expect(result.code).toBe(1);
    expect(cliControlsAt(result, "google_logging_project_exclusion.quiet")).toEqual(["LOG-4"]);
  });

  it("RUN-1: a Cloud Run service whose ingress is edited to all traffic is refused", () => {
    const json = shippedCopy("payments-dev");
    section(json, "resource", "google_cloud_run_v2_service")["api"] = {
      name: "api",
      location: REGION,
      ingress: "INGRESS_TRAFFIC_ALL",
      template: [{ containers: [{ image: IMAGE }] }],
    };
    expect(cliControlsAt(cliCheck({ "payments-dev": json }), "google_cloud_run_v2_service.api")).toEqual([
      "RUN-1",
    ]);
  });
});
