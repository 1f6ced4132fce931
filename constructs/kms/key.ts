import { Construct, type IConstruct } from "constructs";
import { dependable, type ITerraformDependable } from "cdktf";
import { sameStackDependencies } from "../dependencies";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { requireIntegerInRange, requireMatch } from "../errors";
import type { IPrincipal } from "../iam/principal";
import { daysToDuration, retainLifecycle } from "../lifecycle";
import { ServiceAgents, type ServiceAgentName } from "../project/service-agents";
import { CONSISTENCY_WAITS, ConsistencyWait } from "../project/waits";
import type { KmsKeyRing } from "./key-ring";
import { DESTROY_SCHEDULED_DAYS, MAX_ROTATION_DAYS, type KeyProtectionLevel } from "../../core/rules/kms";

export type { KeyProtectionLevel };

export interface KmsKeyProps {
  /** Ring that holds the key; the key's location is the ring's. */
  readonly keyRing: KmsKeyRing;
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
 * A symmetric encryption key with rotation at most every 90 days (KMS-1), retained by Terraform
 * (KMS-2), a destroy grace period (KMS-3), an explicit purpose and protection level (KMS-4), and IAM
 * only through `grant*` for named principals, one binding per principal (KMS-5, KMS-6).
 */
export class KmsKey extends Construct {
  readonly resource: KmsCryptoKey;
  /** Full key id: `projects/P/locations/L/keyRings/R/cryptoKeys/N`; what `kms_key_name` attributes take. */
  readonly id: string;
  /** KMS location of the key (its ring's). */
  readonly location: string;
  private readonly grants = new Map<string, KmsCryptoKeyIamMember>();
  private readonly agentGrantWaits = new Map<ServiceAgentName, ConsistencyWait>();

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
  }

  /** Lets `principal` encrypt and decrypt with this key (what service agents need for CMEK). */
  grantEncryptDecrypt(principal: IPrincipal): KmsCryptoKeyIamMember {
    return this.grant(principal, "roles/cloudkms.cryptoKeyEncrypterDecrypter", "encrypt-decrypt");
  }

  /**
   * Lets a Google service's agent use this key for CMEK. The binding lives in the key's stack (the
   * owner of the key owns its IAM), so a team stack encrypting with a baseline key adds no binding of
   * its own that its destroy could remove. The binding waits until IAM knows the agent, and a wait after
   * the binding lets the grant propagate (`CONSISTENCY_WAITS`): CMEK resources created at once fail with 403.
   * Returns dependencies for the encrypted resource: that wait when it is in `dependent`'s stack, else
   * nothing (the key's stack is deployed first).
   */
  grantToServiceAgent(service: ServiceAgentName, dependent: IConstruct): ITerraformDependable[] {
    let wait = this.agentGrantWaits.get(service);
    if (!wait) {
      const agents = ServiceAgents.of(this);
      const binding = this.grantEncryptDecrypt(agents.agent(service));
      binding.dependsOn = [...(binding.dependsOn ?? []), dependable(agents.ready(service))];
      wait = new ConsistencyWait(this, `encrypt-decrypt-${service}-propagated`, {
        duration: CONSISTENCY_WAITS.kmsGrant,
        after: [binding],
      });
      this.agentGrantWaits.set(service, wait);
    }
    return sameStackDependencies(dependent, [wait]);
  }

  /** Lets `principal` encrypt only. */
  grantEncrypt(principal: IPrincipal): KmsCryptoKeyIamMember {
    return this.grant(principal, "roles/cloudkms.cryptoKeyEncrypter", "encrypt");
  }

  /** Lets `principal` decrypt only. */
  grantDecrypt(principal: IPrincipal): KmsCryptoKeyIamMember {
    return this.grant(principal, "roles/cloudkms.cryptoKeyDecrypter", "decrypt");
  }

  private grant(principal: IPrincipal, role: string, verb: string): KmsCryptoKeyIamMember {
    const id = `${verb}-${principal.principalId}`;
    let binding = this.grants.get(id);
    if (!binding) {
      binding = new KmsCryptoKeyIamMember(this, id, { cryptoKeyId: this.id, role, member: principal.member });
      this.grants.set(id, binding);
    }
    return binding;
  }
}
