/**
 * SOC 2 mapping: the AICPA Trust Services Criteria (2017, points of focus revised 2022) each control
 * helps meet. One table, applied to every control's mappings in the catalogue, so the docs and the
 * compliance report show it beside CIS, Checkov and HIPAA. A control is mapped only where it implements
 * part of the criterion; a SOC 2 report still needs the organization's policies and evidence (the manual duties).
 *
 * Criteria used: CC6.1 logical access and encryption of data at rest; CC6.2 registering and
 * authorizing users; CC6.3 least privilege; CC6.6
 * boundary protection; CC6.7 data in transmission; CC6.8 unauthorized or malicious software; CC7.1
 * configuration and vulnerability detection; CC7.2 monitoring for anomalies; CC7.4 incident response;
 * CC8.1 change management; A1.1 capacity; A1.2 backup and recovery; C1.1 confidential information
 * kept only as needed; C1.2 its disposal.
 */
const CC6_1 = "CC6.1";
const CC6_2 = "CC6.2";
const CC6_3 = "CC6.3";
const CC6_6 = "CC6.6";
const CC6_7 = "CC6.7";
const CC6_8 = "CC6.8";
const CC7_1 = "CC7.1";
const CC7_2 = "CC7.2";
const CC7_4 = "CC7.4";
const CC8_1 = "CC8.1";
const A1_1 = "A1.1";
const A1_2 = "A1.2";
const C1_1 = "C1.1";
const C1_2 = "C1.2";

export const SOC2_CRITERIA: Readonly<Record<string, readonly string[]>> = {
  "NET-1": [CC6_6],
  "NET-2": [CC6_6],
  "NET-3": [CC6_6],
  "NET-4": [CC6_6],
  "NET-5": [CC6_6],
  "NET-7": [CC7_2],
  "NET-8": [CC7_2],
  "NET-9": [CC6_6],
  "NET-10": [CC6_6, CC7_2],
  "NET-11": [CC7_2],
  "NET-12": [CC6_6],
  "NET-13": [CC6_7],
  "NET-14": [CC6_6],
  "NET-15": [CC6_6],
  "KMS-1": [CC6_1],
  "KMS-2": [CC6_1, A1_2],
  "KMS-3": [CC6_1, A1_2],
  "KMS-4": [CC6_1],
  "KMS-5": [CC6_1, CC6_3],
  "KMS-6": [CC6_1],
  "KMS-7": [CC7_2],
  "SEC-1": [CC6_1],
  "SEC-2": [A1_2],
  "SEC-3": [A1_2],
  "SEC-4": [CC6_1],
  "SEC-5": [CC6_1, CC6_3],
  "SEC-6": [CC6_1],
  "GCS-1": [CC6_1],
  "GCS-2": [CC6_1],
  "GCS-3": [CC6_1],
  "GCS-4": [A1_2],
  "GCS-5": [CC6_1],
  "GCS-6": [A1_2],
  "GCS-7": [C1_2],
  "GCS-8": [A1_2],
  "GCS-9": [CC7_2],
  "GCS-10": [CC7_2],
  "SQL-1": [CC6_6],
  "SQL-2": [CC6_6],
  "SQL-3": [CC6_7],
  "SQL-4": [A1_2],
  "SQL-5": [A1_2],
  "SQL-6": [A1_2],
  "SQL-7": [A1_2],
  "SQL-8": [CC6_1],
  "SQL-9": [CC6_1],
  "SQL-10": [CC7_2, C1_1],
  "SQL-11": [A1_2],
  "SQL-12": [C1_1],
  "SQL-13": [CC8_1],
  "SQL-14": [CC7_1],
  "LOG-1": [CC7_2],
  "LOG-2": [CC7_2],
  "LOG-3": [CC7_2],
  "LOG-4": [CC7_2],
  "MON-1": [CC7_1, CC7_2],
  "MON-2": [CC7_1, CC7_2],
  "MON-3": [CC7_1, CC7_2],
  "MON-4": [CC7_1, CC7_2],
  "MON-5": [CC7_1, CC7_2],
  "MON-6": [CC7_1, CC7_2],
  "MON-7": [CC7_1, CC7_2],
  "MON-8": [CC7_1, CC7_2],
  "MON-10": [CC7_2, CC7_4],
  "MON-11": [A1_1, CC7_2],
  "MON-12": [CC7_4],
  "MON-13": [CC6_1],
  "MON-14": [A1_1, CC7_2],
  "IAM-1": [CC6_3],
  "IAM-2": [CC6_3],
  "IAM-3": [CC6_1],
  "IAM-4": [CC6_1],
  "IAM-5": [CC6_3],
  "IAM-6": [CC6_1],
  "IAM-7": [CC6_3],
  "IAM-8": [CC6_3],
  "ORG-1": [CC7_1],
  "ORG-2": [CC7_1],
  "REG-1": [CC6_8, CC7_1],
  "REG-2": [CC7_1, CC7_2],
  "IDP-1": [CC6_1],
  "UPS-1": [CC6_1, A1_2],
  "UPS-2": [CC6_6],
  "UPS-3": [A1_2],
  "UPS-4": [CC6_7],
  "UPS-5": [A1_2],
  "UPS-6": [CC6_1],
  "UPS-7": [C1_1],
  "UPS-8": [A1_2],
  "UPS-9": [A1_1],
  "UPS-10": [CC6_1, CC6_3],
  "UPS-11": [CC6_2, CC6_3],
  "STATE-1": [CC6_1],
  "STATE-2": [CC6_1],
  "POL-1": [CC8_1],
  "POL-2": [CC8_1],
  "POL-3": [CC8_1],
  "POL-4": [CC8_1],
  "POL-5": [CC6_8, CC8_1],
  // Data classification: confidential information identified (C1.1) and protected by its class (CC6.1).
  "DATA-1": [C1_1],
  "DATA-2": [C1_1, CC6_1],
  "DATA-3": [CC6_1],
  "DATA-4": [CC6_1],
  "VM-1": [CC6_6],
  "VM-2": [CC6_3],
  "VM-3": [CC6_8],
  "VM-4": [CC6_6],
  "VM-5": [CC6_1],
  "GKE-1": [CC6_6],
  "GKE-2": [CC6_3],
  "GKE-3": [CC6_1],
  "GKE-4": [CC6_8],
  "GKE-5": [CC6_1],
  "GKE-6": [CC6_6],
  "RUN-1": [CC6_6],
  "RUN-2": [CC6_1],
  "BQ-1": [CC6_1],
  "BQ-2": [CC6_1],
  "MEM-1": [CC6_1, CC6_7],
  "PUB-1": [CC6_1],
  "PUB-2": [CC6_6],
  "PRJ-1": [CC6_6, A1_2],
};
