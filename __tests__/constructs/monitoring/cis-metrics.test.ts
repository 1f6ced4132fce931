import { CIS_LOG_METRICS } from "../../../core/rules/cis-metrics";

/** Copied by hand from the CIS Google Cloud Platform Foundation Benchmark (sections 2.4-2.11); scanners match these strings exactly. */
const EXPECTED: [string, string, string][] = [
  [
    "MON-1",
    "2.4",
    '(protoPayload.serviceName="cloudresourcemanager.googleapis.com") AND (ProjectOwnership OR projectOwnerInvitee) OR (protoPayload.serviceData.policyDelta.bindingDeltas.action="REMOVE" AND protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner") OR (protoPayload.serviceData.policyDelta.bindingDeltas.action="ADD" AND protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner")',
  ],
  [
    "MON-2",
    "2.5",
    'protoPayload.methodName="SetIamPolicy" AND protoPayload.serviceData.policyDelta.auditConfigDeltas:*',
  ],
  [
    "MON-3",
    "2.6",
    'resource.type="iam_role" AND (protoPayload.methodName="google.iam.admin.v1.CreateRole" OR protoPayload.methodName="google.iam.admin.v1.DeleteRole" OR protoPayload.methodName="google.iam.admin.v1.UpdateRole")',
  ],
  [
    "MON-4",
    "2.7",
    'resource.type="gce_firewall_rule" AND (protoPayload.methodName:"compute.firewalls.patch" OR protoPayload.methodName:"compute.firewalls.insert" OR protoPayload.methodName:"compute.firewalls.delete")',
  ],
  [
    "MON-5",
    "2.8",
    'resource.type="gce_route" AND (protoPayload.methodName:"compute.routes.delete" OR protoPayload.methodName:"compute.routes.insert")',
  ],
  [
    "MON-6",
    "2.9",
    'resource.type="gce_network" AND (protoPayload.methodName:"compute.networks.insert" OR protoPayload.methodName:"compute.networks.patch" OR protoPayload.methodName:"compute.networks.delete" OR protoPayload.methodName:"compute.networks.removePeering" OR protoPayload.methodName:"compute.networks.addPeering")',
  ],
  ["MON-7", "2.10", 'resource.type="gcs_bucket" AND protoPayload.methodName="storage.setIamPermissions"'],
  ["MON-8", "2.11", 'protoPayload.methodName="cloudsql.instances.update"'],
];

describe("CIS log metric filters", () => {
  test("MON-1..8: exactly the eight CIS 2.4-2.11 metrics, with stable unique names", () => {
    expect(CIS_LOG_METRICS.map((m) => m.controlId)).toEqual(EXPECTED.map(([id]) => id));
    expect(CIS_LOG_METRICS.map((m) => m.cis)).toEqual(EXPECTED.map(([, cis]) => cis));
    expect(new Set(CIS_LOG_METRICS.map((m) => m.name)).size).toBe(8);
    for (const metric of CIS_LOG_METRICS) expect(metric.name).toMatch(/^cis-[a-z0-9-]+$/);
  });

  test.each(EXPECTED)("%s: CIS %s filter is verbatim", (controlId, _cis, filter) => {
    expect(CIS_LOG_METRICS.find((m) => m.controlId === controlId)?.filter).toBe(filter);
  });
});
