import { TerraformStack } from "cdktf";
import { KeyChain } from "../../../constructs/kms/key-chain";
import { AuditLogging, type AuditLoggingProps } from "../../../constructs/logging/audit-logging";
import {
  constructTestStack,
  onlyResource,
  resourcesOf,
  synth,
  type SynthesizedStack,
} from "../../support/synth";
import { addressOf, waitsAfter } from "../../support/graph";

function stackWith(props: Partial<AuditLoggingProps> = {}): TerraformStack {
  const stack = constructTestStack();
  const keys = new KeyChain(stack, "keys", { ringNamePrefix: "test" });
  new AuditLogging(stack, "audit", {
    projectId: "test-project-1",
    location: "europe-west1",
    encryptionKey: keys.keyFor("logs", "europe-west1"),
    ...props,
  });
  return stack;
}

describe("AuditLogging", () => {
  let json: SynthesizedStack;
  beforeAll(() => {
    json = synth(stackWith());
  });

  test("LOG-1: Data Access audit logs for allServices with ADMIN_READ, DATA_READ and DATA_WRITE", () => {
    const config = onlyResource(json, "google_project_iam_audit_config");
    expect(config.service).toBe("allServices");
    expect(config.project).toBe("test-project-1");
    const types = (config.audit_log_config as { log_type: string }[]).map((c) => c.log_type);
    expect(types.sort()).toEqual(["ADMIN_READ", "DATA_READ", "DATA_WRITE"]);
  });

  test("LOG-1: no exempted members", () => {
    const config = onlyResource(json, "google_project_iam_audit_config");
    expect(config.exempted_members).toBeUndefined();
    for (const entry of config.audit_log_config as Record<string, unknown>[]) {
      expect(entry.exempted_members).toBeUndefined();
    }
  });

  test("LOG-2: log bucket encrypted with the logs key (CMEK)", () => {
    const bucket = onlyResource(json, "google_logging_project_bucket_config");
    const key = Object.keys(resourcesOf(json, "google_kms_crypto_key"))[0];
    expect(bucket.cmek_settings).toEqual({ kms_key_name: `\${google_kms_crypto_key.${key}.id}` });
    expect(bucket.location).toBe("europe-west1");
  });

  test("LOG-2: the Cloud Logging service account (from the CMEK settings data source) holds the key", () => {
    const data = Object.keys(json.data?.google_logging_project_cmek_settings ?? {});
    expect(data).toHaveLength(1);
    const grant = onlyResource(json, "google_kms_crypto_key_iam_member");
    expect(grant.member).toBe(
      `serviceAccount:\${data.google_logging_project_cmek_settings.${data[0]}.service_account_id}`,
    );
    expect(grant.role).toBe("roles/cloudkms.cryptoKeyEncrypterDecrypter");
    const grantId = Object.keys(resourcesOf(json, "google_kms_crypto_key_iam_member"))[0];
    expect(grantId).toContain("logging-service-agent");
    const bucket = onlyResource(json, "google_logging_project_bucket_config");
    expect(waitsAfter(json, addressOf(json, bucket), `google_kms_crypto_key_iam_member.${grantId}`)).toBe(
      true,
    );
    // The grant itself waits until IAM knows the agent the data source just created.
    expect(waitsAfter(json, addressOf(json, grant), /^data\.google_logging_project_cmek_settings\./)).toBe(
      true,
    );
  });

  test("LOG-2: retention 365 days, unlocked by default, retained by Terraform", () => {
    const bucket = onlyResource(json, "google_logging_project_bucket_config");
    expect(bucket.retention_days).toBe(365);
    expect(bucket.locked).toBe(false);
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket.bucket_id).toBe("audit-logs");
  });

  test("LOG-2: sink routes every audit log into the bucket with a unique writer identity", () => {
    const sink = onlyResource(json, "google_logging_project_sink");
    const bucketId = Object.keys(resourcesOf(json, "google_logging_project_bucket_config"))[0];
    expect(sink.filter).toBe('logName:"cloudaudit.googleapis.com"');
    expect(sink.unique_writer_identity).toBe(true);
    expect(sink.destination).toBe(
      `logging.googleapis.com/\${google_logging_project_bucket_config.${bucketId}.id}`,
    );
  });
});

describe("AuditLogging options", () => {
  test("LOG-2: locked and retention follow the props", () => {
    const json = synth(stackWith({ locked: true, retentionDays: 400 }));
    const bucket = onlyResource(json, "google_logging_project_bucket_config");
    expect(bucket.locked).toBe(true);
    expect(bucket.retention_days).toBe(400);
  });

  test("refuses a retention outside 1-3650 days", () => {
    expect(() => stackWith({ retentionDays: 0 })).toThrow(
      "AuditLogging: retentionDays: got 0; must be a whole number from 1 to 3650",
    );
  });

  test("refuses a key in another location", () => {
    const stack = constructTestStack();
    const keys = new KeyChain(stack, "keys", { ringNamePrefix: "test" });
    expect(
      () =>
        new AuditLogging(stack, "audit", {
          projectId: "test-project-1",
          location: "europe-west1",
          encryptionKey: keys.keyFor("logs", "us-east1"),
        }),
    ).toThrow(
      'AuditLogging: encryptionKey: got "us-east1"; the key must be in the log bucket\'s location "europe-west1"',
    );
  });

  test("refuses a reserved bucket id", () => {
    expect(() => stackWith({ bucketId: "_Default" })).toThrow(
      'AuditLogging: bucketId: got "_Default"; must be 1-100',
    );
  });
});

describe("AuditLogging validates each field exactly", () => {
  const ID =
    "must be 1-100 letters, digits, '_' or '-' and not start with '_' (reserved for _Default and _Required)";
  it.each<[Partial<AuditLoggingProps>, string]>([
    [{ bucketId: "audit; x" }, `AuditLogging: bucketId: got "audit; x"; ${ID}`],
    [{ bucketId: "x audit" }, `AuditLogging: bucketId: got "x audit"; ${ID}`],
    [{ bucketId: "" }, `AuditLogging: bucketId: got ""; ${ID}`],
    [{ bucketId: "a".repeat(101) }, `AuditLogging: bucketId: got "${"a".repeat(101)}"; ${ID}`],
    [{ retentionDays: 3651 }, "AuditLogging: retentionDays: got 3651; must be a whole number from 1 to 3650"],
  ])("refuses %j", (props, message) => {
    expect(() => stackWith(props)).toThrow(message);
  });

  it("accepts the boundaries and names the bucket as given", () => {
    expect(() => stackWith({ bucketId: "a".repeat(100), retentionDays: 1 })).not.toThrow();
    const bucket = onlyResource(
      synth(stackWith({ bucketId: "Audit_1", retentionDays: 2190 })),
      "google_logging_project_bucket_config",
    );
    expect(bucket.bucket_id).toBe("Audit_1");
    expect(bucket.retention_days).toBe(2190);
  });
});
