/** Alert policies enabled and paging (MON-*, KMS-7, SEC-6 alerts) and channels verified, through Cloud Monitoring API v3 list calls. */
import type { Finding } from "../../../policy/model";
import { finding, missing, type LiveCheck } from "../context";
import type { Managed } from "../expected";

interface LivePolicy {
  readonly name: string;
  readonly displayName?: string;
  readonly enabled?: boolean;
  readonly notificationChannels?: string[];
}

interface LiveChannel {
  readonly name: string;
  readonly displayName?: string;
  readonly enabled?: boolean;
  readonly verificationStatus?: string;
}

/** The control an alert policy implements, from the documentation the kit writes into it (`MON-2 / CIS 2.5: ...`). */
function controlOf(m: Managed): string {
  const content = (m.attrs.documentation as { content?: unknown } | undefined)?.content;
  const id = typeof content === "string" ? /^([A-Z]+-\d+)\b/.exec(content)?.[1] : undefined;
  return id ?? "MON-10";
}

export const monitoringCheck: LiveCheck = {
  area: "monitoring",
  controls: ["MON-1", "MON-2", "MON-3", "MON-4", "MON-5", "MON-6", "MON-7", "MON-8", "MON-10", "KMS-7"],
  role: "roles/monitoring.viewer",
  notApplicable: (expected) =>
    expected.alertPolicies.length === 0 && expected.notificationChannels.length === 0,
  async run(ctx) {
    const out: Finding[] = [];
    for (const project of ctx.expected.projects) {
      const policies = await ctx.client.list<LivePolicy>(
        "monitoring",
        `/projects/${project}/alertPolicies`,
        "alertPolicies",
      );
      const channels = await ctx.client.list<LiveChannel>(
        "monitoring",
        `/projects/${project}/notificationChannels`,
        "notificationChannels",
      );
      const fix = "Run `cdktf deploy` to restore the alert policy, and find who changed it in the audit logs";
      for (const m of ctx.expected.alertPolicies.filter((p) => p.project === project)) {
        const matches = policies.filter((p) => p.displayName === m.name);
        if (!matches.length) {
          out.push(missing(m, "alert policy", controlOf(m)));
          continue;
        }
        for (const live of matches) {
          if (live.enabled !== true)
            out.push(finding(m, controlOf(m), `alert policy "${m.name}" is disabled: nobody is paged`, fix));
          if (!live.notificationChannels?.length)
            out.push(finding(m, "MON-10", `alert policy "${m.name}" notifies no channel`, fix));
        }
      }
      for (const m of ctx.expected.notificationChannels.filter((c) => c.project === project)) {
        const live = channels.find((c) => c.displayName === m.name);
        if (!live) {
          out.push(missing(m, "notification channel", "MON-10"));
          continue;
        }
        if (live.enabled === false)
          out.push(
            finding(
              m,
              "MON-10",
              `notification channel "${m.name}" is disabled`,
              "Enable the channel again (run `cdktf deploy`)",
            ),
          );
        // Channel types that need no verification report VERIFICATION_STATUS_UNSPECIFIED; only UNVERIFIED is broken.
        if (live.verificationStatus === "UNVERIFIED") {
          out.push(
            finding(
              m,
              "MON-10",
              `notification channel "${m.name}" is unverified: it delivers nothing`,
              "Verify the channel in the console (Monitoring > Alerting > Edit notification channels)",
            ),
          );
        }
      }
    }
    return out;
  },
};
