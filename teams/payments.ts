import { suppress } from "../policy/suppress";
import type { TeamStack } from "../stacks/team-stack";

/**
 * Example team: the payments team keeps invoices in its own bucket and its payment provider's API key
 * in its own secret (the value is added with `gcloud secrets versions add`, never in code).
 * Copy this file to add a team, then list it in `teams/index.ts`.
 */
export function paymentsTeam(stack: TeamStack): void {
  stack.bucket("invoices", { noncurrentVersionRetentionDays: 90 });
  const apiKey = stack.secret("provider-api-key");
  suppress(apiKey, "SEC-4", {
    reason:
      "TeamStack.secret sets no rotation reminder yet (the reminder topic lives in the baseline stack); rotate the provider key by hand every 90 days",
    owner: "platform-team",
    expires: "2027-03-31",
  });
}
