/**
 * Cloud KMS keys (KMS-1, KMS-3, KMS-4, KMS-6) through the Cloud KMS API v1: cryptoKeys.get,
 * cryptoKeys.getIamPolicy, cryptoKeys.list.
 */
import type { Finding } from "../../../policy/model";
import { NotFoundError } from "../errors";
import { at, durationSeconds, finding, missing, publicGrants, unmanaged, type LiveCheck } from "../context";
import { block } from "./blocks";

const MAX_ROTATION = 90 * 86400;

export const kmsCheck: LiveCheck = {
  area: "kms",
  controls: ["KMS-1", "KMS-3", "KMS-4", "KMS-6"],
  role: "roles/cloudkms.viewer and roles/iam.securityReviewer (key IAM policies)",
  notApplicable: (expected) => expected.keys.length === 0,
  async run(ctx) {
    const out: Finding[] = [];
    for (const m of ctx.expected.keys) {
      let live: unknown;
      try {
        live = await ctx.client.request("cloudkms", `/${m.name}`);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        out.push(missing(m, "KMS key"));
        continue;
      }
      const fix =
        "Run `cdktf deploy` to restore the key's settings, then find who changed them in the audit logs";
      const rotation = durationSeconds(at(live, "rotationPeriod"));
      const wanted = Math.min(durationSeconds(m.attrs.rotation_period) ?? MAX_ROTATION, MAX_ROTATION);
      if (rotation === undefined) {
        out.push(finding(m, "KMS-1", `key ${m.name} has no automatic rotation`, fix));
      } else if (rotation > wanted) {
        out.push(
          finding(
            m,
            "KMS-1",
            `key ${m.name} rotates every ${Math.round(rotation / 86400)} days, expected at most ${Math.round(wanted / 86400)}`,
            fix,
          ),
        );
      }
      const destroyAfter = durationSeconds(at(live, "destroyScheduledDuration"));
      const wantedDestroy = durationSeconds(m.attrs.destroy_scheduled_duration);
      if (wantedDestroy !== undefined && (destroyAfter ?? 0) < wantedDestroy) {
        out.push(
          finding(
            m,
            "KMS-3",
            `key ${m.name} destroys versions after ${destroyAfter ?? 0} s, expected ${wantedDestroy} s`,
            "The destroy grace period is fixed at creation: recreate the key through the kit",
          ),
        );
      }
      const grants = publicGrants(await ctx.client.request("cloudkms", `/${m.name}:getIamPolicy`));
      if (grants.length) {
        out.push(
          finding(
            m,
            "KMS-6",
            `key ${m.name} grants ${grants.join(", ")}`,
            "Remove the public members from the key's IAM policy now",
          ),
        );
      }
      const level = at(block(m.attrs.version_template), "protection_level");
      if (level && at(live, "versionTemplate.protectionLevel") !== level) {
        out.push(
          finding(
            m,
            "KMS-4",
            `key ${m.name} creates ${String(at(live, "versionTemplate.protectionLevel") ?? "unknown")} versions, expected ${String(level)}`,
            fix,
          ),
        );
      }
    }
    const managed = new Set(ctx.expected.keys.map((k) => k.name));
    for (const ring of ctx.expected.keyRings) {
      let keys: { name: string }[];
      try {
        keys = await ctx.client.list<{ name: string }>("cloudkms", `/${ring.name}/cryptoKeys`, "cryptoKeys");
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        out.push(missing(ring, "KMS key ring"));
        continue;
      }
      for (const key of keys.filter((k) => !managed.has(k.name)))
        out.push(unmanaged(ring.project, "KMS key", key.name));
    }
    return out;
  },
};
