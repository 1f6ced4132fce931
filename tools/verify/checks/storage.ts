/** Cloud Storage buckets (GCS-1..6, GCS-9, GCS-10) through the Storage JSON API: buckets.get, buckets.getIamPolicy, buckets.list. */
import type { Finding } from "../../../policy/model";
import { NotFoundError } from "../errors";
import {
  at,
  cmekProblem,
  finding,
  missing,
  publicGrants,
  unmanaged,
  type LiveCheck,
  type VerifyContext,
} from "../context";
import type { Managed } from "../expected";
import { block } from "./blocks";

const MIN_SOFT_DELETE = 7 * 86400;
const MAX_SOFT_DELETE = 90 * 86400;

interface LiveBucket {
  readonly name: string;
  readonly iamConfiguration?: {
    readonly publicAccessPrevention?: string;
    readonly uniformBucketLevelAccess?: { readonly enabled?: boolean };
  };
}

function judgeBucket(ctx: VerifyContext, m: Managed, live: unknown): Finding[] {
  const out: Finding[] = [];
  const fail = (control: string, message: string, fix: string) =>
    out.push(finding(m, control, `bucket ${m.name}: ${message}`, fix));
  const pap = at(live, "iamConfiguration.publicAccessPrevention");
  if (pap !== "enforced") {
    fail(
      "GCS-1",
      `public access prevention is "${String(pap ?? "unset")}", not "enforced"`,
      "Run `cdktf deploy` (it sets public_access_prevention = enforced) and find who changed it in the audit logs",
    );
  }
  if (at(live, "iamConfiguration.uniformBucketLevelAccess.enabled") !== true) {
    fail(
      "GCS-2",
      "uniform bucket-level access is off (object ACLs are back)",
      "Run `cdktf deploy` to turn uniform bucket-level access on again",
    );
  }
  if (at(live, "versioning.enabled") !== true) {
    fail("GCS-4", "object versioning is off", "Run `cdktf deploy` to turn versioning on again");
  }
  const cmek = cmekProblem(
    ctx,
    m,
    at(block(m.attrs.encryption), "default_kms_key_name"),
    at(live, "encryption.defaultKmsKeyName"),
  );
  if (cmek) fail("GCS-5", cmek, "Run `cdktf deploy` to set the bucket's default KMS key again");
  const softDelete = Number(at(live, "softDeletePolicy.retentionDurationSeconds") ?? 0);
  if (!(softDelete >= MIN_SOFT_DELETE && softDelete <= MAX_SOFT_DELETE)) {
    fail(
      "GCS-6",
      `soft delete keeps deleted objects ${softDelete} s (allowed 7 to 90 days)`,
      "Run `cdktf deploy` to restore the soft delete policy",
    );
  }
  const wantLog = ctx.expected.resolve(m.stack, at(block(m.attrs.logging), "log_bucket"));
  if (at(block(m.attrs.logging), "log_bucket") !== undefined && at(live, "logging.logBucket") !== wantLog) {
    fail(
      "GCS-9",
      `access logs go to "${String(at(live, "logging.logBucket") ?? "nowhere")}", expected ${wantLog ?? "the access-log bucket"}`,
      "Run `cdktf deploy` to restore the bucket's logging configuration",
    );
  }
  if (
    at(block(m.attrs.retention_policy), "is_locked") === true &&
    at(live, "retentionPolicy.isLocked") !== true
  ) {
    fail(
      "GCS-10",
      "the retention policy is not locked",
      "Lock the retention policy (it cannot be unlocked once locked; see docs/logging-and-iam.md)",
    );
  }
  return out;
}

async function bucketPolicyFindings(
  ctx: VerifyContext,
  subject: Managed | { project: string; live: string },
  name: string,
): Promise<Finding[]> {
  const policy = await ctx.client.request("storage", `/b/${encodeURIComponent(name)}/iam`, {
    query: { optionsRequestedPolicyVersion: "3" },
  });
  const grants = publicGrants(policy);
  return grants.length
    ? [
        finding(
          subject,
          "GCS-3",
          `bucket ${name} grants ${grants.join(", ")}: anyone on the internet can reach it`,
          "Remove the public members from the bucket's IAM policy now, then check the access logs for reads",
        ),
      ]
    : [];
}

export const storageCheck: LiveCheck = {
  area: "storage",
  controls: ["GCS-1", "GCS-2", "GCS-3", "GCS-4", "GCS-5", "GCS-6", "GCS-9", "GCS-10"],
  role: "roles/storage.bucketViewer and roles/iam.securityReviewer (bucket IAM policies)",
  notApplicable: (expected) => expected.buckets.length === 0,
  async run(ctx) {
    const out: Finding[] = [];
    for (const m of ctx.expected.buckets) {
      let live: unknown;
      try {
        live = await ctx.client.request("storage", `/b/${encodeURIComponent(m.name)}`);
      } catch (err) {
        if (err instanceof NotFoundError) {
          out.push(missing(m, "bucket"));
          continue;
        }
        throw err;
      }
      out.push(...judgeBucket(ctx, m, live), ...(await bucketPolicyFindings(ctx, m, m.name)));
    }
    const managed = new Set(ctx.expected.buckets.map((b) => b.name));
    for (const project of ctx.expected.projects) {
      const live = await ctx.client.list<LiveBucket>("storage", "/b", "items", { project });
      for (const bucket of live.filter((b) => !managed.has(b.name))) {
        out.push(unmanaged(project, "bucket", bucket.name));
        const subject = { project, live: bucket.name };
        if (bucket.iamConfiguration?.publicAccessPrevention !== "enforced") {
          // An unmanaged bucket can still publish data: judge what makes it public.
          out.push(...(await bucketPolicyFindings(ctx, subject, bucket.name)));
        }
      }
    }
    return out;
  },
};
