/**
 * REG-2: paging on HIGH and CRITICAL container vulnerability findings, as data shared by the
 * `ContainerVulnerabilityAlerts` construct and the policy check.
 *
 * Artifact Analysis publishes a message to the project's `container-analysis-occurrences-v1` topic for
 * every occurrence it creates or updates, but the message names the occurrence only (no severity), and
 * neither Pub/Sub filters nor Cloud Monitoring can read the occurrence. So an Eventarc trigger starts a
 * small Google Cloud Workflows workflow per message (pure configuration: no code to build or deploy),
 * which reads the occurrence with its own service account and writes one structured log entry for each
 * HIGH or CRITICAL finding (and for an occurrence it could not read); a log-match alert policy pages on
 * those entries.
 */

/** The topic Artifact Analysis creates when its API is enabled (v1 API). */
export const OCCURRENCES_TOPIC_ID = "container-analysis-occurrences-v1";

/** Eventarc's event type for a message published to a Pub/Sub topic. */
export const PUBSUB_PUBLISHED_EVENT = "google.cloud.pubsub.topic.v1.messagePublished";

/** Severities that page (Artifact Analysis' effective severity, else the CVSS-based one). */
export const PAGING_SEVERITIES = ["HIGH", "CRITICAL"] as const;

/** `jsonPayload.finding` of the log entries the workflow writes. */
export const FINDING_MARKER = "container-vulnerability";

/** The log entries the alert policy pages on: those the workflow writes, nothing narrower. */
export const FINDING_LOG_FILTER = `resource.type="workflows.googleapis.com/Workflow" AND jsonPayload.finding="${FINDING_MARKER}"`;

/** Project roles of the workflow's service account: read occurrences, write its log entries. */
export const WORKFLOW_ROLES = [
  "roles/containeranalysis.occurrences.viewer",
  "roles/logging.logWriter",
] as const;

/** Project role of the trigger's service account: start the workflow. */
export const TRIGGER_ROLES = ["roles/workflows.invoker"] as const;

const PAGING = PAGING_SEVERITIES.map((s) => `severity == "${s}"`).join(" or ");

/**
 * The workflow as Workflows runs it. A finding it cannot read (the occurrence is gone, a permission is
 * missing) is logged as severity UNREADABLE and fails the execution: the alert then pages too, so a
 * broken reader is noticed instead of silently paging nobody.
 */
export const VULNERABILITY_WORKFLOW_SOURCE = `# REG-2: started by Eventarc for each message on ${OCCURRENCES_TOPIC_ID}; logs HIGH and CRITICAL findings.
main:
  params: [event]
  steps:
    - decode:
        assign:
          - message: \${json.decode(base64.decode(event.data.message.data))}
    - vulnerabilitiesOnly:
        switch:
          - condition: \${map.get(message, "kind") != "VULNERABILITY"}
            return: "ignored"
    - readOccurrence:
        try:
          call: http.get
          args:
            url: \${"https://containeranalysis.googleapis.com/v1/" + message.name}
            auth:
              type: OAuth2
          result: occurrence
        except:
          as: e
          steps:
            - logUnreadable:
                call: sys.log
                args:
                  severity: ERROR
                  json:
                    finding: ${FINDING_MARKER}
                    severity: UNREADABLE
                    occurrence: \${message.name}
                    error: \${e}
            - failExecution:
                raise: \${e}
    - readSeverity:
        assign:
          - severity: \${map.get(occurrence.body, ["vulnerability", "effectiveSeverity"])}
    - fallBackToBaseSeverity:
        switch:
          - condition: \${severity == null or severity == "SEVERITY_UNSPECIFIED"}
            steps:
              - useBaseSeverity:
                  assign:
                    - severity: \${map.get(occurrence.body, ["vulnerability", "severity"])}
    - pageIfHighOrCritical:
        switch:
          - condition: \${${PAGING}}
            steps:
              - logFinding:
                  call: sys.log
                  args:
                    severity: ERROR
                    json:
                      finding: ${FINDING_MARKER}
                      severity: \${severity}
                      vulnerability: \${default(map.get(occurrence.body, "noteName"), "")}
                      image: \${default(map.get(occurrence.body, "resourceUri"), "")}
                      occurrence: \${message.name}
    - done:
        return: \${severity}
`;

/**
 * The source as written in Terraform JSON: `$${` keeps Terraform from reading Workflows' `${...}`
 * expressions as its own interpolation.
 */
export const VULNERABILITY_WORKFLOW_SOURCE_JSON = VULNERABILITY_WORKFLOW_SOURCE.replaceAll("${", () => "$${");
