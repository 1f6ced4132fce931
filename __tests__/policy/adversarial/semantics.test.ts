/**
 * Adversarial: semantics. Values that look harmless to a naive reader but mean something else to GCP,
 * Terraform or Upstash: a missing source is the internet, halves of the internet are the internet, an
 * egress allow above the deny-all voids it, "false" is false, a destroy-time provisioner never runs at create.
 */
import { CloudRunV2Service } from "@cdktf/provider-google/lib/cloud-run-v2-service";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { StorageBucketObject } from "@cdktf/provider-google/lib/storage-bucket-object";
import { TerraformHclModule, TerraformOutput } from "cdktf";
import type { StackReport } from "../../../policy/model";
import { block } from "../../../policy/terraform-json";
import { addResource, checkEdited, first, lines, synthTeams, type TeamCase } from "./support";

type Json = Record<string, unknown>;
const NETWORK = "projects/acme-redteam/global/networks/redteam-vpc";

const TEAM_CASES: (TeamCase & { control: string; message: RegExp })[] = [
  {
    // The team has its ACL user (so ProdRedis validates), then hands its workload the default password too.
    team: "sr-default",
    control: "UPS-10",
    message: /the default credentials in google_secret_manager_secret\.\S+ are granted/,
    build: (stack) => {
      const redis = stack.redis("cache", { primaryRegion: "eu-west-1", monthlyBudgetUsd: 220 });
      redis.grantReadWrite(stack.workloadIdentity());
      new SecretManagerSecretIamMember(stack, "shortcut", {
        secretId: redis.passwordSecret.id,
        role: "roles/secretmanager.secretAccessor",
        member: stack.workloadIdentity().member,
      });
    },
  },
  {
    // The default REST token straight into a Cloud Run service's environment.
    team: "sr-env",
    control: "UPS-10",
    message: /google_cloud_run_v2_service\.\S+ uses its default credentials/,
    build: (stack) => {
      const redis = stack.redis("cache", { primaryRegion: "eu-west-1", monthlyBudgetUsd: 220 });
      redis.grantRead(stack.workloadIdentity());
      new CloudRunV2Service(stack, "api", {
        name: "api",
        location: "europe-west1",
        ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY",
        template: {
          containers: [
            {
              image: "europe-docker.pkg.dev/acme/app/api@sha256:" + "0".repeat(64),
              env: [{ name: "REDIS_TOKEN", value: redis.resource.restToken }],
            },
          ],
        },
      });
    },
  },
  {
    // An ACL user given every command through an override of the kit's step.
    team: "sr-allcmd",
    control: "UPS-10",
    message: /ACL user worker: rules rule \+@all gives more than data access/,
    build: (stack) => {
      const redis = stack.redis("cache", { primaryRegion: "eu-west-1", monthlyBudgetUsd: 220 });
      const user = redis.addUser("worker");
      user.resource.addOverride("input.rules", ["~*", "+@all", "-@dangerous"]);
    },
  },
  {
    team: "sem-no-source",
    control: "NET-4",
    message: /admits 0\.0\.0\.0\/0 \(source_ranges is unset, which GCP reads as 0\.0\.0\.0\/0\)/,
    build: (stack) => {
      new ComputeFirewall(stack, "ssh", {
        name: "sem-no-source-ssh",
        network: NETWORK,
        direction: "INGRESS",
        allow: [{ protocol: "tcp", ports: ["22"] }],
        targetTags: ["bastion"],
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
      });
    },
  },
  {
    team: "sem-egress-all",
    control: "NET-3",
    message: /allows EGRESS to 0\.0\.0\.0\/0 at priority 100/,
    build: (stack) => {
      new ComputeFirewall(stack, "out", {
        name: "sem-egress-all-out",
        network: NETWORK,
        direction: "EGRESS",
        priority: 100,
        allow: [{ protocol: "all" }],
        destinationRanges: ["0.0.0.0/0"],
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
      });
    },
  },
  {
    team: "sem-egress-nodst",
    control: "NET-3",
    message: /destination_ranges is unset, which GCP reads as 0\.0\.0\.0\/0/,
    build: (stack) => {
      new ComputeFirewall(stack, "out", {
        name: "sem-egress-nodst-out",
        network: NETWORK,
        direction: "EGRESS",
        allow: [{ protocol: "tcp", ports: ["443"] }],
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
      });
    },
  },
  {
    team: "sem-halves",
    control: "NET-4",
    message: /admits 0\.0\.0\.0\/1, 128\.0\.0\.0\/1: together more public address space than one \/8/,
    build: (stack) => {
      new ComputeFirewall(stack, "in", {
        name: "sem-halves-in",
        network: NETWORK,
        allow: [{ protocol: "tcp", ports: ["443"] }],
        sourceRanges: ["0.0.0.0/1", "128.0.0.0/1"],
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
      });
    },
  },
  {
    team: "sem-quarters",
    control: "NET-4",
    message: /together more public address space than one \/8/,
    build: (stack) => {
      new ComputeFirewall(stack, "in", {
        name: "sem-quarters-in",
        network: NETWORK,
        allow: [{ protocol: "tcp", ports: ["443"] }],
        sourceRanges: ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"],
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
      });
    },
  },
  {
    team: "sem-v6-halves",
    control: "NET-4",
    message: /together more public address space than one \/8/,
    build: (stack) => {
      new ComputeFirewall(stack, "in", {
        name: "sem-v6-halves-in",
        network: NETWORK,
        allow: [{ protocol: "tcp", ports: ["443"] }],
        sourceRanges: ["2000::/4", "3000::/4"],
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
      });
    },
  },
  {
    team: "sem-object-pw",
    control: "SEC-6",
    message: /content looks like a credential/,
    build: (stack) => {
      const bucket = stack.bucket("config");
      new StorageBucketObject(stack, "env", {
        bucket: bucket.name,
        name: "app.env",
        content: "DATABASE_PASSWORD=Tr0ub4dor&3xyz\nLOG_LEVEL=info\n",
      });
    },
  },
  {
    team: "sem-object-key",
    control: "SEC-6",
    message: /content looks like a credential/,
    build: (stack) => {
      const bucket = stack.bucket("keys");
      new StorageBucketObject(stack, "sa", {
        bucket: bucket.name,
        name: "sa.json",
        content: JSON.stringify({ type: "service_account", project_id: "acme-redteam" }),
      });
    },
  },
  {
    team: "sem-out-redis",
    control: "SEC-6",
    message: /output "db" exposes the whole upstash_redis_database/,
    build: (stack) => {
      const redis = stack.redis("cache", { primaryRegion: "eu-west-1", monthlyBudgetUsd: 220 });
      redis.addUser("worker");
      new TerraformOutput(stack, "db", { value: redis.resource, sensitive: true });
    },
  },
  {
    team: "sem-module",
    control: "POL-4",
    message:
      /module "bucket" \(source "git::https:\/\/example\.com\/modules\/bucket\.git"\) creates resources the check cannot see/,
    build: (stack) => {
      new TerraformHclModule(stack, "bucket", {
        source: "git::https://example.com/modules/bucket.git",
        variables: { public: true },
      });
    },
  },
  {
    team: "sem-root-pw",
    control: "SEC-6",
    message: /literal credential in root_password/,
    build: (stack) => {
      stack.database("ledger").resource.addOverride("root_password", "Sup3r-S3cret-Passw0rd");
    },
  },
];

/** JSON edits of the shipped dev stacks, checked through the CLI. */
const EDIT_CASES: {
  name: string;
  stack: string;
  edit: (json: Json) => void;
  control: string;
  message: RegExp;
  /** A warning-level control: reported, exit code 0. */
  warning?: true;
}[] = [
  {
    name: "the daily-backup step switched to when = destroy",
    stack: "baseline-dev",
    edit: (j) => {
      const step = first(j, "terraform_data");
      ((step.provisioner as Json[])[0]["local-exec"] as Json).when = "destroy";
    },
    control: "UPS-3",
    message: /nothing in the stack calls enable-dailybackup for this database when it is created/,
  },
  {
    name: "the daily-backup step allowed to fail silently (on_failure = continue)",
    stack: "baseline-dev",
    edit: (j) => {
      const step = first(j, "terraform_data");
      ((step.provisioner as Json[])[0]["local-exec"] as Json).on_failure = "continue";
    },
    control: "UPS-3",
    message: /nothing in the stack calls enable-dailybackup/,
  },
  {
    name: 'an alert policy with enabled = "false"',
    stack: "baseline-dev",
    edit: (j) => (first(j, "google_monitoring_alert_policy").enabled = "false"),
    control: "MON-10",
    message: /enabled is "false"/,
  },
  {
    name: "an alert policy with enabled = 0",
    stack: "baseline-dev",
    edit: (j) => (first(j, "google_monitoring_alert_policy").enabled = "0"),
    control: "MON-10",
    message: /enabled is "0"/,
  },
  {
    name: "the notification channel disabled",
    stack: "baseline-dev",
    edit: (j) => (first(j, "google_monitoring_notification_channel").enabled = false),
    control: "MON-10",
    message: /every notification channel is disabled|the channel pages nobody/,
  },
  {
    name: "the notification channel disabled, so the CIS alert pages nobody",
    stack: "baseline-dev",
    edit: (j) => (first(j, "google_monitoring_notification_channel").enabled = "false"),
    control: "MON-1",
    message: /no notification channel/,
  },
  {
    name: "an exclusions block on the audit sink that drops Data Access logs",
    stack: "baseline-dev",
    edit: (j) =>
      (first(j, "google_logging_project_sink").exclusions = [
        { name: "drop-reads", filter: 'logName:"cloudaudit.googleapis.com%2Fdata_access"' },
      ]),
    control: "LOG-2",
    message: /exclusions on the audit log sink drop matching audit logs: "drop-reads"/,
  },
  {
    name: 'the audit sink disabled = "true"',
    stack: "baseline-dev",
    edit: (j) => (first(j, "google_logging_project_sink").disabled = "true"),
    control: "LOG-2",
    message: /no log sink exports audit logs/,
  },
  {
    name: "the deny-all egress rule created zero times (count = 0)",
    stack: "baseline-dev",
    edit: (j) => {
      const rules = (j.resource as Record<string, Record<string, Json>>).google_compute_firewall;
      const deny = Object.entries(rules).find(([name]) => name.includes("deny-all-egress"))![1];
      deny.count = 0;
    },
    control: "NET-3",
    message: /no EGRESS deny-all/,
  },
  {
    name: "the deny-all egress rule narrowed to tagged instances",
    stack: "baseline-dev",
    edit: (j) => {
      const rules = (j.resource as Record<string, Record<string, Json>>).google_compute_firewall;
      Object.entries(rules).find(([name]) => name.includes("deny-all-egress"))![1].target_tags = ["nobody"];
    },
    control: "NET-3",
    message: /no EGRESS deny-all/,
  },
  {
    name: "an egress allow at the deny-all's own priority",
    stack: "baseline-dev",
    edit: (j) =>
      addResource(j, "google_compute_firewall", "tie", {
        name: "tie",
        network: "${google_compute_network.network_C8AC2FB3.id}",
        direction: "EGRESS",
        priority: 65530,
        allow: [{ protocol: "all" }],
        destination_ranges: ["0.0.0.0/0"],
        log_config: { metadata: "INCLUDE_ALL_METADATA" },
      }),
    control: "NET-3",
    message: /google_compute_firewall\.tie allows EGRESS to 0\.0\.0\.0\/0 at priority 65530/,
  },
  {
    name: "two egress allows whose destinations add up to the internet",
    stack: "baseline-dev",
    edit: (j) => {
      for (const [name, range] of [
        ["low", "0.0.0.0/1"],
        ["high", "128.0.0.0/1"],
      ])
        addResource(j, "google_compute_firewall", name, {
          name,
          network: "${google_compute_network.network_C8AC2FB3.id}",
          direction: "EGRESS",
          allow: [{ protocol: "tcp", ports: ["443"] }],
          destination_ranges: [range],
          log_config: { metadata: "INCLUDE_ALL_METADATA" },
        });
    },
    control: "NET-3",
    message: /the deny-all egress rule is voided/,
  },
  {
    name: "a Redis allowlist of 0.0.0.0/1 + 128.0.0.0/1",
    stack: "baseline-dev",
    edit: (j) => (first(j, "upstash_redis_database").ip_allowlist = ["0.0.0.0/1", "128.0.0.0/1"]),
    control: "UPS-2",
    message: /together admits more public address space than one \/8/,
  },
  {
    name: "SQL authorized networks of two halves of the internet",
    stack: "baseline-dev",
    edit: (j) => {
      const ip = block(block(first(j, "google_sql_database_instance").settings)!.ip_configuration)!;
      ip.authorized_networks = [{ value: "0.0.0.0/1" }, { value: "128.0.0.0/1" }];
    },
    control: "SQL-2",
    message: /authorized_networks admits "0\.0\.0\.0\/1", "128\.0\.0\.0\/1"/,
  },
  {
    name: 'SQL deletion_protection = "false"',
    stack: "baseline-dev",
    edit: (j) => (first(j, "google_sql_database_instance").deletion_protection = "false"),
    control: "SQL-6",
    message: /deletion_protection is "false"/,
  },
  {
    name: "a literal secret_data_wo",
    stack: "payments-dev",
    edit: (j) =>
      addResource(j, "google_secret_manager_secret_version", "wo", {
        secret: "${google_secret_manager_secret.x.id}",
        secret_data_wo: "write-only-but-still-in-the-repo",
        secret_data_wo_version: 1,
      }),
    control: "SEC-6",
    message: /literal credential in secret_data_wo/,
  },
  {
    name: "a literal HMAC-style sensitive attribute on another resource type (google_sql_user.password_wo)",
    stack: "payments-dev",
    edit: (j) =>
      addResource(j, "google_sql_user", "app", {
        instance: "x",
        name: "app",
        password_wo: "correct-horse-battery",
      }),
    control: "SEC-6",
    message: /literal credential in password_wo/,
  },
  {
    name: "an output of a sensitive attribute through a template",
    stack: "baseline-dev",
    edit: (j) => {
      const [name] = Object.keys((j.resource as Record<string, Json>).upstash_redis_database);
      (j.output as Json).leak = {
        value: `redis://default:\${upstash_redis_database.${name}.password}@host:6379`,
      };
    },
    control: "SEC-6",
    message: /output "leak" exposes upstash_redis_database\.password/,
  },
  {
    name: "a provider aimed at another project",
    stack: "payments-dev",
    edit: (j) => (((j.provider as Json).google as Json[])[0].project = "someone-elses-project"),
    control: "POL-3",
    message:
      /provider "google" project is "someone-elses-project", not the environment's project "acme-baseline-dev"/,
  },
  {
    name: "a second, aliased google-beta provider on another project",
    stack: "payments-dev",
    edit: (j) => ((j.provider as Json)["google-beta"] = [{ alias: "side", project: "shadow-project-1" }]),
    control: "POL-3",
    message: /provider "google-beta" \(alias side\) project is "shadow-project-1"/,
  },
  {
    name: "a resource-level project pointing elsewhere",
    stack: "payments-dev",
    edit: (j) => (first(j, "google_storage_bucket").project = "shadow-project-1"),
    control: "POL-3",
    message: /project is "shadow-project-1"/,
  },
  {
    name: "a firewall whose allow rules come from a dynamic block",
    stack: "payments-dev",
    edit: (j) =>
      addResource(j, "google_compute_firewall", "dyn", {
        name: "dyn",
        network: "x",
        source_ranges: ["0.0.0.0/0"],
        dynamic: {
          allow: { for_each: "${var.ports}", content: { protocol: "tcp", ports: ["${allow.value}"] } },
        },
        log_config: { metadata: "INCLUDE_ALL_METADATA" },
      }),
    control: "POL-4",
    message: /dynamic block\(s\) allow are generated at apply/,
  },
  {
    name: "a provisioner that makes a bucket public from the deployer's machine",
    stack: "payments-dev",
    edit: (j) =>
      (first(j, "google_storage_bucket").provisioner = [
        {
          "local-exec": {
            command:
              "gcloud storage buckets add-iam-policy-binding gs://x --member=allUsers --role=roles/storage.objectViewer",
          },
        },
      ]),
    control: "POL-4",
    message: /provisioner local-exec runs commands the check cannot verify/,
  },
  {
    name: "force_destroy from an expression",
    stack: "payments-dev",
    edit: (j) => (first(j, "google_storage_bucket").force_destroy = "${var.cleanup}"),
    control: "GCS-4",
    message: /force_destroy is "\$\{var\.cleanup\}"/,
  },
  {
    name: "a Redis allowlist entry that widens a reference to /1",
    stack: "baseline-dev",
    edit: (j) => {
      const db = first(j, "upstash_redis_database");
      db.ip_allowlist = (db.ip_allowlist as string[]).map((e) => e.replace(/\/32$/, "/1"));
    },
    control: "UPS-2",
    message: /cannot verify ip_allowlist: \$\{google_compute_address\.[^}]+\}\/1/,
  },
  {
    name: "an ingress source that widens a reference to /0",
    stack: "payments-dev",
    edit: (j) =>
      addResource(j, "google_compute_firewall", "wide-ref", {
        name: "wide-ref",
        network: "x",
        allow: [{ protocol: "tcp", ports: ["22"] }],
        source_ranges: ["${google_compute_address.office.address}/0"],
        log_config: { metadata: "INCLUDE_ALL_METADATA" },
      }),
    control: "NET-5",
    message:
      /cannot verify google_compute_firewall\.source_ranges: \$\{google_compute_address\.office\.address\}\/0/,
  },
  {
    name: "a team stack exempting members from the project's Data Access audit logs",
    stack: "payments-dev",
    edit: (j) =>
      addResource(j, "google_project_iam_audit_config", "quiet", {
        project: "acme-baseline-dev",
        service: "storage.googleapis.com",
        audit_log_config: [
          { log_type: "ADMIN_READ" },
          {
            log_type: "DATA_READ",
            exempted_members: ["serviceAccount:etl@acme-baseline-dev.iam.gserviceaccount.com"],
          },
          { log_type: "DATA_WRITE" },
        ],
      }),
    control: "LOG-1",
    message: /exempted_members set for DATA_READ/,
  },
  {
    name: "an object published with a canned ACL (predefined_acl = publicRead)",
    stack: "payments-dev",
    edit: (j) =>
      addResource(j, "google_storage_bucket_object", "page", {
        bucket: "acme-baseline-dev-payments-invoices",
        name: "index.html",
        content: "<h1>hello</h1>",
        predefined_acl: "publicRead",
      }),
    control: "GCS-3",
    message: /grants access to predefined_acl publicRead/,
  },
  {
    name: "eviction from an expression the check cannot evaluate",
    stack: "baseline-dev",
    edit: (j) => (first(j, "upstash_redis_database").eviction = '${timestamp() != ""}'),
    control: "UPS-5",
    message: /cannot verify eviction/,
    warning: true,
  },
];

describe("adversarial: semantics (team files through the app)", () => {
  let reports: Map<string, StackReport>;
  beforeAll(() => {
    reports = synthTeams(TEAM_CASES);
  });

  it.each(TEAM_CASES.map((c) => [c.team, c] as const))("%s is caught", (_team, c) => {
    expect(lines(reports.get(c.team)!.findings.filter((f) => f.control === c.control))).toEqual(
      expect.arrayContaining([expect.stringMatching(c.message)]),
    );
  });
});

describe("adversarial: semantics (edited JSON through the CLI)", () => {
  it.each(EDIT_CASES.map((c) => [c.name, c] as const))("%s is caught", (_name, c) => {
    const result = checkEdited(c.stack, c.edit);
    expect(result.code).toBe(c.warning ? 0 : 1);
    expect(result.findings.filter((f) => f.control === c.control).map((f) => f.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(c.message)]),
    );
  });

  it("a deny-all written as two halves of the internet still counts (no false alarm)", () => {
    const result = checkEdited("baseline-dev", (j) => {
      const rules = (j.resource as Record<string, Record<string, Json>>).google_compute_firewall;
      Object.entries(rules).find(([name]) => name.includes("deny-all-egress"))![1].destination_ranges = [
        "0.0.0.0/1",
        "128.0.0.0/1",
      ];
    });
    expect(result.findings.filter((f) => f.control === "NET-3")).toEqual([]);
  });
});
