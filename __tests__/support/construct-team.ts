/** Builds one of each construct from generated props in a team stack: the construct/policy agreement test. */
import { PrivatePostgres } from "../../constructs/database/private-postgres";
import { KmsKey } from "../../constructs/kms/key";
import { KmsKeyRing } from "../../constructs/kms/key-ring";
import { StorageDataAccessLogs } from "../../constructs/logging/storage-data-access-logs";
import { SecureNetwork } from "../../constructs/network/secure-network";
import { EncryptedSecret } from "../../constructs/secrets/encrypted-secret";
import { SecureBucket } from "../../constructs/storage/secure-bucket";
import { kmsLocationForStorage } from "../../core/rules/storage-locations";
import type { TeamDefinition, TeamStack } from "../../stacks/team-stack";
import type { ConstructInputs } from "./construct-arbitrary";

/** A key of the team's own ring in `location`, with the generated key settings (HSM in production). */
function keyIn(stack: TeamStack, input: ConstructInputs, location: string, purpose: string): KmsKey {
  const id = `${purpose}-${location}`;
  const keyRing = new KmsKeyRing(stack, `ring-${id}`, { name: `gen-${id}`, location });
  return new KmsKey(stack, `key-${id}`, {
    keyRing,
    name: purpose,
    rotationDays: input.key.rotationDays,
    // KMS-4 in production is the environment's choice, not the construct's: HSM there.
    protectionLevel: input.production ? "HSM" : input.key.protectionLevel,
    destroyScheduledDays: input.key.destroyScheduledDays,
    labels: input.key.labels,
  });
}

/** The team (named `team`, "generated" by default) that builds every construct from `input`. */
export function constructTeam(input: ConstructInputs, team = "generated"): TeamDefinition {
  return {
    team,
    // Restricted data brings the team's application key (DATA-3), as any team holding PHI has.
    dataClassification: "restricted",
    build: (stack) => {
      const projectId = stack.baseline.environment.projectId;
      keyIn(stack, input, input.key.location, "standalone");

      const { bucket } = input;
      const encryptionKey = keyIn(stack, input, kmsLocationForStorage(bucket.location), "storage");
      const logSink = new SecureBucket(stack, "generated-access-logs", {
        name: `${bucket.name.slice(0, 40)}-logs`,
        location: bucket.location,
        encryptionKey,
        accessLogs: { dataAccessAuditLogs: StorageDataAccessLogs.of(stack, projectId) },
        dataClassification: "confidential",
      });
      new SecureBucket(stack, "generated-bucket", {
        name: bucket.name,
        location: bucket.location,
        encryptionKey,
        accessLogs:
          bucket.accessLogs === "usageLogBucket"
            ? { bucket: logSink }
            : { dataAccessAuditLogs: StorageDataAccessLogs.of(stack, projectId) },
        noncurrentVersionRetentionDays: bucket.noncurrentVersionRetentionDays,
        deleteAfterCustomTimeDays: bucket.deleteAfterCustomTimeDays,
        expireObjectsAfterDays: bucket.expireObjectsAfterDays,
        softDeleteDays: bucket.softDeleteDays,
        retention: bucket.retention,
        labels: bucket.labels,
        dataClassification: bucket.dataClassification,
      });

      const { secret } = input;
      new EncryptedSecret(stack, "generated-secret", {
        secretId: secret.secretId,
        replicas: secret.replicaLocations.map((location) => ({
          location,
          key: keyIn(stack, input, location, "secrets"),
        })),
        versionDestroyDays: secret.versionDestroyDays,
        rotation: { periodDays: secret.rotationDays, topic: stack.baseline.rotationTopic() },
        labels: secret.labels,
      });

      const { network: n } = input;
      const network = new SecureNetwork(stack, "generated-network", {
        projectId,
        name: n.name,
        region: n.region,
        subnets: n.subnetThirdOctets.map((octet, i) => ({ name: `subnet-${i}`, cidr: `10.${octet}.0.0/16` })),
        privateServiceAccessRange: "10.200.0.0/16",
        flowLogSampling: n.flowLogSampling,
        natIpCount: n.natIpCount,
        allowIapAdminAccess: n.allowIapAdminAccess,
        allowHealthChecks: n.allowHealthChecks,
        sslPolicyProfile: n.sslPolicyProfile,
        egressAllows:
          n.egressPort === undefined
            ? undefined
            : [{ name: "partner", destinationCidrs: ["203.0.113.0/24"], ports: [String(n.egressPort)] }],
      });

      const { postgres: p } = input;
      const plus = p.edition === "ENTERPRISE_PLUS";
      new PrivatePostgres(stack, "generated-postgres", {
        name: p.name,
        region: n.region,
        network,
        encryptionKey: keyIn(stack, input, n.region, "database"),
        databaseVersion: p.databaseVersion,
        edition: p.edition,
        // SQL-11 in production is the environment's choice: REGIONAL there.
        availabilityType: input.production ? "REGIONAL" : p.availabilityType,
        diskSizeGb: p.diskSizeGb,
        sslMode: p.sslMode,
        backup: {
          retainedBackups: p.retainedBackups,
          transactionLogRetentionDays:
            p.transactionLogDays === undefined ? undefined : Math.min(p.transactionLogDays, plus ? 35 : 7),
          startTime: p.backupHour === undefined ? undefined : `${String(p.backupHour).padStart(2, "0")}:00`,
        },
        maintenanceWindow: p.maintenance,
        labels: p.labels,
        dataClassification: p.dataClassification,
      });
    },
  };
}
