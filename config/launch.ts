/**
 * The process settings that decide what the policy check trusts (configuration and exceptions
 * directories, selected environments), read once when `main.ts` starts: imported before any team file,
 * so code in a team file that changes `process.env` later cannot redirect them.
 */
export const LAUNCH = Object.freeze({
  configDir: process.env.BASELINE_CONFIG_DIR || undefined,
  exceptionsDir: process.env.BASELINE_EXCEPTIONS_DIR || undefined,
  environments: process.env.ENV,
});
