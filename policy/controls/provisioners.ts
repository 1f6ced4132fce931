/**
 * POL-2: provisioners run commands on the deploy machine with the deployer's credentials, outside every
 * control (a `local-exec` can call `gcloud` to grant allUsers). Only the kit's own committed step, the
 * Upstash daily-backup script, may run.
 */
import type { ControlDefinition, Resource, StackVerdict } from "../model";
import { blocks, show } from "../terraform-json";
import { HIPAA, PASS, fail, stackRule, verdict } from "./helpers";
import { plainReference } from "./literals";

type Json = Record<string, unknown>;

/** The kit's daily-backup script as cdktf copies it into the stack's assets. */
const DAILY_BACKUP_ASSET = /^assets\/([A-Za-z0-9_-]+\/)*upstash-daily-backup\.mjs$/;
const DATABASE_ID_REF = /^upstash_redis_database\.[^.]+\.database_id$/;

/** Why one provisioner is not the kit's daily-backup step, or undefined when it is. */
function notKitStep(provisioner: Json): string | undefined {
  const entries = Object.entries(provisioner);
  if (entries.length !== 1) return "a provisioner block must hold exactly one provisioner";
  const [type, raw] = entries[0];
  if (type !== "local-exec") return `${type} provisioner`;
  const body = blocks(raw)[0] ?? {};
  const extra = Object.keys(body).filter(
    (k) => !["command", "interpreter", "when", "on_failure"].includes(k),
  );
  if (extra.length) return `local-exec sets ${extra.join(", ")}`;
  const interpreter = Array.isArray(body.interpreter) ? body.interpreter : [];
  if (
    interpreter.length !== 3 ||
    interpreter[0] !== "node" ||
    typeof interpreter[1] !== "string" ||
    !DAILY_BACKUP_ASSET.test(interpreter[1]) ||
    interpreter[2] !== "enable"
  )
    return `local-exec runs ${show(interpreter.length ? interpreter : body.command)}`;
  const command = plainReference(body.command);
  if (command === undefined || !DATABASE_ID_REF.test(command))
    return `the daily-backup step's argument is ${show(body.command)}, not an upstash_redis_database's database_id`;
  if (body.when !== undefined && body.when !== "create")
    return `the daily-backup step runs when = ${show(body.when)}`;
  if (body.on_failure !== undefined && body.on_failure !== "fail")
    return `the daily-backup step has on_failure = ${show(body.on_failure)} (a failed backup setup would pass)`;
  return undefined;
}

function judge(resource: Resource): StackVerdict {
  for (const provisioner of blocks(resource.attrs.provisioner)) {
    const why = notKitStep(provisioner);
    if (why)
      return verdict(fail(`${why}: only the kit's Upstash daily-backup step may run at deploy`), resource);
  }
  return verdict(PASS, resource);
}

export const provisionerControls: ControlDefinition[] = [
  {
    id: "POL-2",
    title: "No provisioners except the kit's own deploy steps",
    severity: "error",
    why: "A provisioner runs a command on the deploy machine with the deployer's credentials: it can change anything in the project (grant allUsers, open a firewall, copy state) where no control sees it.",
    fix: "Remove the provisioner; express the change as Terraform resources the controls judge. The kit's Upstash daily-backup step (UpstashDailyBackup) is the only command that runs at deploy.",
    mappings: {
      other: ["Terraform: provisioners are a last resort"],
      hipaa: [HIPAA.accessControl, HIPAA.integrity],
    },
    rule: stackRule((ctx) => ctx.resources.filter((r) => blocks(r.attrs.provisioner).length > 0).map(judge)),
  },
];
