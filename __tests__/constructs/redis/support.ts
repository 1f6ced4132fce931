import type { TerraformStack } from "cdktf";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { KmsKey } from "../../../constructs/kms/key";
import { KmsKeyRing } from "../../../constructs/kms/key-ring";
import { ProdRedis, type ProdRedisProps } from "../../../constructs/redis/prod-redis";
import { upstashProviderFromEnvironment } from "../../../constructs/redis/upstash-provider";
import { EncryptedSecret } from "../../../constructs/secrets/encrypted-secret";
import { constructTestStack } from "../../support/synth";

/** A test stack with the Upstash provider, a secrets key and one NAT address (as SecureNetwork would own). */
export function redisTestStack(): {
  stack: TerraformStack;
  natIp: string;
  secrets: ProdRedisProps["secrets"];
} {
  const stack = constructTestStack();
  upstashProviderFromEnvironment(stack);
  const ring = new KmsKeyRing(stack, "ring", { name: "test-ring", location: "europe-west1" });
  const key = new KmsKey(stack, "secrets-key", { keyRing: ring, name: "secrets" });
  const nat = new ComputeAddress(stack, "nat-ip", { name: "nat-ip-1", region: "europe-west1" });
  const secrets: ProdRedisProps["secrets"] = ({ secretId }) =>
    new EncryptedSecret(stack, secretId, { secretId, replicas: [{ location: "europe-west1", key }] });
  return { stack, natIp: nat.address, secrets };
}

/** Minimal valid props; tests override what they exercise. */
export function redisProps(
  secrets: ProdRedisProps["secrets"],
  overrides: Partial<ProdRedisProps> = {},
): ProdRedisProps {
  return {
    environment: "dev",
    purpose: "sessions",
    primaryRegion: "eu-west-1",
    monthlyBudgetUsd: 250,
    ipAllowlist: ["203.0.113.10/32"],
    secrets,
    ...overrides,
  };
}

/** Builds a ProdRedis in a fresh stack, for bad-prop tests. */
export function buildRedis(overrides: Partial<ProdRedisProps>): ProdRedis {
  const { stack, secrets } = redisTestStack();
  return new ProdRedis(stack, "redis", redisProps(secrets, overrides));
}
