/** Named console changes to apply to a stand-in world, for rehearsing what verify reports (`--drift NAME`). */
import type { World } from "./server";

type Json = Record<string, unknown>;

export const DRIFTS: Readonly<
  Record<string, { readonly control: string; readonly apply: (w: World) => void }>
> = {
  "public-bucket": {
    control: "GCS-3",
    apply: (w) => {
      const name = Object.keys(w.bucketIam)[0];
      (w.bucketIam[name].bindings as Json[]).push({
        role: "roles/storage.objectViewer",
        members: ["allUsers"],
      });
    },
  },
  "pitr-off": {
    control: "SQL-5",
    apply: (w) => {
      const instance = Object.values(w.sqlInstances)[0];
      ((instance.settings as Json).backupConfiguration as Json).pointInTimeRecoveryEnabled = false;
    },
  },
  "firewall-widened": {
    control: "NET-3",
    apply: (w) => {
      const rule = w.firewalls.find((f) => f.direction === "EGRESS" && Array.isArray(f.allowed));
      if (rule) rule.destinationRanges = ["0.0.0.0/0"];
    },
  },
  "kms-rotation-year": {
    control: "KMS-1",
    apply: (w) => {
      Object.values(w.keys)[0].rotationPeriod = "31536000s";
    },
  },
  "alert-disabled": {
    control: "MON-4",
    apply: (w) => {
      const policy = w.alertPolicies.find((p) =>
        String((p.documentation as Json | undefined)?.content ?? "").startsWith("MON-4"),
      );
      if (policy) policy.enabled = false;
    },
  },
  "upstash-backup-off": {
    control: "UPS-3",
    apply: (w) => {
      if (w.upstash[0]) w.upstash[0].daily_backup_enabled = false;
    },
  },
};
