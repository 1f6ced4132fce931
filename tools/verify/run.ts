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
  const denied = err instanceof PermissionError;
  return {
    control: "VERIFY-1",
    stack: `live:${project}`,
    resource: check.area,
    path: check.area,
    severity: denied ? (check.deniedSeverity ?? "error") : "error",
    message: denied
      ? `permission denied reading ${check.area} (${err.message}); ${check.controls.join(", ")} not verified`
      : `could not read ${check.area}: ${err.message}; ${check.controls.join(", ")} not verified`,
    fix: denied
      ? check.area === "upstash"
        ? `Use ${check.role}`
        : `Grant ${check.role} on project ${project} to the identity verify runs as`
      : "Check the API answer above (an unexpected shape is reported, never skipped) and run verify again",
  };
}

export async function verifyLive(
  ctx: VerifyContext,
  checks: readonly LiveCheck[] = LIVE_CHECKS,
): Promise<VerifyResult> {
  const findings: Finding[] = [];
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
