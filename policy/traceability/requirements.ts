/**
 * The traceability matrix's data: every requirement of the two source documents, paraphrased, with who
 * owns it and how this kit meets it. `docs/traceability.md` is generated from it (`npm run docs`), and a
 * test fails when a cited control or manual duty does not exist.
 *
 * Documents: `upstash` is Upstash's shared-responsibility model for Upstash Redis with its HIPAA duties;
 * `practices` is a Google Cloud company's published security practices. Lines are those documents' lines.
 */

export type SourceDocument = "upstash" | "practices";

/** Who must do it: the provider (Upstash or Google), the customer (a user of this kit), or both. */
export type Owner = "provider" | "customer" | "shared";

/**
 * How the kit meets a requirement:
 * - `enforced`: controls the policy check judges on every synthesis;
 * - `built`: the kit ships it (a construct, workflow or command) but no control judges it;
 * - `manual`: a manual duty the compliance report lists, with how to evidence it;
 * - `partial`: part enforced or built; `remaining` says what is left and why;
 * - `provider`: the provider's own duty; the kit only makes sure the customer's side is switched on;
 * - `not-applicable`: with the reason.
 */
export type Status = "enforced" | "built" | "manual" | "partial" | "provider" | "not-applicable";

export interface Requirement {
  /** Stable id: `U-<line>` or `P-<line>` (a letter suffix when one line holds several). */
  readonly id: string;
  readonly document: SourceDocument;
  readonly line: number;
  /** The requirement in a few words. */
  readonly requirement: string;
  readonly owner: Owner;
  readonly status: Status;
  /** Control ids that enforce it (all must exist in the catalogue). */
  readonly controls?: readonly string[];
  /** Manual duty ids (all must exist in policy/manual-duties.ts). */
  readonly duties?: readonly string[];
  /** What the kit builds for it (construct, workflow, command). */
  readonly built?: string;
  /** For `partial`: what remains and why; for `not-applicable`: why; for `provider`: what the customer's side is. */
  readonly note?: string;
}

export const REQUIREMENTS: readonly Requirement[] = [
  // Upstash shared-responsibility model: the responsibility matrix.
  {
    id: "U-13",
    document: "upstash",
    line: 13,
    requirement:
      "Infrastructure security: physical security, network infrastructure, DDoS protection, hardware",
    owner: "provider",
    status: "provider",
    note: "Upstash's duty; nothing to configure.",
  },
  {
    id: "U-14",
    document: "upstash",
    line: 14,
    requirement:
      "Platform security: OS security, Redis updates, container security, infrastructure monitoring",
    owner: "provider",
    status: "provider",
    note: "Upstash's duty; nothing to configure.",
  },
  {
    id: "U-15",
    document: "upstash",
    line: 15,
    requirement:
      "Service availability: 99.99% SLA with Prod Pack, multi-region replication, auto-scaling, disaster recovery",
    owner: "provider",
    status: "provider",
    controls: ["UPS-1", "UPS-8"],
    note: "Upstash runs it; the customer's side is enforced: Prod Pack by UPS-1, read regions in production by UPS-8 (an error since issue 17; a production database without read regions needs an expiring exception).",
  },
  {
    id: "U-16",
    document: "upstash",
    line: 16,
    requirement: "Data encryption: TLS in transit, encryption at rest with Prod Pack, key management",
    owner: "provider",
    status: "provider",
    controls: ["UPS-1", "UPS-4"],
    note: "Upstash encrypts; the customer's side (TLS on, Prod Pack on) is enforced by UPS-4 and UPS-1.",
  },
  {
    id: "U-17",
    document: "upstash",
    line: 17,
    requirement: "Compliance: SOC 2 with Prod Pack, GDPR, HIPAA on the Enterprise plan",
    owner: "provider",
    status: "provider",
    controls: ["UPS-1"],
    duties: ["MAN-1", "MAN-2"],
    note: "Upstash's certifications; the customer needs Prod Pack (UPS-1), a BAA and HIPAA databases (MAN-1, MAN-2).",
  },
  {
    id: "U-18",
    document: "upstash",
    line: 18,
    requirement: "Data management: data classification, retention policies, quality controls",
    owner: "customer",
    status: "partial",
    controls: ["DATA-1", "DATA-2", "DATA-3", "DATA-4", "RET-1", "GCS-7", "LOG-2", "SQL-4", "UPS-3"],
    duties: ["MAN-23"],
    note:
      "Every data-holding resource carries a data_classification label with stricter rules for restricted data " +
      "(DATA-1..4). Retention has lower bounds (LOG-2, SQL-4, SQL-5, GCS-6, SEC-2, UPS-3) and upper bounds per " +
      "store from the environment's `retention` configuration (RET-1; GCS-7 for terminated customers' objects). " +
      "Upstash's backup retention cannot be set through its API, so it is checked against the written retention " +
      "policy by hand (MAN-23); data quality is the application's concern, outside what infrastructure can check.",
  },
  {
    id: "U-19",
    document: "upstash",
    line: 19,
    requirement:
      "Application security: secure development, input validation, authentication, client-side encryption",
    owner: "customer",
    status: "partial",
    controls: ["IDP-1", "DATA-3"],
    duties: ["MAN-6", "MAN-12", "MAN-16"],
    note:
      "Sign-in with MFA is enforced (IDP-1) and every stack holding restricted data has its own application-layer key " +
      "(DATA-3, `TeamStack.applicationKey()`); code review and the policy check in CI are duties. Remaining, because " +
      "it lives in application code the kit does not see: input validation, and encrypting fields with that key.",
  },
  {
    id: "U-20",
    document: "upstash",
    line: 20,
    requirement: "Access control: Redis ACL, user permissions, credential management, MFA",
    owner: "customer",
    status: "partial",
    controls: ["UPS-6", "UPS-10", "UPS-11", "SEC-1", "SEC-5"],
    duties: ["MAN-3", "MAN-24"],
    note:
      "Each workload gets its own Redis ACL user (its key patterns, no dangerous commands) with its own credential in an " +
      "EncryptedSecret granted to it alone; HIPAA databases must be used that way (UPS-10), and console members and roles " +
      "come from configuration (UPS-11). Remaining: outside HIPAA mode a database may still hand its default credentials " +
      "to a workload by name (grantDefaultCredentials, for development); MFA on Upstash accounts is an account setting no " +
      "API exposes (MAN-3); ACL users removed from code stay in Upstash until deleted by hand (MAN-24).",
  },
  {
    id: "U-21",
    document: "upstash",
    line: 21,
    requirement: "Network security: IP allowlist, network segmentation, client security",
    owner: "customer",
    status: "enforced",
    controls: ["UPS-2", "NET-1", "NET-3", "NET-4", "NET-10"],
  },
  {
    id: "U-22",
    document: "upstash",
    line: 22,
    requirement: "Security configuration: ACL setup, security policies",
    owner: "customer",
    status: "partial",
    controls: ["UPS-1", "UPS-2", "UPS-4", "UPS-5", "UPS-10", "UPS-11"],
    duties: ["MAN-24"],
    note:
      "Security settings of every database are enforced; ACL users are least privilege in every mode and required in " +
      "HIPAA mode (UPS-10); console membership is reviewed as code (UPS-11). Remaining: ACL users are offered, not " +
      "required, outside HIPAA mode (see U-20), and removing one from code does not delete it in Upstash (MAN-24).",
  },
  {
    id: "U-23a",
    document: "upstash",
    line: 23,
    requirement: "Monitoring (Upstash): infrastructure monitoring and incident response",
    owner: "provider",
    status: "provider",
    note: "Upstash's duty.",
  },
  {
    id: "U-23b",
    document: "upstash",
    line: 23,
    requirement: "Monitoring (customer): application monitoring, custom metrics",
    owner: "customer",
    status: "manual",
    duties: ["MAN-17"],
  },
  {
    id: "U-23c",
    document: "upstash",
    line: 23,
    requirement: "Monitoring (shared): performance monitoring, security monitoring",
    owner: "shared",
    status: "partial",
    controls: ["LOG-1", "LOG-2", "MON-1", "MON-10", "MON-11", "MON-14", "UPS-9"],
    duties: ["MAN-17"],
    note:
      "Security monitoring is enforced for the Google Cloud side (audit logs, CIS alerts that page); performance " +
      "of the Google Cloud side too (MON-11: Cloud SQL CPU, disk, state and connections, NAT errors; MON-14: " +
      "uptime of the application). Upstash has no log or metric export the kit can wire: its usage is capped by " +
      "budget (UPS-9) and its performance monitoring is a duty (MAN-17).",
  },
  {
    id: "U-24a",
    document: "upstash",
    line: 24,
    requirement: "Incident response (Upstash): infrastructure incidents, service restoration",
    owner: "provider",
    status: "provider",
    note: "Upstash's duty.",
  },
  {
    id: "U-24b",
    document: "upstash",
    line: 24,
    requirement: "Incident response (customer): application incidents, data incidents",
    owner: "customer",
    status: "manual",
    duties: ["MAN-9"],
  },
  {
    id: "U-24c",
    document: "upstash",
    line: 24,
    requirement: "Incident response (shared): incident coordination, root cause analysis",
    owner: "shared",
    status: "manual",
    duties: ["MAN-9", "MAN-18"],
  },
  // Upstash: managing healthcare data.
  {
    id: "U-31",
    document: "upstash",
    line: 31,
    requirement: "Sign a Business Associate Agreement with Upstash",
    owner: "customer",
    status: "manual",
    duties: ["MAN-1"],
  },
  {
    id: "U-32",
    document: "upstash",
    line: 32,
    requirement: "Mark PHI databases as HIPAA databases and address the advisor's issues",
    owner: "customer",
    status: "manual",
    duties: ["MAN-2"],
  },
  {
    id: "U-33",
    document: "upstash",
    line: 33,
    requirement: "MFA on all Upstash accounts, enforced to access the organization",
    owner: "customer",
    status: "manual",
    duties: ["MAN-3"],
  },
  {
    id: "U-35",
    document: "upstash",
    line: 35,
    requirement: "Enable Prod Pack (encryption at rest, advanced security features)",
    owner: "customer",
    status: "enforced",
    controls: ["UPS-1"],
  },
  {
    id: "U-36",
    document: "upstash",
    line: 36,
    requirement: "Enable Credential Protection (credentials not stored by Upstash, console needs them)",
    owner: "customer",
    status: "partial",
    controls: ["UPS-6"],
    duties: ["MAN-4"],
    note:
      "The switch is a team setting the provider cannot set, so it is a duty; the kit keeps credentials out of its " +
      "configuration and in Secret Manager only (UPS-6).",
  },
  {
    id: "U-37",
    document: "upstash",
    line: 37,
    requirement: "Configure the IP allowlist to authorized networks",
    owner: "customer",
    status: "enforced",
    controls: ["UPS-2"],
  },
  {
    id: "U-38",
    document: "upstash",
    line: 38,
    requirement: "Enable daily backups to validate recoverability and meet retention",
    owner: "customer",
    status: "enforced",
    controls: ["UPS-3"],
    duties: ["MAN-7", "MAN-8"],
  },
  {
    id: "U-39",
    document: "upstash",
    line: 39,
    requirement: "Meet HIPAA encryption requirements; consider application-layer encryption",
    owner: "shared",
    status: "partial",
    controls: ["UPS-1", "UPS-4", "DATA-3"],
    duties: ["MAN-6"],
    note:
      "At rest and in transit are enforced (UPS-1, UPS-4), and a stack holding restricted data has an application-layer " +
      "key usable only by its workload identities (DATA-3, docs/application-encryption.md). Remaining, because it is " +
      "application code: encrypting the PHI fields with that key before they reach Redis.",
  },
  {
    id: "U-40",
    document: "upstash",
    line: 40,
    requirement: "PHI only inside the database, never in resource names or other locations",
    owner: "customer",
    status: "partial",
    controls: ["UPS-7"],
    duties: ["MAN-6"],
    note: "Database names are checked for identifier-like values (UPS-7); what applications write elsewhere is a duty.",
  },
  {
    id: "U-41",
    document: "upstash",
    line: 41,
    requirement: "PHI only in values, never in keys or identifiers; never log keys",
    owner: "customer",
    status: "manual",
    duties: ["MAN-6"],
  },
  {
    id: "U-42",
    document: "upstash",
    line: 42,
    requirement: "No public endpoints to process PHI",
    owner: "customer",
    status: "partial",
    controls: ["UPS-2", "UPS-4", "NET-4"],
    note:
      "Upstash endpoints are reachable only from the allowlisted NAT addresses over TLS; a private endpoint (VPC " +
      "peering) is an Enterprise feature the provider cannot configure.",
  },
  {
    id: "U-43",
    document: "upstash",
    line: 43,
    requirement: "Never transfer a HIPAA database to a non-HIPAA organization",
    owner: "customer",
    status: "manual",
    duties: ["MAN-5"],
  },
  {
    id: "U-44",
    document: "upstash",
    line: 44,
    requirement: "Follow Upstash's Production Checklist",
    owner: "customer",
    status: "manual",
    duties: ["MAN-15"],
  },
  // Company security practices.
  {
    id: "P-4",
    document: "practices",
    line: 4,
    requirement: "MFA for every employee on every business service, cloud providers included",
    owner: "customer",
    status: "manual",
    duties: ["MAN-11"],
  },
  {
    id: "P-5",
    document: "practices",
    line: 5,
    requirement: "Single sign-on or unique complex passwords for every service",
    owner: "customer",
    status: "manual",
    duties: ["MAN-11"],
  },
  {
    id: "P-6",
    document: "practices",
    line: 6,
    requirement: "Least access to customer data",
    owner: "customer",
    status: "partial",
    controls: ["IAM-1", "IAM-2", "IAM-3", "IAM-8", "KMS-5", "SEC-5", "KMS-6", "GCS-3"],
    duties: ["MAN-14", "MAN-20"],
    note:
      "Basic roles, project-wide impersonation, keys and public grants are refused, and grants are per resource; " +
      "data roles (storage objects, secrets, KMS encrypt/decrypt, Cloud SQL, BigQuery data) for users, groups and " +
      "domains on the project, folder or organization are refused (IAM-8; Cloud SQL connect only with the " +
      "one-instance condition). The deployer's own project roles are Terraform resources of the bootstrap stack, " +
      "so IAM-1 and SEC-5 judge them: only the kit's deployer roles, only for the configured deployer, no basic " +
      "role, no project-wide object access. Still open: a service account may hold a non-admin data role on the " +
      "project (workloads use the grant* methods by convention), and reviews of who holds access are a duty.",
  },
  {
    id: "P-7",
    document: "practices",
    line: 7,
    requirement: "Regular security and privacy training",
    owner: "customer",
    status: "manual",
    duties: ["MAN-10"],
  },
  {
    id: "P-9",
    document: "practices",
    line: 9,
    requirement: "Every code change reviewed by another engineer",
    owner: "customer",
    status: "built",
    built:
      "CODEOWNERS generated from config/repository.yaml and the team registry (npm run codeowners; a test fails " +
      "when it drifts), and branch protection as code (.github/branch-protection.json: a code owner's approval, " +
      "stale approvals dismissed, the last push approved by someone else, administrators included, the PR checks " +
      "required, no force push, linear history), applied with npm run protect-branch.",
    duties: ["MAN-12"],
    note: "GitHub's settings are outside the synthesized configuration: applying the protection and replacing the placeholder owners is the duty.",
  },
  {
    id: "P-10",
    document: "practices",
    line: 10,
    requirement: "Automated tests and scans on every change",
    owner: "customer",
    status: "built",
    built:
      "The pull-request workflow runs the tests, synthesis, the policy check and the plan review, and scans " +
      "dependencies for known vulnerabilities (dependency review and npm audit, high and critical); the Checkov " +
      "workflow scans the synthesized output. Branch protection requires these checks.",
  },
  {
    id: "P-11",
    document: "practices",
    line: 11,
    requirement: "Runtimes and dependencies kept up to date",
    owner: "customer",
    status: "built",
    built:
      "Dependabot for npm and GitHub Actions, weekly and grouped; a pull request that adds a dependency with a " +
      "high or critical advisory fails its dependency-review check; workflows on a current Node.js LTS; Cloud SQL " +
      "on a supported PostgreSQL major version (SQL-14) with a fixed maintenance window for its patches (SQL-13).",
    controls: ["SQL-13", "SQL-14"],
    duties: ["MAN-21"],
  },
  {
    id: "P-12",
    document: "practices",
    line: 12,
    requirement: "Standard frameworks that prevent common attacks (OWASP top 10)",
    owner: "customer",
    status: "manual",
    duties: ["MAN-16"],
  },
  {
    id: "P-14",
    document: "practices",
    line: 14,
    requirement: "Firebase Authentication (Identity Platform) authenticates access to the products",
    owner: "customer",
    status: "enforced",
    controls: ["IDP-1"],
    note: "Where the kit configures Identity Platform, IDP-1 requires MFA: MANDATORY in production (refused at config load, and an error in the policy check unless an expiring exception covers it), ENABLED or MANDATORY elsewhere.",
  },
  {
    id: "P-15",
    document: "practices",
    line: 15,
    requirement: "Never store or log the credentials Firebase uses",
    owner: "customer",
    status: "partial",
    controls: ["SEC-6"],
    duties: ["MAN-6"],
    note: "No credential appears in configuration, outputs or the repository (SEC-6); application logs are a duty.",
  },
  {
    id: "P-17",
    document: "practices",
    line: 17,
    requirement:
      "System credentials encrypted with Cloud KMS; no access to raw key material; key use audited",
    owner: "customer",
    status: "enforced",
    controls: ["SEC-1", "KMS-1", "KMS-4", "KMS-5", "KMS-6", "LOG-1"],
  },
  {
    id: "P-18",
    document: "practices",
    line: 18,
    requirement: "All customer data encrypted in transit and at rest",
    owner: "customer",
    status: "enforced",
    controls: ["GCS-5", "SQL-8", "SQL-3", "SEC-1", "UPS-1", "UPS-4", "REG-1", "STATE-1"],
  },
  {
    id: "P-19",
    document: "practices",
    line: 19,
    requirement: "APIs require HTTPS and TLS",
    owner: "customer",
    status: "enforced",
    controls: ["NET-13"],
    note:
      "HTTPS and SSL proxies must use an SSL policy of the same stack with TLS 1.2+ (MODERN or RESTRICTED); a " +
      "plain-HTTP proxy is allowed only with a URL map that redirects every request to HTTPS (NET-13). Other " +
      "front ends (Cloud Run, functions, backend services) are judged by their own controls or refused by POL-1.",
  },
  {
    id: "P-20",
    document: "practices",
    line: 20,
    requirement: "Customer data deleted 60 days after termination",
    owner: "customer",
    status: "partial",
    controls: ["GCS-7", "RET-1"],
    duties: ["MAN-22"],
    built:
      "`npm run terminate-customer -- <env> --prefix P | --label k=v` sets the custom time on the customer's " +
      "objects, prints when each bucket's copies are gone and the checklist of what else to delete, and records " +
      "evidence in drills/<env>/.",
    note:
      "Objects: GCS-7 proves the end-to-end bound (days after custom time + noncurrent versions + soft delete " +
      "<= retention.customerDataDeletionDays, at most 60; 30 + 23 + 7 by default), and terminate-customer sets " +
      "the custom time. RET-1 caps database backups, transaction logs and destroyed secret versions, so their " +
      "copies age out. Remaining, as manual duty MAN-22 because only application code knows which rows, keys and " +
      "secrets are a customer's: deleting the Postgres rows, Redis keys and per-customer secrets; Cloud Storage " +
      "lifecycle actions can also run up to a day after they are due.",
  },
  {
    id: "P-22",
    document: "practices",
    line: 22,
    requirement: "Containers scanned for vulnerabilities and issues addressed quickly",
    owner: "customer",
    status: "partial",
    controls: ["REG-1", "REG-2"],
    duties: ["MAN-25"],
    note:
      "Scanning is on for every repository of the project (REG-1) and every HIGH or CRITICAL finding pages " +
      "(REG-2: Eventarc and a Workflows workflow read each Artifact Analysis finding, a log-match alert pages). " +
      "Fixing quickly is the team's: a deadline per severity with an owner (MAN-25).",
  },
  {
    id: "P-23",
    document: "practices",
    line: 23,
    requirement: "Systems run on Google Cloud, certified against many standards",
    owner: "provider",
    status: "provider",
    note: "Google's certifications; nothing to configure.",
  },
  {
    id: "P-24",
    document: "practices",
    line: 24,
    requirement: "An automated posture-management tool finds risks and misconfiguration",
    owner: "customer",
    status: "built",
    built:
      "The policy check judges every synthesis and pull request; the Checkov workflow runs the scanner most Google " +
      "Cloud teams use. Checking the live environment after deploy is planned (live verification).",
  },
  {
    id: "P-25",
    document: "practices",
    line: 25,
    requirement: "Access to all VPC resources from the public internet denied by default",
    owner: "customer",
    status: "enforced",
    controls: ["NET-1", "NET-2", "NET-3", "NET-4", "NET-5", "SQL-1", "SQL-2"],
    duties: ["MAN-19"],
  },
  {
    id: "P-26",
    document: "practices",
    line: 26,
    requirement: "Dozens of continuous checks alert on issues affecting customers; engineers are paged",
    owner: "customer",
    status: "partial",
    controls: [
      "MON-1",
      "MON-2",
      "MON-3",
      "MON-4",
      "MON-5",
      "MON-6",
      "MON-7",
      "MON-8",
      "MON-9",
      "MON-10",
      "MON-11",
      "MON-12",
      "MON-13",
      "MON-14",
      "KMS-7",
      "REG-2",
    ],
    duties: ["MAN-17"],
    note:
      "Configuration-change alerts page every channel; MON-11 requires paging health alerts on Cloud SQL CPU, disk, " +
      "instance state and connections near max_connections and on Cloud NAT allocation failures and dropped " +
      "packets; MON-14 requires uptime checks of the application that page (at least one in production, HTTPS with " +
      "certificate validation); REG-2 pages on HIGH and CRITICAL container findings; in production every alert " +
      "pages PagerDuty or a webhook (MON-12, refused at config load too), whose key only the channel reads " +
      "(MON-13). Still open: Redis health (no Upstash metric reaches Cloud Monitoring) and application error " +
      "rates and latency stay a duty (MAN-17).",
  },
  {
    id: "P-28a",
    document: "practices",
    line: 28,
    requirement: "Database replication logs kept 7 days for point-in-time recovery; daily full backups",
    owner: "customer",
    status: "enforced",
    controls: ["SQL-4", "SQL-5", "SQL-7"],
  },
  {
    id: "P-28b",
    document: "practices",
    line: 28,
    requirement: "Restoration tested periodically",
    owner: "customer",
    status: "manual",
    duties: ["MAN-8"],
  },
  {
    id: "P-29",
    document: "practices",
    line: 29,
    requirement:
      "Blob storage replicated; older versions of sensitive data kept to recover from corruption or deletion",
    owner: "customer",
    status: "enforced",
    controls: ["GCS-8", "GCS-4", "GCS-6", "GCS-7"],
  },
  {
    id: "P-30",
    document: "practices",
    line: 30,
    requirement: "Uniform public access prevention on buckets with customer data",
    owner: "customer",
    status: "enforced",
    controls: ["GCS-1", "GCS-2", "GCS-3"],
  },
  {
    id: "P-32",
    document: "practices",
    line: 32,
    requirement: "Operating and debugging procedures documented in runbooks",
    owner: "customer",
    status: "partial",
    built: "docs/runbook.md covers deploy, restore, rotation and address changes for what the kit builds.",
    duties: ["MAN-9"],
    note: "The kit's runbook covers the infrastructure; the application's runbooks are a duty.",
  },
  {
    id: "P-33",
    document: "practices",
    line: 33,
    requirement: "Customers notified proactively of incidents with extended impact",
    owner: "customer",
    status: "manual",
    duties: ["MAN-9"],
  },
  {
    id: "P-34",
    document: "practices",
    line: 34,
    requirement: "Retrospectives for customer-impacting incidents",
    owner: "customer",
    status: "manual",
    duties: ["MAN-9"],
  },
  {
    id: "P-36",
    document: "practices",
    line: 36,
    requirement:
      "Adhere to SOC 2 controls; limit the attack surface; avoid storing or retaining sensitive PII",
    owner: "customer",
    status: "partial",
    controls: ["NET-4", "GCS-7", "RET-1", "LOG-2", "SQL-10", "SQL-12"],
    duties: ["MAN-23"],
    note:
      "Database logs keep no statement text that reads or writes rows (SQL-10: log_statement at most ddl, pgAudit " +
      "without read or write) and Query Insights keeps no client addresses unless an exception says why (SQL-12). " +
      "Retention has upper bounds per store from the environment's `retention` configuration (RET-1: audit logs, " +
      "noncurrent versions, soft delete, database backups and transaction logs, destroyed secret versions) and " +
      "terminated customers' objects go within the 60 days (GCS-7). " +
      "Controls are mapped to CIS, Checkov, HIPAA and the SOC 2 Trust Services Criteria (policy/controls/soc2.ts, " +
      "shown in docs/controls.md and every compliance report); the SOC 2 examination itself is the company's, and " +
      "what PII an application stores is its own design (MAN-23 writes the retention policy down).",
  },
];
