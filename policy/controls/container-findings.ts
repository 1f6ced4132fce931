/**
 * REG-2: HIGH and CRITICAL container vulnerability findings page somebody. Scanning (REG-1) only records
 * findings; this control judges the whole chain the kit builds, link by link, because any broken link
 * silences the alert: an Eventarc trigger on Artifact Analysis' occurrences topic, starting the kit's
 * workflow (exactly its source), both service accounts holding their roles unconditionally, and an
 * enabled log-match alert policy on the workflow's entries with an enabled channel.
 */
import {
  FINDING_LOG_FILTER,
  OCCURRENCES_TOPIC_ID,
  PUBSUB_PUBLISHED_EVENT,
  TRIGGER_ROLES,
  VULNERABILITY_WORKFLOW_SOURCE_JSON,
  WORKFLOW_ROLES,
} from "../../core/rules/container-findings";
import type { ControlDefinition, Resource, StackContext, StackVerdict } from "../model";
import { blocks, isExpression, refersTo, show } from "../terraform-json";
import { hasNotificationChannel, normalizeFilter } from "./alerts";
import { HIPAA, PASS, checksProjectWide, fail, seed, stackRule, verdict } from "./helpers";

const TOPIC = new RegExp(`^projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/topics/${OCCURRENCES_TOPIC_ID}$`);

/** True when the stack scans images: it enables Container Scanning or declares a Docker repository. */
function scansImages(ctx: StackContext): boolean {
  return (
    ctx
      .ofType("google_project_service")
      .some((s) => s.attrs.service === "containerscanning.googleapis.com") ||
    ctx
      .ofType("google_artifact_registry_repository")
      .some((r) => String(r.attrs.format ?? "").toUpperCase() === "DOCKER")
  );
}

/**
 * Roles of `roles` that the service account `account` refers to (an attribute such as
 * `${google_service_account.x.email}`) does not hold through an unconditional project grant of the stack.
 */
function missingRoles(account: unknown, roles: readonly string[], ctx: StackContext): string[] {
  const accounts = ctx.ofType("google_service_account").filter((sa) => refersTo(account, sa));
  if (accounts.length !== 1) return [...roles];
  const grants = ctx
    .ofType("google_project_iam_member")
    .filter((g) => refersTo(g.attrs.member, accounts[0]) && blocks(g.attrs.condition).length === 0);
  return roles.filter((role) => !grants.some((g) => g.attrs.role === role));
}

/** Why `trigger` does not start the kit's workflow on every occurrence message, or its workflow. */
function judgeTrigger(trigger: Resource, ctx: StackContext): { problem?: string; workflow?: Resource } {
  const criteria = blocks(trigger.attrs.matching_criteria);
  if (
    criteria.length !== 1 ||
    criteria[0].attribute !== "type" ||
    criteria[0].value !== PUBSUB_PUBLISHED_EVENT ||
    (criteria[0].operator !== undefined && criteria[0].operator !== "")
  )
    return {
      problem: `matching_criteria ${show(trigger.attrs.matching_criteria)} is not only type = ${PUBSUB_PUBLISHED_EVENT}`,
    };
  // A channel makes the trigger listen to third-party events instead of the topic.
  if (trigger.attrs.channel !== undefined && trigger.attrs.channel !== null && trigger.attrs.channel !== "")
    return {
      problem: `channel ${show(trigger.attrs.channel)} is set (the trigger must listen to the topic)`,
    };
  const workflowRef = blocks(trigger.attrs.destination)[0]?.workflow;
  const workflow = ctx.ofType("google_workflows_workflow").find((w) => refersTo(workflowRef, w));
  if (!workflow) return { problem: `destination.workflow ${show(workflowRef)} is no workflow of this stack` };
  if (workflow.attrs.source_contents !== VULNERABILITY_WORKFLOW_SOURCE_JSON)
    return {
      problem: `${workflow.address} does not run the kit's workflow source (core/rules/container-findings.ts)`,
    };
  const missing = [
    ...missingRoles(trigger.attrs.service_account, TRIGGER_ROLES, ctx).map(
      (r) => `trigger service account lacks ${r}`,
    ),
    ...missingRoles(workflow.attrs.service_account, WORKFLOW_ROLES, ctx).map(
      (r) => `workflow service account lacks ${r}`,
    ),
  ];
  if (missing.length)
    return {
      problem: `${missing.join("; ")} (service accounts of this stack, unconditional project grants)`,
    };
  return { workflow };
}

function containerFindingsVerdict(ctx: StackContext): StackVerdict {
  const triggers = ctx
    .ofType("google_eventarc_trigger")
    .filter((t) =>
      blocks(t.attrs.transport).some((tr) =>
        blocks(tr.pubsub).some(
          (p) => typeof p.topic === "string" && !isExpression(p.topic) && TOPIC.test(p.topic),
        ),
      ),
    );
  if (!triggers.length)
    return verdict(
      fail(
        `no Eventarc trigger on the project's ${OCCURRENCES_TOPIC_ID} topic (a literal projects/PROJECT/topics/ name)`,
      ),
    );
  const judged = triggers.map((t) => ({ trigger: t, ...judgeTrigger(t, ctx) }));
  const working = judged.filter((j) => j.workflow);
  if (!working.length)
    return verdict(fail(judged.map((j) => `${j.trigger.address}: ${j.problem}`).join("; ")));
  const policies = ctx
    .ofType("google_monitoring_alert_policy")
    .filter((p) =>
      blocks(p.attrs.conditions).some((c) =>
        blocks(c.condition_matched_log).some(
          (m) => normalizeFilter(m.filter) === normalizeFilter(FINDING_LOG_FILTER),
        ),
      ),
    );
  const paging = policies.filter((p) => hasNotificationChannel(p, ctx));
  if (!paging.length)
    return verdict(
      fail(
        policies.length
          ? `the alert policy on the finding log entries pages nobody (${policies.map((p) => p.address).join(", ")})`
          : `no log-match alert policy with the filter ${FINDING_LOG_FILTER}`,
      ),
    );
  return verdict(PASS, undefined, [
    ...working.flatMap((j) => [j.trigger.address, j.workflow!.address]),
    ...paging.map((p) => p.address),
  ]);
}

export const containerFindingControls: ControlDefinition[] = [
  {
    id: "REG-2",
    title: "HIGH and CRITICAL container findings page somebody",
    severity: "error",
    why: "Scanning only records findings in a console nobody watches; the source documents promise that container issues are addressed quickly, which starts with somebody learning of them. Artifact Analysis publishes every finding to a Pub/Sub topic without its severity, so the kit reads each one and pages on HIGH and CRITICAL.",
    fix: `Keep the baseline's ContainerVulnerabilityAlerts: a google_eventarc_trigger (type ${PUBSUB_PUBLISHED_EVENT}) on projects/PROJECT/topics/${OCCURRENCES_TOPIC_ID} starting a google_workflows_workflow with the kit's source, service accounts of the stack granted ${[...TRIGGER_ROLES, ...WORKFLOW_ROLES].join(", ")}, and an enabled google_monitoring_alert_policy with condition_matched_log.filter = ${FINDING_LOG_FILTER} and a notification channel.`,
    mappings: {
      other: ["Artifact Analysis Pub/Sub notifications"],
      hipaa: [HIPAA.integrity, HIPAA.incidents],
      seed: [seed("002", 22)],
    },
    rule: stackRule((ctx) =>
      checksProjectWide(ctx) && scansImages(ctx) ? [containerFindingsVerdict(ctx)] : [],
    ),
  },
];
