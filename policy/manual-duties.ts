/**
 * Duties no provider can enforce. The compliance report lists them so it is honest about what the code
 * does not cover: someone must do these and keep the evidence.
 */
import type { PackName } from "./model";

export interface ManualDuty {
  readonly id: string;
  readonly duty: string;
  /** Where the duty comes from: the source document and its line (docs/traceability.md lists both documents). */
  readonly source: string;
  /** HIPAA Security Rule section, when it maps to one. */
  readonly hipaa?: string;
  readonly packs: readonly PackName[];
}

const BOTH: PackName[] = ["baseline", "hipaa"];

export const MANUAL_DUTIES: readonly ManualDuty[] = [
  {
    id: "MAN-1",
    duty: "Sign a Business Associate Agreement (BAA) with Upstash before storing PHI (email support@upstash.com).",
    source: "Upstash shared-responsibility model, line 31",
    hipaa: "164.308(b)(1) business associate contracts",
    packs: BOTH,
  },
  {
    id: "MAN-2",
    duty: "Mark each PHI database as a HIPAA database in the Upstash console and address the advisor's findings.",
    source: "Upstash shared-responsibility model, line 32",
    hipaa: "164.308(a)(1) security management process",
    packs: BOTH,
  },
  {
    id: "MAN-3",
    duty: "Enable MFA on every Upstash account and enforce MFA to access the Upstash organization.",
    source: "Upstash shared-responsibility model, lines 33-34",
    hipaa: "164.312(d) person or entity authentication",
    packs: BOTH,
  },
  {
    id: "MAN-4",
    duty: "Enable Credential Protection on the Upstash team so credentials are not stored in Upstash and the console requires them.",
    source: "Upstash shared-responsibility model, line 36",
    hipaa: "164.312(a)(1) access control",
    packs: BOTH,
  },
  {
    id: "MAN-5",
    duty: "Never transfer a PHI database to a non-HIPAA Upstash organization.",
    source: "Upstash shared-responsibility model, line 43",
    hipaa: "164.308(b)(1) business associate contracts",
    packs: BOTH,
  },
  {
    id: "MAN-6",
    duty: "Keep PHI out of Redis keys and out of logs; application code stores PHI only in values (consider application-layer encryption).",
    source: "Upstash shared-responsibility model, lines 39-41",
    hipaa: "164.312(a)(2)(iv) encryption and decryption",
    packs: BOTH,
  },
  {
    id: "MAN-7",
    duty: "Verify daily backups are enabled on every Upstash database (GET /v2/redis/database/{id}) after each apply.",
    source: "Upstash shared-responsibility model, line 38",
    hipaa: "164.308(a)(7)(ii)(A) data backup plan",
    packs: BOTH,
  },
  {
    id: "MAN-8",
    duty: "Test restoration periodically (Cloud SQL backup and PITR restore, Upstash backup restore, bucket version restore) and record the results.",
    source: "company security practices, line 28",
    hipaa: "164.308(a)(7)(ii)(D) testing and revision procedures",
    packs: BOTH,
  },
  {
    id: "MAN-9",
    duty: "Document operating and debugging procedures in runbooks; hold retrospectives for customer-impacting incidents; notify customers of extended incidents.",
    source: "company security practices, lines 32-34",
    hipaa: "164.308(a)(6)(ii) response and reporting",
    packs: BOTH,
  },
  {
    id: "MAN-10",
    duty: "Provide security and privacy training to the whole company regularly.",
    source: "company security practices, line 7",
    hipaa: "164.308(a)(5) security awareness and training",
    packs: BOTH,
  },
  {
    id: "MAN-11",
    duty: "Require MFA (and SSO or unique passwords) for every employee on email, source control, chat, billing and cloud providers.",
    source: "company security practices, lines 4-5",
    hipaa: "164.312(d) person or entity authentication",
    packs: BOTH,
  },
  {
    id: "MAN-12",
    duty: "Review every code change by a second engineer and run this policy check in CI on every change: replace the placeholder owners in config/repository.yaml with your GitHub teams, run `npm run codeowners`, and apply the branch protection with `npm run protect-branch` (GitHub settings are not in the synthesized configuration; evidence: the branch's protection in the repository settings).",
    source: "company security practices, lines 9-10",
    hipaa: "164.308(a)(8) evaluation",
    packs: BOTH,
  },
  {
    id: "MAN-13",
    duty: "Restrict the Terraform state bucket to the deployer identity when it is managed outside these stacks (STATE-2).",
    source: "control STATE-2 (docs/controls.md)",
    hipaa: "164.312(a)(1) access control",
    packs: BOTH,
  },
  {
    id: "MAN-14",
    duty: "Review access to customer data (least privilege) and remove unused grants at least quarterly.",
    source: "company security practices, line 6",
    hipaa: "164.308(a)(4) information access management",
    packs: BOTH,
  },
  {
    id: "MAN-15",
    duty: "Work through Upstash's Production Checklist for every production database and keep the completed list.",
    source: "Upstash shared-responsibility model, line 44",
    packs: BOTH,
  },
  {
    id: "MAN-16",
    duty: "Build applications on frameworks that prevent the OWASP top 10 (input validation, output encoding, authentication) and keep the evidence of their security reviews.",
    source: "company security practices, line 12; Upstash shared-responsibility model, line 19",
    hipaa: "164.308(a)(1)(ii)(B) risk management",
    packs: BOTH,
  },
  {
    id: "MAN-17",
    duty: "Monitor the applications' error rates and latency, and Redis health in the Upstash console (latency, connections, memory: Upstash sends no metric to Cloud Monitoring), with alerts that page. The kit pages on uptime (MON-14), Cloud SQL and Cloud NAT health (MON-11) and container findings (REG-2).",
    source: "Upstash shared-responsibility model, line 23; company security practices, line 26",
    hipaa: "164.308(a)(1)(ii)(D) information system activity review",
    packs: BOTH,
  },
  {
    id: "MAN-18",
    duty: "Agree incident coordination with Upstash (contacts, severity, who leads the root cause analysis) and rehearse it with the incident runbook.",
    source: "Upstash shared-responsibility model, line 24",
    hipaa: "164.308(a)(6) security incident procedures",
    packs: BOTH,
  },
  {
    id: "MAN-19",
    duty: "Assumption behind NET-1 and NET-4: the project has no network but the kit's. Enabling Compute creates the auto-mode `default` network with SSH, RDP and ICMP open to 0.0.0.0/0; before the first deploy run `npm run prepare-project -- <env> --execute` (or create the project with auto_create_network = false), and enforce compute.skipDefaultNetworkCreation at the organization or folder. The report judges only the synthesized configuration, not networks created outside it.",
    source: "GCP documentation: default network; constraints/compute.skipDefaultNetworkCreation",
    hipaa: "164.312(e)(1) transmission security",
    packs: BOTH,
  },
  {
    id: "MAN-20",
    duty: "Assumption behind IAM-1: nobody grants roles/editor to a default service account again. The kit removes Editor from the default Compute Engine and App Engine service accounts (google_project_default_service_accounts, DEPRIVILEGE) at each deploy's creation only; enforce iam.automaticIamGrantsForDefaultServiceAccounts at the organization so new projects never get the grant.",
    source:
      "GCP documentation: default service accounts; constraints/iam.automaticIamGrantsForDefaultServiceAccounts",
    hipaa: "164.308(a)(4) information access management",
    packs: BOTH,
  },
  {
    id: "MAN-21",
    duty: "Name an owner for dependency updates and a deadline for fixing vulnerabilities: the owner merges Dependabot's weekly pull requests, and a high or critical advisory that the pull request's dependency-review check or npm audit reports is fixed (upgrade, replacement, or a written, expiring exception) within the deadline (for example 7 days for critical, 30 for high). Evidence: the merged pull requests and their dates.",
    source: "company security practices, lines 11 and 22",
    hipaa: "164.308(a)(1) security management process",
    packs: BOTH,
  },
  {
    id: "MAN-22",
    duty: "On each customer's termination, run `npm run terminate-customer -- <env> --prefix P | --label k=v` (GCS-7 then deletes the objects within retention.customerDataDeletionDays, 60 by default) and delete what application code wrote elsewhere: the customer's Postgres rows (soon enough that backups, kept retention.maxDatabaseBackups days, age out within the bound), Redis keys (SCAN, then DEL), and secrets created for the customer (destroy every version). Evidence: the command's record in drills/<env>/ committed, with, per checklist item, the deletion's output (row and key counts, gcloud output) and a query showing nothing left.",
    source: "company security practices, line 20",
    hipaa: "164.310(d)(2)(i) disposal",
    packs: BOTH,
  },
  {
    id: "MAN-23",
    duty: "Write down the retention policy per store (audit logs, buckets and their versions, database backups and logs, Redis and its backups, secrets) with an owner, matching the environment's `retention` configuration; check Upstash's backup retention, which its API does not let the kit set, against it. Evidence: the reviewed policy document and the `retention` section of each environment file.",
    source: "Upstash shared-responsibility model, line 18; company security practices, line 36",
    hipaa: "164.316(b) documentation",
    packs: BOTH,
  },
  {
    id: "MAN-24",
    duty: "Delete from Upstash the Redis ACL users the kit no longer declares (`ACL DELUSER <name>` with the database's REST token) and disable the versions of their secrets; each quarter compare `ACL LIST` of every database with the configuration and team files, and keep the result.",
    source: "Upstash shared-responsibility model, lines 20 and 22",
    hipaa: "164.308(a)(4) information access management",
    packs: BOTH,
  },
  {
    id: "MAN-25",
    duty: "Fix container vulnerabilities by a written deadline per severity (e.g. CRITICAL 7 days, HIGH 30 days) with an owner: rebuild on a patched base image and redeploy. Evidence: each REG-2 incident closed with the rebuilt image's digest, and `gcloud artifacts docker images list <repository URL> --show-occurrences` showing no HIGH or CRITICAL finding older than its deadline.",
    source: "Company security practices, line 22",
    hipaa: "164.308(a)(1)(ii)(B) risk management",
    packs: BOTH,
  },
];

/** The manual duties of a pack. */
export function manualDutiesOf(pack: PackName): readonly ManualDuty[] {
  return MANUAL_DUTIES.filter((d) => d.packs.includes(pack));
}
