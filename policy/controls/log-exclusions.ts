/**
 * Log exclusions at project, folder, organization or billing-account level drop matching entries before
 * any bucket stores them. One that can match Cloud Audit Logs erases the audit trail LOG-1 turns on.
 */
import { cannotVerify, classify } from "../expressions";
import type { ControlDefinition } from "../model";
import { isTrue } from "../terraform-json";
import { HIPAA, PASS, fail, resourceRule } from "./helpers";

export const EXCLUSION_TYPES = ["project", "folder", "organization", "billing_account"].map(
  (level) => `google_logging_${level}_exclusion`,
);

/** `NOT logName:"cloudaudit.googleapis.com"` or `-logName:...`: every audit log name, not one of them. */
const SPARE_AUDIT_LOGS =
  /(\bNOT\s+|(^|[\s(])-)logName\s*:\s*"?([^"\s]*\/logs\/)?cloudaudit\.googleapis\.com"?(?=\s|\)|$)/i;

/**
 * True when a filter explicitly spares every audit log: a `NOT logName:"cloudaudit.googleapis.com"` clause
 * and no OR (which could re-admit them). Conservative: sparing only `%2Factivity` spares too little.
 */
export function sparesAuditLogs(filter: string): boolean {
  return !/\bOR\b/.test(filter) && SPARE_AUDIT_LOGS.test(filter);
}

export const logExclusionControls: ControlDefinition[] = [
  {
    id: "LOG-4",
    title: "No log exclusion drops audit logs",
    severity: "error",
    why: "An exclusion discards matching entries before they are stored or exported; one that matches cloudaudit.googleapis.com logs silently erases Data Access (and policy) audit records the environment must keep.",
    fix: 'Add `AND NOT logName:"cloudaudit.googleapis.com"` to the exclusion filter (with no OR), or set disabled = true.',
    mappings: { cis: ["2.1", "2.2"], hipaa: [HIPAA.audit], other: ["Cloud Logging: exclusion filters"] },
    rule: resourceRule(EXCLUSION_TYPES, (exclusion) => {
      if (isTrue(exclusion.attrs.disabled)) return PASS;
      const filter = classify(exclusion.attrs.filter);
      if (filter.kind !== "literal") return cannotVerify("filter", exclusion.attrs.filter);
      const text = String(filter.value ?? "");
      return sparesAuditLogs(text)
        ? PASS
        : fail(
            `filter ${JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)} can match Cloud Audit Logs`,
          );
    }),
  },
];
