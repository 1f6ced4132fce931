import { setRetentionBounds } from "../constructs/retention-bounds";
import { Construct } from "constructs";
import {
  APPLICATION_KEY_PURPOSE,
  classificationOfLabels,
  DEFAULT_DATA_CLASSIFICATION,
  type DataClassification,
} from "../core/rules/data-classification";
import { suppress } from "../policy/suppress";
import { TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import type { EnvironmentConfig } from "../config/schema/environment";
import { DeprivilegedDefaultServiceAccounts } from "../constructs/guardrails/default-service-accounts";
import { OrgPolicyGuardrails } from "../constructs/guardrails/org-policies";
import { WorkloadIdentity } from "../constructs/iam/workload-identity";
import { IdentityPlatform } from "../constructs/identity/identity-platform";
import { databaseAvailability } from "../config/schema/database";
import { PrivatePostgres, type PrivatePostgresProps } from "../constructs/database/private-postgres";
import { Principal, type IPrincipal } from "../constructs/iam/principal";
import { SecureNetwork } from "../constructs/network/secure-network";
import type { FqdnEgressAllow } from "../constructs/network/fqdn-egress";
import { KeyChain } from "../constructs/kms/key-chain";
import type { KmsKey } from "../constructs/kms/key";
import { AuditLogging } from "../constructs/logging/audit-logging";
import type { IStorageDataAccessAudit } from "../constructs/logging/storage-data-access-logs";
import { ContainerVulnerabilityAlerts } from "../constructs/monitoring/container-vulnerability-alerts";
import { HealthAlerts } from "../constructs/monitoring/health-alerts";
import { connectionLimit } from "../core/rules/postgres-connections";
import { NotificationChannels } from "../constructs/monitoring/notification-channels";
import { SecurityAlerts } from "../constructs/monitoring/security-alerts";
import { UptimeChecks } from "../constructs/monitoring/uptime-checks";
import { ProjectApis } from "../constructs/project/project-apis";
import { ServiceAgents } from "../constructs/project/service-agents";
import { SecureRegistry } from "../constructs/registry/secure-registry";
import { EncryptedSecret, type EncryptedSecretProps } from "../constructs/secrets/encrypted-secret";
import { SecretRotationTopic } from "../constructs/secrets/rotation-topic";
import { SecureBucket, type SecureBucketProps } from "../constructs/storage/secure-bucket";
import { kmsLocationForStorage } from "../core/rules/storage-locations";
import { stateLocation, useRemoteState } from "./remote-state";
import type { IEgressIpSource } from "../constructs/redis/allowlist";
import { ProdRedis } from "../constructs/redis/prod-redis";
import type { RedisAccess } from "../constructs/redis/acl-user";
import { UpstashTeam, type UpstashTeamRole } from "../constructs/redis/upstash-team";
import { upstashProviderFromEnvironment } from "../constructs/redis/upstash-provider";
import { isHipaaDatabase } from "../config/schema/redis";

/** Secure tag value (under `<project>/<network>-egress`) of workloads that may reach Upstash. */
export const REDIS_CLIENT_TAG = "redis-client";
/** Upstash's TLS ports: Redis protocol (6379) and the REST API (443). */
export const UPSTASH_TLS_PORTS = ["6379", "443"] as const;

/** APIs the baseline uses; enabled before anything else and never disabled on destroy. */
export const BASELINE_APIS = [
  "artifactregistry.googleapis.com",
  "cloudkms.googleapis.com",
  "cloudresourcemanager.googleapis.com",
  "compute.googleapis.com",
  "containeranalysis.googleapis.com",
  "containerscanning.googleapis.com",
  "dns.googleapis.com",
  "eventarc.googleapis.com",
  "iam.googleapis.com",
  "identitytoolkit.googleapis.com",
  "logging.googleapis.com",
  "monitoring.googleapis.com",
  "ondemandscanning.googleapis.com",
  "orgpolicy.googleapis.com",
  "pubsub.googleapis.com",
  "secretmanager.googleapis.com",
  "servicenetworking.googleapis.com",
  "serviceusage.googleapis.com",
  "sqladmin.googleapis.com",
  "storage.googleapis.com",
  "workflows.googleapis.com",
];

export interface BaselineStackProps {
  /** The validated environment this stack provisions. */
  readonly environment: EnvironmentConfig;
}

/** Stack name for an environment: `baseline-<env>`. */
export function baselineStackName(environment: Pick<EnvironmentConfig, "name">): string {
  return `baseline-${environment.name}`;
}

/**
 * The hardened baseline of one environment: APIs, keys per purpose, a data bucket with its access-log
 * bucket, and secrets, every control on by default.
 */
export class BaselineStack extends TerraformStack {
  readonly environment: EnvironmentConfig;
  readonly keys: KeyChain;
  /** Customer data bucket (GCS-1..9). */
  readonly dataBucket: SecureBucket;
  /** Receives the data bucket's access logs (GCS-9). */
  readonly accessLogBucket: SecureBucket;
  /** An example application secret; its value is added out of band or with `setValueFrom`. */
  readonly exampleSecret: EncryptedSecret;
  /** Audit log configuration, sink and CMEK log bucket (LOG-1, LOG-2). */
  readonly auditLogging: AuditLogging;
  /** Where alerts go; team stacks reuse `notificationChannels.ids` for their own policies. */
  readonly notificationChannels: NotificationChannels;
  /** CIS metrics and alert policies (MON-1..8), key and secret destruction alerts (KMS-7, SEC-6). */
  readonly securityAlerts: SecurityAlerts;
  /** Availability and health alerts (MON-11): Cloud SQL CPU, disk, up and connections; Cloud NAT errors. */
  readonly healthAlerts: HealthAlerts;
  /** MON-14: uptime checks of the application's URLs (`monitoring.uptimeChecks`), each paging. */
  readonly uptimeChecks: UptimeChecks;
  /** REG-2: pages on HIGH and CRITICAL findings of Artifact Analysis (scanning is on for the whole project). */
  readonly containerVulnerabilityAlerts: ContainerVulnerabilityAlerts;
  /** The example workload's own service account, granted only what it needs (IAM-1..3). */
  readonly appRuntime: WorkloadIdentity;
  /** Container image repository (REG-1), unless `registry.enabled` is false. */
  readonly registry?: SecureRegistry;
  /** Project org policies (ORG-1), when `guardrails.orgPolicies` is true. */
  readonly orgPolicies?: OrgPolicyGuardrails;
  /** IAM-1: the default service accounts without their automatic Editor grant. */
  readonly defaultServiceAccounts: DeprivilegedDefaultServiceAccounts;
  /** Application sign-in with MFA (IDP-1), when `identityPlatform.enabled` is true. */
  readonly identityPlatform?: IdentityPlatform;
  /** Deny-by-default VPC with NAT egress and private service access (NET-1..13). */
  readonly network: SecureNetwork;
  /** Private Cloud SQL for PostgreSQL with PITR and daily backups (SQL-1..11). */
  readonly database: PrivatePostgres;
  /**
   * NET-3: TLS egress to the Upstash endpoints through Cloud NAT, for workloads carrying the secure tag
   * `redis-client` (and the NAT route's network tag), when the environment has Redis.
   */
  readonly redisEgress?: FqdnEgressAllow;
  /** The Upstash team from `redis.team` (UPS-11), when configured. */
  upstashTeam?: UpstashTeam;
  /** Upstash Redis databases from `redis.databases` (UPS-1..10), by purpose. */
  readonly redisDatabases: Record<string, ProdRedis> = {};
  /**
   * DATA-3: application-layer key of the example workload (`appRuntime`), when the environment holds
   * restricted data.
   */
  readonly applicationKey?: KmsKey;
  /** DATA-1: the environment's `labels.data_classification`, when it has one. */
  readonly environmentClassification?: DataClassification;
  /**
   * DATA-1: classification of the environment's data (its label, else `restricted`), for data the
   * baseline and teams create without a classification of their own.
   */
  readonly dataClassification: DataClassification;

  constructor(scope: Construct, props: BaselineStackProps) {
    const env = props.environment;
    super(scope, baselineStackName(env));
    setRetentionBounds(this, env.retention);
    this.environment = env;
    this.environmentClassification = classificationOfLabels("BaselineStack", env.labels);
    this.dataClassification = this.environmentClassification ?? DEFAULT_DATA_CLASSIFICATION;
    useRemoteState(this, env, baselineStackName(env));
    const labels = { ...env.labels, environment: env.name, managed_by: "cdktf-baseline" };

    new GoogleProvider(this, "google", {
      project: env.projectId,
      region: env.region,
      defaultLabels: labels,
      addTerraformAttributionLabel: true,
    });
    // Every resource of the stack waits for the API it calls (ProjectApis adds the depends_on).
    new ProjectApis(this, "apis", { projectId: env.projectId, services: BASELINE_APIS });
    ServiceAgents.of(this, { projectId: env.projectId });

    this.keys = new KeyChain(this, "keys", {
      ringNamePrefix: `baseline-${env.name}`,
      rotationDays: env.kms.rotationDays,
      protectionLevel: env.kms.protectionLevel,
      destroyScheduledDays: env.kms.destroyScheduledDays,
    });
    const storageKey = this.keys.keyFor("storage", kmsLocationForStorage(env.storage.location));

    // Created first: Data Access audit logs (LOG-1) are the buckets' GCS-9 evidence unless usage logs are on.
    this.auditLogging = new AuditLogging(this, "audit-logging", {
      projectId: env.projectId,
      location: env.region,
      encryptionKey: this.regionalKey("logs"),
      retentionDays: env.logging.retentionDays,
      locked: env.logging.locked,
    });
    // Kept when usage logs are off (the default): it exists in deployed environments and holds their logs.
    this.accessLogBucket = new SecureBucket(this, "access-log-bucket", {
      name: `${env.projectId}-access-logs`,
      location: env.storage.location,
      encryptionKey: storageKey,
      accessLogs: env.storage.usageLogs
        ? { disabledBecause: "this bucket is the access-log sink; logging it into itself would loop" }
        : { dataAccessAuditLogs: this.auditLogging },
      expireObjectsAfterDays: env.storage.accessLogRetentionDays,
      noncurrentVersionRetentionDays: env.storage.noncurrentVersionRetentionDays,
      softDeleteDays: env.storage.softDeleteDays,
      // DATA-1: request records (who, when, which object); object names never carry PHI (DATA-2).
      dataClassification: "confidential",
    });
    this.dataBucket = new SecureBucket(this, "data-bucket", {
      name: `${env.projectId}-data`,
      ...this.dataBucketSettings(),
      dataClassification: this.dataClassification,
    });

    this.exampleSecret = this.secret("app-signing-key");

    const notifications = env.notifications;
    this.notificationChannels = new NotificationChannels(this, "notification-channels", {
      emails: notifications.emails,
      pagerDuty: notifications.pagerduty && { serviceKey: notifications.pagerduty.serviceKeySecret },
      webhook: notifications.webhook && { urlWithToken: notifications.webhook.urlSecret },
    });
    this.securityAlerts = new SecurityAlerts(this, "security-alerts", {
      notificationChannelIds: this.notificationChannels.ids,
    });

    this.uptimeChecks = new UptimeChecks(this, "uptime-checks", {
      projectId: env.projectId,
      checks: env.monitoring.uptimeChecks,
      notificationChannelIds: this.notificationChannels.ids,
    });
    // Scanning (containerscanning API) covers every repository of the project, the teams' too.
    this.containerVulnerabilityAlerts = new ContainerVulnerabilityAlerts(
      this,
      "container-vulnerability-alerts",
      {
        projectId: env.projectId,
        region: env.region,
        notificationChannelIds: this.notificationChannels.ids,
        // The workflow and trigger run as their own identities; the deployer must be able to attach them.
        deployer: Principal.fromMember(stateLocation(env).deployers[0], "deployer"),
      },
    );

    this.appRuntime = new WorkloadIdentity(this, "app-runtime", {
      projectId: env.projectId,
      accountId: "app-runtime",
      description: "Example application workload: reads the data bucket and its signing key, nothing else",
    });
    this.exampleSecret.grantRead(this.appRuntime);
    this.dataBucket.grantRead(this.appRuntime);

    if (env.registry.enabled) {
      this.registry = new SecureRegistry(this, "registry", {
        repositoryId: env.registry.repositoryId,
        location: env.region,
        encryptionKey: this.regionalKey("registry"),
        deleteUntaggedAfterDays: env.registry.deleteUntaggedAfterDays,
        keepMostRecentVersions: env.registry.keepMostRecentVersions,
      });
      this.registry.grantRead(this.appRuntime);
    }
    // Enabling Compute grants Editor to its default service account; the kit takes it away on every project.
    this.defaultServiceAccounts = new DeprivilegedDefaultServiceAccounts(this, "default-service-accounts", {
      projectId: env.projectId,
    });
    if (env.guardrails.orgPolicies) {
      this.orgPolicies = new OrgPolicyGuardrails(this, "org-policies", { projectId: env.projectId });
    }
    if (env.identityPlatform.enabled) {
      this.identityPlatform = new IdentityPlatform(this, "identity-platform", {
        projectId: env.projectId,
        mfa: env.identityPlatform.mfa,
        secondFactors: env.identityPlatform.secondFactors,
        authorizedDomains: env.identityPlatform.authorizedDomains,
      });
    }
    const net = env.network;
    this.network = new SecureNetwork(this, "network", {
      projectId: env.projectId,
      name: net.name ?? `${env.name}-vpc`,
      region: env.region,
      subnets: net.subnets,
      privateServiceAccessRange: net.privateServiceAccessRange,
      flowLogSampling: net.flowLogSampling,
      natIpCount: net.natIpCount,
      natEgressTags: net.natEgressTags,
      allowIapAdminAccess: net.allowIapAdminAccess,
      allowHealthChecks: net.allowHealthChecks,
      egressAllows: net.egressAllows,
      ingressAllows: net.ingressAllows,
      sslPolicyProfile: net.sslPolicy.profile,
      minTlsVersion: net.sslPolicy.minTlsVersion,
    });
    // A partner's public ingress range is an exception to NET-5, owned and dated in the configuration.
    for (const rule of net.ingressAllows) {
      const firewall = this.network.firewallRules.get(
        `${net.name ?? `${env.name}-vpc`}-allow-ingress-${rule.name}`,
      );
      if (rule.optOut && firewall) suppress(firewall, "NET-5", rule.optOut);
    }
    const db = env.database;
    this.database = new PrivatePostgres(this, "database", {
      name: db.instanceName ?? `${env.name}-postgres`,
      ...this.postgresSettings(),
      dataClassification: this.dataClassification,
    });
    for (const member of db.iamUsers) this.database.addIamUser(Principal.fromMember(member));
    // MON-11: the connections alert fires near the instance's limit (its tier's default max_connections).
    this.healthAlerts = new HealthAlerts(this, "health-alerts", {
      notificationChannelIds: this.notificationChannels.ids,
      databaseConnectionLimit: connectionLimit(this.database.resource.settings.tierInput ?? ""),
    });
    // The example workload logs in with its own identity (SQL-9): no password exists to leak.
    this.database.addIamUser(this.appRuntime, "CLOUD_IAM_SERVICE_ACCOUNT");

    // UPS-2: Redis admits the VPC's static NAT egress IPs (plus configured additions) and nothing else.
    if (env.redis) {
      this.addRedisDatabases(env.redis, this.network);
      this.redisEgress = this.network.allowEgressToFqdns({
        name: REDIS_CLIENT_TAG,
        fqdns: Object.values(this.redisDatabases).map((db) => db.endpoint),
        ports: [...UPSTASH_TLS_PORTS],
      });
    }
    // DATA-3: where the environment holds restricted data, the example workload also encrypts its most
    // sensitive fields itself (docs/application-encryption.md), with a key only it may use.
    const restricted = [
      this.dataClassification,
      ...Object.values(this.redisDatabases).map((db) => db.dataClassification),
    ];
    if (restricted.includes("restricted")) {
      this.applicationKey = this.regionalKey(APPLICATION_KEY_PURPOSE);
      this.applicationKey.grantEncryptDecrypt(this.appRuntime);
    }
  }

  /** One ProdRedis per configured database, with the Upstash provider reading credentials from the environment. */
  private addRedisDatabases(
    redis: NonNullable<EnvironmentConfig["redis"]>,
    egressFrom?: IEgressIpSource,
  ): void {
    upstashProviderFromEnvironment(this);
    // UPS-11: console users from configuration, judged by the policy check.
    if (redis.team) {
      this.upstashTeam = new UpstashTeam(this, "upstash-team", {
        name: redis.team.name,
        members: redis.team.members as Record<string, UpstashTeamRole>,
        emailDomains: redis.team.emailDomains,
      });
    }
    for (const db of redis.databases) {
      this.redisDatabases[db.purpose] = new ProdRedis(this, `redis-${db.purpose}`, {
        environment: this.environment.name,
        purpose: db.purpose,
        primaryRegion: db.primaryRegion,
        readRegions: db.readRegions,
        monthlyBudgetUsd: db.budget,
        egressFrom,
        ipAllowlist: db.allowlist,
        mode: db.mode,
        prodPack: db.prodPack,
        dailyBackups: db.dailyBackups,
        hipaa: isHipaaDatabase(redis, db),
        // DATA-1: the environment's classification; without one, what the configuration says (HIPAA = PHI).
        dataClassification:
          this.environmentClassification ?? (isHipaaDatabase(redis, db) ? "restricted" : "confidential"),
        secrets: ({ secretId }) => this.secret(secretId),
      });
      // UPS-10: one ACL user per workload; its readers get its credential, nothing else.
      for (const user of db.users) {
        const created = this.redisDatabases[db.purpose].addUser(user.name, {
          access: user.access as RedisAccess,
          keyPatterns: user.keyPatterns,
        });
        for (const member of user.readers) created.grantRead(this.principalOf(member));
      }
      // Opt-outs (development only; refused with HIPAA) are exceptions owned and dated in the configuration.
      if (db.optOut && !db.prodPack) suppress(this.redisDatabases[db.purpose].resource, "UPS-1", db.optOut);
      if (db.optOut && !db.dailyBackups)
        suppress(this.redisDatabases[db.purpose].resource, "UPS-3", db.optOut);
    }
  }

  /**
   * A configured IAM member as a principal: the example workload's own service account by reference (so
   * its grants wait for it), anyone else as written.
   */
  private principalOf(member: string): IPrincipal {
    const own = `serviceAccount:${this.appRuntime.principalId}@${this.environment.projectId}.iam.gserviceaccount.com`;
    return member === own ? this.appRuntime : Principal.fromMember(member);
  }

  /** The key for `purpose` in the environment's region (secrets, database, logs). */
  regionalKey(purpose: string): KmsKey {
    return this.keys.keyFor(purpose, this.environment.region);
  }

  /** A secret replicated to the environment's secret locations, each replica under its own key. */
  secret(secretId: string, id: string = secretId): EncryptedSecret {
    return new EncryptedSecret(this, id, { secretId, ...this.secretSettings() });
  }

  /**
   * The environment's settings for customer-data buckets (GCS-5..9), shared with team stacks. GCS-9:
   * usage logs into the access-log bucket when `storage.usageLogs` is on, else the Data Access audit logs
   * of `dataAccessAudit` (a team stack passes its own, so its output carries the evidence).
   */
  dataBucketSettings(
    dataAccessAudit: IStorageDataAccessAudit = this.auditLogging,
  ): Omit<SecureBucketProps, "name"> {
    const storage = this.environment.storage;
    return {
      location: storage.location,
      encryptionKey: this.keys.keyFor("storage", kmsLocationForStorage(storage.location)),
      accessLogs: storage.usageLogs
        ? { bucket: this.accessLogBucket }
        : { dataAccessAuditLogs: dataAccessAudit },
      noncurrentVersionRetentionDays: storage.noncurrentVersionRetentionDays,
      deleteAfterCustomTimeDays: storage.deleteAfterTerminationDays,
      softDeleteDays: storage.softDeleteDays,
    };
  }

  /** The environment's secret settings (SEC-1, SEC-2, SEC-4), shared with team stacks. */
  secretSettings(): Pick<EncryptedSecretProps, "replicas" | "versionDestroyDays" | "rotation"> {
    const env = this.environment;
    const locations = env.secrets.replicaLocations ?? [env.region];
    return {
      replicas: locations.map((location) => ({ location, key: this.keys.keyFor("secrets", location) })),
      versionDestroyDays: env.secrets.versionDestroyDays,
      rotation: { periodDays: env.secrets.rotationDays, topic: this.rotationTopic() },
    };
  }

  /** The environment's Cloud SQL settings (SQL-1..11): network, key, version, tier, backups, HA, maintenance. */
  postgresSettings(): Omit<
    PrivatePostgresProps,
    "name" | "labels" | "dependsOn" | "additionalFlags" | "allowDestroy"
  > {
    const env = this.environment;
    const db = env.database;
    return {
      region: env.region,
      network: this.network,
      encryptionKey: this.regionalKey("database"),
      databaseVersion: db.version,
      edition: db.edition,
      tier: db.tier,
      availabilityType: databaseAvailability(db, env.production),
      diskSizeGb: db.diskSizeGb,
      sslMode: db.sslMode,
      backup: db.backup,
      maintenanceWindow: db.maintenance,
    };
  }

  private rotationTopicConstruct?: SecretRotationTopic;

  /** Topic that receives Secret Manager's rotation reminders (SEC-4) for this stack's and team stacks' secrets. */
  rotationTopic(): SecretRotationTopic {
    this.rotationTopicConstruct ??= new SecretRotationTopic(this, "secret-rotation-topic", {
      name: "secret-rotation-reminders",
      encryptionKey: this.regionalKey("secrets"),
      allowedPersistenceRegions: [this.environment.region],
    });
    return this.rotationTopicConstruct;
  }
}
