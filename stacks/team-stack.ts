import { setRetentionBounds } from "../constructs/retention-bounds";
import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { InvalidPropError, requireMatch } from "../constructs/errors";
import { ServiceAgents } from "../constructs/project/service-agents";
import { StorageDataAccessLogs } from "../constructs/logging/storage-data-access-logs";
import { EncryptedSecret } from "../constructs/secrets/encrypted-secret";
import { SecureBucket, type SecureBucketProps } from "../constructs/storage/secure-bucket";
import { PrivatePostgres, type PrivatePostgresProps } from "../constructs/database/private-postgres";
import {
  APPLICATION_KEY_PURPOSE,
  classificationOfLabels,
  DEFAULT_DATA_CLASSIFICATION,
  requireDataClassification,
  requireIdentifierFree,
  type DataClassification,
} from "../core/rules/data-classification";
import { WorkloadIdentity } from "../constructs/iam/workload-identity";
import { KmsKey } from "../constructs/kms/key";
import { KmsKeyRing } from "../constructs/kms/key-ring";
import { ProdRedis, type ProdRedisProps } from "../constructs/redis/prod-redis";
import { upstashProviderFromEnvironment } from "../constructs/redis/upstash-provider";
import type { UpstashProvider } from "../.gen/providers/upstash/provider";
import { UPSTASH_TLS_PORTS, type BaselineStack } from "./baseline-stack";
import { useRemoteState } from "./remote-state";

export interface TeamStackProps {
  /** The environment's baseline whose keys, access-log bucket and state bucket the team reuses. */
  readonly baseline: BaselineStack;
  /** Team name: 2-20 lowercase letters, digits or '-'; part of the stack name, resource names and the state prefix. */
  readonly team: string;
  /**
   * DATA-1: classification of the team's data, written as the `data_classification` label of every
   * bucket, database and Redis it creates unless a helper is given its own. `restricted` (PHI) also
   * creates the team's application key (DATA-3).
   * @default the environment's `labels.data_classification`, else "restricted"
   */
  readonly dataClassification?: DataClassification;
}

/** Stack name of a team in an environment: `<team>-<env>`. */
export function teamStackName(team: string, environment: string): string {
  return `${team}-${environment}`;
}

/**
 * A team's own stack on top of an environment's baseline: its own state prefix (own lock, own blast
 * radius), the baseline's keys and access-log bucket through cdktf cross-stack references, and helpers
 * that create the kit's constructs with the environment's settings. The policy check covers it like
 * every other stack.
 *
 *   const payments = new TeamStack(app, { baseline, team: "payments" });
 *   const invoices = payments.bucket("invoices");
 */
export class TeamStack extends TerraformStack {
  readonly baseline: BaselineStack;
  readonly team: string;
  /** DATA-1: classification of the team's data (see `TeamStackProps.dataClassification`). */
  readonly dataClassification: DataClassification;
  private upstashProvider?: UpstashProvider;
  private workload?: WorkloadIdentity;
  private appKey?: KmsKey;

  constructor(scope: Construct, props: TeamStackProps) {
    requireMatch(
      "TeamStack",
      "team",
      props.team,
      /^[a-z][a-z0-9-]{1,19}$/,
      "must be 2-20 lowercase letters, digits or '-'",
    );
    if (props.team === "baseline" || props.team === "bootstrap") {
      throw new InvalidPropError("TeamStack", "team", props.team, "is reserved for the kit's own stacks");
    }
    const env = props.baseline.environment;
    const dataClassification = requireDataClassification(
      "TeamStack",
      "dataClassification",
      props.dataClassification ??
        classificationOfLabels("TeamStack", env.labels) ??
        DEFAULT_DATA_CLASSIFICATION,
    );
    const name = teamStackName(props.team, env.name);
    super(scope, name);
    setRetentionBounds(this, env.retention);
    this.baseline = props.baseline;
    this.team = props.team;
    this.dataClassification = dataClassification;
    this.addDependency(props.baseline);
    useRemoteState(this, env, name);
    new GoogleProvider(this, "google", {
      project: env.projectId,
      region: env.region,
      defaultLabels: {
        ...env.labels,
        environment: env.name,
        team: props.team,
        managed_by: "cdktf-baseline",
        data_classification: dataClassification,
      },
      addTerraformAttributionLabel: true,
    });
    // The baseline enables the APIs; this stack's agents are only looked up for its own keys, if any.
    ServiceAgents.of(this, { projectId: env.projectId });
    // DATA-3: a team holding PHI encrypts its most sensitive fields itself, with its own key.
    if (dataClassification === "restricted") this.applicationKey();
  }

  /**
   * The team's workload identity (`<team>-workload@<project>.iam.gserviceaccount.com`): the service
   * account its applications run as, created on first use. Grant it access with the constructs' `grant*`
   * helpers (`bucket.grantRead(stack.workloadIdentity())`).
   */
  workloadIdentity(): WorkloadIdentity {
    this.workload ??= new WorkloadIdentity(this, "workload-identity", {
      projectId: this.baseline.environment.projectId,
      accountId: `${this.team}-workload`,
      description: `Runs the ${this.team} team's applications; may use only what is granted to it by name.`,
    });
    return this.workload;
  }

  /**
   * DATA-3: the team's application-layer key, for envelope encryption of its most sensitive fields
   * (docs/application-encryption.md): ENCRYPT_DECRYPT, rotated and protected as the environment's keys,
   * on the team's own key ring in the environment's region, and usable only by the team's workload
   * identity (`roles/cloudkms.cryptoKeyEncrypterDecrypter`). Created on first use, and always for a team
   * whose data is `restricted`.
   */
  applicationKey(): KmsKey {
    if (!this.appKey) {
      const env = this.baseline.environment;
      const keyRing = new KmsKeyRing(this, "application-key-ring", {
        name: `${this.team}-application`,
        location: env.region,
      });
      this.appKey = new KmsKey(this, "application-key", {
        keyRing,
        name: "application",
        rotationDays: env.kms.rotationDays,
        protectionLevel: env.kms.protectionLevel,
        destroyScheduledDays: env.kms.destroyScheduledDays,
        labels: { team: this.team, purpose: APPLICATION_KEY_PURPOSE },
      });
      this.appKey.grantEncryptDecrypt(this.workloadIdentity());
    }
    return this.appKey;
  }

  /** The helper's classification (or the team's); restricted data brings the application key (DATA-3). */
  private classify(
    construct: string,
    value: DataClassification | undefined,
    name: { field: string; value: string },
  ): DataClassification {
    const classification = requireDataClassification(
      construct,
      "dataClassification",
      value ?? this.dataClassification,
    );
    if (classification === "restricted") {
      // DATA-2: names of restricted data carry no identifiers (the team name is part of them too).
      requireIdentifierFree(construct, name.field, name.value);
      requireIdentifierFree("TeamStack", "team", this.team);
      this.applicationKey();
    }
    return classification;
  }

  /**
   * A `SecureBucket` named `<projectId>-<team>-<purpose>`, encrypted with the baseline's storage key and
   * logging to the baseline's access-log bucket. `overrides` may change retention settings only.
   */
  bucket(
    purpose: string,
    overrides: Pick<
      SecureBucketProps,
      | "noncurrentVersionRetentionDays"
      | "deleteAfterCustomTimeDays"
      | "softDeleteDays"
      | "retention"
      | "dataClassification"
    > = {},
  ): SecureBucket {
    requireMatch(
      "TeamStack.bucket",
      "purpose",
      purpose,
      /^[a-z][a-z0-9-]{1,20}$/,
      "must be 2-21 lowercase letters, digits or '-'",
    );
    return new SecureBucket(this, `bucket-${purpose}`, {
      name: `${this.baseline.environment.projectId}-${this.team}-${purpose}`,
      ...this.baseline.dataBucketSettings(
        StorageDataAccessLogs.of(this, this.baseline.environment.projectId),
      ),
      labels: { team: this.team, purpose },
      ...overrides,
      dataClassification: this.classify("TeamStack.bucket", overrides.dataClassification, {
        field: "purpose",
        value: purpose,
      }),
    });
  }

  /**
   * A `ProdRedis` named `<env>-<team>-<purpose>`, allowlisting the environment network's NAT egress IPs
   * (UPS-2), in HIPAA mode when the environment's Redis is, with its credentials in the team's secrets.
   */
  redis(
    purpose: string,
    options: Pick<ProdRedisProps, "primaryRegion" | "monthlyBudgetUsd"> &
      Partial<Pick<ProdRedisProps, "readRegions" | "mode" | "ipAllowlist" | "dataClassification">>,
  ): ProdRedis {
    this.upstashProvider ??= upstashProviderFromEnvironment(this);
    const env = this.baseline.environment;
    const redis = new ProdRedis(this, `redis-${purpose}`, {
      environment: env.name,
      purpose: `${this.team}-${purpose}`,
      egressFrom: this.baseline.network,
      hipaa: env.redis?.hipaa ?? false,
      // `secret()` prefixes the team: `<team>-redis-<purpose>-<kind>`.
      secrets: ({ kind }) => this.secret(`redis-${purpose}-${kind}`),
      ...options,
      // `restricted` puts the database in HIPAA mode whatever the environment says (DATA-2).
      dataClassification: this.classify("TeamStack.redis", options.dataClassification, {
        field: "purpose",
        value: purpose,
      }),
    });
    // NET-3: only workloads carrying the secure tag `<team>-<purpose>` reach this database, over TLS.
    this.baseline.network.allowEgressToFqdns(
      { name: `${this.team}-${purpose}`, fqdns: [redis.endpoint], ports: [...UPSTASH_TLS_PORTS] },
      this,
    );
    return redis;
  }

  /**
   * A `PrivatePostgres` named `<team>-<env>-<name>` on the environment's network, encrypted with the
   * baseline's database key, with the environment's backup, availability and maintenance settings.
   */
  database(name: string, options: Pick<PrivatePostgresProps, "dataClassification"> = {}): PrivatePostgres {
    requireMatch(
      "TeamStack.database",
      "name",
      name,
      /^[a-z][a-z0-9-]{1,20}$/,
      "must be 2-21 lowercase letters, digits or '-'",
    );
    return new PrivatePostgres(this, `database-${name}`, {
      name: `${this.team}-${this.baseline.environment.name}-${name}`,
      ...this.baseline.postgresSettings(),
      labels: { team: this.team },
      dataClassification: this.classify("TeamStack.database", options.dataClassification, {
        field: "name",
        value: name,
      }),
    });
  }

  /**
   * An `EncryptedSecret` named `<team>-<purpose>`, replicated and encrypted like the baseline's secrets,
   * with rotation reminders on the baseline's topic (SEC-4).
   */
  secret(purpose: string): EncryptedSecret {
    requireMatch(
      "TeamStack.secret",
      "purpose",
      purpose,
      /^[a-z][a-z0-9-]{1,40}$/,
      "must be 2-41 lowercase letters, digits or '-'",
    );
    return new EncryptedSecret(this, `secret-${purpose}`, {
      secretId: `${this.team}-${purpose}`,
      ...this.baseline.secretSettings(),
      labels: { team: this.team },
    });
  }
}

/** A team's resources, added to a `TeamStack` in each environment it runs in. */
export interface TeamDefinition {
  /** Team name (stack `<team>-<env>`). */
  readonly team: string;
  /**
   * Environments the team deploys to.
   * @default every environment
   */
  readonly environments?: readonly string[];
  /**
   * DATA-1: classification of the team's data (`restricted` for PHI, `confidential`, `internal`,
   * `public`); each helper may override it for one resource.
   * @default the environment's `labels.data_classification`, else "restricted"
   */
  readonly dataClassification?: DataClassification;
  /** Adds the team's resources to its stack. */
  readonly build: (stack: TeamStack) => void;
}
