/** Secret Manager secrets (SEC-1, SEC-2, SEC-5) through the Secret Manager API v1: secrets.get, secrets.getIamPolicy, secrets.list (metadata only). */
import type { Finding } from "../../../policy/model";
import { NotFoundError } from "../errors";
import {
  at,
  cmekProblem,
  durationSeconds,
  finding,
  missing,
  publicGrants,
  unmanaged,
  type LiveCheck,
} from "../context";
import { block, blocks } from "./blocks";

interface Replica {
  readonly location?: string;
  readonly customerManagedEncryption?: { kmsKeyName?: string };
}

export const secretsCheck: LiveCheck = {
  area: "secrets",
  controls: ["SEC-1", "SEC-2", "SEC-5"],
  role: "roles/secretmanager.viewer and roles/iam.securityReviewer (secret IAM policies)",
  notApplicable: (expected) => expected.secrets.length === 0,
  async run(ctx) {
    const out: Finding[] = [];
    for (const m of ctx.expected.secrets) {
      let live: unknown;
      try {
        live = await ctx.client.request(
          "secretmanager",
          `/projects/${m.project}/secrets/${encodeURIComponent(m.name)}`,
        );
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        out.push(missing(m, "secret"));
        continue;
      }
      const fix =
        "Replication cannot change after creation: recreate the secret through the kit and move its versions";
      const replicas = (at(live, "replication.userManaged.replicas") as Replica[] | undefined) ?? [];
      const wanted = blocks(block(block(m.attrs.replication)?.user_managed)?.replicas);
      if (!replicas.length) {
        out.push(
          finding(
            m,
            "SEC-1",
            `secret ${m.name} uses automatic replication (Google-managed key, any location)`,
            fix,
          ),
        );
      }
      for (const replica of replicas) {
        const w = wanted.find((r) => r.location === replica.location);
        if (!w) {
          out.push(
            finding(
              m,
              "SEC-1",
              `secret ${m.name} is replicated to ${replica.location ?? "an unknown location"}, not a pinned location`,
              fix,
            ),
          );
          continue;
        }
        const problem = cmekProblem(
          ctx,
          m,
          at(block(w.customer_managed_encryption), "kms_key_name"),
          replica.customerManagedEncryption?.kmsKeyName,
        );
        if (problem)
          out.push(finding(m, "SEC-1", `secret ${m.name} in ${replica.location}: ${problem}`, fix));
      }
      const grants = publicGrants(
        await ctx.client.request(
          "secretmanager",
          `/projects/${m.project}/secrets/${encodeURIComponent(m.name)}:getIamPolicy`,
        ),
      );
      if (grants.length) {
        out.push(
          finding(
            m,
            "SEC-5",
            `secret ${m.name} grants ${grants.join(", ")}`,
            "Remove the public members from the secret's IAM policy now, then rotate the secret",
          ),
        );
      }
      const ttl = durationSeconds(at(live, "versionDestroyTtl"));
      const wantedTtl = durationSeconds(m.attrs.version_destroy_ttl);
      if (wantedTtl !== undefined && (ttl ?? 0) < wantedTtl) {
        out.push(
          finding(
            m,
            "SEC-2",
            `secret ${m.name} destroys versions after ${ttl ?? 0} s, expected ${wantedTtl} s`,
            "Run `cdktf deploy` to restore the delayed destruction",
          ),
        );
      }
    }
    const managed = new Set(ctx.expected.secrets.map((s) => `projects/${s.project}/secrets/${s.name}`));
    const managedIds = new Set(ctx.expected.secrets.map((s) => s.name));
    for (const project of ctx.expected.projects) {
      const live = await ctx.client.list<{ name: string }>(
        "secretmanager",
        `/projects/${project}/secrets`,
        "secrets",
      );
      // The API names secrets by project number or id; compare the secret id as well.
      for (const s of live.filter((x) => !managed.has(x.name) && !managedIds.has(x.name.split("/").pop()!))) {
        out.push(unmanaged(project, "secret", s.name));
      }
    }
    return out;
  },
};
