/**
 * UPS-10: Redis ACL users per workload. One module for what a user name, a key pattern and an access level
 * may be, and which ACL rules a user gets; the config schema, `ProdRedis.addUser` and the policy's UPS-10
 * import it, and the deploy-time script (scripts/upstash-redis-acl.mjs) re-checks the same shapes.
 *
 * Upstash's ACL (its `ACL SETUSER` documentation): the `default` user cannot be changed, `nopass` and
 * plain-text or hashed passwords are refused (a password must come from `ACL GENTOKEN`, and the token then
 * authenticates on the TCP and the REST endpoint), and subcommand rules (`+client|list`) are not supported.
 */

/** How much of Redis a user may use on its keys. */
export type RedisAccess = "read" | "read-write";
export const REDIS_ACCESS_LEVELS: readonly RedisAccess[] = ["read", "read-write"];

/**
 * The command rules of each access level, applied after `-@all`. `@dangerous` goes last so it removes what
 * the categories before it would let in (FLUSHALL, KEYS, CLIENT, DEBUG, CONFIG ...). `@connection` lets
 * clients send PING and HELLO; `@transaction` MULTI/EXEC for writers.
 */
export const ACCESS_COMMAND_RULES: Readonly<Record<RedisAccess, readonly string[]>> = {
  read: ["+@read", "+@connection", "-@dangerous"],
  "read-write": ["+@read", "+@write", "+@transaction", "+@connection", "-@dangerous"],
};

/**
 * An ACL user name: 2-32 lowercase letters, digits and hyphens, starting with a letter. `default` is
 * Upstash's own full-access user and cannot be an ACL user of the kit.
 */
const USER_NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,31}$/;

/** Why `name` cannot be an ACL user name, or undefined. */
export function aclUserNameProblem(name: string): string | undefined {
  if (name === "default") {
    return 'must not be "default": that is the database\'s full-access user, which the ACL users replace';
  }
  if (!USER_NAME.test(name)) {
    return "must be 2-32 lowercase letters, digits and single hyphens, starting with a letter (name the workload: 'checkout', 'payments-worker')";
  }
  return undefined;
}

/**
 * A key pattern, as Redis globs it: a prefix of letters, digits and `:_-./{}` optionally ending in `*`
 * (`sessions:*`, `rate:{tenant}:*`), or `*` for every key of the database. No spaces (a rule separator in
 * ACL LIST), no `~`/`%` (rule syntax, added by the kit), no `?`/`[` globs in the middle.
 */
const KEY_PATTERN = /^(?:\*|[A-Za-z0-9:_\-./{}]{1,100}\*?)$/;

/** Why `pattern` is not a key pattern the kit accepts, or undefined. */
export function keyPatternProblem(pattern: string): string | undefined {
  return KEY_PATTERN.test(pattern)
    ? undefined
    : "must be a key prefix of letters, digits and :_-./{} optionally ending in * (e.g. 'sessions:*'), or * for every key";
}

/**
 * The command of the kit's ACL step: the spec travels as the `terraform_data`'s `input` and reaches the
 * script as one JSON argument, so no quoted JSON sits in the command (`cdktf synth --hcl` cannot render it).
 */
export const ACL_STEP_COMMAND = "${jsonencode(self.input)}";

/** The ACL rules (after the password) for a user: key patterns, then the access level's commands. */
export function aclRules(access: RedisAccess, keyPatterns: readonly string[]): string[] {
  return [...keyPatterns.map((p) => `~${p}`), "-@all", ...ACCESS_COMMAND_RULES[access]];
}

/**
 * Rules that give a workload more than data access: every command, administrative and dangerous
 * categories, the ACL and CONFIG commands, scripting (a script's commands are checked, but `+@scripting`
 * also brings SCRIPT FLUSH/KILL), and password rules (the deploy step sets the password itself).
 */
const TOO_BROAD = new Set(["allcommands", "+@all", "+@admin", "+@dangerous", "+acl", "+config", "nopass"]);

/** Why a rule list (as the deploy step receives it) is not least privilege, or undefined. */
export function aclRulesProblem(rules: readonly unknown[]): string | undefined {
  if (!rules.length) return "has no rules";
  for (const rule of rules) {
    if (typeof rule !== "string" || !/^\S{1,120}$/.test(rule))
      return `rule ${JSON.stringify(rule)} is not one token`;
    const lower = rule.toLowerCase();
    if (
      TOO_BROAD.has(lower) ||
      lower.startsWith("+@scripting") ||
      lower === "+flushall" ||
      lower === "+flushdb"
    )
      return `rule ${rule} gives more than data access`;
    if (/^[<>#!]/.test(rule) || lower === "resetpass")
      return `rule ${rule} sets a password (the deploy step does that)`;
    if (lower === "reset" || lower === "off" || lower === "on")
      return `rule ${rule} is the deploy step's own (it enables the user and resets it first)`;
    if (rule.startsWith("~") && keyPatternProblem(rule.slice(1)))
      return `key rule ${rule} ${keyPatternProblem(rule.slice(1))}`;
    if (rule.startsWith("%") || rule.startsWith("&") || rule === "allkeys" || rule === "allchannels")
      return `rule ${rule} is outside the kit's rule set (key patterns with ~, command categories)`;
  }
  const last = rules.lastIndexOf("-@dangerous");
  if (last === -1 || rules.slice(last + 1).some((r) => String(r).startsWith("+")))
    return "must end its command rules with -@dangerous (no dangerous command let back in after it)";
  if (!rules.some((r) => String(r).startsWith("~"))) return "names no key pattern (~prefix*)";
  return undefined;
}
