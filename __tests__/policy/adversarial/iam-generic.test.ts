/**
 * IAM on every resource type: public members (IAM-4), service-account impersonation (IAM-5), HMAC and
 * service account keys (IAM-6, IAM-3), basic roles on resources (IAM-7), written as a team would.
 */
import { TerraformLocal, TerraformVariable } from "cdktf";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member";
import { BigqueryDatasetIamMember } from "@cdktf/provider-google/lib/bigquery-dataset-iam-member";
import { BigqueryTableIamBinding } from "@cdktf/provider-google/lib/bigquery-table-iam-binding";
import { CloudRunServiceIamMember } from "@cdktf/provider-google/lib/cloud-run-service-iam-member";
import { CloudRunV2ServiceIamBinding } from "@cdktf/provider-google/lib/cloud-run-v2-service-iam-binding";
import { CloudfunctionsFunctionIamMember } from "@cdktf/provider-google/lib/cloudfunctions-function-iam-member";
import { Cloudfunctions2FunctionIamMember } from "@cdktf/provider-google/lib/cloudfunctions2-function-iam-member";
import { DataGoogleIamPolicy } from "@cdktf/provider-google/lib/data-google-iam-policy";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { DataGoogleServiceAccount } from "@cdktf/provider-google/lib/data-google-service-account";
import { KmsCryptoKeyIamBinding } from "@cdktf/provider-google/lib/kms-crypto-key-iam-binding";
import { PubsubTopicIamMember } from "@cdktf/provider-google/lib/pubsub-topic-iam-member";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { ServiceAccountIamBinding } from "@cdktf/provider-google/lib/service-account-iam-binding";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { ServiceAccountKey } from "@cdktf/provider-google/lib/service-account-key";
import { StorageBucketIamPolicy } from "@cdktf/provider-google/lib/storage-bucket-iam-policy";
import { StorageHmacKey } from "@cdktf/provider-google/lib/storage-hmac-key";
import { StorageManagedFolderIamMember } from "@cdktf/provider-google/lib/storage-managed-folder-iam-member";
import { WorkloadIdentity } from "../../../constructs/iam/workload-identity";
import type { StackReport } from "../../../policy/model";
import {
  checkTeam,
  cliCheck,
  cliControlsAt,
  controlsAt,
  findingsAt,
  section,
  shippedCopy,
  expectClean,
} from "./team-support";

const PROJECT = "acme-test-dev";
const LOCATION = "europe-west1";

describe("IAM on any resource type, in a team file", () => {
  let report: StackReport;
  beforeAll(() => {
    report = checkTeam((stack) => {
      const worker = new WorkloadIdentity(stack, "worker", { projectId: PROJECT, accountId: "red-worker" });
      const reader = new TerraformVariable(stack, "reader", { type: "string", default: "allUsers" });
      const everyone = new TerraformLocal(stack, "everyone", "allAuthenticatedUsers");
      const teamGroup = new TerraformVariable(stack, "team-group", {
        type: "string",
        default: "red-team@example.com",
      });
      const role = new TerraformVariable(stack, "role", { type: "string", default: "roles/editor" });

      new StorageManagedFolderIamMember(stack, "folder-public", {
        bucket: "acme-test-dev-red-reports",
        managedFolder: "reports/",
        role: "roles/storage.objectViewer",
        member: "allUsers",
      });
      new ArtifactRegistryRepositoryIamMember(stack, "registry-public", {
        location: LOCATION,
        repository: "containers",
        role: "roles/artifactregistry.reader",
        member: "allAuthenticatedUsers",
      });
      new BigqueryDatasetIamMember(stack, "dataset-public", {
        datasetId: "analytics",
        role: "roles/bigquery.dataViewer",
        member: "allUsers",
      });
      new BigqueryTableIamBinding(stack, "table-public", {
        datasetId: "analytics",
        tableId: "events",
        role: "roles/bigquery.dataViewer",
        members: ["group:analysts@example.com", "allUsers"],
      });
      new CloudRunServiceIamMember(stack, "run-v1-public", {
        location: LOCATION,
        service: "api",
        role: "roles/run.invoker",
        member: "allUsers",
      });
      new CloudRunV2ServiceIamBinding(stack, "run-v2-public", {
        location: LOCATION,
        name: "api",
        role: "roles/run.invoker",
        members: ["allUsers"],
      });
      new CloudfunctionsFunctionIamMember(stack, "function-v1-public", {
        cloudFunction: "hook",
        role: "roles/cloudfunctions.invoker",
        member: "allUsers",
      });
      new Cloudfunctions2FunctionIamMember(stack, "function-v2-public", {
        cloudFunction: "hook",
        location: LOCATION,
        role: "roles/cloudfunctions.invoker",
        member: "allAuthenticatedUsers",
      });
      new SecretManagerSecretIamMember(stack, "secret-public-v2-principal", {
        secretId: "provider-api-key",
        role: "roles/secretmanager.secretAccessor",
        member: "principalSet://goog/public:all",
      });
      new KmsCryptoKeyIamBinding(stack, "key-public", {
        cryptoKeyId: "projects/acme-test-dev/locations/europe/keyRings/r/cryptoKeys/k",
        role: "roles/cloudkms.cryptoKeyDecrypter",
        members: ["allUsers"],
      });
      new PubsubTopicIamMember(stack, "topic-public", {
        topic: "events",
        role: "roles/pubsub.publisher",
        member: "allAuthenticatedUsers",
      });
      const document = new DataGoogleIamPolicy(stack, "public-document", {
        binding: [{ role: "roles/storage.objectViewer", members: ["allUsers"] }],
      });
      new StorageBucketIamPolicy(stack, "bucket-policy-public", {
        bucket: "acme-test-dev-red-site",
        policyData: document.policyData,
      });
      new PubsubTopicIamMember(stack, "topic-member-from-variable", {
        topic: "events",
        role: "roles/pubsub.subscriber",
        member: reader.stringValue,
      });
      new PubsubTopicIamMember(stack, "topic-member-from-local", {
        topic: "events",
        role: "roles/pubsub.subscriber",
        member: everyone.asString,
      });
      const project = new DataGoogleProject(stack, "this");
      new KmsCryptoKeyIamBinding(stack, "key-gke-agent-by-number", {
        cryptoKeyId: "projects/acme-test-dev/locations/europe/keyRings/r/cryptoKeys/gke",
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        members: [`serviceAccount:service-${project.number}@container-engine-robot.iam.gserviceaccount.com`],
      });
      const existing = new DataGoogleServiceAccount(stack, "existing", { accountId: "ci-runner" });
      new PubsubTopicIamMember(stack, "topic-member-existing-account", {
        topic: "events",
        role: "roles/pubsub.subscriber",
        member: existing.member,
      });
      new PubsubTopicIamMember(stack, "topic-member-group-from-variable", {
        topic: "events",
        role: "roles/pubsub.subscriber",
        member: `group:${teamGroup.stringValue}`,
      });
      new ServiceAccountIamMember(stack, "sa-token-to-existing-account", {
        serviceAccountId: worker.serviceAccount.name,
        role: "roles/iam.serviceAccountTokenCreator",
        member: existing.member,
      });
      new PubsubTopicIamMember(stack, "topic-member-own-identity", {
        topic: "events",
        role: "roles/pubsub.subscriber",
        member: worker.member,
      });

      // Service accounts: impersonation only by the environment's own identities.
      new ServiceAccountIamMember(stack, "sa-token-to-domain", {
        serviceAccountId: worker.serviceAccount.name,
        role: "roles/iam.serviceAccountTokenCreator",
        member: "domain:example.com",
      });
      new ServiceAccountIamBinding(stack, "sa-user-to-person", {
        serviceAccountId: worker.serviceAccount.name,
        role: "roles/iam.serviceAccountUser",
        members: ["user:alice@example.com"],
      });
      new ServiceAccountIamMember(stack, "sa-wif-to-whole-pool", {
        serviceAccountId: worker.serviceAccount.name,
        role: "roles/iam.workloadIdentityUser",
        member:
          "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/github/*",
      });
      new ServiceAccountIamMember(stack, "sa-admin-to-group", {
        serviceAccountId: worker.serviceAccount.name,
        role: "roles/iam.serviceAccountKeyAdmin",
        member: "group:ops@example.com",
      });
      new ServiceAccountIamMember(stack, "sa-gke-workload", {
        serviceAccountId: worker.serviceAccount.name,
        role: "roles/iam.workloadIdentityUser",
        member: "serviceAccount:acme-test-dev.svc.id.goog[payments/api]",
      });
      new ServiceAccountIamMember(stack, "sa-token-to-own-identity", {
        serviceAccountId: worker.serviceAccount.name,
        role: "roles/iam.serviceAccountTokenCreator",
        member: worker.member,
      });
      new ServiceAccountIamMember(stack, "sa-token-from-variable", {
        serviceAccountId: worker.serviceAccount.name,
        role: "roles/iam.serviceAccountTokenCreator",
        member: `serviceAccount:${reader.stringValue}`,
      });

      // Keys.
      new StorageHmacKey(stack, "s3-compat", { serviceAccountEmail: worker.email });
      new ServiceAccountKey(stack, "worker-key", { serviceAccountId: worker.serviceAccount.name });

      // Basic roles on a resource.
      new ArtifactRegistryRepositoryIamMember(stack, "registry-owner", {
        location: LOCATION,
        repository: "containers",
        role: "roles/owner",
        member: worker.member,
      });
      new ArtifactRegistryRepositoryIamMember(stack, "registry-role-from-variable", {
        location: LOCATION,
        repository: "containers",
        role: role.stringValue,
        member: worker.member,
      });
    });
  });

  it.each([
    ["google_storage_managed_folder_iam_member.folder-public", /to allUsers/],
    ["google_artifact_registry_repository_iam_member.registry-public", /to allAuthenticatedUsers/],
    ["google_bigquery_dataset_iam_member.dataset-public", /to allUsers/],
    ["google_bigquery_table_iam_binding.table-public", /to allUsers/],
    ["google_cloud_run_service_iam_member.run-v1-public", /roles\/run\.invoker to allUsers/],
    ["google_cloud_run_v2_service_iam_binding.run-v2-public", /roles\/run\.invoker to allUsers/],
    ["google_cloudfunctions_function_iam_member.function-v1-public", /to allUsers/],
    ["google_cloudfunctions2_function_iam_member.function-v2-public", /to allAuthenticatedUsers/],
    [
      "google_secret_manager_secret_iam_member.secret-public-v2-principal",
      /principalSet:\/\/goog\/public:all/,
    ],
    ["google_kms_crypto_key_iam_binding.key-public", /to allUsers/],
    ["google_pubsub_topic_iam_member.topic-public", /to allAuthenticatedUsers/],
    ["google_storage_bucket_iam_policy.bucket-policy-public", /to allUsers/],
    // Indirection: until the value is resolved, the check cannot verify it; once resolved it is public.
    ["google_pubsub_topic_iam_member.topic-member-from-variable", /allUsers|cannot verify/],
    ["google_pubsub_topic_iam_member.topic-member-from-local", /allAuthenticatedUsers|cannot verify/],
  ])("IAM-4: %s is a finding", (address, message) => {
    expect(controlsAt(report, address)).toContain("IAM-4");
    expect(findingsAt(report, address).filter((f) => f.startsWith("IAM-4"))).toEqual([
      expect.stringMatching(message),
    ]);
  });

  it("IAM-4: a service agent addressed by project number passes", () => {
    expectClean(report, "google_kms_crypto_key_iam_binding.key-gke-agent-by-number");
  });

  it("IAM-4: an existing service account or a literal group: prefix is never public; IAM-5 still refuses the existing account", () => {
    expectClean(report, "google_pubsub_topic_iam_member.topic-member-existing-account");
    expectClean(report, "google_pubsub_topic_iam_member.topic-member-group-from-variable");
    expect(findingsAt(report, "google_service_account_iam_member.sa-token-to-existing-account")).toEqual([
      expect.stringMatching(
        /^IAM-5: grants roles\/iam\.serviceAccountTokenCreator on a service account to \$\{data\.google_service_account\.existing\.member\}/,
      ),
    ]);
  });

  it("IAM-4: a grant to the stack's own WorkloadIdentity passes", () => {
    expectClean(report, "google_pubsub_topic_iam_member.topic-member-own-identity");
  });

  it.each([
    [
      "google_service_account_iam_member.sa-token-to-domain",
      /serviceAccountTokenCreator on a service account to domain:example\.com/,
    ],
    [
      "google_service_account_iam_binding.sa-user-to-person",
      /serviceAccountUser on a service account to user:alice@example\.com/,
    ],
    [
      "google_service_account_iam_member.sa-wif-to-whole-pool",
      /workloadIdentityUser on a service account to principalSet:/,
    ],
    [
      "google_service_account_iam_member.sa-admin-to-group",
      /serviceAccountKeyAdmin on a service account to group:ops@example\.com/,
    ],
  ])("IAM-5: %s is a finding", (address, message) => {
    expect(controlsAt(report, address)).toEqual(["IAM-5"]);
    expect(findingsAt(report, address)).toEqual([expect.stringMatching(message)]);
  });

  it("IAM-5: a service account member built from a variable is refused (unverifiable, or once resolved a foreign member)", () => {
    expect(controlsAt(report, "google_service_account_iam_member.sa-token-from-variable")).toContain("IAM-5");
  });

  it("IAM-5: a GKE Kubernetes service account and the stack's own identity may act as the service account", () => {
    expectClean(report, "google_service_account_iam_member.sa-gke-workload");
    expectClean(report, "google_service_account_iam_member.sa-token-to-own-identity");
  });

  it("IAM-6 refuses an HMAC key; IAM-3 a service account key", () => {
    expect(controlsAt(report, "google_storage_hmac_key.s3-compat")).toEqual(["IAM-6"]);
    expect(controlsAt(report, "google_service_account_key.worker-key")).toEqual(["IAM-3"]);
  });

  it("IAM-7 refuses a basic role on a resource, and a role from a variable cannot be verified", () => {
    expect(findingsAt(report, "google_artifact_registry_repository_iam_member.registry-owner")).toEqual([
      expect.stringMatching(/^IAM-7: grants basic role roles\/owner to \$\{google_service_account\./),
    ]);
    expect(
      controlsAt(report, "google_artifact_registry_repository_iam_member.registry-role-from-variable"),
    ).toEqual(["IAM-7"]);
  });
});

describe("IAM on edited JSON through the check CLI", () => {
  it("IAM-4: the shipped baseline's secret grant edited to allAuthenticatedUsers is refused", () => {
    const json = shippedCopy("baseline-dev");
    const grants = section(json, "resource", "google_secret_manager_secret_iam_member") as Record<
      string,
      Record<string, unknown>
    >;
    const [name] = Object.keys(grants);
    grants[name].member = "allAuthenticatedUsers";
    const result = cliCheck({ "baseline-dev": json });
    expect(result.code).toBe(1);
    expect(cliControlsAt(result, `google_secret_manager_secret_iam_member.${name}`)).toContain("IAM-4");
  });

  it("IAM-4: a literal policy_data document with allUsers on a new dataset IAM policy is refused", () => {
    const json = shippedCopy("payments-dev");
    section(json, "resource", "google_bigquery_dataset_iam_policy")["open"] = {
      dataset_id: "analytics",
      policy_data: JSON.stringify({
        bindings: [{ role: "roles/bigquery.dataViewer", members: ["allUsers"] }],
      }),
    };
    section(json, "resource", "google_bigquery_dataset_iam_policy")["unreadable"] = {
      dataset_id: "analytics",
      policy_data: '${jsonencode({bindings = [{role = "roles/bigquery.dataViewer", members = [var.m]}]})}',
    };
    const result = cliCheck({ "payments-dev": json });
    expect(cliControlsAt(result, "google_bigquery_dataset_iam_policy.open")).toEqual(["IAM-4"]);
    expect(cliControlsAt(result, "google_bigquery_dataset_iam_policy.unreadable")).toContain("IAM-4");
  });

  it("IAM-5: a service-account grant added to the shipped team stack for a foreign service account is refused", () => {
    const json = shippedCopy("payments-dev");
    section(json, "resource", "google_service_account_iam_member")["backdoor"] = {
      service_account_id:
        "projects/acme-baseline-dev/serviceAccounts/app-runtime@acme-baseline-dev.iam.gserviceaccount.com",
      role: "roles/iam.serviceAccountTokenCreator",
      member: "serviceAccount:ci@other-project.iam.gserviceaccount.com",
    };
    expect(
      cliControlsAt(cliCheck({ "payments-dev": json }), "google_service_account_iam_member.backdoor"),
    ).toEqual(["IAM-5"]);
  });
});
