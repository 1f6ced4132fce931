/** What `npm run new:env -- <name>` writes: `config/environments/<name>.yaml`. Pure functions. */

export interface EnvironmentScaffold {
  readonly name: string;
  /** @default `replace-me-<name>`, a valid placeholder the next steps ask you to change */
  readonly projectId?: string;
  /** @default europe-west1 */
  readonly region?: string;
  /** @default security-alerts@example.com */
  readonly email?: string;
  /** @default false */
  readonly production?: boolean;
}

/**
 * Why `name` cannot be a new environment's file name, or undefined when it can. The file's contents,
 * the name included, are validated by the environment schema itself before anything is written.
 */
export function environmentNameProblem(name: string, existing: readonly string[]): string | undefined {
  if (!/^[a-z0-9-]+$/.test(name)) return `got "${name}"; allowed: lowercase letters, digits and '-'`;
  if (existing.includes(name)) return `got "${name}"; an environment of that name already exists`;
  return undefined;
}

/** MON-12: production pages beyond e-mail; the key lives in Secret Manager (create it before deploying). */
const PRODUCTION_PAGING = `  # Required in production (MON-12): PagerDuty (or webhook). Put the integration key in this secret first.
  pagerduty:
    serviceKeySecret: { secretId: pagerduty-service-key }
`;

/** Fields a production environment must decide deliberately (the schema refuses their absence). */
const PRODUCTION_FIELDS = `logging:
  # Required in production (LOG-3). Irreversible: a locked audit log bucket can never be shortened or
  # deleted before its retention ends.
  locked: true
database:
  availability: REGIONAL
monitoring:
  # Required in production (MON-14): a public health path of the application, probed over HTTPS.
  uptimeChecks:
    - name: app
      url: https://app.example.com/healthz
`;

/** The environment file: required fields set, the most used optional ones commented with their defaults. */
export function environmentFileSource(options: EnvironmentScaffold): string {
  const { name } = options;
  return `# The ${name} environment (written by npm run new:env). Every field is documented in config/README.md;
# omitted fields take the kit's secure defaults. Unknown fields are errors.
name: ${name}
# The Google Cloud project this environment deploys into. Replace the placeholder before deploying.
projectId: ${options.projectId ?? `replace-me-${name}`}
region: ${options.region ?? "europe-west1"}
# Production turns on HA databases, HSM keys, locked audit logs and stricter rules.
production: ${options.production ?? false}
labels:
  owner: platform
  data_classification: confidential
notifications:
  # Alert channels: at least one address that a person reads.
  emails:
    - ${options.email ?? "security-alerts@example.com"}
${options.production ? PRODUCTION_PAGING : ""}${options.production ? PRODUCTION_FIELDS : ""}# kms:
#   protectionLevel: HSM        # default HSM; SOFTWARE is cheaper for non-production
#   rotationDays: 90            # 1-90
# storage:
#   location: EU                # a replicated location
# secrets:
#   rotationDays: 90
# redis:
#   databases:
#     - purpose: sessions
#       primaryRegion: eu-west-1
#       readRegions: [eu-central-1]
#       budget: 220                # at least the Prod Pack fee plus a margin (docs/redis.md)
`;
}
