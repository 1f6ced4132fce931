/** Synthesized-stack fixtures for the plan diff: small, hand-written `cdk.tf.json` shapes. */
import type { StackSet, TerraformJson } from "../../../tools/plan-diff/diff";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** A resource as cdktf writes it: with `//` metadata naming its construct path. */
function withMetadata(stack: string, resources: Resources): Resources {
  return Object.fromEntries(
    Object.entries(resources).map(([type, byName]) => [
      type,
      Object.fromEntries(
        Object.entries(byName).map(([name, attrs]) => [
          name,
          { "//": { metadata: { path: `${stack}/${name}`, uniqueId: name } }, ...attrs },
        ]),
      ),
    ]),
  );
}

/** A stack's JSON with the usual top-level keys. */
export function stackJson(
  stack: string,
  resources: Resources,
  extra: Record<string, unknown> = {},
): TerraformJson {
  return {
    "//": { metadata: { backend: "local", stackName: stack, version: "0.21.0" } },
    provider: { google: [{ project: "acme-test-dev", region: "europe-west1" }] },
    resource: withMetadata(stack, resources),
    ...extra,
  };
}

/** A baseline-like stack: key ring and key, two buckets, a secret with a version, a topic, a firewall. */
export function baseResources(): Resources {
  return {
    google_kms_key_ring: {
      ring: { name: "baseline-dev", location: "europe-west1", lifecycle: { prevent_destroy: true } },
    },
    google_kms_crypto_key: {
      key: {
        name: "storage",
        key_ring: "${google_kms_key_ring.ring.id}",
        rotation_period: "7776000s",
        version_template: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protection_level: "SOFTWARE" },
        lifecycle: { prevent_destroy: true },
      },
    },
    google_storage_bucket: {
      data: {
        name: "acme-data",
        location: "EU",
        force_destroy: false,
        versioning: { enabled: true },
        lifecycle: { prevent_destroy: true },
      },
      logs: { name: "acme-logs", location: "EU", force_destroy: false, lifecycle: { prevent_destroy: true } },
    },
    google_secret_manager_secret: {
      app: {
        secret_id: "app-signing-key",
        deletion_protection: true,
        replication: { user_managed: { replicas: [{ location: "europe-west1" }] } },
        lifecycle: { prevent_destroy: true },
      },
    },
    google_secret_manager_secret_version: {
      app: { secret: "${google_secret_manager_secret.app.id}", secret_data: "${random_password.app.result}" },
    },
    google_pubsub_topic: { rotation: { name: "secret-rotation-reminders" } },
    google_compute_firewall: {
      "allow-iap": { name: "allow-iap", direction: "INGRESS", source_ranges: ["35.235.240.0/20"] },
    },
    google_sql_user: { app: { name: "app", instance: "db", password: "${random_password.db.result}" } },
  };
}

/** One stack, `baseline-dev`, from resources. */
export function app(resources: Resources, extra: Record<string, unknown> = {}): StackSet {
  return { "baseline-dev": stackJson("baseline-dev", resources, extra) };
}

/** The base resources with `edit` applied to a deep copy. */
export function edited(edit: (r: Resources) => void): Resources {
  const copy = structuredClone(baseResources());
  edit(copy);
  return copy;
}
