#!/usr/bin/env node
/* global fetch, Buffer, AbortSignal, URL */
/**
 * Creates (or updates) one ACL user of an Upstash Redis database and stores its credential in Secret
 * Manager (UPS-10). Run by Terraform during `cdktf deploy` (constructs/redis/acl-user.ts) and usable by hand:
 *
 *   node scripts/upstash-redis-acl.mjs apply '<spec>'
 *
 * where <spec> is the JSON the construct writes: {"endpoint": database host, "adminTokenSecret": secret
 * holding the database's REST token, "userSecret": secret that receives the user's credential, "user":
 * name, "rules": ACL rules}. Secrets are full names (projects/P/secrets/S); nothing secret is in the spec.
 *
 * What it does, through the database's REST endpoint with the REST token read from `adminTokenSecret`:
 *   - user absent, or `userSecret` without an enabled version: ACL GENTOKEN <user> (Upstash generates the
 *     password; SETUSER accepts no other), ACL SETUSER <user> reset on >token <rules>, then add the token as
 *     a new version of `userSecret`. Re-runs are safe: a failed store is repaired by the next run.
 *   - otherwise: ACL SETUSER <user> on resetkeys <rules>: the rules change, the credential does not.
 *   Then ACL GETUSER checks that the user exists and is on.
 *
 * Credentials come only from the environment: Google through GOOGLE_OAUTH_ACCESS_TOKEN or gcloud
 * (`gcloud auth application-default print-access-token`, then `gcloud auth print-access-token`; in CI the
 * Workload Identity Federation step provides both). The deployer needs secretmanager.versions.access on
 * the admin secret and secretmanager.versions.add on the user secret. No credential and no API answer
 * is ever printed. SECRET_MANAGER_API_URL and UPSTASH_REDIS_REST_URL override the endpoints for tests
 * (localhost only). Plain node 20+, no dependencies. Exit codes: 0 done, 1 refused by an API, 2 usage.
 */

import { execFile } from "node:child_process";
import { pathToFileURL } from "node:url";

const SECRET_MANAGER = "https://secretmanager.googleapis.com/v1";
const TIMEOUT_MS = 30_000;
const SECRET_NAME = /^projects\/[a-z0-9-]{1,64}\/secrets\/[A-Za-z0-9_-]{1,255}$/;
const HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;
// The same shapes as core/rules/redis-acl.ts (this script runs without the kit's sources at apply time).
const USER = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,31}$/;
const RULE = /^(~(\*|[A-Za-z0-9:_\-./{}]{1,100}\*?)|[-+]@[a-z]{2,20}|[-+][a-z]{2,30})$/;
const FORBIDDEN_RULES = new Set([
  "+@all",
  "+@admin",
  "+@dangerous",
  "+acl",
  "+config",
  "+@scripting",
  "+flushall",
  "+flushdb",
]);

class Failure extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** The spec, validated: the script refuses anything the construct would not write. */
function parseSpec(text) {
  let spec;
  try {
    spec = JSON.parse(text);
  } catch {
    throw new Failure("the spec is not JSON", 2);
  }
  const keys = ["endpoint", "adminTokenSecret", "userSecret", "user", "rules"];
  if (!spec || typeof spec !== "object" || Object.keys(spec).sort().join() !== [...keys].sort().join()) {
    throw new Failure(`the spec must have exactly: ${keys.join(", ")}`, 2);
  }
  if (typeof spec.endpoint !== "string" || !HOST.test(spec.endpoint))
    throw new Failure("endpoint must be the database's host name", 2);
  for (const field of ["adminTokenSecret", "userSecret"]) {
    if (typeof spec[field] !== "string" || !SECRET_NAME.test(spec[field]))
      throw new Failure(`${field} must be a secret name: projects/<project>/secrets/<id>`, 2);
  }
  if (spec.adminTokenSecret === spec.userSecret)
    throw new Failure("userSecret must not be the admin token's secret", 2);
  if (typeof spec.user !== "string" || !USER.test(spec.user) || spec.user === "default")
    throw new Failure("user must be 2-32 lowercase letters, digits and hyphens, not default", 2);
  if (!Array.isArray(spec.rules) || !spec.rules.length)
    throw new Failure("rules must be a non-empty list", 2);
  for (const rule of spec.rules) {
    if (typeof rule !== "string" || !RULE.test(rule) || FORBIDDEN_RULES.has(rule.toLowerCase()))
      throw new Failure(`rule ${JSON.stringify(rule)} is not a key pattern or an allowed command rule`, 2);
  }
  if (spec.rules[spec.rules.length - 1] !== "-@dangerous")
    throw new Failure("the rules must end with -@dangerous", 2);
  return spec;
}

/** A localhost override for tests, or the default. */
function baseUrl(env, name, fallback) {
  const raw = env[name];
  if (!raw) return fallback;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Failure(`${name} is not a URL`, 2);
  }
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))
    throw new Failure(`${name} is for localhost test servers only`, 2);
  return url.origin + url.pathname.replace(/\/+$/, "");
}

function run(file, args) {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: TIMEOUT_MS }, (error, stdout) =>
      resolve(error ? undefined : String(stdout).trim() || undefined),
    );
  });
}

async function googleToken(env) {
  if (env.GOOGLE_OAUTH_ACCESS_TOKEN) return env.GOOGLE_OAUTH_ACCESS_TOKEN;
  const token =
    (await run("gcloud", ["auth", "application-default", "print-access-token"])) ??
    (await run("gcloud", ["auth", "print-access-token"]));
  if (!token) {
    throw new Failure(
      "no Google credentials: set GOOGLE_OAUTH_ACCESS_TOKEN, or authenticate gcloud (gcloud auth application-default login; Workload Identity Federation in CI)",
      2,
    );
  }
  return token;
}

/** Replaces every secret in `text` (error answers can echo a rule that carries the password). */
function redact(text, secrets) {
  return secrets.filter(Boolean).reduce((out, s) => out.split(s).join("<redacted>"), text);
}

async function request(what, url, init, secrets) {
  let response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    const reason = err?.cause?.code ?? err?.cause?.message ?? err?.name ?? "network error";
    throw new Failure(`${what}: no answer (${reason})`);
  }
  const text = await response.text().catch(() => "");
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    // Only a Redis error string is shown, redacted; other answers can carry credentials.
    const detail = typeof body?.error === "string" ? `: ${redact(body.error, secrets).slice(0, 200)}` : "";
    throw new Failure(`${what}: answered ${response.status}${detail}`);
  }
  return body;
}

export async function apply(args, env = process.env, log = console) {
  if (args.length !== 2 || args[0] !== "apply")
    throw new Failure("usage: upstash-redis-acl.mjs apply '<spec>'", 2);
  const spec = parseSpec(args[1]);
  const secretManager = baseUrl(env, "SECRET_MANAGER_API_URL", SECRET_MANAGER);
  const redisUrl = baseUrl(env, "UPSTASH_REDIS_REST_URL", `https://${spec.endpoint}`);
  const google = await googleToken(env);
  const googleHeaders = { Authorization: `Bearer ${google}`, "Content-Type": "application/json" };

  const access = await request(
    `reading ${spec.adminTokenSecret}`,
    `${secretManager}/${spec.adminTokenSecret}/versions/latest:access`,
    { headers: googleHeaders },
    [google],
  );
  const adminToken = Buffer.from(String(access?.payload?.data ?? ""), "base64").toString("utf8");
  if (!adminToken) throw new Failure(`${spec.adminTokenSecret} holds no REST token`);
  const secrets = [google, adminToken];

  const redis = async (command, hidden = []) => {
    const body = await request(
      `ACL ${command[1]} ${spec.user}`,
      redisUrl,
      {
        method: "POST",
        headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
        body: JSON.stringify(command),
      },
      [...secrets, ...hidden],
    );
    if (body && typeof body.error === "string")
      throw new Failure(
        `ACL ${command[1]} ${spec.user}: ${redact(body.error, [...secrets, ...hidden]).slice(0, 200)}`,
      );
    return body?.result;
  };

  const existing = await redis(["ACL", "GETUSER", spec.user]);
  const versions = await request(
    `listing versions of ${spec.userSecret}`,
    `${secretManager}/${spec.userSecret}/versions?filter=state%3AENABLED`,
    { headers: googleHeaders },
    secrets,
  );
  const stored = Array.isArray(versions?.versions) && versions.versions.length > 0;

  if (existing === null || existing === undefined || !stored) {
    const token = await redis(["ACL", "GENTOKEN", spec.user]);
    if (typeof token !== "string" || !token)
      throw new Failure(`ACL GENTOKEN ${spec.user}: no token in the answer`);
    await redis(["ACL", "SETUSER", spec.user, "reset", "on", `>${token}`, ...spec.rules], [token]);
    await request(
      `storing the credential in ${spec.userSecret} (the user has a new password: run the deploy again to store a fresh one)`,
      `${secretManager}/${spec.userSecret}:addVersion`,
      {
        method: "POST",
        headers: googleHeaders,
        body: JSON.stringify({ payload: { data: Buffer.from(token, "utf8").toString("base64") } }),
      },
      [...secrets, token],
    );
    log.log(
      `ACL user ${spec.user} ${existing == null ? "created" : "given a new password"}; its credential is in ${spec.userSecret}`,
    );
  } else {
    await redis(["ACL", "SETUSER", spec.user, "on", "resetkeys", ...spec.rules]);
    log.log(`ACL user ${spec.user}: rules applied; its credential in ${spec.userSecret} is unchanged`);
  }

  const after = await redis(["ACL", "GETUSER", spec.user]);
  const flags = Array.isArray(after) ? after[after.indexOf("flags") + 1] : undefined;
  if (after === null || after === undefined)
    throw new Failure(`ACL GETUSER ${spec.user}: the user does not exist`);
  if (Array.isArray(flags) && !flags.includes("on")) throw new Failure(`ACL user ${spec.user} is not on`);
  log.log(`verified: ACL user ${spec.user} exists and is on`);
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  apply(process.argv.slice(2)).catch((err) => {
    console.error(
      `upstash-redis-acl: ${err instanceof Failure ? err.message : `unexpected ${err?.name ?? "error"}`}`,
    );
    process.exit(err instanceof Failure ? err.exitCode : 1);
  });
}
