/**
 * What a customer's termination leaves to the team after `terminate-customer` has marked the objects:
 * the stores the kit cannot reach (rows, keys, secrets are written by application code), each with the
 * date by which it must be gone and how to evidence it (manual duty MAN-22).
 */
import type { RetentionBounds } from "../../core/rules/retention";

export interface ChecklistItem {
  /** The store, e.g. `Cloud SQL (Postgres) rows`. */
  readonly store: string;
  /** What the team must do. */
  readonly action: string;
  /** What to keep as evidence. */
  readonly evidence: string;
}

/** What the environment holds besides buckets (from its synthesized output). */
export interface Holdings {
  readonly sqlInstances: readonly string[];
  readonly redisDatabases: readonly string[];
  readonly secrets: number;
}

/** The checklist for one environment, with its retention bounds. */
export function terminationChecklist(holdings: Holdings, bounds: RetentionBounds): ChecklistItem[] {
  const rowsBy = bounds.customerDataDeletionDays - bounds.maxDatabaseBackups;
  return [
    {
      store: "Cloud SQL (Postgres) rows",
      action: `Delete the customer's rows in ${holdings.sqlInstances.join(", ") || "every database"} within ${Math.max(rowsBy, 0)} days: backups keep them up to ${bounds.maxDatabaseBackups} more days (retention.maxDatabaseBackups) and point-in-time logs ${bounds.maxTransactionLogDays} (retention.maxTransactionLogDays), and all of it must be gone within ${bounds.customerDataDeletionDays} days.`,
      evidence:
        "The deletion statement or job run (ticket, migration or script output with row counts), and a query showing zero rows for the customer afterwards.",
    },
    {
      store: "Upstash Redis keys",
      action: `Delete the customer's keys in ${holdings.redisDatabases.join(", ") || "every database"} (SCAN with the customer's key pattern, then DEL or UNLINK; keys hold no PHI in their names, MAN-6). Upstash's daily backups keep them for Upstash's backup window, which its API does not let the kit set (MAN-23).`,
      evidence: "The command output with the number of keys deleted, and a SCAN showing none left.",
    },
    {
      store: "Secret Manager secrets",
      action: `Destroy every version of secrets created for the customer (per-customer API keys, webhooks); ${holdings.secrets} secret(s) in this environment are the kit's and shared, so they stay. A destroyed version is recoverable for version_destroy_ttl (at most ${bounds.maxSecretVersionRecoveryDays} days, retention.maxSecretVersionRecoveryDays).`,
      evidence:
        "gcloud secrets versions destroy output, and the Data Access audit log entries of the destroys.",
    },
    {
      store: "Objects outside the selector",
      action:
        "Run this command again for any other prefix or label that holds the customer's objects; objects the application stores elsewhere (other projects, exports) are the application's to delete.",
      evidence: "This command's records, one per run.",
    },
  ];
}
