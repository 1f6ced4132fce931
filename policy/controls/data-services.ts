/**
 * Data services teams add next to the kit's bucket and database: BigQuery, Memorystore, Pub/Sub. Each
 * keeps data under a customer key and away from the public.
 */
import { cannotVerify } from "../expressions";
import type { ControlDefinition, Outcome, Resource, StackContext } from "../model";
import { attr, block, blocks, isSet, isTrue, refersTo, show } from "../terraform-json";
import { memberValue } from "../types/identities";
import { HIPAA, PASS, fail, firstFailure, resourceRule, seed } from "./helpers";
import { isPublicMember } from "../../core/rules/iam";

const DATASET = "google_bigquery_dataset";
const TABLE = "google_bigquery_table";
const DATASET_ACCESS = "google_bigquery_dataset_access";

function tableKey(table: Resource, ctx: StackContext): Outcome {
  if (isSet(attr(table.attrs, "encryption_configuration.kms_key_name"))) return PASS;
  // By reference (synthesized JSON) or by its literal id (a plan resolves the reference to the id).
  const dataset = ctx
    .ofType(DATASET)
    .find(
      (d) =>
        refersTo(table.attrs.dataset_id, d) ||
        (typeof d.attrs.dataset_id === "string" && table.attrs.dataset_id === d.attrs.dataset_id),
    );
  if (dataset && isSet(attr(dataset.attrs, "default_encryption_configuration.kms_key_name"))) return PASS;
  return fail(
    "encryption_configuration.kms_key_name is unset and the table's dataset (in this stack) has no default_encryption_configuration",
  );
}

/** Public entries of a dataset `access` block or a `google_bigquery_dataset_access` resource. */
function publicAccess(entry: Record<string, unknown>): string | undefined {
  if (String(entry.special_group ?? "") === "allAuthenticatedUsers")
    return "special_group allAuthenticatedUsers";
  if (entry.iam_member !== undefined) {
    const member = memberValue(entry.iam_member);
    if (member.kind === "unverifiable") return cannotVerify("access.iam_member", entry.iam_member).slice(6);
    if (member.kind === "literal" && isPublicMember(member.member)) return `iam_member ${member.member}`;
  }
  return undefined;
}

/** Push endpoints inside the environment: a Cloud Run service's or a function's own URL, by reference. */
const OWN_PUSH_ENDPOINT =
  /^\$\{(google_cloud_run_v2_service\.[A-Za-z0-9_-]+\.uri|google_cloudfunctions2_function\.[A-Za-z0-9_-]+\.url)\}(\/[A-Za-z0-9._~/-]*)?$/;

/** Why a subscription may deliver messages outside the environment, or undefined. */
function subscriptionLeak(subscription: Resource): string | undefined {
  const push = block(subscription.attrs.push_config);
  if (push) {
    const endpoint = push.push_endpoint;
    if (typeof endpoint !== "string" || !OWN_PUSH_ENDPOINT.test(endpoint))
      return `push_config.push_endpoint ${show(endpoint)} is not a Cloud Run service or function of this stack`;
    if (!isSet(attr(push, "oidc_token.service_account_email")))
      return "push_config.oidc_token is unset (unauthenticated push)";
  }
  const bucket = attr(subscription.attrs, "cloud_storage_config.bucket");
  if (bucket !== undefined && !/^\$\{google_storage_bucket\.[A-Za-z0-9_-]+\.name\}$/.test(String(bucket)))
    return `cloud_storage_config.bucket ${show(bucket)} is not a bucket of this stack`;
  const deadLetter = attr(subscription.attrs, "dead_letter_policy.dead_letter_topic");
  if (deadLetter !== undefined && !/^\$\{google_pubsub_topic\.[A-Za-z0-9_-]+\.id\}$/.test(String(deadLetter)))
    return `dead_letter_policy.dead_letter_topic ${show(deadLetter)} is not a topic of this stack`;
  const table = attr(subscription.attrs, "bigquery_config.table");
  if (table !== undefined && !/^\$\{google_bigquery_table\.[A-Za-z0-9_-]+\.[a-z_]+\}/.test(String(table)))
    return `bigquery_config.table ${show(table)} is not a table of this stack`;
  return undefined;
}

export const dataServiceControls: ControlDefinition[] = [
  {
    id: "BQ-1",
    title: "BigQuery datasets and tables under a customer key",
    severity: "error",
    why: "With CMEK, reading the data also requires the key you control, rotate and audit; disabling the key cuts off every copy.",
    fix: "Set default_encryption_configuration { kms_key_name } on google_bigquery_dataset (tables in it inherit it) or encryption_configuration { kms_key_name } on the table; grant the BigQuery service agent encrypt/decrypt on the key.",
    mappings: {
      cis: ["7.2", "7.3"],
      checkov: ["CKV_GCP_80", "CKV_GCP_81"],
      hipaa: [HIPAA.encryption],
      seed: [seed("002", 18)],
    },
    rule: resourceRule([DATASET, TABLE], (r, ctx) =>
      r.type === TABLE
        ? tableKey(r, ctx)
        : isSet(attr(r.attrs, "default_encryption_configuration.kms_key_name"))
          ? PASS
          : fail("default_encryption_configuration.kms_key_name is unset (Google-managed key)"),
    ),
  },
  {
    id: "BQ-2",
    title: "No public BigQuery dataset access",
    severity: "error",
    why: "A dataset access entry for allAuthenticatedUsers or allUsers lets anyone with a Google account (or anyone) query every table in it.",
    fix: "Remove special_group = allAuthenticatedUsers and public iam_member entries from access blocks and google_bigquery_dataset_access; grant groups or service accounts.",
    mappings: { cis: ["7.1"], checkov: ["CKV_GCP_15"], hipaa: [HIPAA.accessControl] },
    rule: resourceRule([DATASET, DATASET_ACCESS], (r) => {
      const entries = r.type === DATASET ? blocks(r.attrs.access) : [r.attrs as Record<string, unknown>];
      const open = entries.map(publicAccess).filter((x): x is string => x !== undefined);
      return open.length ? fail(`grants dataset access to ${open.join(", ")}`) : PASS;
    }),
  },
  {
    id: "MEM-1",
    title: "Memorystore with AUTH, TLS and a customer key",
    severity: "error",
    why: "Without AUTH anyone on the network can read and write the cache; without TLS the traffic (and the AUTH string) crosses the network in clear; CMEK keeps persisted data under your key. Memcached offers none of these.",
    fix: 'Set auth_enabled = true, transit_encryption_mode = "SERVER_AUTHENTICATION" and customer_managed_key on google_redis_instance; use Redis instead of Memcached for data that matters.',
    mappings: {
      checkov: ["CKV_GCP_95", "CKV_GCP_97"],
      hipaa: [HIPAA.encryption, HIPAA.transmission, HIPAA.authentication],
      seed: [seed("002", 18)],
    },
    rule: resourceRule(["google_redis_instance", "google_memcache_instance"], (r) =>
      r.type === "google_memcache_instance"
        ? fail("Memorystore for Memcached has no authentication and no encryption in transit")
        : firstFailure(
            !isTrue(r.attrs.auth_enabled) && `auth_enabled is ${show(r.attrs.auth_enabled)}`,
            r.attrs.transit_encryption_mode !== "SERVER_AUTHENTICATION" &&
              `transit_encryption_mode is ${show(r.attrs.transit_encryption_mode)}`,
            !isSet(r.attrs.customer_managed_key) && "customer_managed_key is unset",
          ),
    ),
  },
  {
    id: "PUB-1",
    title: "Pub/Sub topics under a customer key",
    severity: "error",
    why: "Messages often carry the same data as the systems that publish them; CMEK keeps them under the key you control and audit.",
    fix: "Set kms_key_name on google_pubsub_topic and grant the Pub/Sub service agent encrypt/decrypt on the key (RotationTopic does both).",
    mappings: { checkov: ["CKV_GCP_83"], hipaa: [HIPAA.encryption], seed: [seed("002", 18)] },
    rule: resourceRule(["google_pubsub_topic"], (topic) =>
      isSet(topic.attrs.kms_key_name) ? PASS : fail("kms_key_name is unset (Google-managed key)"),
    ),
  },
  {
    id: "PUB-2",
    title: "Subscriptions deliver only inside the environment",
    severity: "error",
    why: "A push subscription sends every message to its endpoint, a BigQuery or Cloud Storage subscription writes them to its table or bucket: pointed outside the environment (or unauthenticated), it copies the data out.",
    fix: "Push only to ${google_cloud_run_v2_service.x.uri} or ${google_cloudfunctions2_function.x.url} with push_config.oidc_token; write only to a google_bigquery_table or google_storage_bucket of the stack and dead-letter only to its own topics (by reference); or pull.",
    mappings: {
      other: ["Pub/Sub push authentication (OIDC tokens)"],
      hipaa: [HIPAA.transmission, HIPAA.accessControl],
    },
    rule: resourceRule(["google_pubsub_subscription"], (subscription) => {
      const leak = subscriptionLeak(subscription);
      return leak ? fail(leak) : PASS;
    }),
  },
];
