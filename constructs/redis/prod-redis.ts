import { Construct } from "constructs";
import {
  DATA_CLASSIFICATION_LABEL,
  DEFAULT_DATA_CLASSIFICATION,
  requireDataClassification,
  type DataClassification,
} from "../../core/rules/data-classification";
import { RedisDatabase } from "../../.gen/providers/upstash/redis-database";
import { InvalidPropError, requireIntegerInRange } from "../errors";
import type { IPrincipal } from "../iam/principal";
import { retainLifecycle } from "../lifecycle";
import type { EncryptedSecret } from "../secrets/encrypted-secret";
import { buildAllowlist, type IEgressIpSource } from "./allowlist";
import { UpstashDailyBackup } from "./daily-backup";
import { hipaaProblems, type RedisMode } from "../../core/rules/redis-hipaa";
import { redisDatabaseName } from "./naming";
import { primaryRegionProblem, readRegionProblem } from "../../core/rules/upstash-regions";
import { budgetProblem } from "../../core/rules/redis-budget";

// UPS-5's modes are defined with the HIPAA rule that constrains them (core/rules/redis-hipaa.ts).
export type { RedisMode };

/** Creates an `EncryptedSecret` (CMEK, pinned replicas) for a secret id; the stack's `secret()` helper. */
export type RedisSecretFactory = (secretId: string) => EncryptedSecret;

export interface ProdRedisProps {
  /** Environment name, the first half of the database name (UPS-7). */
  readonly environment: string;
  /**
   * What the database is for (`sessions`, `rate-limits`), the second half of the database name (UPS-7):
   * 2-21 lowercase letters, digits and single hyphens. Never customer data or PHI.
   */
  readonly purpose: string;
  /** UPS-8: Upstash region that takes the writes (`eu-west-1`, `us-east-1`, ...). */
  readonly primaryRegion: string;
  /**
   * UPS-8: regions holding read replicas, for availability and latency; never the primary region.
   * @default none (a single-region global database)
   */
  readonly readRegions?: readonly string[];
  /** UPS-9: monthly spending cap in whole US dollars; Upstash throttles the database when it is reached. */
  readonly monthlyBudgetUsd: number;
  /**
   * UPS-2: the network whose Cloud NAT egress IPs are allowed to connect, each as a /32.
   * @default none; then `ipAllowlist` must list the allowed blocks
   */
  readonly egressFrom?: IEgressIpSource;
  /**
   * UPS-2: further IPv4 CIDR blocks allowed to connect (office egress, CI runners). 0.0.0.0/0, ::/0, prefixes
   * shorter than /8, malformed blocks and lists of only private addresses are refused.
   * @default none
   */
  readonly ipAllowlist?: readonly string[];
  /**
   * UPS-5: `store` turns eviction off; `cache` turns it on (refused in HIPAA mode).
   * @default "store"
   */
  readonly mode?: RedisMode;
  /**
   * UPS-1: Prod Pack (encryption at rest, 99.99% SLA, SOC 2 report). `false` is the explicit opt-out for
   * development databases; refused in HIPAA mode.
   * @default true
   */
  readonly prodPack?: boolean;
  /**
   * UPS-3: enable Upstash's daily backups during deploy. `false` is the explicit opt-out; refused in HIPAA mode.
   * @default true
   */
  readonly dailyBackups?: boolean;
  /**
   * The database holds PHI: requires Prod Pack, daily backups, store mode and an allowlist, and refuses
   * purposes with digit runs. Account-level duties remain manual (see `policy/manual-duties.ts`).
   * @default false
   */
  readonly hipaa?: boolean;
  /**
   * DATA-1: what the database holds. Upstash databases have no labels, so the kit records it as
   * `data_classification` in the resource's `//` metadata, which the policy check reads. `restricted`
   * (PHI) turns on HIPAA mode whatever `hipaa` says (DATA-2).
   * @default "restricted" (the secure choice: under-classified PHI loses protections silently)
   */
  readonly dataClassification?: DataClassification;
  /** UPS-6: creates the secrets that receive the password and REST tokens. */
  readonly secrets: RedisSecretFactory;
  /**
   * Opt-out of prevent_destroy: let `terraform destroy` delete the database and its data.
   * @default false
   */
  readonly allowDestroy?: boolean;
}

const CONSTRUCT = "ProdRedis";

/**
 * An Upstash Redis global database hardened per the Upstash shared-responsibility model: Prod Pack (UPS-1), an IP allowlist defaulting to
 * the VPC's NAT egress IPs (UPS-2), daily backups enabled at deploy (UPS-3), TLS (UPS-4), eviction off for
 * stored data (UPS-5), credentials only in CMEK secrets (UPS-6), names from environment and purpose (UPS-7),
 * read regions (UPS-8), a budget cap (UPS-9), and prevent_destroy.
 *
 * The stack must hold an Upstash provider without credentials (`upstashProviderFromEnvironment`).
 */
export class ProdRedis extends Construct {
  readonly database: RedisDatabase;
  /** `<environment>-<purpose>`. */
  readonly databaseName: string;
  /** Upstash's database id (a reference). */
  readonly databaseId: string;
  /** Host name clients connect to (with TLS) on `port`. */
  readonly endpoint: string;
  readonly port: number;
  /** UPS-6: the database password (Redis protocol, TLS). */
  readonly passwordSecret: EncryptedSecret;
  /** UPS-6: the REST API token (read and write). */
  readonly restTokenSecret: EncryptedSecret;
  /** UPS-6: the read-only REST API token. */
  readonly readOnlyRestTokenSecret: EncryptedSecret;
  /** UPS-3: the deploy-time call that enables daily backups; absent when opted out. */
  readonly dailyBackup?: UpstashDailyBackup;
  /** The allowlist as synthesized (references for NAT egress IPs). */
  readonly ipAllowlist: readonly string[];
  /** DATA-1: what the database holds. */
  readonly dataClassification: DataClassification;

  constructor(scope: Construct, id: string, props: ProdRedisProps) {
    super(scope, id);
    const dataClassification = requireDataClassification(
      CONSTRUCT,
      "dataClassification",
      props.dataClassification ?? DEFAULT_DATA_CLASSIFICATION,
    );
    // DATA-2: restricted data (PHI) is held only in HIPAA mode.
    const hipaa = props.hipaa === true || dataClassification === "restricted";
    this.dataClassification = dataClassification;
    const mode = props.mode ?? "store";
    const prodPack = props.prodPack ?? true;
    const dailyBackups = props.dailyBackups ?? true;

    this.databaseName = redisDatabaseName(CONSTRUCT, props.environment, props.purpose);
    if (mode !== "store" && mode !== "cache") {
      throw new InvalidPropError(
        CONSTRUCT,
        "mode",
        mode,
        'must be "store" (eviction off) or "cache" (eviction on)',
      );
    }
    if (hipaa) {
      const [problem] = hipaaProblems({ prodPack, dailyBackups, mode });
      if (problem) throw new InvalidPropError(CONSTRUCT, problem.field, problem.value, problem.allowed);
    }
    const readRegions = this.validateRegions(props.primaryRegion, props.readRegions ?? []);
    const budget = requireIntegerInRange(CONSTRUCT, "monthlyBudgetUsd", props.monthlyBudgetUsd, 1, 100_000);
    const tooSmall = budgetProblem(budget, prodPack);
    if (tooSmall) throw new InvalidPropError(CONSTRUCT, "monthlyBudgetUsd", budget, tooSmall);
    this.ipAllowlist = buildAllowlist(CONSTRUCT, "ipAllowlist", props.ipAllowlist ?? [], props.egressFrom);

    this.database = new RedisDatabase(this, "database", {
      databaseName: this.databaseName,
      region: "global",
      primaryRegion: props.primaryRegion,
      readRegions: readRegions.length ? readRegions : undefined,
      prodPack,
      tls: true,
      eviction: mode === "cache",
      budget,
      ipAllowlist: [...this.ipAllowlist],
      lifecycle: retainLifecycle(props.allowDestroy),
    });
    // The provider has no labels: the classification travels as metadata beside the construct path.
    this.database.addOverride(`//.${DATA_CLASSIFICATION_LABEL}`, dataClassification);
    this.databaseId = this.database.databaseId;
    this.endpoint = this.database.endpoint;
    this.port = this.database.port;

    const secret = (kind: string, value: string) => {
      const created = props.secrets(`redis-${props.purpose}-${kind}`);
      // Written once: with Credential Protection on, the provider reads the credentials back empty.
      created.setValueFrom(value, { writeOnce: true });
      return created;
    };
    this.passwordSecret = secret("password", this.database.password);
    this.restTokenSecret = secret("rest-token", this.database.restToken);
    this.readOnlyRestTokenSecret = secret("read-only-rest-token", this.database.readOnlyRestToken);

    if (dailyBackups) {
      this.dailyBackup = new UpstashDailyBackup(this, "daily-backup", {
        databaseId: this.database.databaseId,
      });
    }
  }

  /** Lets `principal` read the password and the read-write REST token. */
  grantReadWrite(principal: IPrincipal): void {
    this.passwordSecret.grantAccess(principal);
    this.restTokenSecret.grantAccess(principal);
  }

  /** Lets `principal` read only the read-only REST token. */
  grantReadOnly(principal: IPrincipal): void {
    this.readOnlyRestTokenSecret.grantAccess(principal);
  }

  private validateRegions(primary: string, readRegions: readonly string[]): string[] {
    const primaryProblem = primaryRegionProblem(primary);
    if (primaryProblem) throw new InvalidPropError(CONSTRUCT, "primaryRegion", primary, primaryProblem);
    readRegions.forEach((region, i) => {
      const problem = readRegionProblem(primary, readRegions, i);
      if (problem) throw new InvalidPropError(CONSTRUCT, `readRegions[${i}]`, region, problem);
    });
    return [...readRegions];
  }
}
