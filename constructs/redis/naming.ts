import { IDENTIFIER_DIGIT_RUN } from "../data-classification";
import { InvalidPropError } from "../errors";

/** Environment names as the environment config accepts them: 3-16 lowercase letters, digits, hyphens. */
const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{1,14}[a-z0-9]$/;
/** A purpose: 2-21 lowercase letters, digits and single hyphens, starting with a letter. */
const PURPOSE = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,20}$/;
/** HIPAA mode: three or more digits in a row can be a date, a record or a member number (as for all restricted data). */
const DIGIT_RUN = IDENTIFIER_DIGIT_RUN;

/** Why a purpose cannot be part of a database name, or undefined. Shared by the construct and the config. */
export function purposeProblem(purpose: string, hipaa: boolean): string | undefined {
  if (!PURPOSE.test(purpose)) {
    return "must be 2-21 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (a purpose such as 'sessions' or 'rate-limits'; never customer data or PHI)";
  }
  if (hipaa && DIGIT_RUN.test(purpose)) {
    return "in HIPAA mode must not contain three or more digits in a row (they can encode a date or a record number)";
  }
  return undefined;
}

/**
 * UPS-7: the database name is `<environment>-<purpose>`, both validated, so no free text (and no PHI) can
 * reach an identifier that Upstash shows in its console, invoices and logs. There is deliberately no way
 * to pass a whole name.
 */
export function redisDatabaseName(
  construct: string,
  environment: string,
  purpose: string,
  hipaa: boolean,
): string {
  if (!ENVIRONMENT_NAME.test(environment)) {
    throw new InvalidPropError(
      construct,
      "environment",
      environment,
      "must be an environment name: 3-16 lowercase letters, digits or hyphens, starting with a letter",
    );
  }
  const problem = purposeProblem(purpose, hipaa);
  if (problem) throw new InvalidPropError(construct, "purpose", purpose, problem);
  return `${environment}-${purpose}`;
}
