/**
 * UPS-7: what an Upstash database name may be. The name is `<environment>-<purpose>`; the config schema
 * and ProdRedis refuse a purpose (and a name) the policy's UPS-7 would refuse, with the same predicates.
 */

/** Environment names as the environment config accepts them: 3-16 lowercase letters, digits, hyphens. */
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{1,14}[a-z0-9]$/;
/** A purpose: 2-21 lowercase letters, digits and single hyphens, starting with a letter. */
const PURPOSE = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,20}$/;
/** A whole database name: 3-63 lowercase letters, digits and hyphens, starting with a letter. */
const DATABASE_NAME = /^[a-z][a-z0-9-]{2,62}$/;
/**
 * Three or more digits in a row can be a date, a record or a member number. Refused in every mode: the
 * name reaches consoles and invoices whatever the database holds, and UPS-7 cannot tell modes apart.
 */
const DIGIT_RUN = /\d{3,}/;
const DIGIT_RUN_ALLOWED =
  "must not contain three or more digits in a row (they can encode a date or a record number)";

/** Why a purpose cannot be part of a database name, or undefined. */
export function purposeProblem(purpose: string): string | undefined {
  if (!PURPOSE.test(purpose)) {
    return "must be 2-21 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (a purpose such as 'sessions' or 'rate-limits'; never customer data or PHI)";
  }
  if (DIGIT_RUN.test(purpose)) return DIGIT_RUN_ALLOWED;
  return undefined;
}

/** Why a literal `database_name` is refused (UPS-7), or undefined; the sentence follows the name. */
export function databaseNameProblem(name: string): string | undefined {
  if (!DATABASE_NAME.test(name)) return "is not 3-63 lowercase letters, digits and hyphens";
  if (DIGIT_RUN.test(name)) return "contains a long number: three or more digits in a row (an identifier?)";
  return undefined;
}
