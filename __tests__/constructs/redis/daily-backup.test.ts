import { existsSync } from "node:fs";
import { ProdRedis } from "../../../constructs/redis/prod-redis";
import { DAILY_BACKUP_SCRIPT } from "../../../constructs/redis/daily-backup";
import { onlyResource, resourcesOf, synth, type SynthesizedStack } from "../../support/synth";
import { redisProps, redisTestStack } from "./support";

describe("UpstashDailyBackup wiring", () => {
  let json: SynthesizedStack;
  let backup: Record<string, unknown>;
  let dbRef: string;

  beforeAll(() => {
    const { stack, secrets } = redisTestStack();
    new ProdRedis(stack, "redis", redisProps(secrets));
    json = synth(stack);
    backup = onlyResource(json, "terraform_data");
    dbRef = `upstash_redis_database.${Object.keys(resourcesOf(json, "upstash_redis_database"))[0]}`;
  });

  test("UPS-3: replaced (and so re-run) whenever the database id changes", () => {
    expect(backup.triggers_replace).toEqual({ database_id: `\${${dbRef}.database_id}` });
  });

  test("UPS-3: runs the committed script with node, no shell, `enable <database id>`", () => {
    const [provisioner] = backup.provisioner as { "local-exec": Record<string, unknown> }[];
    const exec = provisioner["local-exec"];
    expect(exec.command).toBe(`\${${dbRef}.database_id}`);
    const [interpreter, script, verb] = exec.interpreter as string[];
    expect(interpreter).toBe("node");
    expect(script).toMatch(/^assets\/[^/]+\/[0-9A-F]+\/upstash-daily-backup\.mjs$/);
    expect(verb).toBe("enable");
    expect(existsSync(DAILY_BACKUP_SCRIPT)).toBe(true);
  });

  test("UPS-6: no credentials in the provisioner (the script reads them from the environment)", () => {
    const text = JSON.stringify(backup);
    expect(text).not.toMatch(/UPSTASH_EMAIL|UPSTASH_API_KEY|api_key|apiKey|email|password|Authorization/i);
    expect(
      (backup.provisioner as { "local-exec": Record<string, unknown> }[])[0]["local-exec"].environment,
    ).toBeUndefined();
  });
});
