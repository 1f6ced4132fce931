import { InvalidPropError } from "../errors";
import { ENVIRONMENT_NAME, databaseNameProblem, purposeProblem } from "../../core/rules/redis-naming";

/**
 * UPS-7: the database name is `<environment>-<purpose>`, both validated, so no free text (and no PHI) can
 * reach an identifier that Upstash shows in its console, invoices and logs. There is deliberately no way
 * to pass a whole name.
 */
export function redisDatabaseName(construct: string, environment: string, purpose: string): string {
  if (!ENVIRONMENT_NAME.test(environment)) {
    throw new InvalidPropError(
      construct,
      "environment",
      environment,
      "must be an environment name: 3-16 lowercase letters, digits or hyphens, starting with a letter",
    );
  }
  const problem = purposeProblem(purpose);
  if (problem) throw new InvalidPropError(construct, "purpose", purpose, problem);
  const name = `${environment}-${purpose}`;
  // The environment's digits count too: UPS-7 judges the whole name.
  const nameProblem = databaseNameProblem(name);
  if (nameProblem)
    throw new InvalidPropError(
      construct,
      "environment",
      environment,
      `in the database name ${name} ${nameProblem}`,
    );
  return name;
}
