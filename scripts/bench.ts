/**
 * Benchmark: whole-process wall time and peak memory (max RSS) of the commands users and CI run.
 * Not a test: prints a table and ratios. Needs GNU time (`/usr/bin/time`, Debian package `time`).
 *
 *   npm run bench                 # everything, 3 runs each (median)
 *   npm run bench -- --quick      # 1 run each, no `npm test`
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const quick = process.argv.includes("--quick");
const RUNS = quick ? 1 : 3;

interface Measurement {
  readonly label: string;
  readonly seconds: number;
  readonly peakMb: number;
}

function measure(label: string, command: string[], env: Record<string, string> = {}): Measurement {
  const samples: { seconds: number; peakMb: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const outdir = mkdtempSync(join(tmpdir(), "bench-out-"));
    const result = spawnSync("/usr/bin/time", ["-f", "%e %M", ...command], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", ...env },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    rmSync(outdir, { recursive: true, force: true });
    const last = result.stderr.trim().split("\n").pop() ?? "";
    const [seconds, kb] = last.split(" ").map(Number);
    if (result.status !== 0 || !Number.isFinite(seconds)) {
      throw new Error(
        `${label}: "${command.join(" ")}" failed (exit ${result.status}):\n${result.stderr.slice(-2000)}`,
      );
    }
    samples.push({ seconds, peakMb: kb / 1024 });
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    label,
    seconds: median(samples.map((s) => s.seconds)),
    peakMb: median(samples.map((s) => s.peakMb)),
  };
}

/** The policy check's share of the synth process, from main.ts's own timing (BASELINE_TIMING=1). */
function policyCheckShare(command: string[]): { percent: number; checkMs: number; totalMs: number } {
  const outdir = mkdtempSync(join(tmpdir(), "bench-out-"));
  const started = performance.now();
  const result = spawnSync(command[0], command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir, BASELINE_TIMING: "1" },
    encoding: "utf8",
  });
  const totalMs = Math.round(performance.now() - started);
  rmSync(outdir, { recursive: true, force: true });
  const match = /policy check (\d+) ms/.exec(result.stderr);
  if (result.status !== 0 || !match)
    throw new Error(`timing run failed (exit ${result.status}):\n${result.stderr.slice(-2000)}`);
  const checkMs = Number(match[1]);
  return { percent: (checkMs / totalMs) * 100, checkMs, totalMs };
}

/** Writes `count` generated environments (copies of dev with distinct names and projects) to a temp dir. */
function generatedEnvironments(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), "bench-envs-"));
  const dev = readFileSync(join(ROOT, "config/environments/dev.yaml"), "utf8");
  for (let i = 0; i < count; i++) {
    // Letters only: digit runs in names are refused (they can encode identifiers; UPS-7).
    const name = `env${[2, 1, 0].map((p) => String.fromCharCode(97 + (Math.floor(i / 26 ** p) % 26))).join("")}`;
    writeFileSync(
      join(dir, `${name}.yaml`),
      dev
        .replace(/^name: .*$/m, `name: ${name}`)
        .replace(/^projectId: .*$/m, `projectId: acme-bench-${name}`),
    );
  }
  return dir;
}

function main(): void {
  if (!existsSync("/usr/bin/time")) {
    console.error("bench needs GNU time at /usr/bin/time (Debian: apt-get install time)");
    process.exit(2);
  }
  const app = ["node", "--import", "tsx", "main.ts"];
  const rows: Measurement[] = [];
  const floor = measure("floor: node -e require('cdktf')", ["node", "-e", "require('cdktf')"]);
  rows.push(floor);
  const synth = measure("app synth, default environments", app);
  rows.push(synth);
  // What users type: `npm run synth` runs the app directly; `npx cdktf synth` goes through the CLI.
  const npmSynth = measure("npm run synth", ["npm", "run", "--silent", "synth"]);
  rows.push(npmSynth);
  const cliSynth = measure("npx cdktf synth (through the cdktf CLI)", ["npx", "cdktf", "synth"]);
  rows.push(cliSynth);
  // The naive comparison on purpose: the whole provider through its barrel (the kit never does this).
  const barrel = ["@cdktf", "provider-google"].join("/");
  rows.push(
    measure("app synth + barrel import of the Google provider (naive)", [
      "node",
      "--import",
      "tsx",
      "-e",
      `require("${barrel}"); require("./main.ts")`,
    ]),
  );
  const share = policyCheckShare(app);
  const scaled: Measurement[] = [];
  for (const count of [10, 50, 100]) {
    const dir = generatedEnvironments(count);
    scaled.push(measure(`app synth, ${count} generated environments`, app, { BASELINE_CONFIG_DIR: dir }));
    rmSync(dir, { recursive: true, force: true });
  }
  rows.push(...scaled);
  // Median of three runs: the first fills the ESLint and Prettier caches, as a developer's first run does.
  const npmTest = quick ? undefined : measure("npm test", ["npm", "test", "--silent"]);
  if (npmTest) rows.push(npmTest);

  const width = Math.max(...rows.map((r) => r.label.length));
  console.log(`\n${"command".padEnd(width)} | wall (s) | peak RSS (MB)`);
  console.log(`${"-".repeat(width)} | -------- | -------------`);
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(width)} | ${r.seconds.toFixed(2).padStart(8)} | ${r.peakMb.toFixed(0).padStart(13)}`,
    );
  }
  const perEnv = (a: Measurement, b: Measurement, na: number, nb: number) =>
    (b.seconds - a.seconds) / (nb - na);
  console.log("\nratios:");
  console.log(
    `  app synth / floor: ${(synth.seconds / floor.seconds).toFixed(1)}x (target <= 3x, peak < 200 MB)`,
  );
  console.log(
    `  npm run synth / app synth: ${(npmSynth.seconds / synth.seconds).toFixed(2)}x (target <= 1.5x); cdktf CLI synth / app synth: ${(cliSynth.seconds / synth.seconds).toFixed(2)}x`,
  );
  console.log(
    `  policy check share of the synth process: ${share.percent.toFixed(1)}% (${share.checkMs} ms of ${share.totalMs} ms; target < 10%)`,
  );
  console.log(
    `  seconds per added environment: 10->50 ${perEnv(scaled[0], scaled[1], 10, 50).toFixed(3)}, ` +
      `50->100 ${perEnv(scaled[1], scaled[2], 50, 100).toFixed(3)} (target: roughly constant; 100 envs < 10 s)`,
  );
  if (npmTest) console.log(`  npm test: ${npmTest.seconds.toFixed(1)} s (target < 60 s on 2 cores)`);
  console.log(`  machine: ${execFileSync("nproc").toString().trim()} cores, node ${process.version}`);
}

main();
