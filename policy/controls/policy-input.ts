import type { ControlDefinition, StackVerdict } from "../model";
import { cannotVerify, classify } from "../expressions";
import { recordedPolicy, stackNameOf } from "../stack";
import { blocks, mergedEntries, objectsOf, show } from "../terraform-json";
import { recordedSettingsProblems } from "../trust";
import { HIPAA, PASS, fail, stackRule, verdict } from "./helpers";
import { redisAclStep } from "./upstash";

const GOOGLE_PROVIDERS = ["google", "google-beta"];

/**
 * The providers the kit is built and reviewed with, by registry source (`registry.terraform.io/` and the
 * `hashicorp/` namespace are Terraform's defaults, so `google` means `registry.terraform.io/hashicorp/google`).
 */
export const REVIEWED_PROVIDER_SOURCES = [
  "hashicorp/google",
  "hashicorp/google-beta",
  "hashicorp/time",
  "upstash/upstash",
];

/** A provider source address in its canonical `namespace/type` form, or undefined when it is not a registry one. */
export function canonicalProviderSource(source: string): string | undefined {
  const parts = source.trim().toLowerCase().split("/");
  if (parts.length === 1) return `hashicorp/${parts[0]}`;
  if (parts.length === 2) return parts.join("/");
  if (parts.length === 3 && parts[0] === "registry.terraform.io") return `${parts[1]}/${parts[2]}`;
  return undefined;
}

export const policyInputControls: ControlDefinition[] = [
  {
    id: "POL-2",
    title: "Policy metadata matches the configuration",
    severity: "error",
    why: "Environment, role and production flag decide which controls apply. The check takes them from the validated configuration and the stack name; metadata in the JSON that disagrees was rewritten by code (an Aspect or override) and is a sign of tampering.",
    fix: "Remove the code that rewrites the stack's root `//` comment (policy, metadata.stackName); the configuration (config/environments/<env>.yaml) decides environment, role and production.",
    mappings: { hipaa: [HIPAA.integrity, HIPAA.accessControl] },
    rule: stackRule((ctx) => {
      const problems = recordedSettingsProblems(
        recordedPolicy(ctx.json as Record<string, unknown>),
        ctx.settings,
        undefined,
      ).filter((p) => !p.startsWith("//.policy.pack"));
      const recordedName = stackNameOf(ctx.json as Record<string, unknown>, ctx.stackName);
      if (recordedName !== ctx.stackName)
        problems.push(`//.metadata.stackName says ${show(recordedName)} but the stack is "${ctx.stackName}"`);
      return problems.length ? problems.map((p) => verdict(fail(p))) : [verdict(PASS)];
    }),
  },
  {
    id: "POL-3",
    title: "Google resources go to the environment's project",
    severity: "error",
    why: "A provider block or a resource `project` aimed at another project creates resources outside the environment: outside its audit logs, alerts, org policies and this check's view of the project.",
    fix: "Use the environment's project (config projectId): keep the stack's GoogleProvider as the kit creates it and leave `project` unset on resources (or set it to the environment's project).",
    mappings: { hipaa: [HIPAA.accessControl, HIPAA.audit] },
    rule: stackRule((ctx) => {
      const verdicts: StackVerdict[] = [];
      const judge = (where: string, value: unknown, required: boolean) => {
        if (value === undefined || value === null) {
          return required
            ? fail(`${where} is unset (the project would come from the deployer's environment)`)
            : undefined;
        }
        const found = classify(value);
        if (found.kind === "expression") return cannotVerify(`${where}`, value);
        if (found.kind === "references") return undefined;
        if (ctx.projectId !== undefined && value !== ctx.projectId)
          return fail(`${where} is ${show(value)}, not the environment's project "${ctx.projectId}"`);
        return undefined;
      };
      for (const provider of ctx.providers.filter((p) => GOOGLE_PROVIDERS.includes(p.type))) {
        const problem = judge(
          `provider "${provider.type}"${provider.alias ? ` (alias ${provider.alias})` : ""} project`,
          provider.attrs.project,
          true,
        );
        verdicts.push(
          verdict(problem ?? PASS, undefined, problem ? undefined : [`provider.${provider.type}`]),
        );
      }
      for (const r of ctx.resources.filter((x) => x.type.startsWith("google_") && "project" in x.attrs)) {
        const problem = judge("project", r.attrs.project, false);
        if (problem) verdicts.push(verdict(problem, r));
      }
      return verdicts;
    }),
  },

  {
    id: "POL-5",
    title: "Providers from their reviewed sources, pinned, acting in the environment",
    severity: "error",
    why: "Terraform runs provider binaries with the deployer's credentials: a provider from another namespace or an unpinned version runs code nobody reviewed, and a provider that impersonates a service account of another project acts with that project's rights.",
    fix: "Keep the providers the kit declares (hashicorp/google, hashicorp/google-beta, hashicorp/time, upstash/upstash) at exact versions; leave impersonate_service_account unset or name a service account of the environment's project.",
    mappings: {
      hipaa: [HIPAA.integrity, HIPAA.accessControl],
      other: ["Terraform provider source addresses"],
    },
    rule: stackRule((ctx) => {
      const verdicts: StackVerdict[] = [];
      for (const terraform of blocks(ctx.json.terraform)) {
        for (const providers of blocks(terraform.required_providers)) {
          for (const [name, requirement] of Object.entries(providers)) {
            if (name === "//") continue;
            const spec =
              typeof requirement === "string"
                ? { version: requirement }
                : (requirement as Record<string, unknown>);
            const source = typeof spec?.source === "string" ? spec.source : name;
            const canonical = canonicalProviderSource(source);
            const version = spec?.version;
            const problem =
              canonical === undefined || !REVIEWED_PROVIDER_SOURCES.includes(canonical)
                ? `required_providers.${name} comes from ${show(source)}, not one of ${REVIEWED_PROVIDER_SOURCES.join(", ")}`
                : typeof version !== "string" || !/^=?\s*\d+\.\d+\.\d+$/.test(version.trim())
                  ? `required_providers.${name} version ${show(version)} is not one exact version`
                  : undefined;
            verdicts.push(
              verdict(
                problem ? fail(problem) : PASS,
                undefined,
                problem ? undefined : [`required_providers.${name}`],
              ),
            );
          }
        }
      }
      const ownAccount = ctx.projectId ? `@${ctx.projectId}.iam.gserviceaccount.com` : undefined;
      for (const provider of ctx.providers.filter((p) => GOOGLE_PROVIDERS.includes(p.type))) {
        for (const field of ["impersonate_service_account", "impersonate_service_account_delegates"]) {
          const value = provider.attrs[field];
          if (value === undefined || value === null) continue;
          const where = `provider "${provider.type}"${provider.alias ? ` (alias ${provider.alias})` : ""} ${field}`;
          const found = classify(value);
          if (found.kind !== "literal") {
            verdicts.push(verdict(cannotVerify(where, value)));
            continue;
          }
          const accounts = (Array.isArray(found.value) ? found.value : [found.value]).map(String);
          const foreign = accounts.filter((a) => ownAccount === undefined || !a.endsWith(ownAccount));
          if (foreign.length)
            verdicts.push(
              verdict(
                fail(
                  `${where} is ${show(foreign.join(", "))}, not a service account of the environment's project`,
                ),
              ),
            );
        }
      }
      return verdicts;
    }),
  },
  {
    id: "POL-4",
    title: "Only configuration the check can judge",
    severity: "error",
    why: "A module call, a provisioner or a dynamic block creates or changes things the synthesized JSON does not spell out: a module's resources, a command run on the deployer's machine (gcloud can make a bucket public), blocks generated at apply. The check cannot verify them, so it refuses them.",
    fix: "Use the kit's constructs or provider resources instead of modules, provisioners and dynamic blocks; for a reviewed need, add a justified exception for POL-4.",
    mappings: { hipaa: [HIPAA.accessControl, HIPAA.integrity] },
    rule: stackRule((ctx) => {
      const verdicts: StackVerdict[] = mergedEntries(ctx.json.module).map(([name, body]) =>
        verdict(
          fail(
            `module "${name}" (source ${show((objectsOf(body)[0] ?? {}).source)}) creates resources the check cannot see`,
          ),
        ),
      );
      for (const r of ctx.resources) {
        const dynamic = mergedEntries(r.attrs.dynamic).map(([name]) => name);
        if (dynamic.length)
          verdicts.push(
            verdict(
              fail(`dynamic block(s) ${dynamic.join(", ")} are generated at apply: cannot verify them`),
              r,
            ),
          );
        const foreign = blocks(r.attrs.provisioner).filter(
          (p) => !isDailyBackupStep(p) && !redisAclStep(r, p),
        );
        if (foreign.length)
          verdicts.push(
            verdict(
              fail(
                `provisioner ${foreign
                  .map((p) =>
                    Object.keys(p)
                      .filter((k) => k !== "//")
                      .join("/"),
                  )
                  .join(", ")} runs commands the check cannot verify`,
              ),
              r,
            ),
          );
      }
      return verdicts.length ? verdicts : [verdict(PASS)];
    }),
  },
];

/**
 * The kit's own provisioners: UpstashDailyBackup runs the committed script with node, `enable` and the
 * database id (constructs/redis/daily-backup.ts); RedisAclUser runs its script with a spec of references
 * (`redisAclStep`, judged further by UPS-10); nothing else in a provisioner is accepted.
 */
function isDailyBackupStep(provisioner: Record<string, unknown>): boolean {
  const keys = Object.keys(provisioner).filter((k) => k !== "//");
  if (keys.length !== 1 || keys[0] !== "local-exec") return false;
  const exec = blocks(provisioner["local-exec"])[0];
  if (!exec) return false;
  const interpreter = exec.interpreter;
  return (
    Array.isArray(interpreter) &&
    interpreter.length === 3 &&
    interpreter[0] === "node" &&
    typeof interpreter[1] === "string" &&
    /(^|\/)upstash-daily-backup\.mjs$/.test(interpreter[1]) &&
    interpreter[2] === "enable" &&
    typeof exec.command === "string" &&
    /^\$\{upstash_redis_database\.[A-Za-z0-9_-]+\.database_id\}$/.test(exec.command) &&
    Object.keys(exec).every((k) => ["interpreter", "command", "//"].includes(k))
  );
}
