/**
 * UPS-5: what the data is. `store` keeps every key (eviction off): writes fail when memory is full rather
 * than silently dropping data. `cache` lets Upstash evict keys under memory pressure.
 */
export type RedisMode = "store" | "cache";

/** The settings HIPAA mode constrains. */
export interface HipaaRelevantSettings {
  readonly prodPack: boolean;
  readonly dailyBackups: boolean;
  readonly mode: RedisMode;
}

/** One HIPAA-mode refusal: the field and what it must be. */
export interface HipaaProblem {
  readonly field: keyof HipaaRelevantSettings;
  readonly value: unknown;
  readonly allowed: string;
}

/**
 * The customer duties for PHI of the Upstash shared-responsibility model that a database's settings can meet: Prod Pack (encryption at rest),
 * daily backups, and no eviction. Eviction is refused because it deletes PHI whenever memory runs short,
 * unpredictably and without a trace that tells lost data from deleted data; TTLs on keys expire deliberately.
 * (TLS and a non-empty allowlist are enforced in every mode.) Shared by ProdRedis and the config schema.
 */
export function hipaaProblems(settings: HipaaRelevantSettings): HipaaProblem[] {
  const problems: HipaaProblem[] = [];
  if (!settings.prodPack) {
    problems.push({
      field: "prodPack",
      value: false,
      allowed: "must be true: Prod Pack provides encryption at rest",
    });
  }
  if (!settings.dailyBackups) {
    problems.push({
      field: "dailyBackups",
      value: false,
      allowed: "must be true: the Upstash shared-responsibility model requires daily backups",
    });
  }
  if (settings.mode === "cache") {
    problems.push({
      field: "mode",
      value: settings.mode,
      allowed:
        'must be "store": eviction drops PHI unpredictably and unrecoverably; expire keys with TTLs instead',
    });
  }
  return problems.map((p) => ({ ...p, allowed: `in HIPAA mode ${p.allowed}` }));
}
