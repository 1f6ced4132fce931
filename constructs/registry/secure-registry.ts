import { Construct } from "constructs";
import { ArtifactRegistryRepository } from "@cdktf/provider-google/lib/artifact-registry-repository";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member";
import { InvalidPropError, isLiteral, requireIntegerInRange, requireMatch } from "../errors";
import { ResourceGrants, type Grant } from "../iam/grant";
import type { IPrincipal } from "../iam/principal";
import type { IKmsKey } from "../kms/key";
import { daysToDuration, retainLifecycle } from "../lifecycle";

export interface SecureRegistryProps {
  /** Repository id: lowercase letters, digits and hyphens. */
  readonly repositoryId: string;
  /** Region of the repository; the key must be in the same location. */
  readonly location: string;
  /** REG-1: key that encrypts the images; the Artifact Registry service agent is granted on it. */
  readonly encryptionKey: IKmsKey;
  /**
   * Untagged images older than this many days are deleted.
   * @default 14
   */
  readonly deleteUntaggedAfterDays?: number;
  /**
   * The most recent versions of every image that are always kept, whatever else the cleanup deletes.
   * @default 10
   */
  readonly keepMostRecentVersions?: number;
  /**
   * What the repository holds.
   * @default "Container images"
   */
  readonly description?: string;
  /**
   * Labels on the repository.
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * Opt-out of `prevent_destroy`: let Terraform delete the repository and every image in it.
   * @default false
   */
  readonly allowDestroy?: boolean;
}

/**
 * A Docker repository for the company's images (REG-1): CMEK, immutable tags (a deployed tag always
 * names the image that was scanned and reviewed), vulnerability scanning on push (needs the
 * containerscanning and ondemandscanning APIs), cleanup of untagged images that keeps the most recent
 * versions, retained by Terraform. IAM only through `grantRead` / `grantWrite`.
 */
export class SecureRegistry extends Construct {
  readonly resource: ArtifactRegistryRepository;
  /** `LOCATION-docker.pkg.dev/PROJECT/REPOSITORY`, where images are pushed. */
  readonly url: string;
  private readonly grants = new ResourceGrants<ArtifactRegistryRepositoryIamMember>(
    "SecureRegistry",
    (id, role, member) =>
      new ArtifactRegistryRepositoryIamMember(this, id, {
        project: this.resource.project,
        location: this.resource.location,
        repository: this.resource.name,
        role,
        member,
      }),
  );

  constructor(scope: Construct, id: string, props: SecureRegistryProps) {
    super(scope, id);
    requireMatch(
      "SecureRegistry",
      "repositoryId",
      props.repositoryId,
      /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/,
      "must be 1-63 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen",
    );
    if (isLiteral(props.encryptionKey.location) && props.encryptionKey.location !== props.location) {
      throw new InvalidPropError(
        "SecureRegistry",
        "encryptionKey",
        props.encryptionKey.location,
        `the key must be in the repository's location "${props.location}"`,
      );
    }
    const untaggedDays = requireIntegerInRange(
      "SecureRegistry",
      "deleteUntaggedAfterDays",
      props.deleteUntaggedAfterDays ?? 14,
      1,
      3650,
    );
    const keepCount = requireIntegerInRange(
      "SecureRegistry",
      "keepMostRecentVersions",
      props.keepMostRecentVersions ?? 10,
      1,
      1000,
    );

    const keyGrant = props.encryptionKey.grantToServiceAgent("artifactRegistry", this);
    this.resource = new ArtifactRegistryRepository(this, "repository", {
      repositoryId: props.repositoryId,
      location: props.location,
      format: "DOCKER",
      mode: "STANDARD_REPOSITORY",
      description: props.description ?? "Container images",
      kmsKeyName: props.encryptionKey.id,
      dockerConfig: { immutableTags: true },
      vulnerabilityScanningConfig: { enablementConfig: "INHERITED" },
      cleanupPolicyDryRun: false,
      cleanupPolicies: [
        {
          id: "delete-untagged",
          action: "DELETE",
          condition: { tagState: "UNTAGGED", olderThan: daysToDuration(untaggedDays) },
        },
        // KEEP wins over DELETE, so a rollback target is never cleaned up.
        { id: "keep-most-recent", action: "KEEP", mostRecentVersions: { keepCount } },
      ],
      labels: props.labels,
      lifecycle: retainLifecycle(props.allowDestroy),
      dependsOn: keyGrant,
    });
    this.url = `${props.location}-docker.pkg.dev/${this.resource.project}/${this.resource.repositoryId}`;
    this.node.defaultChild = this.resource;
  }

  /** Lets `principal` pull images. */
  grantRead(principal: IPrincipal): Grant<ArtifactRegistryRepositoryIamMember> {
    return this.grants.grant(principal, { role: "roles/artifactregistry.reader", verb: "read" });
  }

  /** Lets `principal` push new images (tags stay immutable). */
  grantWrite(principal: IPrincipal): Grant<ArtifactRegistryRepositoryIamMember> {
    return this.grants.grant(principal, { role: "roles/artifactregistry.writer", verb: "write" });
  }
}
