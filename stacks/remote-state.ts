import type { TerraformStack } from "cdktf";
import { GcsBackend } from "cdktf";
import type { EnvironmentConfig } from "../config/schema/environment";
import { stateDeployers } from "../core/rules/deployer";
import { kmsLocationForStorage } from "../core/rules/storage-locations";

/** Where an environment's Terraform state lives (STATE-1); names shared by the bootstrap stack and every backend. */
export interface StateLocation {
  readonly bucket: string;
  readonly location: string;
  readonly keyRingName: string;
  readonly keyLocation: string;
  /** Full id of the key that encrypts state objects; a literal, because backend blocks cannot hold references. */
  readonly keyId: string;
  readonly deployers: readonly string[];
}

export function stateLocation(env: EnvironmentConfig): StateLocation {
  const location = env.state.location ?? env.storage.location;
  const keyLocation = kmsLocationForStorage(location);
  const keyRingName = `tfstate-${env.name}-${keyLocation}`;
  return {
    bucket: env.state.bucket ?? `${env.projectId}-tfstate`,
    location,
    keyRingName,
    keyLocation,
    keyId: `projects/${env.projectId}/locations/${keyLocation}/keyRings/${keyRingName}/cryptoKeys/state`,
    deployers: stateDeployers(env.state, env.projectId),
  };
}

/**
 * Points a stack's state at the environment's state bucket, under its own prefix, encrypted with the
 * state key. A prefix per stack gives each stack its own lock, so teams apply in parallel.
 */
export function useRemoteState(stack: TerraformStack, env: EnvironmentConfig, stackName: string): GcsBackend {
  const state = stateLocation(env);
  return new GcsBackend(stack, {
    bucket: state.bucket,
    prefix: `stacks/${stackName}`,
    kmsEncryptionKey: state.keyId,
  });
}
