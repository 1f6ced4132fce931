import type { ControlDefinition, Outcome, Resource, StackContext } from "../model";
import { attr, block, isSet, refersTo } from "../terraform-json";
import { HIPAA, PASS, fail, iamMembers, publicMembers, stackRule, unverifiedIam, verdict } from "./helpers";

/** Members that reach far beyond a deployer identity. */
const BROAD_MEMBER = /^(domain|projectOwner|projectEditor|projectViewer):/;

function backend(ctx: StackContext): { type: string; config: Record<string, unknown> } | undefined {
  const backends = block((ctx.json.terraform as Record<string, unknown> | undefined)?.backend);
  const [type] = Object.keys(backends ?? {});
  return type ? { type, config: block(backends?.[type]) ?? {} } : undefined;
}

/**
 * State buckets managed by this stack: the gcs backend's bucket when it is in the stack; in a bootstrap
 * stack, every bucket that is not an access-log sink (the bootstrap exists to create the state bucket).
 */
function stateBuckets(ctx: StackContext): Resource[] {
  const buckets = ctx.ofType("google_storage_bucket");
  const found = backend(ctx);
  if (found?.type === "gcs") return buckets.filter((b) => b.attrs.name === found.config.bucket);
  if (ctx.settings.role !== "bootstrap") return [];
  return buckets.filter(
    (b) => !buckets.some((o) => o !== b && refersTo(attr(o.attrs, "logging.log_bucket"), b)),
  );
}

export const stateControls: ControlDefinition[] = [
  {
    id: "STATE-1",
    title: "Remote state in GCS under CMEK",
    severity: "error",
    why: "Terraform state holds every sensitive attribute in clear text (database passwords, Redis tokens); a local file on a laptop or CI runner leaks them and is lost with the machine.",
    fix: "Use the environment's remote state (GcsBackend with bucket, prefix and kms_encryption_key; the bucket comes from the bootstrap stack).",
    mappings: { other: ["Terraform gcs backend"], hipaa: [HIPAA.encryption, HIPAA.accessControl] },
    rule: stackRule((ctx) => {
      const found = backend(ctx);
      // The bootstrap stack creates the state bucket, so its own state starts local (then migrates).
      if (ctx.settings.role === "bootstrap" && (!found || found.type === "local")) return [];
      if (!found || found.type !== "gcs")
        return [verdict(fail(`the backend is ${found?.type ?? "local (default)"}, not gcs`))];
      if (!isSet(found.config.bucket)) return [verdict(fail("the gcs backend names no bucket"))];
      if (!isSet(found.config.kms_encryption_key))
        return [verdict(fail("the gcs backend has no kms_encryption_key"))];
      return [verdict(PASS)];
    }),
  },
  {
    id: "STATE-2",
    title: "State bucket granted to no public, domain or project-wide member",
    severity: "error",
    why: "Anyone who reads the state reads every credential in it. This checks the bucket's own grants in this configuration: none to the public, a domain or project owners/editors/viewers (the bootstrap grants object access only to state.deployers). Project- and organisation-level roles that include object access (roles/owner, roles/editor, roles/storage.admin, roles/storage.objectViewer) reach the state too and are not visible here.",
    fix: "Grant the state bucket only to the deployer identities (config state.deployers); no public, domain or project-convenience members. Keep project-level roles with object access off people and other service accounts (docs/ci-cd.md gives the deployer a bucket-only custom role instead of roles/storage.admin); when the bucket is managed elsewhere, verify its grants manually.",
    mappings: { hipaa: [HIPAA.accessControl] },
    rule: stackRule((ctx) =>
      stateBuckets(ctx).flatMap((bucket) => {
        const grants = ctx.resources.filter(
          (r) => r.type.startsWith("google_storage_bucket_iam_") && refersTo(r.attrs.bucket, bucket),
        );
        const unverified = grants
          .map((g) => [g, unverifiedIam(g)] as const)
          .filter(([, outcome]) => outcome !== undefined);
        if (unverified.length) return unverified.map(([g, outcome]) => verdict(outcome as Outcome, g));
        const broad = grants.filter(
          (g) => publicMembers(g).length > 0 || iamMembers(g).some((m) => BROAD_MEMBER.test(m)),
        );
        return broad.length
          ? broad.map((g) => verdict(fail(`the state bucket is granted to ${iamMembers(g).join(", ")}`), g))
          : [verdict(PASS, bucket, [bucket.address, ...grants.map((g) => g.address)])];
      }),
    ),
  },
];
