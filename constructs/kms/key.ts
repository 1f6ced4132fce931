import { Construct, type IConstruct } from "constructs";
import { dependable, type ITerraformDependable } from "cdktf";
import { sameStackDependencies } from "../dependencies";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { requireIntegerInRange, requireMatch } from "../errors";
import { ResourceGrants, type Grant } from "../iam/grant";
import type { IPrincipal } from "../iam/principal";
import { daysToDuration, retainLifecycle } from "../lifecycle";
import { ServiceAgents, type ServiceAgentName } from "../project/service-agents";
import { CONSISTENCY_WAITS, ConsistencyWait } from "../project/waits";
import { kmsLocationOfId, type IKmsKeyRing } from "./key-ring";
import { DESTROY_SCHEDULED_DAYS, MAX_ROTATION_DAYS, type KeyProtectionLevel } from "../../core/rules/kms";

export type { KeyProtectionLevel };

export interface KmsKeyProps {
  /** Ring that holds the key (a `KmsKeyRing`, or `KmsKeyRing.fromKeyRingId(...)`); the key's location is the ring's. */
  readonly keyRing: IKmsKeyRing;
  /** Key name, usually its purpose (`storage`, `secrets`, `database`, `logs`). */
  readonly name: string;
  /**
   * KMS-1: days between automatic rotations, at most 90.
   * @default 90
   */
  readonly rotationDays?: number;
  /**
   * KMS-4: where key material lives. HSM keys never leave a FIPS 140-2 Level 3 module.
   * @default "HSM"
   */
  readonly protectionLevel?: KeyProtectionLevel;
  /**
   * KMS-3: days a destroyed key version stays recoverable (Cloud KMS allows 1-120).
   * @default 30
   */
  readonly destroyScheduledDays?: number;
  /**
   * Labels on the key.
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * KMS-2 opt-out: let `terraform destroy` schedule the key's destruction. Everything the key
   * encrypted becomes unreadable when it is destroyed.
   * @default false
   */
  readonly allowDestroy?: boolean;
}

/**
 * A Cloud KMS key as the constructs that encrypt with it need it: a `KmsKey` of this kit, or a key managed
 * elsewhere (`KmsKey.fromKeyId`). Grants create one `google_kms_crypto_key_iam_member` per role and
 * principal, in the stack that declares the key (or the import).
 */
export interface IKmsKey extends IConstruct {
  /** Full key id: `projects/P/locations/L/keyRings/R/cryptoKeys/N`; what `kms_key_name` attributes take. */
  readonly id: string;
  /** KMS location of the key; a literal when known at synth time, so constructs can check it. */
  readonly location: string;
  /** Lets `principal` encrypt and decrypt with this key. */
  grantEncryptDecrypt(principal: IPrincipal): Grant<KmsCryptoKeyIamMember>;
  /** Lets `principal` encrypt only. */
  grantEncrypt(principal: IPrincipal): Grant<KmsCryptoKeyIamMember>;
  /** Lets `principal` decrypt only. */
  grantDecrypt(principal: IPrincipal): Grant<KmsCryptoKeyIamMember>;
  /**
   * Lets a Google service's agent (`ServiceAgents.of`) encrypt and decrypt with this key for CMEK, and
   * returns what a resource in `dependent`'s stack must depend on before it uses the key.
   */
  grantToServiceAgent(service: ServiceAgentName, dependent: IConstruct): ITerraformDependable[];
}

/** `projects/P/locations/L/keyRings/R/cryptoKeys/N`, each part as Cloud KMS allows it. */
const KEY_ID =
  /^projects\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/locations\/([^/]+)\/keyRings\/([a-zA-Z0-9_-]{1,63})\/cryptoKeys\/([a-zA-Z0-9_-]{1,63})$/;

/** Grants and service agent grants shared by a kit key and an imported key. */
abstract class KmsKeyBase extends Construct implements IKmsKey {
  abstract readonly id: string;
  abstract readonly location: string;
  private readonly agentGrantWaits = new Map<ServiceAgentName, ConsistencyWait>();
  private readonly grants = new ResourceGrants<KmsCryptoKeyIamMember>(
    "KmsKey",
    (id, role, member) => new KmsCryptoKeyIamMember(this, id, { cryptoKeyId: this.id, role, member }),
  );

  /** Lets `principal` encrypt and decrypt with this key (what service agents need for CMEK). */
  grantEncryptDecrypt(principal: IPrincipal): Grant<KmsCryptoKeyIamMember> {
    return this.grants.grant(principal, {
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      verb: "encrypt-decrypt",
    });
  }

  /** Lets `principal` encrypt only. */
  grantEncrypt(principal: IPrincipal): Grant<KmsCryptoKeyIamMember> {
    return this.grants.grant(principal, { role: "roles/cloudkms.cryptoKeyEncrypter", verb: "encrypt" });
  }

  /** Lets `principal` decrypt only. */
  grantDecrypt(principal: IPrincipal): Grant<KmsCryptoKeyIamMember> {
    return this.grants.grant(principal, { role: "roles/cloudkms.cryptoKeyDecrypter", verb: "decrypt" });
  }

  /**
   * Lets a Google service's agent use this key for CMEK. The agent is the one of this key's stack
   * (`ServiceAgents.of`, created on first use). The binding lives in the key's stack (the owner of the key
   * owns its IAM), so a team stack encrypting with a baseline key adds no binding of its own that its
   * destroy could remove; an imported key's binding lives where it is imported. The binding waits until IAM
   * knows the agent, and a wait after the binding lets the grant propagate (`CONSISTENCY_WAITS`): CMEK
   * resources created at once fail with 403. Returns dependencies for the encrypted resource: that wait when
   * it is in `dependent`'s stack, else nothing (the key's stack is deployed first).
   */
  grantToServiceAgent(service: ServiceAgentName, dependent: IConstruct): ITerraformDependable[] {
    let wait = this.agentGrantWaits.get(service);
    if (!wait) {
      const agents = ServiceAgents.of(this);
      const binding = this.grantEncryptDecrypt(agents.agent(service)).binding;
      binding.dependsOn = [...(binding.dependsOn ?? []), dependable(agents.ready(service))];
      wait = new ConsistencyWait(this, `encrypt-decrypt-${service}-propagated`, {
        duration: CONSISTENCY_WAITS.kmsGrant,
        after: [binding],
      });
      this.agentGrantWaits.set(service, wait);
    }
    return sameStackDependencies(dependent, [wait]);
  }
}

/** A key managed elsewhere (another stack, project or tool), imported by its id. */
class ImportedKmsKey extends KmsKeyBase {
  constructor(
    scope: Construct,
    constructId: string,
    readonly id: string,
    readonly location: string,
  ) {
    super(scope, constructId);
  }
}

/**
 * A symmetric encryption key with rotation at most every 90 days (KMS-1), retained by Terraform
 * (KMS-2), a destroy grace period (KMS-3), an explicit purpose and protection level (KMS-4), and IAM
 * only through `grant*` for named principals, one binding per principal (KMS-5, KMS-6).
 */
export class KmsKey extends KmsKeyBase {
  /**
   * A key managed elsewhere, by its full id `projects/P/locations/L/keyRings/R/cryptoKeys/N` (a literal,
   * validated here, or a Terraform reference). Its `grant*` methods create bindings on that key in
   * `scope`'s stack, also for a key in another project (the deployer needs `setIamPolicy` there). The key's
   * own settings (rotation, protection level) are not this stack's: the policy check judges what this stack
   * synthesizes (the resources using the key, the bindings), not the imported key.
   */
  static fromKeyId(scope: Construct, id: string, keyId: string): IKmsKey {
    const location = kmsLocationOfId(
      "KmsKey.fromKeyId",
      "keyId",
      keyId,
      KEY_ID,
      "key id: projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key> (project: 6-30 lowercase letters, digits or hyphens; ring and key: 1-63 letters, digits, '_' or '-')",
    );
    return new ImportedKmsKey(scope, id, keyId, location);
  }

  readonly resource: KmsCryptoKey;
  /** Full key id: `projects/P/locations/L/keyRings/R/cryptoKeys/N`; what `kms_key_name` attributes take. */
  readonly id: string;
  /** KMS location of the key (its ring's). */
  readonly location: string;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    requireMatch(
      "KmsKey",
      "name",
      props.name,
      /^[a-zA-Z0-9_-]{1,63}$/,
      "must be 1-63 letters, digits, '_' or '-'",
    );
    const rotationDays = requireIntegerInRange(
      "KmsKey",
      "rotationDays",
      props.rotationDays ?? MAX_ROTATION_DAYS,
      1,
      MAX_ROTATION_DAYS,
    );
    const destroyDays = requireIntegerInRange(
      "KmsKey",
      "destroyScheduledDays",
      props.destroyScheduledDays ?? 30,
      DESTROY_SCHEDULED_DAYS.min,
      DESTROY_SCHEDULED_DAYS.max,
    );
    this.location = props.keyRing.location;
    this.resource = new KmsCryptoKey(this, "key", {
      name: props.name,
      keyRing: props.keyRing.id,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: daysToDuration(rotationDays),
      destroyScheduledDuration: daysToDuration(destroyDays),
      versionTemplate: {
        algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION",
        protectionLevel: props.protectionLevel ?? "HSM",
      },
      labels: props.labels,
      lifecycle: retainLifecycle(props.allowDestroy),
    });
    this.id = this.resource.id;
    this.node.defaultChild = this.resource;
  }
}
