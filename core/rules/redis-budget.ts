/**
 * UPS-9: what a database's monthly budget must cover. Upstash throttles a database whose month-to-date cost
 * reaches its budget, so a budget below the fixed Prod Pack fee throttles it from the first day.
 *
 * Figures from Upstash's production checklist (https://upstash.com/docs/common/help/production-checklist):
 * "Prod Pack is available as a $200/month add-on per database for all paid plans except Free tier".
 * Usage (pay-as-you-go commands at $0.20 per 100K, storage, bandwidth; https://upstash.com/pricing/redis)
 * comes on top; the margin below covers about ten million commands a month. Re-check both pages when
 * Upstash changes its prices: nothing here can read them at synthesis.
 */
export const PROD_PACK_MONTHLY_USD = 200;

/** Usage allowance above fixed fees: $20 is about 10M pay-as-you-go commands a month. */
export const USAGE_MARGIN_USD = 20;

/** The smallest budget a database may have: its fixed fees plus the usage margin. */
export function minimumBudgetUsd(prodPack: boolean): number {
  return (prodPack ? PROD_PACK_MONTHLY_USD : 0) + USAGE_MARGIN_USD;
}

/** Why `budget` is too small for the database's fixed fees, or undefined when it covers them. */
export function budgetProblem(budget: number, prodPack: boolean): string | undefined {
  const minimum = minimumBudgetUsd(prodPack);
  if (budget >= minimum) return undefined;
  return prodPack
    ? `must be at least ${minimum} US dollars: Prod Pack costs ${PROD_PACK_MONTHLY_USD} a month per database, plus ${USAGE_MARGIN_USD} for usage; Upstash throttles a database whose budget is reached`
    : `must be at least ${minimum} US dollars to cover usage; Upstash throttles a database whose budget is reached`;
}
