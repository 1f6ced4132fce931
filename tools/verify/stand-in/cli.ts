/**
 * Starts the local stand-in for rehearsals: `node --import tsx tools/verify/stand-in/cli.ts <env> [--port N]
 * [--synth-dir DIR] [--drift NAME]...`. It serves the environment as a faithful `cdktf deploy` would have left
 * it (read from the synthesized output), with the named drifts applied, plus a recent daily backup per
 * Upstash database, until interrupted. Point verify or the drills at it with
 * `--endpoint google=<url> --endpoint upstash=<url>` and any non-empty credentials.
 */
import { readSynthesizedStacks } from "../expected";
import { DRIFTS } from "./drifts";
import { compliantWorld, dailyBackup, StandInServer } from "./server";

async function main(argv: readonly string[]): Promise<number> {
  const drifts: string[] = [];
  let port = 8787;
  let synthDir = "cdktf.out";
  let environment: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--port") port = Number(argv[++i]);
    else if (arg === "--synth-dir") synthDir = argv[++i] ?? "";
    else if (arg === "--drift") drifts.push(argv[++i] ?? "");
    else if (!arg.startsWith("--") && !environment) environment = arg;
    else {
      console.error(`stand-in: unknown argument ${arg}`);
      return 2;
    }
  }
  const unknown = drifts.filter((d) => !(d in DRIFTS));
  if (!environment || !Number.isInteger(port) || port < 0 || port > 65535 || unknown.length) {
    console.error(
      `usage: stand-in/cli.ts <env> [--port N (default 8787)] [--synth-dir DIR] [--drift NAME]...\n  drifts: ${Object.keys(DRIFTS).join(", ")}` +
        (unknown.length ? `\n  unknown drift: ${unknown.join(", ")}` : ""),
    );
    return 2;
  }
  let stacks;
  try {
    stacks = Object.fromEntries(readSynthesizedStacks(synthDir, environment));
  } catch (err) {
    console.error(`stand-in: ${(err as Error).message}`);
    return 2;
  }
  const server = new StandInServer(compliantWorld(stacks));
  for (const db of server.world.upstash)
    server.world.backups[String(db.database_id)] = [dailyBackup(String(db.database_id), 6)];
  // A sample customer's objects in each data bucket, for terminate-customer rehearsals.
  server.world.objects = Object.fromEntries(
    Object.keys(server.world.buckets)
      .filter((name) => name.endsWith("-data"))
      .map((name) => [
        name,
        [
          { name: "customers/c-4821/contract.pdf", metadata: { customer: "c-4821" } },
          { name: "customers/c-4821/notes.txt", metadata: { customer: "c-4821" } },
          { name: "customers/c-9/contract.pdf", metadata: { customer: "c-9" } },
        ],
      ]),
  );
  for (const d of drifts) DRIFTS[d].apply(server.world);
  const url = await server.start(port);
  console.log(
    `stand-in for ${environment} listening on ${url}${drifts.length ? ` with drift: ${drifts.join(", ")}` : ""} (Ctrl-C stops it)`,
  );
  await new Promise<void>((resolve) => process.once("SIGINT", resolve).once("SIGTERM", resolve));
  await server.stop();
  return 0;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
