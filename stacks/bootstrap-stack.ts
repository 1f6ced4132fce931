import { join, resolve } from "node:path";
import { Construct } from "constructs";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import type { EnvironmentConfig } from "../config/schema/environment";
import { DeployerRoles } from "../constructs/iam/deployer-roles";
import { Principal } from "../constructs/iam/principal";
import { KmsKey } from "../constructs/kms/key";
import { StorageDataAccessLogs } from "../constructs/logging/storage-data-access-logs";
import { KmsKeyRing } from "../constructs/kms/key-ring";
import { ProjectApis } from "../constructs/project/project-apis";
import { ServiceAgents } from "../constructs/project/service-agents";
import { SecureBucket } from "../constructs/storage/secure-bucket";
import { deployerProjectRoles } from "../core/rules/deployer";
import { stateLocation, useRemoteState } from "./remote-state";

export interface BootstrapStackProps {
  readonly environment: EnvironmentConfig;
}

/** Stack name of an environment's bootstrap: `bootstrap-<env>`. */
export function bootstrapStackName(environment: Pick<EnvironmentConfig, "name">): string {
  return `bootstrap-${environment.name}`;
}

/**
 * Directory of the bootstrap stacks' local state: `state/` at the root of this checkout (ignored by git).
 * Absolute, like cdktf's own default, so that Terraform never writes it inside `cdktf.out/stacks/<stack>/`,
 * which every synthesis of another environment or format rewrites or deletes. Derived from this file's
 * location when the app runs, so each clone (a workstation, a CI runner) gets its own checkout's folder
 * and no home directory is written into the repository.
 */
export const LOCAL_STATE_DIR = resolve(__dirname, "..", "state");

/** Absolute path of a bootstrap stack's local state file: `<project root>/state/bootstrap-<env>.tfstate`. */
export function localStatePath(stackName: string): string {
  return join(LOCAL_STATE_DIR, `${stackName}.tfstate`);
}

/**
 * Run once per environment, with local state: creates the hardened state bucket (GCS controls, CMEK,
 * versioning, access only for the deployer identities: STATE-1, STATE-2) that every other stack's
 * `gcs` backend uses, and grants the deployer (the first of `state.deployers`) its project roles
 * (`core/rules/deployer.ts`), so the policy check judges them (IAM-1, IAM-2, IAM-8). The first deploy runs
 * with a person's credentials after `npm run prepare-project`; from then on the deployer applies this
 * stack too, through `roles/resourcemanager.projectIamAdmin`. Afterwards its own state moves into the
 * bucket (see the `migrate` output).
 */
export class BootstrapStack extends TerraformStack {
  readonly stateBucket: SecureBucket;
  readonly stateKey: KmsKey;
  /** The deployer's project roles. */
  readonly deployerRoles: DeployerRoles;

  constructor(scope: Construct, props: BootstrapStackProps) {
    const env = props.environment;
    const name = bootstrapStackName(env);
    super(scope, name);
    const state = stateLocation(env);

    if (env.state.bootstrapStateInBucket) useRemoteState(this, env, name);
    else new LocalBackend(this, { path: localStatePath(name) });

    new GoogleProvider(this, "google", { project: env.projectId, region: env.region });
    // The key ring, key, buckets and grants wait for their APIs (ProjectApis adds the depends_on): on a
    // fresh project the first `cdktf deploy bootstrap-<env>` otherwise fails with SERVICE_DISABLED.
    new ProjectApis(this, "apis", {
      projectId: env.projectId,
      services: ["cloudkms.googleapis.com", "cloudresourcemanager.googleapis.com", "storage.googleapis.com"],
    });
    ServiceAgents.of(this, { projectId: env.projectId });

    const keyRing = new KmsKeyRing(this, "state-key-ring", {
      name: state.keyRingName,
      location: state.keyLocation,
    });
    this.stateKey = new KmsKey(this, "state-key", {
      keyRing,
      name: "state",
      rotationDays: env.kms.rotationDays,
      protectionLevel: env.kms.protectionLevel,
      destroyScheduledDays: env.kms.destroyScheduledDays,
    });
    const accessLogs = new SecureBucket(this, "state-access-log-bucket", {
      name: `${state.bucket}-access-logs`,
      location: state.location,
      encryptionKey: this.stateKey,
      accessLogs: env.storage.usageLogs
        ? { disabledBecause: "this bucket is the state bucket's access-log sink" }
        : { dataAccessAuditLogs: StorageDataAccessLogs.of(this, env.projectId) },
      expireObjectsAfterDays: env.storage.accessLogRetentionDays,
      // DATA-1: request records of the state bucket; object names are stack names, never PHI.
      dataClassification: "confidential",
    });
    this.stateBucket = new SecureBucket(this, "state-bucket", {
      name: state.bucket,
      location: state.location,
      encryptionKey: this.stateKey,
      // GCS-9: Data Access audit logs unless usage logs are on (their grant fails under domain restricted sharing).
      accessLogs: env.storage.usageLogs
        ? { bucket: accessLogs }
        : { dataAccessAuditLogs: StorageDataAccessLogs.of(this, env.projectId) },
      // Old state versions are the undo history of every apply: keep them longer than data versions.
      noncurrentVersionRetentionDays: 90,
      softDeleteDays: 30,
      // DATA-1: state holds credentials the kit creates (Redis passwords), not PHI.
      dataClassification: "confidential",
    });
    state.deployers.forEach((member, i) =>
      this.stateBucket.grantReadWrite(Principal.fromMember(member, i === 0 ? "deployer" : undefined)),
    );

    this.deployerRoles = new DeployerRoles(this, "deployer-roles", {
      projectId: env.projectId,
      member: state.deployers[0],
      roles: deployerProjectRoles({
        projectId: env.projectId,
        identityPlatform: env.identityPlatform.enabled,
      }),
    });

    new TerraformOutput(this, "state-bucket-name", { value: this.stateBucket.name });
    new TerraformOutput(this, "migrate", {
      value: env.state.bootstrapStateInBucket
        ? `State of ${name} is in gs://${state.bucket}/stacks/${name}.`
        : `Next: set state.bootstrapStateInBucket: true in config/environments/${env.name}.yaml, then run ` +
          `"npx cdktf deploy ${name} --migrate-state" to move this stack's local state (state/${name}.tfstate) ` +
          `into gs://${state.bucket}, then delete state/${name}.tfstate and its .backup.`,
    });
  }
}
