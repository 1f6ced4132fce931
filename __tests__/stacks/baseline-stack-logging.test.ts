import { Testing } from "cdktf";
import { BASELINE_APIS, BaselineStack } from "../../stacks/baseline-stack";
import {
  onlyResource,
  resourcesOf,
  synth,
  testEnvironment,
  type SynthesizedStack,
  resourceAt,
  logicalIdAt,
} from "../support/synth";

function synthBaseline(overrides: Record<string, unknown> = {}): SynthesizedStack {
  return synth(new BaselineStack(Testing.app(), { environment: testEnvironment(overrides) }));
}

describe("BaselineStack: logging, alerts, IAM and optional guardrails (defaults)", () => {
  let json: SynthesizedStack;
  beforeAll(() => {
    json = synthBaseline();
  });

  test("LOG-1: audit config for all services", () => {
    expect(onlyResource(json, "google_project_iam_audit_config").service).toBe("allServices");
  });

  test("LOG-2: audit log bucket in the region, under the regional logs key, unlocked by default", () => {
    const bucket = onlyResource(json, "google_logging_project_bucket_config");
    const keyId = logicalIdAt(json, "google_kms_crypto_key", "keys/logs-europe-west1/key");
    expect(bucket.location).toBe("europe-west1");
    expect(bucket.cmek_settings).toEqual({ kms_key_name: `\${google_kms_crypto_key.${keyId}.id}` });
    expect(bucket.locked).toBe(false);
    expect(bucket.retention_days).toBe(365);
  });

  test("MON-1..8, KMS-7, SEC-6, MON-11, REG-2: seventeen alert policies, each notifying the email channel", () => {
    const channelId = logicalIdAt(json, "google_monitoring_notification_channel", "email-alerts-example-com");
    const channel = resourcesOf(json, "google_monitoring_notification_channel")[channelId];
    expect((channel.labels as Record<string, string>).email_address).toBe("alerts@example.com");
    const policies = Object.values(resourcesOf(json, "google_monitoring_alert_policy"));
    // MON-1..8, KMS-7, SEC-6, the six MON-11 health alerts and REG-2's container findings.
    expect(policies).toHaveLength(17);
    for (const policy of policies) {
      expect(policy.notification_channels).toEqual([
        `\${google_monitoring_notification_channel.${channelId}.id}`,
      ]);
    }
    expect(Object.keys(resourcesOf(json, "google_logging_metric"))).toHaveLength(8);
  });

  test("IAM-3: the app-runtime workload has its own service account and no key", () => {
    const accounts = Object.values(resourcesOf(json, "google_service_account")).map((a) => a.account_id);
    // REG-2's workflow and trigger run as their own accounts too.
    expect(accounts.sort()).toEqual([
      "app-runtime",
      "container-findings-reader",
      "container-findings-trigger",
    ]);
    expect(resourcesOf(json, "google_service_account_key")).toEqual({});
  });

  test("IAM-1: app-runtime gets resource-level roles only (secret accessor, bucket reader, registry reader, one database)", () => {
    const member = `\${google_service_account.${logicalIdAt(json, "google_service_account", "app-runtime/service-account")}.member}`;
    expect(resourceAt(json, "google_secret_manager_secret_iam_member", "accessor-app-runtime")).toMatchObject(
      {
        role: "roles/secretmanager.secretAccessor",
        member,
      },
    );
    expect(
      resourceAt(json, "google_storage_bucket_iam_member", "data-bucket/read-app-runtime"),
    ).toMatchObject({
      role: "roles/storage.objectViewer",
      member,
    });
    expect(
      resourceAt(json, "google_artifact_registry_repository_iam_member", "read-app-runtime"),
    ).toMatchObject({ role: "roles/artifactregistry.reader", member });
    // Cloud SQL has no instance-level IAM: its two project-level roles are conditioned on the instance.
    const projectGrants = Object.values(resourcesOf(json, "google_project_iam_member")).filter(
      (g) => g.member === member,
    );
    expect(projectGrants.map((g) => g.role).sort()).toEqual([
      "roles/cloudsql.client",
      "roles/cloudsql.instanceUser",
    ]);
    for (const grant of projectGrants) {
      expect((grant.condition as { expression: string }).expression).toBe(
        'resource.service == "sqladmin.googleapis.com" && resource.name.endsWith("/instances/dev-postgres")',
      );
    }
  });

  test("REG-1: registry in the region under the regional registry key", () => {
    const repo = onlyResource(json, "google_artifact_registry_repository");
    const keyId = logicalIdAt(json, "google_kms_crypto_key", "keys/registry-europe-west1/key");
    expect(repo.kms_key_name).toBe(`\${google_kms_crypto_key.${keyId}.id}`);
    expect(repo.location).toBe("europe-west1");
  });

  test("ORG-1 and IDP-1 are off unless the environment opts in", () => {
    expect(resourcesOf(json, "google_org_policy_policy")).toEqual({});
    expect(resourcesOf(json, "google_identity_platform_config")).toEqual({});
  });

  test("the APIs the new constructs need are enabled", () => {
    for (const api of [
      "artifactregistry.googleapis.com",
      "containerscanning.googleapis.com",
      "ondemandscanning.googleapis.com",
      "orgpolicy.googleapis.com",
      "identitytoolkit.googleapis.com",
    ]) {
      expect(BASELINE_APIS).toContain(api);
    }
    const services = Object.values(resourcesOf(json, "google_project_service")).map((s) => s.service);
    expect(services).toContain("containerscanning.googleapis.com");
  });
});

describe("BaselineStack: opted-in guardrails, identity platform, paging and locked logs", () => {
  let json: SynthesizedStack;
  beforeAll(() => {
    json = synthBaseline({
      logging: { retentionDays: 400, locked: true },
      guardrails: { orgPolicies: true },
      identityPlatform: { enabled: true, mfa: "ENABLED", authorizedDomains: ["app.example.com"] },
      registry: { enabled: false },
      notifications: {
        emails: ["alerts@example.com"],
        pagerduty: { serviceKeySecret: { secretId: "pagerduty-service-key" } },
      },
    });
  });

  test("LOG-2: locked bucket with the configured retention", () => {
    const bucket = onlyResource(json, "google_logging_project_bucket_config");
    expect(bucket.locked).toBe(true);
    expect(bucket.retention_days).toBe(400);
  });

  test("ORG-1: ten org policies on the project", () => {
    const policies = Object.values(resourcesOf(json, "google_org_policy_policy"));
    expect(policies).toHaveLength(10);
    for (const policy of policies) expect(policy.parent).toBe("projects/acme-test-dev");
  });

  test("IDP-1: identity platform with MFA", () => {
    const idp = onlyResource(json, "google_identity_platform_config");
    expect((idp.mfa as Record<string, unknown>).state).toBe("ENABLED");
    expect(idp.authorized_domains).toEqual(
      expect.arrayContaining(["localhost", `${idp.project as string}.web.app`, "app.example.com"]),
    );
  });

  test("MON-1..8: every alert pages through email and PagerDuty", () => {
    const channels = Object.keys(resourcesOf(json, "google_monitoring_notification_channel"));
    expect(channels).toHaveLength(2);
    for (const policy of Object.values(resourcesOf(json, "google_monitoring_alert_policy"))) {
      expect(policy.notification_channels).toHaveLength(2);
    }
    const pd = resourceAt(json, "google_monitoring_notification_channel", "notification-channels/pagerduty");
    expect(pd.type).toBe("pagerduty");
  });

  test("REG-1: no registry when disabled", () => {
    expect(resourcesOf(json, "google_artifact_registry_repository")).toEqual({});
  });
});
