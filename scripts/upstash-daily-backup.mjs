#!/usr/bin/env node
/* global fetch, Buffer, AbortSignal, URL */
/**
 * Turns on (and checks) Upstash's daily backups for one Redis database (UPS-3). Run by Terraform during
 * `cdktf deploy` (constructs/redis/daily-backup.ts) and usable by hand or in CI:
 *
 *   node scripts/upstash-daily-backup.mjs enable <database-id>   read the flag; PATCH enable-dailybackup only when
 *                                                                 off; read it back (re-runs are safe: "already
 *                                                                 enabled" is success)
 *   node scripts/upstash-daily-backup.mjs verify <database-id>   GET /v2/redis/database/{id}: exit 1 unless enabled
 *
 * Both refuse a free-tier database: Prod Pack, the IP allowlist and daily backups need a paid account.
 *
 * Credentials come only from the environment: UPSTASH_EMAIL and UPSTASH_API_KEY (the variables the Upstash
 * provider reads). They are never printed; neither are API answers, which can carry database credentials.
 * UPSTASH_API_URL overrides https://api.upstash.com for tests (plain http only to localhost).
 * Plain node 20+, no dependencies. Exit codes: 0 done, 1 API refused or not enabled, 2 usage or environment.
 */

import { pathToFileURL } from "node:url";

const DEFAULT_API_URL = "https://api.upstash.com";
const DATABASE_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const TIMEOUT_MS = 30_000;

class Failure extends Error {
  constructor(message, exitCode = 1, alreadyEnabled = false) {
    super(message);
    this.exitCode = exitCode;
    this.alreadyEnabled = alreadyEnabled;
  }
}

/** How the API refuses to enable what is already on (a re-run after a failed read-back). */
const ALREADY_ENABLED = /already\s+(been\s+)?enabled/i;

function apiBase(env) {
  const raw = env.UPSTASH_API_URL || DEFAULT_API_URL;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Failure("UPSTASH_API_URL is not a URL", 2);
  }
  const local = url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw new Failure(
      "UPSTASH_API_URL must use https (plain http is accepted for localhost test servers only)",
      2,
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}

function credentials(env) {
  const missing = ["UPSTASH_EMAIL", "UPSTASH_API_KEY"].filter((name) => !env[name]);
  if (missing.length) {
    throw new Failure(
      `${missing.join(" and ")} not set: export the Upstash account email and a Developer API key before deploying`,
      2,
    );
  }
  return { email: env.UPSTASH_EMAIL, apiKey: env.UPSTASH_API_KEY };
}

async function call(method, url, path, auth) {
  const authorization = "Basic " + Buffer.from(`${auth.email}:${auth.apiKey}`).toString("base64");
  let response;
  try {
    response = await fetch(url + path, {
      method,
      headers: { Authorization: authorization, Accept: "application/json" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const reason = err?.cause?.code ?? err?.cause?.message ?? err?.name ?? "network error";
    throw new Failure(`${method} ${path}: no answer from the Upstash API (${reason})`);
  }
  if (!response.ok) {
    // Read only to recognise "already enabled"; the text is never printed (answers can carry credentials).
    const text = await response.text().catch(() => "");
    throw new Failure(
      `${method} ${path}: Upstash API answered ${response.status} ${response.statusText}`.trim(),
      1,
      ALREADY_ENABLED.test(text),
    );
  }
  return response;
}

/** True or false when the answer says, undefined when it has no such field. */
async function dailyBackupEnabled(base, id, auth) {
  // credentials=hide: without it the answer carries the database password and REST tokens.
  const response = await call("GET", base, `/v2/redis/database/${id}?credentials=hide`, auth);
  let body;
  try {
    body = await response.json();
  } catch {
    throw new Failure(`GET /v2/redis/database/${id}: the answer is not JSON`);
  }
  if (typeof body?.database_type === "string" && /free/i.test(body.database_type)) {
    throw new Failure(
      `database ${id} is on Upstash's free tier: Prod Pack, the IP allowlist and daily backups need a paid account (add a payment method, then upgrade the database)`,
    );
  }
  const flag = body?.daily_backup_enabled;
  return typeof flag === "boolean" ? flag : undefined;
}

export async function run(args, env = process.env, log = console) {
  const [command, id] = args;
  if (!["enable", "verify"].includes(command) || args.length !== 2) {
    throw new Failure("usage: upstash-daily-backup.mjs enable|verify <database-id>", 2);
  }
  if (!DATABASE_ID.test(id)) throw new Failure("the database id must be letters, digits and hyphens", 2);
  const auth = credentials(env);
  const base = apiBase(env);

  if (command === "enable") {
    // Read first: enabling what is on is refused by the API, and a re-run after a failed read-back must pass.
    if ((await dailyBackupEnabled(base, id, auth)) === true) {
      log.log(`daily backups already on for Upstash database ${id}: nothing to change`);
      return;
    }
    try {
      await call("PATCH", base, `/v2/redis/enable-dailybackup/${id}`, auth);
      log.log(`daily backups enabled for Upstash database ${id}`);
    } catch (err) {
      if (!(err instanceof Failure && err.alreadyEnabled)) throw err;
      log.log(`daily backups were already enabled for Upstash database ${id}`);
    }
  }
  const enabled = await dailyBackupEnabled(base, id, auth);
  if (enabled === true) {
    log.log(`verified: daily backups are on for Upstash database ${id}`);
  } else if (enabled === false) {
    throw new Failure(`Upstash reports daily backups off for database ${id}`);
  } else if (command === "verify") {
    throw new Failure(
      `could not confirm daily backups for database ${id}: the API answer has no daily_backup_enabled`,
    );
  } else {
    log.warn(`note: the API answer has no daily_backup_enabled flag; the enable call itself succeeded`);
  }
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  run(process.argv.slice(2)).catch((err) => {
    console.error(
      `upstash-daily-backup: ${err instanceof Failure ? err.message : `unexpected ${err?.name ?? "error"}`}`,
    );
    process.exit(err instanceof Failure ? err.exitCode : 1);
  });
}
