/**
 * `npm run terminate-customer -- <env> --prefix P | --label KEY=VALUE [--dry-run] [options]`: the kit's
 * part of a customer's termination ("customer data is deleted 60 days after termination"). Sets the
 * custom time of the customer's objects in the environment's buckets, so GCS-7's lifecycle deletes them,
 * prints when each bucket's objects are gone for good and what else the team must delete (rows, keys,
 * secrets: MAN-22), and writes the evidence record `<records-dir>/<env>/<time>-customer-termination.json`.
 * Exit codes: 0 every matching object marked (or, with --dry-run, listed), 1 some object or bucket failed,
 * 2 bad input, missing credentials or configuration.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { environmentAuthorizer, READ_WRITE_SCOPE } from "../verify/auth";
import { failureLine, runAsScript, type CliIo } from "../cli-io";
import { isLoopback } from "../verify/endpoints";
import { UsageError } from "../verify/errors";
import { expectedEnvironment, type Managed } from "../verify/expected";
import { ApiClient, type Authorizer } from "../verify/http";
import { COMMON_USAGE, parseCommon } from "../verify/options";
import { ConfigError } from "../../config/errors";
import { loadEnvironments } from "../../config/load";
import { bucketDeletion } from "../../policy/controls/bucket-deletion";
import type { Resource } from "../../policy/model";
import { DEFAULT_RETENTION_BOUNDS, type RetentionBounds } from "../../core/rules/retention";
import { markBucket, type BucketResult, type Selector } from "./mark";
import { terminationChecklist, type ChecklistItem } from "./checklist";

export const USAGE = `usage: npm run terminate-customer -- <env> --prefix PREFIX | --label KEY=VALUE [options]
  --prefix PREFIX            the customer's objects are those whose name starts with PREFIX (e.g. customers/c-4821/)
  --label KEY=VALUE          the customer's objects are those whose custom metadata KEY equals VALUE
                             (both given: objects matching both)
  --dry-run                  list what would be marked; change nothing and write no record
  --bucket NAME              only this bucket (default: every bucket of the environment but the bootstrap
                             stack's Terraform state buckets). Repeatable.
  --records-dir DIR          where the evidence record goes (default drills; the record lands in DIR/<env>/)
  --config-dir DIR           environment files (default config/environments, or BASELINE_CONFIG_DIR)
${COMMON_USAGE}
exit codes: 0 every matching object marked (dry run: listed), 1 an object or bucket failed, 2 bad input`;

const VALUE_FLAGS = ["--prefix", "--label", "--bucket", "--records-dir", "--config-dir"];
const LABEL = /^([A-Za-z0-9_.-]{1,128})=(.{1,1024})$/s;
const DAY_MS = 86_400_000;
/** Object names shown per bucket in text output (the record lists all). */
const SHOWN = 10;

export interface TerminationRecord {
  readonly kind: "customer-termination";
  readonly environment: string;
  readonly selector: Selector;
  /** The custom time set: the termination as Cloud Storage sees it. */
  readonly terminatedAt: string;
  readonly finishedAt: string;
  /** Every store must be unrecoverable by then (retention.customerDataDeletionDays after termination). */
  readonly deleteEverythingBy: string;
  readonly boundDays: number;
  readonly result: "marked" | "failed";
  readonly buckets: readonly (BucketResult & { readonly unrecoverableBy?: string })[];
  readonly checklist: readonly (ChecklistItem & { readonly status: "to do" })[];
  /** True when the run went to a loopback endpoint (the local stand-in): not evidence. */
  readonly rehearsal?: boolean;
}

function selectorOf(extra: ReadonlyMap<string, string | true>): Selector {
  const prefix = extra.get("--prefix");
  const label = extra.get("--label");
  if (prefix === undefined && label === undefined) {
    throw new UsageError(
      "say whose objects to mark: --prefix PREFIX (object names) or --label KEY=VALUE (custom metadata)",
    );
  }
  const selector: { prefix?: string; label?: { key: string; value: string } } = {};
  if (typeof prefix === "string") {
    // eslint-disable-next-line no-control-regex
    if (prefix.trim() === "" || /[\u0000-\u001f\u007f]/.test(prefix) || prefix.length > 1024) {
      throw new UsageError(
        `--prefix: got ${JSON.stringify(prefix)}; allowed: 1-1024 characters without control characters, naming one customer's objects (an empty prefix would mark every object)`,
      );
    }
    selector.prefix = prefix;
  }
  if (typeof label === "string") {
    const match = LABEL.exec(label);
    if (!match) {
      throw new UsageError(
        `--label: got ${JSON.stringify(label)}; allowed: KEY=VALUE with KEY 1-128 letters, digits, '_', '.' or '-' and a non-empty VALUE`,
      );
    }
    selector.label = { key: match[1], value: match[2] };
  }
  return selector;
}

function boundsOf(environment: string, configDir: string | undefined): RetentionBounds {
  try {
    const [config] = loadEnvironments({ dir: configDir, only: [environment] });
    return config.retention ?? DEFAULT_RETENTION_BOUNDS;
  } catch (err) {
    if (err instanceof ConfigError)
      throw new UsageError(`invalid configuration:\n  - ${err.problems.join("\n  - ")}`);
    throw err;
  }
}

/** Days from custom time until the bucket's objects are unrecoverable, or undefined when unknown. */
function windowDays(bucket: Pick<Managed, "address" | "path" | "attrs">): number | undefined {
  if (!bucket.address) return undefined;
  const resource: Resource = {
    type: "google_storage_bucket",
    name: bucket.address.split(".")[1] ?? bucket.address,
    address: bucket.address,
    path: bucket.path,
    attrs: bucket.attrs,
  };
  const d = bucketDeletion(resource);
  if (d.unverifiable || d.liveDays === undefined || d.noncurrentDays === undefined) return undefined;
  if (d.softDeleteDays === undefined) return undefined;
  return Math.max(d.liveDays, d.retentionPolicyDays) + d.noncurrentDays + d.softDeleteDays;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function writeRecord(dir: string, record: TerminationRecord): string {
  const folder = join(dir, record.environment);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${record.terminatedAt.replace(/[:.]/g, "-")}-customer-termination.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, SHOWN).join(", ");
  return names.length > SHOWN ? `${shown}, ... and ${names.length - SHOWN} more (all in the record)` : shown;
}

export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  deps: { authorize?: Authorizer; now?: () => Date } = {},
): Promise<number> {
  try {
    if (argv.includes("--help") || argv.includes("-h")) {
      io.stdout(USAGE);
      return 0;
    }
    const buckets = argv.flatMap((a, i) => (a === "--bucket" && argv[i + 1] ? [argv[i + 1]] : []));
    const options = parseCommon(argv, env, { valueFlags: VALUE_FLAGS, booleanFlags: ["--dry-run"] });
    if (options.positional.length) {
      throw new UsageError(`unexpected argument "${options.positional.join(" ")}" after <env>`);
    }
    const selector = selectorOf(options.extra);
    const dryRun = options.extra.get("--dry-run") === true;
    const configDir = options.extra.get("--config-dir") ?? env.BASELINE_CONFIG_DIR;
    const bounds = boundsOf(options.environment, typeof configDir === "string" ? configDir : undefined);
    const expected = expectedEnvironment(options.synthDir, options.environment);
    // The bootstrap stack holds the Terraform state and its access logs, never customer data.
    const candidates = expected.buckets.filter((b) => !b.stack.startsWith("bootstrap-"));
    const unresolved = expected.unresolved.filter(
      (u) => u.address.startsWith("google_storage_bucket.") && !u.stack.startsWith("bootstrap-"),
    );
    const unknown = buckets.filter((name) => !candidates.some((b) => b.name === name));
    // A name the output does not list may be the live name of a bucket whose name it cannot tell.
    if ((unknown.length && !unresolved.length) || (!buckets.length && !candidates.length)) {
      throw new UsageError(
        `${unknown.length ? `no bucket named ${unknown.map((n) => `"${n}"`).join(", ")}` : "no bucket"} in environment ${options.environment} (have: ${candidates.map((b) => b.name).join(", ") || "none"})`,
      );
    }
    const targets: Pick<Managed, "name" | "address" | "path" | "attrs">[] = buckets.length
      ? buckets.map(
          (name) => candidates.find((b) => b.name === name) ?? { name, address: "", path: name, attrs: {} },
        )
      : candidates;
    const now = (deps.now ?? (() => new Date()))();
    const client = new ApiClient(
      options.endpoints,
      deps.authorize ?? environmentAuthorizer(env, READ_WRITE_SCOPE),
      options.retry,
    );
    const results: (BucketResult & { unrecoverableBy?: string })[] = [];
    for (const bucket of targets) {
      const result = await markBucket(client, bucket.name, selector, now, dryRun);
      const days = windowDays(bucket);
      results.push({
        ...result,
        unrecoverableBy: days === undefined ? undefined : day(new Date(now.getTime() + days * DAY_MS)),
      });
    }
    // A bucket whose name the synthesized output does not tell may hold the customer's objects: never skip it silently.
    if (!buckets.length) {
      for (const u of unresolved) {
        results.push({
          bucket: u.path,
          matched: 0,
          marked: [],
          alreadyMarked: [],
          failed: [],
          error: `${u.reason}; run again with --bucket <its live name>, or mark its objects by hand`,
        });
      }
    }
    const failed = results.some((r) => r.error !== undefined || r.failed.length > 0);
    const deadline = day(new Date(now.getTime() + bounds.customerDataDeletionDays * DAY_MS));
    const checklist = terminationChecklist(
      {
        sqlInstances: expected.sqlInstances.map((m) => m.name),
        redisDatabases: expected.redis.map((m) => m.name),
        secrets: expected.secrets.length,
      },
      bounds,
    );
    const rehearsal = Object.values(options.endpoints).some((url) => isLoopback(new URL(url).hostname));
    const record: TerminationRecord = {
      kind: "customer-termination",
      environment: options.environment,
      selector,
      terminatedAt: now.toISOString(),
      finishedAt: (deps.now ?? (() => new Date()))().toISOString(),
      deleteEverythingBy: deadline,
      boundDays: bounds.customerDataDeletionDays,
      result: failed ? "failed" : "marked",
      buckets: results,
      checklist: checklist.map((c) => ({ ...c, status: "to do" as const })),
      ...(rehearsal ? { rehearsal } : {}),
    };
    const file = dryRun
      ? undefined
      : writeRecord(String(options.extra.get("--records-dir") ?? "drills"), record);
    if (options.format === "json") {
      io.stdout(JSON.stringify({ dryRun, record, file: file ?? null }, null, 2));
      return failed ? 1 : 0;
    }
    const what = [
      selector.prefix !== undefined ? `name prefix "${selector.prefix}"` : "",
      selector.label ? `metadata ${selector.label.key}=${selector.label.value}` : "",
    ]
      .filter(Boolean)
      .join(" and ");
    io.stdout(
      `${dryRun ? "DRY RUN: nothing changed. " : ""}Customer objects (${what}) in ${options.environment}, custom time ${now.toISOString()}${rehearsal ? " (rehearsal against a loopback endpoint: not evidence)" : ""}:`,
    );
    for (const r of results) {
      if (r.error) {
        io.stdout(`  FAIL ${r.bucket}: ${r.error}`);
        continue;
      }
      const gone = r.unrecoverableBy
        ? `unrecoverable by ${r.unrecoverableBy}`
        : "deletion window unknown (see GCS-7)";
      io.stdout(
        `  ${r.failed.length ? "FAIL" : "ok  "} ${r.bucket}: ${r.matched} matched, ${r.marked.length} ${dryRun ? "would be marked" : "marked"}, ${r.alreadyMarked.length} already marked, ${r.failed.length} failed; ${gone}`,
      );
      if (r.marked.length) io.stdout(`       ${dryRun ? "would mark" : "marked"}: ${listed(r.marked)}`);
      for (const f of r.failed) io.stdout(`       ${f.object}: ${f.problem}`);
    }
    io.stdout(
      `\nStill to delete by ${deadline} (${bounds.customerDataDeletionDays} days after termination, retention.customerDataDeletionDays; manual duty MAN-22):`,
    );
    for (const item of checklist) {
      io.stdout(`  [ ] ${item.store}: ${item.action}\n      evidence: ${item.evidence}`);
    }
    io.stdout(
      file
        ? `\nrecord: ${file} (commit it with the evidence of each item above)`
        : "\nno record written (dry run)",
    );
    return failed ? 1 : 0;
  } catch (err) {
    io.stderr(failureLine("terminate-customer", err));
    return 2;
  }
}

if (require.main === module) runAsScript(main);
