/** Runs every live check and turns what goes wrong while reading into findings (or, when unreachable, exit 2). */
import type { Finding } from "../../policy/model";
import { kmsCheck } from "./checks/kms";
import { loggingCheck } from "./checks/logging";
import { monitoringCheck } from "./checks/monitoring";
import { networkCheck } from "./checks/network";
import { orgPolicyCheck } from "./checks/org-policy";
import { projectCheck } from "./checks/project";
import { secretsCheck } from "./checks/secrets";
import { sqlCheck } from "./checks/sql";
import { storageCheck } from "./checks/storage";
import { upstashCheck } from "./checks/upstash";
import type { LiveCheck, VerifyContext } from "./context";
import { PermissionError, UnreachableError, UsageError } from "./errors";

/** Every area verify reads, in report order. */
export const LIVE_CHECKS: readonly LiveCheck[] = [
  storageCheck,
  sqlCheck,
  networkCheck,
  kmsCheck,
  projectCheck,
  loggingCheck,
  monitoringCheck,
  orgPolicyCheck,
  secretsCheck,
  upstashCheck,
];

export interface AreaResult {
  readonly area: string;
  readonly status: "checked" | "not-applicable" | "unreadable";
}

export interface VerifyResult {
  readonly findings: readonly Finding[];
  readonly areas: readonly AreaResult[];
}

function readFailure(check: LiveCheck, err: Error, project: string): Finding {
  const status = err instanceof PermissionError ? err.status : undefined;
  const severity = status === 403 ? (check.deniedSeverity ?? "error") : "error";
  const notVerified = `${check.controls.join(", ")} not verified`;
  const grant =
    check.area === "upstash"
      ? `Use ${check.role}`
      : `Grant ${check.role} on project ${project} to the identity verify runs as`;
  const [message, fix] =
    status === 403
      ? [`permission denied reading ${check.area} (${err.message}); ${notVerified}`, grant]
      : status === 401
        ? [
            `the credentials were rejected reading ${check.area} (${err.message}); ${notVerified}`,
            check.area === "upstash"
              ? "Check UPSTASH_EMAIL and UPSTASH_API_KEY (a Developer API key of the account that owns the databases)"
              : "Refresh the Google credentials (gcloud auth application-default login, or the workflow's Workload Identity Federation step)",
          ]
        : [
            `could not read ${check.area}: ${err.message}; ${notVerified}`,
            "Check the API answer named above (an unexpected answer is reported, never skipped) and run verify again",
          ];
  return {
    control: "VERIFY-1",
    stack: `live:${project}`,
    resource: check.area,
    path: check.area,
    severity,
    message,
    fix,
  };
}

export async function verifyLive(
  ctx: VerifyContext,
  checks: readonly LiveCheck[] = LIVE_CHECKS,
): Promise<VerifyResult> {
  const findings: Finding[] = ctx.expected.unresolved.map((u) => ({
    control: "VERIFY-2",
    stack: u.stack,
    resource: u.address,
    path: u.path,
    severity: "error" as const,
    message: `${u.address} ${u.reason}: verify cannot check it`,
    fix: "Give the resource a literal name (and project) in its construct, so the live resource can be found and judged",
  }));
  const areas: AreaResult[] = [];
  const project = ctx.expected.projects.join(",") || "(none)";
  for (const check of checks) {
    if (check.notApplicable?.(ctx.expected)) {
      areas.push({ area: check.area, status: "not-applicable" });
      continue;
    }
    try {
      findings.push(...(await check.run(ctx)));
      areas.push({ area: check.area, status: "checked" });
    } catch (err) {
      // Unreachable APIs and bad input end the run (exit 2); anything else is a finding, never a stack trace.
      if (err instanceof UnreachableError || err instanceof UsageError) throw err;
      findings.push(readFailure(check, err instanceof Error ? err : new Error(String(err)), project));
      areas.push({ area: check.area, status: "unreadable" });
    }
  }
  return { findings, areas };
}
