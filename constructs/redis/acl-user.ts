import { join } from "node:path";
import { Construct } from "constructs";
import { AssetType, TerraformAsset, type ITerraformDependable } from "cdktf";
import type { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import {
  REDIS_ACCESS_LEVELS,
  aclRules,
  aclUserNameProblem,
  keyPatternProblem,
  type RedisAccess,
  ACL_STEP_COMMAND,
} from "../../core/rules/redis-acl";
import { InvalidPropError } from "../errors";
import type { Grant } from "../iam/grant";
import type { IPrincipal } from "../iam/principal";
import type { EncryptedSecret } from "../secrets/encrypted-secret";
import { TerraformData } from "../terraform-data";

export type { RedisAccess };

/** The committed, dependency-free script that applies one ACL user at deploy time (node 20+). */
export const REDIS_ACL_SCRIPT = join(__dirname, "..", "..", "scripts", "upstash-redis-acl.mjs");

/** What an ACL user may do. */
export interface RedisAclUserOptions {
  /**
   * `read` (`+@read`) or `read-write` (`+@read +@write +@transaction`); both with `+@connection` and without
   * `@dangerous` (no FLUSHALL, KEYS, CONFIG, ACL, CLIENT, DEBUG).
   * @default "read"
   */
  readonly access?: RedisAccess;
  /**
   * Key patterns the user may touch: prefixes optionally ending in `*` (`checkout:*`), or `*`.
   * @default ["*"] (every key of this database; a database already serves one purpose)
   */
  readonly keyPatterns?: readonly string[];
}

export interface RedisAclUserProps extends RedisAclUserOptions {
  /** ACL user name (2-32 lowercase letters, digits, hyphens; never `default`). */
  readonly name: string;
  /** Host name of the database (`upstash_redis_database.endpoint`). */
  readonly endpoint: string;
  /** `upstash_redis_database.database_id`: a new database gets its users again. */
  readonly databaseId: string;
  /** The secret holding the database's REST token, which the deploy step reads to run ACL commands. */
  readonly adminTokenSecret: EncryptedSecret;
  /** The secret that receives this user's credential (written by the deploy step, never by Terraform). */
  readonly secret: EncryptedSecret;
  /**
   * Resources that must exist before the step runs (the admin token's secret version).
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

const CONSTRUCT = "RedisAclUser";

/** The spec the deploy step receives; one source for the construct and its tests. */
export interface RedisAclSpec {
  readonly endpoint: string;
  readonly adminTokenSecret: string;
  readonly userSecret: string;
  readonly user: string;
  readonly rules: readonly string[];
}

/**
 * UPS-10: one Redis ACL user of an Upstash database, for one workload, with its own credential in its own
 * `EncryptedSecret`. Upstash lets only `ACL GENTOKEN` make passwords and the provider has no ACL resource,
 * so a `terraform_data` runs the committed script at deploy (as UpstashDailyBackup does): it reads the
 * database's REST token from Secret Manager, creates the user with a generated token, stores the token as
 * a version of `secret`, and on re-runs only re-applies the rules. No credential passes through Terraform:
 * the synthesized JSON, the plan and the state hold names and references only.
 *
 * Replaced (and so re-run) when the database, the user, its rules or its secret change. Removing a user
 * here does not delete it from Upstash (`ACL DELUSER <name>` by hand, docs/redis.md).
 */
export class RedisAclUser extends Construct {
  readonly resource: TerraformData;
  /** The ACL user name. */
  readonly userName: string;
  readonly access: RedisAccess;
  readonly keyPatterns: readonly string[];
  /** ACL rules after the password, as applied. */
  readonly rules: readonly string[];
  /** Holds the user's credential (the GENTOKEN token: the password on TCP, the bearer token on REST). */
  readonly secret: EncryptedSecret;

  constructor(scope: Construct, id: string, props: RedisAclUserProps) {
    super(scope, id);
    const nameProblem = aclUserNameProblem(props.name);
    if (nameProblem) throw new InvalidPropError(CONSTRUCT, "name", props.name, nameProblem);
    const access = props.access ?? "read";
    if (!REDIS_ACCESS_LEVELS.includes(access)) {
      throw new InvalidPropError(
        CONSTRUCT,
        "access",
        access,
        `must be one of: ${REDIS_ACCESS_LEVELS.join(", ")}`,
      );
    }
    const keyPatterns = props.keyPatterns ?? ["*"];
    if (!keyPatterns.length) {
      throw new InvalidPropError(
        CONSTRUCT,
        "keyPatterns",
        [],
        'must list at least one pattern ("*" for every key)',
      );
    }
    keyPatterns.forEach((pattern, i) => {
      const problem = keyPatternProblem(pattern);
      if (problem) throw new InvalidPropError(CONSTRUCT, `keyPatterns[${i}]`, pattern, problem);
    });
    this.userName = props.name;
    this.access = access;
    this.keyPatterns = [...keyPatterns];
    this.rules = aclRules(access, keyPatterns);
    this.secret = props.secret;

    const spec: RedisAclSpec = {
      endpoint: props.endpoint,
      adminTokenSecret: props.adminTokenSecret.id,
      userSecret: props.secret.id,
      user: props.name,
      rules: this.rules,
    };
    // Copied into the stack's output directory so the path works where Terraform runs (cdktf.out/stacks/*).
    const script = new TerraformAsset(this, "script", { path: REDIS_ACL_SCRIPT, type: AssetType.FILE });
    this.resource = new TerraformData(this, "apply", {
      triggersReplace: {
        database_id: props.databaseId,
        user: props.name,
        rules: this.rules.join(" "),
        secret: props.secret.id,
      },
      input: { ...spec },
      provisioners: [
        {
          type: "local-exec",
          // node as the interpreter, no shell: the spec (the input above) is one argument, never parsed by a shell.
          interpreter: ["node", script.path, "apply"],
          command: ACL_STEP_COMMAND,
        },
      ],
      dependsOn: props.dependsOn,
    });
    this.node.defaultChild = this.resource;
  }

  /** Lets `principal` read this user's credential (and only it). */
  grantRead(principal: IPrincipal): Grant<SecretManagerSecretIamMember> {
    return this.secret.grantRead(principal);
  }
}
