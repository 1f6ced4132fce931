/**
 * Cloud Run (v1 and v2) and Cloud Functions (v1 and v2): reachable only from inside the VPC (or through
 * a Cloud Load Balancer), and every call checked by IAM. Public invokers are refused by IAM-4.
 */
import { cannotVerify, classify } from "../expressions";
import type { ControlDefinition, Outcome, Resource } from "../model";
import { attr, block, isTrue, show } from "../terraform-json";
import { HIPAA, PASS, fail, resourceRule, seed } from "./helpers";

const RUN_V1 = "google_cloud_run_service";
const RUN_V2 = "google_cloud_run_v2_service";
const FUNCTION_V1 = "google_cloudfunctions_function";
const FUNCTION_V2 = "google_cloudfunctions2_function";

/** Accepted ingress values per type: internal only, or internal plus Cloud Load Balancing. */
const INTERNAL_INGRESS: Readonly<Record<string, readonly string[]>> = {
  [RUN_V1]: ["internal", "internal-and-cloud-load-balancing"],
  [RUN_V2]: ["INGRESS_TRAFFIC_INTERNAL_ONLY", "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"],
  [FUNCTION_V1]: ["ALLOW_INTERNAL_ONLY", "ALLOW_INTERNAL_AND_GCLB"],
  [FUNCTION_V2]: ["ALLOW_INTERNAL_ONLY", "ALLOW_INTERNAL_AND_GCLB"],
};

/** Where each type keeps its ingress setting, as the user writes it. */
function ingressOf(resource: Resource): { where: string; value: unknown } {
  switch (resource.type) {
    case RUN_V1:
      return {
        where: 'metadata.annotations["run.googleapis.com/ingress"]',
        value: block(attr(resource.attrs, "metadata.annotations"))?.["run.googleapis.com/ingress"],
      };
    case RUN_V2:
      return { where: "ingress", value: resource.attrs.ingress };
    case FUNCTION_V1:
      return { where: "ingress_settings", value: resource.attrs.ingress_settings };
    default:
      return {
        where: "service_config.ingress_settings",
        value: attr(resource.attrs, "service_config.ingress_settings"),
      };
  }
}

function internalIngress(resource: Resource): Outcome {
  const { where, value } = ingressOf(resource);
  if (value === undefined || value === null)
    return fail(`${where} is unset (the default admits traffic from the internet)`);
  const c = classify(value);
  if (c.kind !== "literal") return cannotVerify(where, value);
  return INTERNAL_INGRESS[resource.type].includes(String(c.value))
    ? PASS
    : fail(`${where} is ${show(c.value)} (allowed: ${INTERNAL_INGRESS[resource.type].join(", ")})`);
}

export const serverlessControls: ControlDefinition[] = [
  {
    id: "RUN-1",
    title: "Cloud Run and Cloud Functions accept internal traffic only",
    severity: "error",
    why: "The default ingress accepts requests from the whole internet to the service's run.app / cloudfunctions.net URL; internal ingress keeps it reachable from the VPC (and, where chosen, only through a Cloud Load Balancer with its TLS policy and Cloud Armor).",
    fix: 'Cloud Run v2: ingress = "INGRESS_TRAFFIC_INTERNAL_ONLY" (or _INTERNAL_LOAD_BALANCER); v1: annotation run.googleapis.com/ingress = "internal"; Cloud Functions: ingress_settings (v2: service_config.ingress_settings) = "ALLOW_INTERNAL_ONLY" (or ALLOW_INTERNAL_AND_GCLB).',
    mappings: {
      other: ["Cloud Run and Cloud Functions ingress settings (network ingress restrictions)"],
      hipaa: [HIPAA.accessControl, HIPAA.transmission],
      seed: [seed("002", 25)],
    },
    rule: resourceRule(Object.keys(INTERNAL_INGRESS), internalIngress),
  },
  {
    id: "RUN-2",
    title: "Every Cloud Run call is checked by IAM",
    severity: "error",
    why: "invoker_iam_disabled = true turns off the IAM check on a Cloud Run service: anyone who can reach it may call it, whatever IAM says.",
    fix: "Remove invoker_iam_disabled (or set it false) and grant roles/run.invoker to the callers' service accounts.",
    mappings: { checkov: ["CKV_GCP_102"], hipaa: [HIPAA.accessControl, HIPAA.authentication] },
    rule: resourceRule([RUN_V2], (service) => {
      const value = service.attrs.invoker_iam_disabled;
      if (value === undefined || value === null) return PASS;
      const c = classify(value);
      if (c.kind !== "literal") return cannotVerify("invoker_iam_disabled", value);
      return isTrue(c.value) ? fail("invoker_iam_disabled is true (no IAM check on invocation)") : PASS;
    }),
  },
];
