import { diffStackSets, type PlanDiff, type StackDiff } from "../../../tools/plan-diff/diff";
import { app, baseResources, edited, stackJson } from "./fixtures";

const base = app(baseResources());

function only(diff: PlanDiff): StackDiff {
  expect(diff.stacks).toHaveLength(1);
  return diff.stacks[0];
}

/** A secret-like literal built at run time, so no credential-shaped literal sits in the repository. */
function fakeSecret(kind: string): string {
  return ["literal", kind, process.pid].join("-");
}

describe("diffStackSets", () => {
  it("reports an identical app as unchanged, ignoring cdktf's // metadata", () => {
    const head = app(baseResources());
    (head["baseline-dev"]["//"] as Record<string, unknown>).metadata = { version: "0.22.0" };
    const diff = diffStackSets(base, head);
    expect(only(diff).status).toBe("unchanged");
    expect(diff.destroyWarnings).toEqual([]);
    expect(diff.protectionWarnings).toEqual([]);
  });

  it("ignores a changed construct path in a resource's // metadata", () => {
    const head = app(baseResources());
    const bucket = (head["baseline-dev"].resource as Record<string, Record<string, Record<string, unknown>>>)
      .google_storage_bucket.data;
    bucket["//"] = { metadata: { path: "baseline-dev/renamed-construct" } };
    expect(only(diffStackSets(base, head)).status).toBe("unchanged");
  });

  it("lists an added resource with its construct path, without a destroy warning", () => {
    const head = app(edited((r) => (r.google_pubsub_topic.alerts = { name: "alerts" })));
    const diff = diffStackSets(base, head);
    expect(only(diff).added).toEqual([
      {
        stack: "baseline-dev",
        address: "google_pubsub_topic.alerts",
        type: "google_pubsub_topic",
        constructPath: "baseline-dev/alerts",
      },
    ]);
    expect(only(diff).status).toBe("changed");
    expect(diff.destroyWarnings).toEqual([]);
  });

  it("reports an in-place change at attribute level with old and new values", () => {
    const head = app(edited((r) => (r.google_kms_crypto_key.key.rotation_period = "2592000s")));
    const diff = diffStackSets(base, head);
    expect(only(diff).changed).toEqual([
      expect.objectContaining({
        address: "google_kms_crypto_key.key",
        changes: [{ path: "rotation_period", before: "7776000s", after: "2592000s" }],
      }),
    ]);
    expect(only(diff).replaced).toEqual([]);
    expect(diff.destroyWarnings).toEqual([]);
  });

  it("shows a changed list of scalars as the whole list before and after", () => {
    const head = app(
      edited(
        (r) => (r.google_compute_firewall["allow-iap"].source_ranges = ["35.235.240.0/20", "0.0.0.0/0"]),
      ),
    );
    expect(only(diffStackSets(base, head)).changed[0].changes).toEqual([
      { path: "source_ranges", before: ["35.235.240.0/20"], after: ["35.235.240.0/20", "0.0.0.0/0"] },
    ]);
  });

  it("reports nested added and removed attributes as absent on the other side", () => {
    const head = app(
      edited((r) => {
        r.google_storage_bucket.data.soft_delete_policy = { retention_duration_seconds: 604800 };
        delete r.google_storage_bucket.data.versioning;
      }),
    );
    expect(only(diffStackSets(base, head)).changed[0].changes).toEqual([
      { path: "soft_delete_policy", before: undefined, after: { retention_duration_seconds: 604800 } },
      { path: "versioning", before: { enabled: true }, after: undefined },
    ]);
  });

  it("warns when a stateful resource (a bucket) is removed", () => {
    const head = app(edited((r) => delete r.google_storage_bucket.data));
    const diff = diffStackSets(base, head);
    expect(only(diff).removed.map((r) => r.address)).toEqual(["google_storage_bucket.data"]);
    expect(diff.destroyWarnings).toEqual([
      expect.objectContaining({
        stack: "baseline-dev",
        address: "google_storage_bucket.data",
        action: "removed",
        loses: expect.stringContaining("objects are deleted"),
      }),
    ]);
  });

  it("does not warn when a stateless resource (a topic) is removed", () => {
    const head = app(edited((r) => delete r.google_pubsub_topic.rotation));
    const diff = diffStackSets(base, head);
    expect(only(diff).removed.map((r) => r.address)).toEqual(["google_pubsub_topic.rotation"]);
    expect(diff.destroyWarnings).toEqual([]);
  });

  it.each([
    [
      "google_storage_bucket",
      "data",
      (r: ReturnType<typeof baseResources>) => (r.google_storage_bucket.data.location = "US"),
      "location",
    ],
    [
      "google_storage_bucket",
      "data",
      (r: ReturnType<typeof baseResources>) => (r.google_storage_bucket.data.name = "acme-data-2"),
      "name",
    ],
    [
      "google_kms_crypto_key",
      "key",
      (r: ReturnType<typeof baseResources>) =>
        (r.google_kms_crypto_key.key.key_ring = "${google_kms_key_ring.other.id}"),
      "key_ring",
    ],
    [
      "google_kms_crypto_key",
      "key",
      (r: ReturnType<typeof baseResources>) =>
        ((r.google_kms_crypto_key.key.version_template as Record<string, unknown>).protection_level = "HSM"),
      "version_template.protection_level",
    ],
    [
      "google_kms_key_ring",
      "ring",
      (r: ReturnType<typeof baseResources>) => (r.google_kms_key_ring.ring.location = "europe-west4"),
      "location",
    ],
    [
      "google_secret_manager_secret",
      "app",
      (r: ReturnType<typeof baseResources>) =>
        (r.google_secret_manager_secret.app.replication = {
          user_managed: { replicas: [{ location: "europe-west4" }] },
        }),
      "replication",
    ],
    [
      "google_secret_manager_secret",
      "app",
      (r: ReturnType<typeof baseResources>) => (r.google_secret_manager_secret.app.secret_id = "renamed"),
      "secret_id",
    ],
  ])("reports %s.%s as replaced when a force-new attribute changes (%#)", (type, name, edit, attribute) => {
    const diff = diffStackSets(base, app(edited(edit)));
    const stack = only(diff);
    expect(stack.changed).toEqual([]);
    expect(stack.replaced).toEqual([
      expect.objectContaining({ address: `${type}.${name}`, forcedBy: [attribute] }),
    ]);
    expect(stack.replaced[0].changes.some((c) => c.forcesReplacement === attribute)).toBe(true);
    expect(diff.destroyWarnings).toEqual([
      expect.objectContaining({ address: `${type}.${name}`, action: "replaced", forcedBy: [attribute] }),
    ]);
  });

  it("does not count a block added around an unchanged force-new attribute as a replacement", () => {
    const noTemplate = edited((r) => delete r.google_kms_crypto_key.key.version_template);
    const withTemplate = edited((r) => {
      r.google_kms_crypto_key.key.version_template = { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION" };
    });
    const diff = diffStackSets(app(noTemplate), app(withTemplate));
    expect(only(diff).replaced).toEqual([]);
    expect(only(diff).changed[0].changes).toEqual([
      { path: "version_template", before: undefined, after: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION" } },
    ]);
    const withProtection = edited((r) => {
      r.google_kms_crypto_key.key.version_template = { protection_level: "HSM" };
    });
    expect(only(diffStackSets(app(noTemplate), app(withProtection))).replaced[0].forcedBy).toEqual([
      "version_template.protection_level",
    ]);
  });

  it("notes when prevent_destroy still blocks a replacement, and not when it was lifted", () => {
    const blocked = diffStackSets(base, app(edited((r) => (r.google_storage_bucket.data.location = "US"))));
    expect(blocked.destroyWarnings[0].blockedByPreventDestroy).toBe(true);
    const lifted = diffStackSets(
      base,
      app(
        edited((r) => {
          r.google_storage_bucket.data.location = "US";
          r.google_storage_bucket.data.lifecycle = { prevent_destroy: false };
        }),
      ),
    );
    expect(lifted.destroyWarnings[0].blockedByPreventDestroy).toBe(false);
  });

  it("warns for each of Cloud SQL, Redis, log buckets and static addresses when replaced", () => {
    const stateful = {
      google_sql_database_instance: {
        db: { name: "db", region: "europe-west1", database_version: "POSTGRES_16" },
      },
      upstash_redis_database: {
        cache: { database_name: "dev-cache", region: "global", primary_region: "eu-west-1" },
      },
      google_logging_project_bucket_config: { audit: { bucket_id: "audit", location: "europe-west1" } },
      google_compute_address: { nat: { name: "nat-1", region: "europe-west1" } },
    };
    const changed = structuredClone(stateful);
    changed.google_sql_database_instance.db.region = "europe-west4";
    changed.upstash_redis_database.cache.primary_region = "us-east-1";
    changed.google_logging_project_bucket_config.audit.location = "europe-west4";
    changed.google_compute_address.nat.region = "europe-west4";
    const diff = diffStackSets(app(stateful), app(changed));
    expect(diff.destroyWarnings.map((w) => [w.address, w.forcedBy])).toEqual([
      ["google_compute_address.nat", ["region"]],
      ["google_logging_project_bucket_config.audit", ["location"]],
      ["google_sql_database_instance.db", ["region"]],
      ["upstash_redis_database.cache", ["primary_region"]],
    ]);
  });

  it("estimates a Cloud SQL major version upgrade as in place, and any other version change as a replacement", () => {
    const instance = (version: string) =>
      app({
        google_sql_database_instance: {
          db: { name: "db", region: "europe-west1", database_version: version },
        },
      });
    const upgrade = diffStackSets(instance("POSTGRES_15"), instance("POSTGRES_16"));
    expect(only(upgrade).changed.map((r) => r.address)).toEqual(["google_sql_database_instance.db"]);
    expect(upgrade.destroyWarnings).toEqual([]);
    for (const [from, to] of [
      ["POSTGRES_16", "POSTGRES_15"],
      ["MYSQL_8_0", "POSTGRES_16"],
      ["POSTGRES_16", "${var.version}"],
    ]) {
      const diff = diffStackSets(instance(from), instance(to));
      expect([from, to, diff.destroyWarnings.map((w) => w.forcedBy)]).toEqual([
        from,
        to,
        [["database_version"]],
      ]);
    }
  });

  it("treats a renamed address of a stateful resource as removal plus addition, and names the twin", () => {
    const head = app(
      edited((r) => {
        r.google_storage_bucket.customer_data = r.google_storage_bucket.data;
        delete r.google_storage_bucket.data;
      }),
    );
    const diff = diffStackSets(base, head);
    expect(only(diff).added.map((r) => r.address)).toEqual(["google_storage_bucket.customer_data"]);
    expect(only(diff).removed).toEqual([
      expect.objectContaining({
        address: "google_storage_bucket.data",
        sameConfigurationAs: "google_storage_bucket.customer_data",
      }),
    ]);
    expect(diff.destroyWarnings).toEqual([
      expect.objectContaining({ address: "google_storage_bucket.data", action: "removed" }),
    ]);
  });

  it("reports a rename covered by a moved block as moved, without a destroy warning", () => {
    const resources = edited((r) => {
      r.google_storage_bucket.customer_data = r.google_storage_bucket.data;
      delete r.google_storage_bucket.data;
    });
    const head = app(resources, {
      moved: [{ from: "google_storage_bucket.data", to: "google_storage_bucket.customer_data" }],
    });
    const diff = diffStackSets(base, head);
    expect(only(diff).moved).toEqual([
      {
        stack: "baseline-dev",
        from: "google_storage_bucket.data",
        to: "google_storage_bucket.customer_data",
        changes: [],
      },
    ]);
    expect(only(diff).added).toEqual([]);
    expect(only(diff).removed).toEqual([]);
    expect(diff.destroyWarnings).toEqual([]);
  });

  it("still warns when a moved stateful resource also changes a force-new attribute", () => {
    const resources = edited((r) => {
      r.google_storage_bucket.customer_data = { ...r.google_storage_bucket.data, location: "US" };
      delete r.google_storage_bucket.data;
    });
    const head = app(resources, {
      moved: [{ from: "google_storage_bucket.data", to: "google_storage_bucket.customer_data" }],
    });
    const diff = diffStackSets(base, head);
    // Moved and replaced is replaced: never listed as "moved (kept)".
    expect(only(diff).moved).toEqual([]);
    expect(only(diff).replaced).toEqual([
      expect.objectContaining({
        address: "google_storage_bucket.customer_data",
        movedFrom: "google_storage_bucket.data",
        forcedBy: ["location"],
        changes: [{ path: "location", before: "EU", after: "US", forcesReplacement: "location" }],
      }),
    ]);
    expect(diff.destroyWarnings).toEqual([
      expect.objectContaining({
        address: "google_storage_bucket.customer_data",
        action: "replaced",
        forcedBy: ["location"],
      }),
    ]);
  });

  it("shows a moved resource whose name changes as replaced, for types outside the table too", () => {
    const head = app(
      edited((r) => {
        r.google_compute_firewall["allow-iap-v2"] = {
          ...r.google_compute_firewall["allow-iap"],
          name: "allow-iap-v2",
        };
        delete r.google_compute_firewall["allow-iap"];
      }),
      { moved: [{ from: "google_compute_firewall.allow-iap", to: "google_compute_firewall.allow-iap-v2" }] },
    );
    const stack = only(diffStackSets(base, head));
    expect(stack.moved).toEqual([]);
    expect(stack.replaced.map((r) => [r.address, r.movedFrom, r.forcedBy])).toEqual([
      ["google_compute_firewall.allow-iap-v2", "google_compute_firewall.allow-iap", ["name"]],
    ]);
    // A stateless resource's replacement loses no data: no destroy warning.
    expect(diffStackSets(base, head).destroyWarnings).toEqual([]);
  });

  it("treats project and name as forcing replacement of Google types the table does not list", () => {
    const renamed = only(
      diffStackSets(base, app(edited((r) => (r.google_pubsub_topic.rotation.name = "renamed")))),
    );
    expect(renamed.replaced.map((r) => [r.address, r.forcedBy])).toEqual([
      ["google_pubsub_topic.rotation", ["name"]],
    ]);
    const relabeled = only(
      diffStackSets(base, app(edited((r) => (r.google_pubsub_topic.rotation.labels = { team: "x" })))),
    );
    expect(relabeled.replaced).toEqual([]);
    expect(relabeled.changed.map((r) => r.address)).toEqual(["google_pubsub_topic.rotation"]);
  });

  it("masks sensitive attribute values, at any depth, and never leaks them", () => {
    const head = app(
      edited((r) => {
        r.google_secret_manager_secret_version.app.secret_data = fakeSecret("secret-data");
        r.google_sql_user.app.password = fakeSecret("password");
        r.google_storage_bucket.logs.labels = { team: "platform", api_key: fakeSecret("api-key") };
        r.google_pubsub_topic.rotation.sensitive_labels = { auth_header: `Bearer ${fakeSecret("header")}` };
      }),
    );
    const diff = diffStackSets(base, head);
    const changes = Object.fromEntries(
      [...only(diff).changed, ...only(diff).replaced].flatMap((r) =>
        r.changes.map((c) => [`${r.address} ${c.path}`, c]),
      ),
    );
    expect(changes["google_secret_manager_secret_version.app secret_data"]).toMatchObject({
      before: "(sensitive)",
      after: "(sensitive)",
      forcesReplacement: "secret_data",
    });
    expect(changes["google_sql_user.app password"]).toMatchObject({
      before: "(sensitive)",
      after: "(sensitive)",
    });
    expect(changes["google_storage_bucket.logs labels"].after).toEqual({
      team: "platform",
      api_key: "(sensitive)",
    });
    expect(changes["google_pubsub_topic.rotation sensitive_labels"].after).toBe("(sensitive)");
    expect(JSON.stringify(diff)).not.toMatch(/literal/);
    expect(JSON.stringify(diff)).not.toContain(String(process.pid));
  });

  it("shows secret ids, which name a secret rather than hold it", () => {
    const head = app(edited((r) => (r.google_secret_manager_secret.app.secret_id = "renamed")));
    expect(only(diffStackSets(base, head)).replaced[0].changes).toContainEqual(
      expect.objectContaining({ path: "secret_id", before: "app-signing-key", after: "renamed" }),
    );
  });

  it("warns when destroy protection is turned off on a stateful resource", () => {
    const head = app(
      edited((r) => {
        r.google_storage_bucket.data.lifecycle = { prevent_destroy: false };
        r.google_storage_bucket.logs.force_destroy = true;
        r.google_secret_manager_secret.app.deletion_protection = false;
        r.google_pubsub_topic.rotation.lifecycle = { prevent_destroy: false };
      }),
    );
    const diff = diffStackSets(base, head);
    expect(
      diff.protectionWarnings.map((w) => [w.address, w.change.path, w.change.before, w.change.after]),
    ).toEqual([
      ["google_secret_manager_secret.app", "deletion_protection", true, false],
      ["google_storage_bucket.data", "lifecycle.prevent_destroy", true, false],
      ["google_storage_bucket.logs", "force_destroy", false, true],
    ]);
    expect(diff.destroyWarnings).toEqual([]);
  });

  it("treats a stack that disappears as the removal of all its resources", () => {
    const diff = diffStackSets(
      { ...base, "baseline-old": stackJson("baseline-old", baseResources()) },
      { ...base, "baseline-new": stackJson("baseline-new", { google_pubsub_topic: { t: { name: "t" } } }) },
    );
    expect(diff.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["baseline-dev", "unchanged"],
      ["baseline-new", "added"],
      ["baseline-old", "removed"],
    ]);
    expect(diff.destroyWarnings.map((w) => w.address)).toEqual([
      "google_kms_crypto_key.key",
      "google_kms_key_ring.ring",
      "google_secret_manager_secret.app",
      "google_secret_manager_secret_version.app",
      "google_storage_bucket.data",
      "google_storage_bucket.logs",
    ]);
    expect(diff.destroyWarnings.every((w) => w.stack === "baseline-old")).toBe(true);
  });
});
