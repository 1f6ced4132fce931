/**
 * Adversarial: JSON shape. Terraform's JSON syntax accepts block bodies as objects or lists of objects,
 * labelled levels as lists, and strings where bools and numbers are expected; JSON.parse keeps the last of
 * duplicate keys. The check reads every form Terraform reads (or refuses the input), through the CLI.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { addResource, checkEdited, cli, first, shipped, writeStacks } from "./support";

type Json = Record<string, unknown>;

const PUBLIC_BUCKET = {
  name: "acme-baseline-dev-shape",
  location: "EU",
  public_access_prevention: "inherited",
  uniform_bucket_level_access: true,
};

/** Messages of a CLI result's findings for one control. */
function messages(result: ReturnType<typeof cli>, control: string): string[] {
  return result.findings.filter((f) => f.control === control).map((f) => f.message);
}

describe("adversarial: JSON shape (edited JSON through the CLI)", () => {
  it("a resource body written as a list of objects is judged", () => {
    const result = checkEdited("payments-dev", (j) =>
      addResource(j, "google_storage_bucket", "listed", [PUBLIC_BUCKET] as unknown as Json),
    );
    expect(messages(result, "GCS-1")).toContain('public_access_prevention is "inherited"');
  });

  it("`resource` written as a list of objects is judged", () => {
    const result = checkEdited("payments-dev", (j) => {
      j.resource = [j.resource, { google_storage_bucket: { "second-block": PUBLIC_BUCKET } }];
    });
    expect(
      result.findings.some(
        (f) => f.control === "GCS-1" && f.resource === "google_storage_bucket.second-block",
      ),
    ).toBe(true);
  });

  it("a resource type level written as a list of objects is judged", () => {
    const result = checkEdited("payments-dev", (j) => {
      const resources = j.resource as Json;
      resources.google_storage_bucket = [resources.google_storage_bucket, { typed: PUBLIC_BUCKET }];
    });
    expect(result.findings.map((f) => `${f.control} ${f.resource}`)).toContain(
      "GCS-1 google_storage_bucket.typed",
    );
  });

  it('"false" where Terraform expects a bool is false (uniform_bucket_level_access)', () => {
    const result = checkEdited(
      "payments-dev",
      (j) => (first(j, "google_storage_bucket").uniform_bucket_level_access = "false"),
    );
    expect(messages(result, "GCS-2")).toContain('uniform_bucket_level_access is "false"');
  });

  it('"0" where Terraform expects a bool is false (delete_default_routes_on_create)', () => {
    const result = checkEdited(
      "baseline-dev",
      (j) => (first(j, "google_compute_network").delete_default_routes_on_create = "0"),
    );
    expect(messages(result, "NET-2")).toContain('delete_default_routes_on_create is "0"');
  });

  it('"true" where Terraform expects a bool is true (eviction on Redis)', () => {
    const result = checkEdited("baseline-dev", (j) => (first(j, "upstash_redis_database").eviction = "true"));
    expect(messages(result, "UPS-5")).toContain("eviction is true");
  });

  it('a numeric string priority is a number: an egress allow at "100" voids the deny-all', () => {
    const result = checkEdited("baseline-dev", (j) =>
      addResource(j, "google_compute_firewall", "str-priority", {
        name: "str-priority",
        network: "${google_compute_network.network_C8AC2FB3.id}",
        direction: "EGRESS",
        priority: "100",
        allow: [{ protocol: "all" }],
        destination_ranges: ["0.0.0.0/0"],
        log_config: { metadata: "INCLUDE_ALL_METADATA" },
      }),
    );
    expect(messages(result, "NET-3").join("\n")).toMatch(
      /str-priority allows EGRESS to 0\.0\.0\.0\/0 at priority 100/,
    );
  });

  it("a data source level written as a list, with a public google_iam_policy, is resolved", () => {
    const result = checkEdited("payments-dev", (j) => {
      j.data = [
        j.data,
        {
          google_iam_policy: {
            open: [{ binding: [{ role: "roles/storage.objectViewer", members: ["allUsers"] }] }],
          },
        },
      ];
      addResource(j, "google_storage_bucket_iam_policy", "open", {
        bucket: "acme-baseline-dev-payments-invoices",
        policy_data: "${data.google_iam_policy.open.policy_data}",
      });
    });
    expect(messages(result, "GCS-3")).toContain("grants access to allUsers");
  });

  it("an `output` written as a list of objects exposing a whole Redis database is judged", () => {
    const result = checkEdited("payments-dev", (j) => {
      const [name] = Object.keys((j.resource as Record<string, Json>).upstash_redis_database);
      j.output = [{ whole: { value: `\${upstash_redis_database.${name}}` } }];
    });
    expect(messages(result, "SEC-6").join("\n")).toMatch(
      /output "whole" exposes the whole upstash_redis_database/,
    );
  });

  it("`locals` written as a list of objects are merged and resolved", () => {
    const result = checkEdited("payments-dev", (j) => {
      j.locals = [{ ignored: 1 }, { anyone: "allAuthenticatedUsers" }];
      addResource(j, "google_storage_bucket_iam_member", "anyone", {
        bucket: "acme-baseline-dev-payments-invoices",
        role: "roles/storage.objectViewer",
        member: "${local.anyone}",
      });
    });
    expect(messages(result, "GCS-3")).toContain("grants access to allAuthenticatedUsers");
  });

  it("a `variable` written as a list, with a default of the whole internet, is resolved", () => {
    const result = checkEdited("baseline-dev", (j) => {
      j.variable = [{ cidrs: [{ type: "list(string)", default: ["0.0.0.0/0"] }] }];
      first(j, "upstash_redis_database").ip_allowlist = "${var.cidrs}";
    });
    expect(messages(result, "UPS-2")).toContain("ip_allowlist contains 0.0.0.0/0");
  });

  it("a `provider` written as an object (not a list) is judged", () => {
    const result = checkEdited(
      "payments-dev",
      (j) => ((j.provider as Json).google = { project: "shadow-project-1" }),
    );
    expect(messages(result, "POL-3").join("\n")).toMatch(/provider "google" project is "shadow-project-1"/);
  });

  it("a nested block written as a list of objects is read like an object (SQL ip_configuration)", () => {
    const result = checkEdited("baseline-dev", (j) => {
      const db = first(j, "google_sql_database_instance");
      const settings = db.settings as Json;
      settings.ip_configuration = [{ ...(settings.ip_configuration as Json), ipv4_enabled: true }];
    });
    expect(messages(result, "SQL-1").join("\n")).toMatch(/ipv4_enabled is true/);
  });

  it("two bodies under one resource name are both judged", () => {
    const result = checkEdited("payments-dev", (j) => {
      const bucket = first(j, "google_storage_bucket");
      addResource(j, "google_storage_bucket", "twice", [bucket, PUBLIC_BUCKET] as unknown as Json);
    });
    expect(messages(result, "GCS-1")).toContain('public_access_prevention is "inherited"');
  });

  it("a duplicate key in cdk.tf.json is refused with exit 2 and the key's path", () => {
    const json = shipped("payments-dev");
    const text = JSON.stringify(json).replace(
      '"public_access_prevention":"enforced"',
      '"public_access_prevention":"inherited","public_access_prevention":"enforced"',
    );
    const result = cli([writeStacks({ "payments-dev": text })]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /duplicate key "public_access_prevention" at resource\.google_storage_bucket\./,
    );
    expect(result.stderr.split("\n")).toHaveLength(1);
  });

  it("a duplicate resource name (the last one would win in JSON.parse) is refused", () => {
    const text =
      '{"resource":{"google_storage_bucket":{"a":{"name":"x","public_access_prevention":"inherited"},"a":{"name":"x"}}}}';
    const result = cli([writeStacks({ "payments-dev": text })]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/duplicate key "a" at resource\.google_storage_bucket/);
  });

  it("a resource type given as a string (Terraform refuses it) is refused, never skipped", () => {
    const result = cli([writeStacks({ "payments-dev": '{"resource":{"google_storage_bucket":"oops"}}' })]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /resource\.google_storage_bucket is a string; expected an object of named blocks/,
    );
  });

  it("a resource body given as a number is refused, never skipped", () => {
    const result = cli([writeStacks({ "payments-dev": '{"resource":{"google_storage_bucket":{"a":42}}}' })]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/resource\.google_storage_bucket\.a is a number; expected a block body/);
  });

  it("a second Terraform file next to cdk.tf.json (Terraform loads it too) is refused", () => {
    const dir = writeStacks({ "payments-dev": shipped("payments-dev") });
    writeFileSync(
      join(dir, "stacks", "payments-dev", "public_override.tf.json"),
      JSON.stringify({
        resource: { google_storage_bucket: { x: { public_access_prevention: "inherited" } } },
      }),
    );
    const result = cli([dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /payments-dev: Terraform would also load public_override\.tf\.json, which the check does not read/,
    );
  });
});
