/**
 * UPS-11: who may use the Upstash console, from configuration. One module for the roles, the bounds and the
 * predicates; the config schema, the UpstashTeam construct and the policy's UPS-11 import it.
 *
 * The provider's `upstash_team` takes `team_members` as a map of e-mail to role; the owner must be the owner
 * of the Developer API key that deploys (the provider refuses a map without an owner), and the provider only
 * adds and removes the other members. Upstash's roles: `owner` and `admin` manage the team, its databases and
 * billing; `dev` manages databases; `finance` sees billing only.
 */

export type UpstashTeamRole = "owner" | "admin" | "dev" | "finance";
export const UPSTASH_TEAM_ROLES: readonly UpstashTeamRole[] = ["owner", "admin", "dev", "finance"];

/**
 * Least privilege: exactly one owner (the API key's), and at most two admins beside it, so that a lost
 * account is covered without making team management everybody's right; everyone else is `dev` or `finance`.
 */
export const MAX_UPSTASH_TEAM_ADMINS = 2;

const TEAM_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9 _-]{0,38}[A-Za-z0-9])?$/;
/** A plain e-mail address: no display name, no spaces, one @, a dotted domain. */
const EMAIL = /^[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$/;
/** A domain as configured (`example.com`), lowercase. */
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/** Why `name` cannot be a team name, or undefined. */
export function teamNameProblem(name: string): string | undefined {
  return TEAM_NAME.test(name)
    ? undefined
    : "must be 1-40 letters, digits, spaces, '_' or '-', starting and ending with a letter or digit (no customer data)";
}

/** Why `domain` cannot be an allowed e-mail domain, or undefined. */
export function emailDomainProblem(domain: string): string | undefined {
  return DOMAIN.test(domain) ? undefined : "must be a lowercase domain such as example.com";
}

/** Why one member (e-mail and role) is refused, or undefined. `domains` empty = any domain. */
export function teamMemberProblem(
  email: string,
  role: unknown,
  domains: readonly string[],
): string | undefined {
  const match = EMAIL.exec(email);
  if (!match) return `${JSON.stringify(email)} is not an e-mail address`;
  if (typeof role !== "string" || !(UPSTASH_TEAM_ROLES as readonly string[]).includes(role))
    return `${email} has role ${JSON.stringify(role)}, not one of ${UPSTASH_TEAM_ROLES.join(", ")}`;
  const domain = match[1].toLowerCase();
  if (domains.length && !domains.includes(domain))
    return `${email} is not in the company's e-mail domains (${domains.join(", ")})`;
  return undefined;
}

/** Why the membership as a whole is not least privilege, or undefined. */
export function teamMembershipProblem(members: Readonly<Record<string, unknown>>): string | undefined {
  const roles = Object.values(members);
  const owners = roles.filter((r) => r === "owner").length;
  if (owners !== 1)
    return `has ${owners} owners: exactly one, the owner of the Developer API key that deploys, is allowed`;
  const admins = roles.filter((r) => r === "admin").length;
  if (admins > MAX_UPSTASH_TEAM_ADMINS)
    return `has ${admins} admins: at most ${MAX_UPSTASH_TEAM_ADMINS} (everyone else is dev or finance)`;
  return undefined;
}
