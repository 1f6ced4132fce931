/**
 * The new rules never throw on shapes Terraform or a hand edit could produce (numbers, nulls, nested lists,
 * objects where strings belong): every judged resource gets a verdict, and the odd stack fails.
 */
import { checkStack } from "../../../policy/check";
import { CONTROLS } from "../../../policy/controls";
import { TODAY } from "./team-support";

const ODD_VALUES: unknown[] = [
  null,
  0,
  7,
  true,
  "",
  "${var.x}",
  [],
  [null],
  [[{}]],
  {},
  { a: { b: [1] } },
  "0.0.0.0/0",
];

/** The resource-rule controls of the type catalogue work. */
const NEW_RESOURCE_CONTROLS = CONTROLS.filter(
  (c) =>
    c.rule.kind === "resource" &&
    /^(IAM-[4-7]|NET-1[4-6]|VM-\d|GKE-\d|RUN-\d|BQ-\d|MEM-1|PUB-1|LOG-4|PRJ-1)$/.test(c.id),
);

/** Every resource type they judge (IAM families sampled by the service-account one). */
const JUDGED_TYPES = [
  ...new Set(
    NEW_RESOURCE_CONTROLS.flatMap((c) =>
      c.rule.kind === "resource"
        ? c.rule.types.filter((t) => !/_iam_/.test(t) || t.startsWith("google_service_account"))
        : [],
    ),
  ),
];

const ATTRIBUTES = [
  "member",
  "members",
  "role",
  "policy_data",
  "match",
  "rule",
  "action",
  "direction",
  "disabled",
  "dest_range",
  "next_hop_gateway",
  "network",
  "visibility",
  "dnssec_config",
  "network_interface",
  "service_account",
  "shielded_instance_config",
  "metadata",
  "key",
  "value",
  "can_ip_forward",
  "private_cluster_config",
  "node_config",
  "node_pool",
  "master_auth",
  "database_encryption",
  "ingress",
  "invoker_iam_disabled",
  "service_config",
  "access",
  "iam_member",
  "special_group",
  "auth_enabled",
  "filter",
  "auto_create_network",
  "deletion_policy",
  "provisioner",
  "kms_key_name",
  "dataset_id",
  "encryption_configuration",
];

describe("odd JSON shapes on every type the new controls judge", () => {
  it.each(ODD_VALUES.map((v) => [JSON.stringify(v), v]))(
    "every attribute set to %s: no throw, a verdict from every new control",
    (_label, odd) => {
      const resource: Record<string, Record<string, unknown>> = {};
      for (const type of JUDGED_TYPES) {
        resource[type] = { odd: Object.fromEntries(ATTRIBUTES.map((a) => [a, odd])) };
      }
      const report = checkStack(
        { resource, data: { google_iam_policy: { odd: { binding: odd } } } },
        { file: "odd", today: TODAY },
      );
      expect(NEW_RESOURCE_CONTROLS.length).toBeGreaterThan(20);
      for (const control of NEW_RESOURCE_CONTROLS) {
        const result = report.results.find((r) => r.control.id === control.id)!;
        expect([control.id, result.status]).not.toEqual([control.id, "not-applicable"]);
      }
      expect(report.findings.length).toBeGreaterThan(0);
    },
  );
});
