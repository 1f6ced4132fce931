import type { ControlDefinition, StackContext } from "../model";
import { block, isSet, refersTo } from "../terraform-json";
import { HIPAA, PASS, fail, iamMembers, publicMembers, stackRule, verdict } from "./helpers";

function backend(ctx: StackContext): { type: string; config: Record<string, unknown> } | undefined {
  const backends = block((ctx.json.terraform as Record<string, unknown> | undefined)?.backend);
  const [type] = Object.keys(backends ?? {});
  return type ? { type, config: block(backends?.[type]) ?? {} } : undefined;
}

export const stateControls: ControlDefinition[] = [
  {
    id: "STATE-1",
    title: "Remote state in GCS under CMEK",
    severity: "error",
    why: "Terraform state holds every sensitive attribute in clear text (database passwords, Redis tokens); a local file on a laptop or CI runner leaks them and is lost with the machine.",
    fix: "Configure a GcsBackend with bucket, prefix and kms_encryption_key (a bucket meeting GCS-1..6, created by a bootstrap stack).",
    mappings: { other: ["Terraform gcs backend"], hipaa: [HIPAA.encryption, HIPAA.accessControl] },
    rule: stackRule((ctx) => {
      const found = backend(ctx);
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
    title: "State bucket access limited to the deployer identity",
    severity: "error",
    why: "Anyone who reads the state reads every credential in it; only the identity that deploys may access the bucket.",
    fix: "Grant the state bucket only to the deployer service account; when the bucket is managed elsewhere, verify this manually.",
    mappings: { hipaa: [HIPAA.accessControl] },
    rule: stackRule((ctx) => {
      const found = backend(ctx);
      if (found?.type !== "gcs") return [];
      const bucket = ctx.ofType("google_storage_bucket").find((b) => b.attrs.name === found.config.bucket);
      if (!bucket) return [];
      const grants = ctx.resources.filter(
        (r) => r.type.startsWith("google_storage_bucket_iam_") && refersTo(r.attrs.bucket, bucket),
      );
      const wide = grants.filter(
        (g) => publicMembers(g).length || iamMembers(g).some((m) => /^(user|group|domain):/.test(m)),
      );
      return wide.length
        ? wide.map((g) =>
            verdict(
              fail(
                `the state bucket is granted to ${iamMembers(g).join(", ")} (not a deployer service account)`,
              ),
              g,
            ),
          )
        : [verdict(PASS, bucket, [bucket.address])];
    }),
  },
];
