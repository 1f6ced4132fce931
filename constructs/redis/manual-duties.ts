/**
 * Seed 000's customer duties that no Terraform provider or API call in this kit can perform or verify.
 * The compliance report lists them as manual items beside the automated controls, so it is honest about
 * what the code does not cover. Data, not prose: the report renders it.
 */
export interface ManualDuty {
  /** Stable id for the report. */
  readonly id: string;
  /** What someone has to do, as a checklist item. */
  readonly duty: string;
  /** Why code cannot do it. */
  readonly whyManual: string;
  /** Where the duty is done. */
  readonly scope: "account" | "organization" | "database" | "application";
  /** True when seed 000 asks for it only for databases holding PHI. */
  readonly hipaaOnly: boolean;
  /** The seed 000 line the duty comes from. */
  readonly source: string;
  /** Related automated controls. */
  readonly relatedControls: readonly string[];
}

export const UPSTASH_MANUAL_DUTIES: readonly ManualDuty[] = [
  {
    id: "UPS-M1",
    duty: "Enable MFA on every Upstash account and enforce MFA as a requirement to access the organization",
    whyManual: "account security settings are not exposed by the Upstash provider or Developer API",
    scope: "organization",
    hipaaOnly: false,
    source:
      "Ensuring MFA is enabled on all Upstash accounts. Enforce MFA as a requirement to access the organization",
    relatedControls: [],
  },
  {
    id: "UPS-M2",
    duty: "Sign a Business Associate Agreement (BAA) with Upstash before storing PHI (support@upstash.com)",
    whyManual: "a contract, not a setting",
    scope: "organization",
    hipaaOnly: true,
    source: "Signing a Business Associate Agreement (BAA) with Upstash",
    relatedControls: [],
  },
  {
    id: "UPS-M3",
    duty: "Mark each database that holds PHI as a HIPAA database in the Upstash console and resolve the advisor's findings",
    whyManual: "the HIPAA flag and the advisor exist only in the console",
    scope: "database",
    hipaaOnly: true,
    source:
      "Marking specific databases as HIPAA databases and addressing security issues raised by the advisor",
    relatedControls: ["UPS-1", "UPS-2", "UPS-3", "UPS-4"],
  },
  {
    id: "UPS-M4",
    duty: "Enable Credential Protection on each Prod Pack database, after the first deploy has stored its credentials in Secret Manager",
    whyManual:
      "not exposed by the provider; once on, Upstash shows credentials only once, so the kit's secrets must already hold them",
    scope: "database",
    hipaaOnly: true,
    source: "Enabling Credential Protection to prevent storing credentials in Upstash infrastructure",
    relatedControls: ["UPS-6"],
  },
  {
    id: "UPS-M5",
    duty: "Never transfer a HIPAA database to a non-HIPAA organization (or team)",
    whyManual:
      "transfers are console actions outside Terraform; only a process and access review prevent them",
    scope: "organization",
    hipaaOnly: true,
    source: "Not transferring databases to a non-HIPAA organization",
    relatedControls: [],
  },
  {
    id: "UPS-M6",
    duty: "Keep PHI only in values of data structures: never in keys, key prefixes or channel names, and never log keys",
    whyManual: "application behaviour; the kit only keeps PHI out of database and secret names (UPS-7)",
    scope: "application",
    hipaaOnly: true,
    source:
      "Ensuring that PHI is stored only in values of data structures, not in identifiers or keys. Avoid logging keys anywhere",
    relatedControls: ["UPS-7"],
  },
];
