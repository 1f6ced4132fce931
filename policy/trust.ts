/**
 * What the check trusts: the validated environment configuration and the stack's name. Settings recorded
 * in the synthesized JSON (`//.policy`, `//.metadata.stackName`) are written by code a team controls
 * (an Aspect can rewrite them), so they are compared with what the kit decides, never believed.
 */
import type { EnvironmentConfig } from "../config/schema/environment";
import type { PackName, StackPolicySettings, StackRole } from "./model";
import { stateDeployers } from "../core/rules/deployer";

/** Default and largest lifetime of an exception, in days from the day of the check. */
export const DEFAULT_MAX_EXCEPTION_DAYS = 180;
export const LARGEST_MAX_EXCEPTION_DAYS = 365;

/** The kit's decision about one stack: its environment, role and the settings the controls use. */
export interface TrustedStack {
  readonly environment: EnvironmentConfig;
  readonly role: StackRole;
  readonly settings: StackPolicySettings;
  /** The environment's deployer (the first of `state.deployers`): the one identity with the deployer roles (IAM-1). */
  readonly deployer: string;
}

/** The options of `checkStack` that carry the kit's decision about a stack (what `npm run check` passes). */
export function trustedCheckOptions(stackName: string, trusted: TrustedStack) {
  return {
    stackName,
    settings: trusted.settings,
    projectId: trusted.environment.projectId,
    deployer: trusted.deployer,
    // UPS-10: an environment holding PHI in Redis; UPS-11: the company's e-mail domains for the Upstash team.
    hipaaRedis:
      trusted.environment.redis?.hipaa === true ||
      trusted.environment.labels.data_classification === "restricted",
    upstashEmailDomains: trusted.environment.redis?.team?.emailDomains,
    maxExceptionDays: trusted.environment.policy.maxExceptionDays,
  };
}

/**
 * The environment and role of a stack from its name: `bootstrap-<env>`, `baseline-<env>` or
 * `<team>-<env>`, for a configured environment. A problem message when the name maps to none, or to
 * more than one (environment names may contain hyphens).
 */
export function trustedStack(
  stackName: string,
  environments: readonly EnvironmentConfig[],
  pack?: PackName,
): TrustedStack | string {
  const matches = environments
    .filter((env) => stackName.endsWith(`-${env.name}`) && stackName.length > env.name.length + 1)
    .map((env) => {
      const prefix = stackName.slice(0, -(env.name.length + 1));
      const role: StackRole =
        prefix === "bootstrap" ? "bootstrap" : prefix === "baseline" ? "baseline" : "workload";
      return { env, role, prefix };
    })
    .filter((m) => m.role !== "workload" || /^[a-z][a-z0-9-]{1,19}$/.test(m.prefix));
  const configured = environments.map((e) => e.name).join(", ") || "(none)";
  if (!matches.length) {
    return `stack "${stackName}" belongs to no configured environment: stack names are bootstrap-<env>, baseline-<env> or <team>-<env> for an environment in the configuration (configured: ${configured})`;
  }
  if (matches.length > 1) {
    return `stack "${stackName}" could belong to environments ${matches.map((m) => m.env.name).join(" and ")}; rename a team or an environment so each stack name has one meaning`;
  }
  const [{ env, role }] = matches;
  return {
    environment: env,
    role,
    deployer: stateDeployers(env.state, env.projectId)[0],
    settings: {
      pack: pack ?? env.policy.pack,
      environment: env.name,
      production: env.production,
      role,
      retention: env.retention,
    },
  };
}

/** Differences between settings recorded in the JSON and the kit's decision, as messages (empty when they agree). */
export function recordedSettingsProblems(
  recorded: Record<string, unknown> | undefined,
  trusted: StackPolicySettings,
  pack: PackName | undefined,
): string[] {
  if (!recorded) return [];
  const problems: string[] = [];
  const compare = (field: keyof StackPolicySettings) => {
    if (field in recorded && recorded[field] !== trusted[field]) {
      problems.push(
        `//.policy.${field} says ${JSON.stringify(recorded[field])} but the configuration decides ${JSON.stringify(trusted[field])}`,
      );
    }
  };
  if (!pack) compare("pack");
  compare("environment");
  compare("production");
  compare("role");
  return problems;
}
