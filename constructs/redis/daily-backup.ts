import { join } from "node:path";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { TerraformData } from "../terraform-data";

/** The committed, dependency-free script that calls Upstash's Developer API (node 20+). */
export const DAILY_BACKUP_SCRIPT = join(__dirname, "..", "..", "scripts", "upstash-daily-backup.mjs");

export interface UpstashDailyBackupProps {
  /** The database's `database_id` (a reference to the `upstash_redis_database`). */
  readonly databaseId: string;
}

/**
 * UPS-3: turns on Upstash's daily backups for a database as part of `cdktf deploy`. The provider has no
 * attribute for it, so a `terraform_data` replaced whenever the database id changes runs the committed
 * script (`enable`: PATCH /v2/redis/enable-dailybackup/{id}, then reads the flag back) once per database.
 *
 * The script runs with `node` as the interpreter, not a shell, and its only argument from Terraform is the
 * database id; the API credentials come from UPSTASH_EMAIL / UPSTASH_API_KEY in the deployer's environment,
 * the same variables the provider reads, so they never appear in configuration, state or plan output.
 */
export class UpstashDailyBackup extends Construct {
  readonly resource: TerraformData;

  constructor(scope: Construct, id: string, props: UpstashDailyBackupProps) {
    super(scope, id);
    // Copied into the stack's output directory so the path works where Terraform runs (cdktf.out/stacks/*).
    const script = new TerraformAsset(this, "script", { path: DAILY_BACKUP_SCRIPT, type: AssetType.FILE });
    this.resource = new TerraformData(this, "enable", {
      triggersReplace: { database_id: props.databaseId },
      provisioners: [
        {
          type: "local-exec",
          interpreter: ["node", script.path, "enable"],
          command: props.databaseId,
        },
      ],
    });
    this.node.defaultChild = this.resource;
  }
}
