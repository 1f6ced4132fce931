import { suppress } from "../policy/suppress";
import type { TeamStack } from "../stacks/team-stack";

/**
 * Example team: the payments team keeps invoices in its own bucket, its payment provider's API key in
 * its own secret (the value is added with `gcloud secrets versions add`, never in code), its ledger in
 * its own private Postgres, and idempotency keys in its own Redis.
 * Copy this file to add a team, then list it in `teams/index.ts`.
 */
export function paymentsTeam(stack: TeamStack): void {
  stack.bucket("invoices", { noncurrentVersionRetentionDays: 90 });
  stack.secret("provider-api-key");
  const ledger = stack.database("ledger");
  ledger.addDatabase("ledger");
  // A justified exception (docs/policy.md): listed in every compliance report, failing the check once expired.
  const idempotency = stack.redis("idempotency", { primaryRegion: "eu-west-1", monthlyBudgetUsd: 20 });
  // UPS-8 (multi-region) applies in production only; elsewhere the suppression would match nothing.
  if (stack.baseline.environment.production)
    suppress(idempotency, "UPS-8", {
      reason:
        "Idempotency keys live for a day; a regional outage only delays payment retries, so one region suffices",
      owner: "payments-team",
      expires: "2027-03-31",
    });
}
