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
  stack.redis("idempotency", { primaryRegion: "eu-west-1", monthlyBudgetUsd: 20 });
}
