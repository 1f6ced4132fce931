import type { TeamStack } from "../stacks/team-stack";

/**
 * Example team: the payments team keeps invoices in its own bucket, its payment provider's API key in
 * its own secret (the value is added with `gcloud secrets versions add`, never in code), its ledger in
 * its own private Postgres, and idempotency keys in its own Redis. Its data takes the environment's
 * classification (`labels.data_classification`): where that is `restricted` (production), the team also gets
 * its application key for envelope encryption, usable only by its workload identity (docs/application-encryption.md).
 * Copy this file to add a team, then list it in `teams/index.ts`.
 */
export function paymentsTeam(stack: TeamStack): void {
  // Invoices keep a longer version history; a terminated customer's invoices go 14 days after termination,
  // so 14 + 30 + the environment's soft delete (7-14 days) stays within the 60 days (GCS-7).
  stack.bucket("invoices", { deleteAfterCustomTimeDays: 14, noncurrentVersionRetentionDays: 30 });
  stack.secret("provider-api-key");
  const ledger = stack.database("ledger");
  ledger.addDatabase("ledger");
  // Two regions: a regional outage does not stop payment retries (UPS-8).
  const idempotency = stack.redis("idempotency", {
    primaryRegion: "eu-west-1",
    readRegions: ["eu-central-1"],
    monthlyBudgetUsd: 220,
  });
  // UPS-10: the team's workload gets its own ACL user (its credential in its own secret), never the
  // database's default password.
  idempotency.grantReadWrite(stack.workloadIdentity(), { keyPatterns: ["idempotency:*"] });
  // Where a control cannot be met, waive it by name, with a reason, an owner and an expiry at most
  // 180 days ahead (docs/policy.md, "Exceptions"); the shipped example carries none, so no date in this
  // repository can fail CI:
  //   const redis = stack.redis(...);
  //   suppress(redis, "UPS-8", { reason: "...", owner: "payments-team", expires: "YYYY-MM-DD" });
}
