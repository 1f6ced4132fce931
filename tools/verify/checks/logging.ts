/** Audit log export (LOG-2, LOG-3) through the Cloud Logging API v2: sinks.list, buckets.get. */
import type { Finding } from "../../../policy/model";
import { NotFoundError } from "../errors";
import { at, cmekProblem, finding, missing, type LiveCheck } from "../context";
import { block } from "./blocks";

interface LiveSink {
  readonly name: string;
  readonly destination?: string;
  readonly filter?: string;
  readonly disabled?: boolean;
}

export const loggingCheck: LiveCheck = {
  area: "logging",
  controls: ["LOG-2", "LOG-3"],
  role: "roles/logging.viewer",
  notApplicable: (expected) => expected.sinks.length === 0 && expected.logBuckets.length === 0,
  async run(ctx) {
    const out: Finding[] = [];
    const fix =
      "Run `cdktf deploy` to restore the audit log export, then find who changed it in the audit logs";
    for (const project of ctx.expected.projects) {
      const sinks = ctx.expected.sinks.filter((s) => s.project === project);
      if (!sinks.length) continue;
      const live = await ctx.client.list<LiveSink>("logging", `/projects/${project}/sinks`, "sinks");
      for (const m of sinks) {
        const sink = live.find((s) => s.name === m.name);
        if (!sink) {
          out.push(missing(m, "log sink", "LOG-2"));
          continue;
        }
        if (sink.disabled)
          out.push(finding(m, "LOG-2", `log sink ${m.name} is disabled: audit logs are not exported`, fix));
        const wanted = ctx.expected.resolve(m.stack, m.attrs.destination);
        const wantedBucket = /\$\{google_logging_project_bucket_config\.[^}]+\.id\}$/.test(
          String(m.attrs.destination),
        );
        const liveDestination = String(sink.destination ?? "");
        if (
          wanted
            ? liveDestination !== wanted
            : wantedBucket &&
              !/^logging\.googleapis\.com\/projects\/[^/]+\/locations\/[^/]+\/buckets\/[^/]+$/.test(
                liveDestination,
              )
        ) {
          out.push(
            finding(m, "LOG-2", `log sink ${m.name} now writes to ${liveDestination || "nowhere"}`, fix),
          );
        }
        if (m.attrs.filter !== undefined && sink.filter !== m.attrs.filter) {
          out.push(finding(m, "LOG-2", `log sink ${m.name} filter is now "${sink.filter ?? ""}"`, fix));
        }
      }
    }
    for (const m of ctx.expected.logBuckets) {
      let live: unknown;
      try {
        live = await ctx.client.request("logging", `/projects/${m.project}/${m.name}`);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        out.push(missing(m, "log bucket", "LOG-2"));
        continue;
      }
      const cmek = cmekProblem(
        ctx,
        m,
        at(block(m.attrs.cmek_settings), "kms_key_name"),
        at(live, "cmekSettings.kmsKeyName"),
      );
      if (cmek) out.push(finding(m, "LOG-2", `log bucket ${m.name}: ${cmek}`, fix));
      const days = Number(at(live, "retentionDays") ?? 0);
      const wantedDays = Number(m.attrs.retention_days ?? 0);
      if (days < wantedDays)
        out.push(
          finding(m, "LOG-2", `log bucket ${m.name} keeps logs ${days} days, expected ${wantedDays}`, fix),
        );
      if (m.attrs.locked === true && at(live, "locked") !== true)
        out.push(finding(m, "LOG-3", `log bucket ${m.name} is not locked`, fix));
    }
    return out;
  },
};
