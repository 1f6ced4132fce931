import type { IConstruct } from "constructs";
import { PrivatePostgres } from "../../constructs/database/private-postgres";
import { DeprivilegedDefaultServiceAccounts } from "../../constructs/guardrails/default-service-accounts";
import { WorkloadIdentity } from "../../constructs/iam/workload-identity";
import { IdentityPlatform } from "../../constructs/identity/identity-platform";
import { KmsKey } from "../../constructs/kms/key";
import { KmsKeyRing } from "../../constructs/kms/key-ring";
import { AuditLogging } from "../../constructs/logging/audit-logging";
import { StorageDataAccessLogs } from "../../constructs/logging/storage-data-access-logs";
import { FqdnEgressPolicy } from "../../constructs/network/fqdn-egress";
import { SecureNetwork } from "../../constructs/network/secure-network";
import { SecureRegistry } from "../../constructs/registry/secure-registry";
import { ProdRedis } from "../../constructs/redis/prod-redis";
import { UpstashTeam } from "../../constructs/redis/upstash-team";
import { upstashProviderFromEnvironment } from "../../constructs/redis/upstash-provider";
import { EncryptedSecret } from "../../constructs/secrets/encrypted-secret";
import { SecretRotationTopic } from "../../constructs/secrets/rotation-topic";
import { SecureBucket } from "../../constructs/storage/secure-bucket";
import { constructTestStack } from "../support/synth";

type WithResource = IConstruct & { readonly resource: IConstruct };

/** Every single-resource construct of the kit, built once in one stack. */
function constructs(): Record<string, WithResource> {
  const stack = constructTestStack();
  const ring = new KmsKeyRing(stack, "ring", { name: "r", location: "europe-west1" });
  const key = new KmsKey(stack, "key", { keyRing: ring, name: "k" });
  const euKey = new KmsKey(stack, "eu-key", {
    keyRing: new KmsKeyRing(stack, "eu-ring", { name: "e", location: "europe" }),
    name: "k",
  });
  const network = new SecureNetwork(stack, "network", {
    projectId: "test-project-1",
    name: "vpc",
    region: "europe-west1",
    subnets: [{ name: "a", cidr: "10.0.0.0/20" }],
    privateServiceAccessRange: "10.100.0.0/16",
  });
  upstashProviderFromEnvironment(stack);
  const redis = new ProdRedis(stack, "redis", {
    environment: "dev",
    purpose: "sessions",
    primaryRegion: "eu-west-1",
    monthlyBudgetUsd: 250,
    ipAllowlist: ["203.0.113.10/32"],
    dataClassification: "internal",
    secrets: ({ secretId }) =>
      new EncryptedSecret(stack, secretId, { secretId, replicas: [{ location: "europe-west1", key }] }),
  });
  return {
    ProdRedis: redis,
    RedisAclUser: redis.addUser("worker"),
    UpstashDailyBackup: redis.dailyBackup!,
    UpstashTeam: new UpstashTeam(stack, "upstash-team", {
      name: "acme",
      members: { "o@example.com": "owner" },
    }),
    KmsKeyRing: ring,
    KmsKey: key,
    SecureBucket: new SecureBucket(stack, "bucket", {
      name: "acme-bucket",
      location: "EU",
      encryptionKey: euKey,
      accessLogs: { disabledBecause: "a test of the construct tree only" },
    }),
    EncryptedSecret: new EncryptedSecret(stack, "secret", {
      secretId: "s",
      replicas: [{ location: "europe-west1", key }],
    }),
    SecretRotationTopic: new SecretRotationTopic(stack, "topic", {
      name: "t",
      encryptionKey: key,
      allowedPersistenceRegions: ["europe-west1"],
    }),
    SecureNetwork: network,
    PrivatePostgres: new PrivatePostgres(stack, "db", {
      name: "db",
      region: "europe-west1",
      network,
      encryptionKey: key,
    }),
    SecureRegistry: new SecureRegistry(stack, "registry", {
      repositoryId: "images",
      location: "europe-west1",
      encryptionKey: key,
    }),
    AuditLogging: new AuditLogging(stack, "audit", {
      projectId: "test-project-1",
      location: "europe-west1",
      encryptionKey: key,
    }),
    StorageDataAccessLogs: StorageDataAccessLogs.of(stack, "test-project-1"),
    WorkloadIdentity: new WorkloadIdentity(stack, "workload", {
      projectId: "test-project-1",
      accountId: "app-runtime",
    }),
    IdentityPlatform: new IdentityPlatform(stack, "idp", { projectId: "test-project-1" }),
    DeprivilegedDefaultServiceAccounts: new DeprivilegedDefaultServiceAccounts(stack, "default-sa", {
      projectId: "test-project-1",
    }),
    FqdnEgressPolicy: new FqdnEgressPolicy(stack, "fqdn", {
      projectId: "test-project-1",
      networkId: network.id,
      networkName: "vpc",
    }),
  };
}

describe("node.defaultChild is each construct's main resource, also exposed as `resource`", () => {
  const built = constructs();
  it.each(Object.keys(built))("%s", (name) => {
    const construct = built[name];
    expect(construct.resource).toBeDefined();
    expect(construct.node.defaultChild).toBe(construct.resource);
    // The main resource is the construct's own child, so escape hatches (`addOverride`) reach it.
    expect(construct.resource.node.scope).toBe(construct);
  });
});
