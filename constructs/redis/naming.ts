import { InvalidPropError } from "../errors";

/** Environment names as the environment config accepts them: 3-16 lowercase letters, digits, hyphens. */
const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{1,14}[a-z0-9]$/;
/** A purpose: 2-21 lowercase letters, digits and single hyphens, starting with a letter. */
export const PURPOSE_PATTERN = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,20}$/;
export const PURPOSE_ALLOWED =
  "must be 2-21 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (a purpose such as 'sessions' or 'rate-limits'; never customer data or PHI)";
/** HIPAA mode: three or more digits in a row can be a date, a record or a member number. */
const DIGIT_RUN = /\d{3,}/;

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
  if (!PURPOSE_PATTERN.test(purpose))
    throw new InvalidPropError(construct, "purpose", purpose, PURPOSE_ALLOWED);
  if (hipaa && DIGIT_RUN.test(purpose)) {
    throw new InvalidPropError(
      construct,
      "purpose",
      purpose,
      "in HIPAA mode must not contain three or more digits in a row (they can encode a date or a record number)",
    );
  }
  const name = `${environment}-${purpose}`;
  // The invariant a reviewer (and the policy check) relies on: the name is exactly environment + purpose.
  const pattern = new RegExp(`^${environment}-${PURPOSE_PATTERN.source.slice(1, -1)}$`);
  if (!pattern.test(name))
    throw new InvalidPropError(construct, "databaseName", name, `must match ${pattern}`);
  return name;
}
