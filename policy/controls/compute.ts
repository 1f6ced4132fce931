/**
 * Compute Engine instances and instance templates (CIS 4.x): private, a dedicated service account,
 * Shielded VM, no serial port, OS Login with project-wide SSH keys blocked.
 */
import { cannotVerify, classify } from "../expressions";
import type { ControlDefinition, Outcome, Resource } from "../model";
import { block, blocks, isFalse, isTrue, show } from "../terraform-json";
import { HIPAA, PASS, fail, firstFailure, resourceRule, seed } from "./helpers";
import { plainReference } from "./literals";

export const INSTANCE_TYPES = [
  "google_compute_instance",
  "google_compute_instance_template",
  "google_compute_region_instance_template",
];
const PROJECT_METADATA = ["google_compute_project_metadata", "google_compute_project_metadata_item"];

/** The default compute service account: `<number>-compute@developer.gserviceaccount.com`. */
const DEFAULT_COMPUTE_SA = /-compute@developer\.gserviceaccount\.com$/;
const CLOUD_PLATFORM_SCOPE = /(^|\/)cloud-platform$/;
/** References whose email is the environment's own service account. */
const OWN_SERVICE_ACCOUNT_EMAIL = /^google_service_account\.[^.]+\.email$/;

/** Instance metadata as a key → value map (`metadata` map of an instance or project). */
function metadataOf(resource: Resource): Record<string, unknown> {
  if (resource.type === "google_compute_project_metadata_item") {
    return typeof resource.attrs.key === "string" ? { [resource.attrs.key]: resource.attrs.value } : {};
  }
  return block(resource.attrs.metadata) ?? {};
}

/** `TRUE`, `true`, `1`, `y`, `yes` are what GCE reads as on. */
function metadataOn(value: unknown): boolean {
  return typeof value === "boolean" ? value : /^(true|1|y|yes)$/i.test(String(value).trim());
}

function metadataOff(value: unknown): boolean {
  return typeof value === "boolean" ? !value : /^(false|0|n|no)$/i.test(String(value).trim());
}

function serviceAccountProblem(instance: Resource): Outcome {
  const sa = block(instance.attrs.service_account);
  if (!sa) return PASS; // no service account attached: the instance has no Google credentials
  const email = sa.email;
  const scopes = Array.isArray(sa.scopes) ? sa.scopes.map(String) : [];
  if (email === undefined || email === null || email === "" || email === "default")
    return fail(
      `service_account.email is ${show(email)}: the default compute service account${scopes.some((s) => CLOUD_PLATFORM_SCOPE.test(s)) ? " with the cloud-platform scope" : ""}`,
    );
  const c = classify(email);
  if (c.kind === "literal")
    return DEFAULT_COMPUTE_SA.test(String(c.value))
      ? fail(`service_account.email ${String(c.value)} is the default compute service account`)
      : PASS;
  const ref = plainReference(email);
  if (ref !== undefined && OWN_SERVICE_ACCOUNT_EMAIL.test(ref)) return PASS;
  if (
    c.kind === "references" &&
    c.refs.some((r) => r.startsWith("data.google_compute_default_service_account."))
  )
    return fail(
      "service_account.email is the default compute service account (data.google_compute_default_service_account)",
    );
  return cannotVerify("service_account.email", email);
}

function shieldedProblem(instance: Resource): Outcome {
  const config = block(instance.attrs.shielded_instance_config);
  const off = ["enable_secure_boot", "enable_vtpm", "enable_integrity_monitoring"].filter(
    (k) => !isTrue(config?.[k]),
  );
  return off.length
    ? fail(`shielded_instance_config ${off.map((k) => `${k} is ${show(config?.[k])}`).join(", ")}`)
    : PASS;
}

function metadataSwitch(
  value: unknown,
  what: string,
  wanted: "on" | "off",
  requireSet: boolean,
): string | false {
  if (value === undefined) return requireSet && `metadata.${what} is unset`;
  const c = classify(value);
  if (c.kind !== "literal") return cannotVerify(`metadata.${what}`, value).slice("fail: ".length);
  const ok = wanted === "on" ? metadataOn(c.value) : metadataOff(c.value);
  return !ok && `metadata.${what} is ${show(c.value)}`;
}

export const computeControls: ControlDefinition[] = [
  {
    id: "VM-1",
    title: "Instances without external IPs or IP forwarding",
    severity: "error",
    why: "An external IP puts the instance on the internet, outside Cloud NAT's logged, allowlisted addresses; IP forwarding lets it route traffic for others and bypass firewall intent.",
    fix: "Remove network_interface.access_config and ipv6_access_config (egress goes through Cloud NAT; admins through IAP) and leave can_ip_forward false.",
    mappings: {
      cis: ["4.6", "4.9"],
      checkov: ["CKV_GCP_36", "CKV_GCP_40"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 25)],
    },
    rule: resourceRule(INSTANCE_TYPES, (vm) => {
      const interfaces = blocks(vm.attrs.network_interface);
      return firstFailure(
        interfaces.some((n) => blocks(n.access_config).length > 0) &&
          "network_interface.access_config gives the instance an external IPv4 address",
        interfaces.some((n) => blocks(n.ipv6_access_config).length > 0) &&
          "network_interface.ipv6_access_config gives the instance an external IPv6 address",
        vm.attrs.can_ip_forward !== undefined &&
          !isFalse(vm.attrs.can_ip_forward) &&
          `can_ip_forward is ${show(vm.attrs.can_ip_forward)}`,
      );
    }),
  },
  {
    id: "VM-2",
    title: "Instances run as a dedicated service account",
    severity: "error",
    why: "The default compute service account is shared by every instance and, in many projects, still holds Editor; with the cloud-platform scope any process on the VM gets those rights.",
    fix: "Set service_account { email = ${google_service_account.x.email} } from a WorkloadIdentity with only the roles the workload needs, or omit service_account.",
    mappings: {
      cis: ["4.1", "4.2"],
      checkov: ["CKV_GCP_30", "CKV_GCP_31"],
      hipaa: [HIPAA.accessControl],
      seed: [seed("002", 6)],
    },
    rule: resourceRule(INSTANCE_TYPES, serviceAccountProblem),
  },
  {
    id: "VM-3",
    title: "Shielded VM",
    severity: "error",
    why: "Secure Boot refuses unsigned boot components, the vTPM measures boot, and integrity monitoring alerts when the measured boot changes: together they detect rootkits and bootkits.",
    fix: "Set shielded_instance_config { enable_secure_boot = true, enable_vtpm = true, enable_integrity_monitoring = true } (needs a Shielded VM image).",
    mappings: { cis: ["4.8"], checkov: ["CKV_GCP_39"], hipaa: [HIPAA.integrity] },
    rule: resourceRule(INSTANCE_TYPES, shieldedProblem),
  },
  {
    id: "VM-4",
    title: "Serial port access off",
    severity: "error",
    why: "The interactive serial console accepts connections from any IP address and bypasses the firewall.",
    fix: 'Remove metadata "serial-port-enable" or set it to "FALSE" on instances, templates and project metadata.',
    mappings: { cis: ["4.5"], checkov: ["CKV_GCP_35"], hipaa: [HIPAA.accessControl] },
    rule: resourceRule([...INSTANCE_TYPES, ...PROJECT_METADATA], (r) =>
      firstFailure(metadataSwitch(metadataOf(r)["serial-port-enable"], "serial-port-enable", "off", false)),
    ),
  },
  {
    id: "VM-5",
    title: "OS Login on, project-wide SSH keys blocked",
    severity: "error",
    why: "OS Login ties SSH access to IAM identities (with 2-step verification and audit logs); project-wide SSH keys in metadata give every instance's shell to whoever holds them.",
    fix: 'Set metadata { enable-oslogin = "TRUE", block-project-ssh-keys = "TRUE" } on every instance and template; never "enable-oslogin" = "FALSE" nor ssh-keys in project metadata.',
    mappings: {
      cis: ["4.3", "4.4"],
      checkov: ["CKV_GCP_32", "CKV_GCP_34"],
      hipaa: [HIPAA.authentication, HIPAA.audit],
    },
    rule: resourceRule([...INSTANCE_TYPES, ...PROJECT_METADATA], (r) => {
      const metadata = metadataOf(r);
      const instance = INSTANCE_TYPES.includes(r.type);
      // Project-wide keys (CIS 4.3): every instance that does not block them accepts them.
      const projectKeys = !instance && ["ssh-keys", "sshKeys"].find((key) => metadata[key] !== undefined);
      return firstFailure(
        metadataSwitch(metadata["enable-oslogin"], "enable-oslogin", "on", instance),
        instance && metadataSwitch(metadata["block-project-ssh-keys"], "block-project-ssh-keys", "on", true),
        projectKeys && `project metadata sets ${projectKeys}: project-wide SSH keys reach every instance`,
      );
    }),
  },
];
