import { WorkloadIdentity } from "../../../constructs/iam/workload-identity";
import { KeyChain } from "../../../constructs/kms/key-chain";
import { SecureBucket } from "../../../constructs/storage/secure-bucket";
import {
  constructTestStack,
  onlyResource,
  resourcesOf,
  synth,
  type SynthesizedStack,
  resourceAt,
} from "../../support/synth";

describe("WorkloadIdentity", () => {
  let json: SynthesizedStack;
  let workload: WorkloadIdentity;
  beforeAll(() => {
    const stack = constructTestStack();
    workload = new WorkloadIdentity(stack, "worker", {
      projectId: "test-project-1",
      accountId: "report-worker",
    });
    const keys = new KeyChain(stack, "keys", { ringNamePrefix: "test" });
    const bucket = new SecureBucket(stack, "bucket", {
      name: "test-project-1-data",
      location: "EU",
      encryptionKey: keys.keyFor("storage", "europe"),
      accessLogs: { disabledBecause: "test bucket without access logs" },
    });
    bucket.grantRead(workload);
    workload.grantProjectRole("roles/logging.logWriter");
    json = synth(stack);
  });

  test("IAM-3: one service account for the workload", () => {
    const account = onlyResource(json, "google_service_account");
    expect(account.account_id).toBe("report-worker");
    expect(account.project).toBe("test-project-1");
  });

  test("IAM-3: no service account key is ever created", () => {
    expect(resourcesOf(json, "google_service_account_key")).toEqual({});
  });

  test("is a principal: grant helpers bind a named role on the named resource to its member", () => {
    const accountId = Object.keys(resourcesOf(json, "google_service_account"))[0];
    expect(workload.principalId).toBe("report-worker");
    const binding = resourceAt(json, "google_storage_bucket_iam_member", "bucket/read-report-worker");
    expect(binding.member).toBe(`\${google_service_account.${accountId}.member}`);
    expect(binding.role).toBe("roles/storage.objectViewer");
  });

  test("IAM-1: a permitted project role is granted to the workload only", () => {
    const binding = onlyResource(json, "google_project_iam_member");
    expect(binding.role).toBe("roles/logging.logWriter");
    expect(binding.project).toBe("test-project-1");
    expect(String(binding.member)).toMatch(/^\$\{google_service_account\..+\.member\}$/);
  });
});

describe("WorkloadIdentity refusals", () => {
  function workload(accountId = "app-runtime"): WorkloadIdentity {
    return new WorkloadIdentity(constructTestStack(), "w", { projectId: "test-project-1", accountId });
  }

  test.each(["roles/owner", "roles/editor", "roles/viewer"])("IAM-1: grantProjectRole refuses %s", (role) => {
    expect(() => workload().grantProjectRole(role)).toThrow(
      `WorkloadIdentity: grantProjectRole(role): got "${role}"; basic roles (roles/owner, roles/editor, roles/viewer) are never granted (IAM-1)`,
    );
  });

  test.each(["roles/iam.serviceAccountUser", "roles/iam.serviceAccountTokenCreator"])(
    "IAM-2: grantProjectRole refuses %s",
    (role) => {
      expect(() => workload().grantProjectRole(role)).toThrow(
        `WorkloadIdentity: grantProjectRole(role): got "${role}"; roles/iam.serviceAccountUser and roles/iam.serviceAccountTokenCreator are never granted at project level (IAM-2)`,
      );
    },
  );

  test("IAM-1: grantProjectRole refuses admin roles", () => {
    expect(() => workload().grantProjectRole("roles/storage.admin")).toThrow(
      'WorkloadIdentity: grantProjectRole(role): got "roles/storage.admin"; admin roles are never granted to a workload at project level',
    );
  });

  test.each(["short", "Upper-case-id", "ends-with-hyphen-", "a-very-long-service-account-id-x"])(
    "refuses account id %j",
    (accountId) => {
      expect(() => workload(accountId)).toThrow(
        `WorkloadIdentity: accountId: got "${accountId}"; must be 6-30 lowercase letters, digits or hyphens`,
      );
    },
  );
});

describe("WorkloadIdentity: account id anchors and project grants", () => {
  test.each(["app-runtime; x", "x app-runtime", "1app-runtime"])("refuses account id %j", (accountId) => {
    expect(
      () => new WorkloadIdentity(constructTestStack(), "w", { projectId: "test-project-1", accountId }),
    ).toThrow(
      `WorkloadIdentity: accountId: got "${accountId}"; must be 6-30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen`,
    );
  });

  test("accepts 6- and 30-character ids; the display name defaults to the id", () => {
    const stack = constructTestStack();
    new WorkloadIdentity(stack, "short", { projectId: "test-project-1", accountId: "abcdef" });
    const long = new WorkloadIdentity(stack, "long", {
      projectId: "test-project-1",
      accountId: `a${"b".repeat(29)}`,
      displayName: "Long one",
      description: "A workload",
    });
    expect(long.principalId).toBe(`a${"b".repeat(29)}`);
    const json = synth(stack);
    expect(resourceAt(json, "google_service_account", "short/service-account").display_name).toBe("abcdef");
    expect(resourceAt(json, "google_service_account", "long/service-account")).toMatchObject({
      display_name: "Long one",
      description: "A workload",
      project: "test-project-1",
    });
  });

  test("one binding per project role, named after the role", () => {
    const stack = constructTestStack();
    const w = new WorkloadIdentity(stack, "w", { projectId: "test-project-1", accountId: "app-runtime" });
    const grant = w.grantProjectRole("roles/logging.logWriter");
    expect(w.grantProjectRole("roles/logging.logWriter")).toBe(grant);
    // The returned Grant holds the binding it created, at the address pinned before the shared helper.
    expect(grant.principal).toBe(w);
    expect(grant.roles).toEqual(["roles/logging.logWriter"]);
    expect(grant.binding.node.path).toBe("test/w/project-roles-logging-logwriter");
    expect(
      resourceAt(synth(stack), "google_project_iam_member", "w/project-roles-logging-logwriter"),
    ).toMatchObject({
      project: "test-project-1",
      role: "roles/logging.logWriter",
    });
  });
});
