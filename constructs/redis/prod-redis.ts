import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import {
  DATA_CLASSIFICATION_LABEL,
  DEFAULT_DATA_CLASSIFICATION,
  requireDataClassification,
  type DataClassification,
} from "../../core/rules/data-classification";
import { RedisDatabase } from "../../.gen/providers/upstash/redis-database";
import type { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { RedisAclUser, type RedisAclUserOptions } from "./acl-user";
import { aclUserNameProblem } from "../../core/rules/redis-acl";
import { InvalidPropError, requireIntegerInRange } from "../errors";
import type { IPrincipal } from "../iam/principal";
import { Grant } from "../iam/grant";
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

/** One credential of a database that needs a secret. */
export interface RedisCredential {
  /** `password`, `rest-token`, `read-only-rest-token`, or `acl-<user>` for an ACL user (UPS-10). */
  readonly kind: string;
  /** The id the kit suggests, `redis-<purpose>-<kind>`; a stack that prefixes ids itself builds its own from `kind`. */
  readonly secretId: string;
}

/** Creates an `EncryptedSecret` (CMEK, pinned replicas) for a credential; the stack's `secret()` helper. */
export type RedisSecretFactory = (credential: RedisCredential) => EncryptedSecret;

/**
 * What `grantRead` / `grantReadWrite` created: the principal's access to the credential of its ACL user (a
 * `Grant`, as every construct's `grant*` returns), and that user (created, or reused when the same user was
 * granted before).
 */
export class RedisUserGrant extends Grant<SecretManagerSecretIamMember> {
  constructor(
    /** The ACL user whose credential the principal may read. */
    readonly user: RedisAclUser,
    grant: Grant<SecretManagerSecretIamMember>,
  ) {
    super(grant.principal, grant.roles, grant.bindings);
  }
}

/** Options of `grantRead` / `grantReadWrite`. */
export interface RedisGrantOptions {
  /**
   * ACL user name.
   * @default the principal's `principalId` (a workload identity's account id)
   */
  readonly user?: string;
  /**
   * Key patterns of the user.
   * @default ["*"]
   */
  readonly keyPatterns?: readonly string[];
}

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
   * The database holds PHI: requires Prod Pack, daily backups, store mode, an allowlist and at least one
   * ACL user (UPS-10; `addUser`, `grantRead`, `grantReadWrite`), refuses granting the default credentials
   * and purposes with digit runs. Account-level duties remain manual (see `policy/manual-duties.ts`).
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
  /** UPS-6: creates the secrets that receive the password, the REST tokens and ACL users' credentials. */
  readonly secrets: RedisSecretFactory;
  /**
   * Opt-out of prevent_destroy: let `terraform destroy` delete the database and its data.
   * @default false
   */
  readonly allowDestroy?: boolean;
}

const CONSTRUCT = "ProdRedis";

/** `//` metadata key that marks a database in HIPAA mode (read by UPS-10). */
export const HIPAA_MODE_METADATA = "hipaa_mode";

/**
 * An Upstash Redis global database hardened per the Upstash shared-responsibility model: Prod Pack (UPS-1), an IP allowlist defaulting to
 * the VPC's NAT egress IPs (UPS-2), daily backups enabled at deploy (UPS-3), TLS (UPS-4), eviction off for
 * stored data (UPS-5), credentials only in CMEK secrets (UPS-6), names from environment and purpose (UPS-7),
 * read regions (UPS-8), a budget cap (UPS-9), an ACL user per workload with its own credential (UPS-10;
 * required in HIPAA mode), and prevent_destroy.
 *
 * The stack must hold an Upstash provider without credentials (`upstashProviderFromEnvironment`).
 */
export class ProdRedis extends Construct {
  /** The `upstash_redis_database` (also `node.defaultChild`). */
  readonly resource: RedisDatabase;
  /** HIPAA mode (UPS-5, UPS-10): set by `hipaa` or by `restricted` data. */
  readonly hipaa: boolean;
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
  private readonly restTokenVersion?: ITerraformDependable;
  /** UPS-3: the deploy-time call that enables daily backups; absent when opted out. */
  readonly dailyBackup?: UpstashDailyBackup;
  /** The allowlist as synthesized (references for NAT egress IPs). */
  readonly ipAllowlist: readonly string[];
  /** DATA-1: what the database holds. */
  readonly dataClassification: DataClassification;
  private readonly secrets: RedisSecretFactory;
  private readonly purpose: string;
  private readonly aclUsers = new Map<string, RedisAclUser>();

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
    this.hipaa = hipaa;
    this.secrets = props.secrets;
    this.purpose = props.purpose;
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

    this.resource = new RedisDatabase(this, "database", {
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
    this.resource.addOverride(`//.${DATA_CLASSIFICATION_LABEL}`, dataClassification);
    // UPS-10 reads HIPAA mode here too: a HIPAA database need not be labelled restricted (redis.hipaa).
    if (hipaa) this.resource.addOverride(`//.${HIPAA_MODE_METADATA}`, true);
    this.node.defaultChild = this.resource;
    this.databaseId = this.resource.databaseId;
    this.endpoint = this.resource.endpoint;
    this.port = this.resource.port;

    const versions: Record<string, ITerraformDependable> = {};
    const secret = (kind: string, value: string) => {
      const created = this.secretFor(kind);
      // Written once: with Credential Protection on, the provider reads the credentials back empty.
      versions[kind] = created.setValueFrom(value, { writeOnce: true });
      return created;
    };
    this.passwordSecret = secret("password", this.resource.password);
    this.restTokenSecret = secret("rest-token", this.resource.restToken);
    this.readOnlyRestTokenSecret = secret("read-only-rest-token", this.resource.readOnlyRestToken);
    // ACL users' deploy steps read the REST token from Secret Manager: it must be stored first.
    this.restTokenVersion = versions["rest-token"];

    if (dailyBackups) {
      this.dailyBackup = new UpstashDailyBackup(this, "daily-backup", {
        databaseId: this.resource.databaseId,
      });
    }
    // UPS-10: a HIPAA database is used only through ACL users; checked once the stack is complete.
    this.node.addValidation({
      validate: () =>
        hipaa && this.aclUsers.size === 0
          ? [
              `${CONSTRUCT} ${this.databaseName}: in HIPAA mode the database needs at least one ACL user (addUser, grantRead or grantReadWrite; redis.databases[].users in the configuration): workloads must not share the default user (UPS-10)`,
            ]
          : [],
    });
  }

  /** ACL users of this database, by name (UPS-10). */
  get users(): ReadonlyMap<string, RedisAclUser> {
    return this.aclUsers;
  }

  /**
   * UPS-10: an ACL user for one workload, with its own credential in its own `EncryptedSecret`
   * (`redis-<purpose>-acl-<name>`), created at deploy through Upstash's REST API. Adding the same name twice
   * with the same options returns the existing user.
   */
  addUser(name: string, options: RedisAclUserOptions = {}): RedisAclUser {
    const existing = this.aclUsers.get(name);
    if (existing) {
      const access = options.access ?? "read";
      const keyPatterns = options.keyPatterns ?? ["*"];
      if (existing.access !== access || existing.keyPatterns.join(" ") !== keyPatterns.join(" ")) {
        throw new InvalidPropError(
          `${CONSTRUCT}.addUser`,
          "name",
          name,
          `is already a user of ${this.databaseName} with access ${existing.access} on ${existing.keyPatterns.join(" ")}; give this workload its own user`,
        );
      }
      return existing;
    }
    // Validated before the secret is named after it.
    const nameProblem = aclUserNameProblem(name);
    if (nameProblem) throw new InvalidPropError("RedisAclUser", "name", name, nameProblem);
    const user = new RedisAclUser(this, `acl-${name}`, {
      name,
      ...options,
      endpoint: this.endpoint,
      databaseId: this.databaseId,
      adminTokenSecret: this.restTokenSecret,
      secret: this.secretFor(`acl-${name}`),
      dependsOn: this.restTokenVersion ? [this.restTokenVersion] : undefined,
    });
    this.aclUsers.set(name, user);
    return user;
  }

  /** UPS-10: an ACL user that may read (`+@read`) the keys, and `principal`'s access to its credential. */
  grantRead(principal: IPrincipal, options: RedisGrantOptions = {}): RedisUserGrant {
    return this.grantUser(principal, "read", options);
  }

  /** UPS-10: an ACL user that may read and write (no dangerous commands), and `principal`'s access to it. */
  grantReadWrite(principal: IPrincipal, options: RedisGrantOptions = {}): RedisUserGrant {
    return this.grantUser(principal, "read-write", options);
  }

  /**
   * The database's default (full-access) password and REST token to `principal`: every holder can run
   * every command, FLUSHALL included, and nothing tells them apart. Refused in HIPAA mode (UPS-10); prefer
   * `grantRead` / `grantReadWrite` everywhere.
   */
  grantDefaultCredentials(principal: IPrincipal): Grant<SecretManagerSecretIamMember> {
    if (this.hipaa) {
      throw new InvalidPropError(
        `${CONSTRUCT}.grantDefaultCredentials`,
        "principal",
        principal.member,
        `is refused: ${this.databaseName} is in HIPAA mode, where each workload gets its own ACL user (grantRead / grantReadWrite, UPS-10)`,
      );
    }
    return Grant.combine([
      this.passwordSecret.grantRead(principal),
      this.restTokenSecret.grantRead(principal),
    ]);
  }

  private grantUser(
    principal: IPrincipal,
    access: "read" | "read-write",
    options: RedisGrantOptions,
  ): RedisUserGrant {
    const name = options.user ?? principal.principalId;
    const user = this.addUser(name, { access, keyPatterns: options.keyPatterns });
    return new RedisUserGrant(user, user.grantRead(principal));
  }

  private secretFor(kind: string): EncryptedSecret {
    return this.secrets({ kind, secretId: `redis-${this.purpose}-${kind}` });
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
