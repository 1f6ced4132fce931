import { KeyChain } from "../../../constructs/kms/key-chain";
import { Principal } from "../../../constructs/iam/principal";
import { SecureRegistry, type SecureRegistryProps } from "../../../constructs/registry/secure-registry";
import {
  constructTestStack,
  onlyResource,
  resourcesOf,
  synth,
  type SynthesizedStack,
  resourceAt,
  logicalIdAt,
} from "../../support/synth";
import { addressOf, waitsAfter } from "../../support/graph";

function build(props: Partial<SecureRegistryProps> = {}, keyLocation = "europe-west1") {
  const stack = constructTestStack();
  const keys = new KeyChain(stack, "keys", { ringNamePrefix: "test" });
  const registry = new SecureRegistry(stack, "registry", {
    repositoryId: "containers",
    location: "europe-west1",
    encryptionKey: keys.keyFor("registry", keyLocation),
    ...props,
  });
  return { stack, registry };
}

describe("SecureRegistry", () => {
  let json: SynthesizedStack;
  let repo: Record<string, unknown>;
  beforeAll(() => {
    const { stack, registry } = build();
    const ci = Principal.fromMember("serviceAccount:ci@test-project-1.iam.gserviceaccount.com", "ci");
    registry.grantWrite(ci);
    registry.grantRead(Principal.fromMember("group:runtime@example.com", "runtime"));
    json = synth(stack);
    repo = onlyResource(json, "google_artifact_registry_repository");
  });

  test("REG-1: Docker repository in the given region", () => {
    expect(repo.format).toBe("DOCKER");
    expect(repo.mode).toBe("STANDARD_REPOSITORY");
    expect(repo.location).toBe("europe-west1");
    expect(repo.repository_id).toBe("containers");
  });

  test("REG-1: CMEK, with the Artifact Registry service agent granted on the key first", () => {
    const keyId = Object.keys(resourcesOf(json, "google_kms_crypto_key"))[0];
    expect(repo.kms_key_name).toBe(`\${google_kms_crypto_key.${keyId}.id}`);
    const grantId = logicalIdAt(
      json,
      "google_kms_crypto_key_iam_member",
      "encrypt-decrypt-artifactregistry-service-agent",
    );
    const grant = resourcesOf(json, "google_kms_crypto_key_iam_member")[grantId];
    expect(grant.role).toBe("roles/cloudkms.cryptoKeyEncrypterDecrypter");
    expect(String(grant.member)).toMatch(
      /^\$\{google_project_service_identity\..*artifactregistry.*\.member\}$/,
    );
    expect(waitsAfter(json, addressOf(json, repo), `google_kms_crypto_key_iam_member.${grantId}`)).toBe(true);
  });

  test("REG-1: immutable tags", () => {
    expect(repo.docker_config).toEqual({ immutable_tags: true });
  });

  test("REG-1: vulnerability scanning inherited from the enabled scanning API", () => {
    expect(repo.vulnerability_scanning_config).toEqual({ enablement_config: "INHERITED" });
  });

  test("REG-1: cleanup deletes untagged images after 14 days, keeps the 10 most recent, not a dry run", () => {
    expect(repo.cleanup_policy_dry_run).toBe(false);
    expect(repo.cleanup_policies).toEqual([
      {
        id: "delete-untagged",
        action: "DELETE",
        condition: { tag_state: "UNTAGGED", older_than: "1209600s" },
      },
      { id: "keep-most-recent", action: "KEEP", most_recent_versions: { keep_count: 10 } },
    ]);
  });

  test("REG-1: retained by Terraform", () => {
    expect(repo.lifecycle).toEqual({ prevent_destroy: true });
  });

  test("grantRead / grantWrite bind reader / writer on this repository only", () => {
    const read = resourceAt(json, "google_artifact_registry_repository_iam_member", "registry/read-runtime");
    expect(read.role).toBe("roles/artifactregistry.reader");
    expect(read.member).toBe("group:runtime@example.com");
    const write = resourceAt(json, "google_artifact_registry_repository_iam_member", "registry/write-ci");
    expect(write.role).toBe("roles/artifactregistry.writer");
    const repoId = Object.keys(resourcesOf(json, "google_artifact_registry_repository"))[0];
    expect(write.repository).toBe(`\${google_artifact_registry_repository.${repoId}.name}`);
  });
});

describe("SecureRegistry bad props", () => {
  test("refuses a key in another location", () => {
    expect(() => build({}, "us-east1")).toThrow(
      'SecureRegistry: encryptionKey: got "us-east1"; the key must be in the repository\'s location "europe-west1"',
    );
  });

  test("refuses a bad repository id", () => {
    expect(() => build({ repositoryId: "Containers_1" })).toThrow(
      'SecureRegistry: repositoryId: got "Containers_1"; must be 1-63 lowercase letters, digits or hyphens',
    );
  });

  test("refuses keeping zero versions", () => {
    expect(() => build({ keepMostRecentVersions: 0 })).toThrow(
      "SecureRegistry: keepMostRecentVersions: got 0; must be a whole number from 1 to 1000",
    );
  });
});

describe("SecureRegistry validates each field exactly", () => {
  const ID =
    "must be 1-63 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen";
  it.each<[Partial<SecureRegistryProps>, string]>([
    [{ repositoryId: "images; x" }, `SecureRegistry: repositoryId: got "images; x"; ${ID}`],
    [{ repositoryId: "; images" }, `SecureRegistry: repositoryId: got "; images"; ${ID}`],
    [{ repositoryId: "images-" }, `SecureRegistry: repositoryId: got "images-"; ${ID}`],
    [{ repositoryId: "a".repeat(64) }, `SecureRegistry: repositoryId: got "${"a".repeat(64)}"; ${ID}`],
    [
      { deleteUntaggedAfterDays: 0 },
      "SecureRegistry: deleteUntaggedAfterDays: got 0; must be a whole number from 1 to 3650",
    ],
    [
      { deleteUntaggedAfterDays: 3651 },
      "SecureRegistry: deleteUntaggedAfterDays: got 3651; must be a whole number from 1 to 3650",
    ],
    [
      { keepMostRecentVersions: 1001 },
      "SecureRegistry: keepMostRecentVersions: got 1001; must be a whole number from 1 to 1000",
    ],
  ])("refuses %j", (props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  it("accepts the boundaries", () => {
    expect(() =>
      build({ repositoryId: "a", deleteUntaggedAfterDays: 1, keepMostRecentVersions: 1 }),
    ).not.toThrow();
    expect(() =>
      build({ repositoryId: "a".repeat(63), deleteUntaggedAfterDays: 3650, keepMostRecentVersions: 1000 }),
    ).not.toThrow();
  });
});

describe("SecureRegistry grants return what they created", () => {
  it("grantRead and grantWrite each return their one binding on the repository, once", () => {
    const { stack, registry } = build();
    const ci = Principal.fromMember("serviceAccount:ci@test-project-1.iam.gserviceaccount.com", "ci");
    const read = registry.grantRead(ci);
    const write = registry.grantWrite(ci);
    expect(registry.grantRead(ci)).toBe(read);
    expect([read.roles, write.roles]).toEqual([
      ["roles/artifactregistry.reader"],
      ["roles/artifactregistry.writer"],
    ]);
    expect(write.binding.node.path).toBe("test/registry/write-ci");
    expect(
      resourceAt(synth(stack), "google_artifact_registry_repository_iam_member", "registry/read-ci"),
    ).toMatchObject({
      role: "roles/artifactregistry.reader",
      member: "serviceAccount:ci@test-project-1.iam.gserviceaccount.com",
    });
  });
});
