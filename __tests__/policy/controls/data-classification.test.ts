import { catalogueEntries } from "../../../policy/types/catalogue";
import { DATA_HOLDING_TYPES } from "../../../policy/types/data-holding";
import { ctxOf, judge, res, verdicts } from "./rules";

type Json = Record<string, unknown>;
const KEY = "${google_kms_crypto_key.storage.id}";
const APP_KEY = "google_kms_crypto_key.application";
const bucket = (name: string, classification: unknown, attrs: Json = {}) =>
  res(`google_storage_bucket.${name}`, {
    name: `acme-${name}`,
    encryption: { default_kms_key_name: KEY },
    logging: { log_bucket: "acme-logs" },
    labels: classification === undefined ? {} : { data_classification: classification },
    ...attrs,
  });
const appKey = (attrs: Json = {}) =>
  res(APP_KEY, { purpose: "ENCRYPT_DECRYPT", labels: { purpose: "application" }, ...attrs });
const workload = res("google_service_account.workload", { account_id: "payments-workload" });
const grant = (name: string, member: string, role = "roles/cloudkms.cryptoKeyEncrypterDecrypter") =>
  res(`google_kms_crypto_key_iam_member.${name}`, {
    crypto_key_id: "${google_kms_crypto_key.application.id}",
    role,
    member,
  });

describe("the catalogue's data-holding types", () => {
  it("are each reviewed, and judged by DATA-1", () => {
    const reviewed = new Map(catalogueEntries().map((e) => [`${e.kind}:${e.type}`, e.review.controls]));
    for (const type of Object.keys(DATA_HOLDING_TYPES)) {
      expect([type, reviewed.get(`resource:${type}`)]).toEqual([type, expect.arrayContaining(["DATA-1"])]);
    }
  });

  it("include buckets, Cloud SQL, BigQuery, Memorystore and Upstash; not secrets, registries or keys", () => {
    expect(Object.keys(DATA_HOLDING_TYPES)).toEqual(
      expect.arrayContaining([
        "google_storage_bucket",
        "google_sql_database_instance",
        "google_bigquery_dataset",
        "google_bigquery_table",
        "google_redis_instance",
        "upstash_redis_database",
      ]),
    );
    for (const notData of [
      "google_secret_manager_secret",
      "google_artifact_registry_repository",
      "google_kms_crypto_key",
    ]) {
      expect(Object.keys(DATA_HOLDING_TYPES)).not.toContain(notData);
    }
  });
});

describe("DATA-1: a classification with an allowed value", () => {
  it("reads labels, Cloud SQL user labels and Upstash `//` metadata", () => {
    expect(judge("DATA-1", bucket("a", "internal"))).toBe("pass");
    const sql = res("google_sql_database_instance.db", {
      settings: [{ user_labels: { data_classification: "public" } }],
    });
    expect(judge("DATA-1", sql)).toBe("pass");
    const redis = res("upstash_redis_database.r", { "//": { data_classification: "restricted" } });
    expect(judge("DATA-1", redis)).toBe("pass");
    // A label on an Upstash database (the provider has none) does not count: only the metadata does.
    expect(
      judge("DATA-1", res("upstash_redis_database.r", { labels: { data_classification: "public" } })),
    ).toMatch(/^fail: \/\/\.data_classification is unset/);
  });

  it("fails closed on absent, misspelt, upper-case or unresolved values", () => {
    expect(judge("DATA-1", bucket("a", undefined))).toMatch(/^fail: labels\.data_classification is unset/);
    expect(judge("DATA-1", bucket("a", "Restricted"))).toMatch(/is "Restricted"/);
    expect(judge("DATA-1", bucket("a", "${local.c}"))).toMatch(/is "\$\{local\.c\}"/);
    expect(judge("DATA-1", res("google_bigquery_table.t", {}))).toMatch(
      /^fail: labels\.data_classification is unset/,
    );
  });
});

describe("DATA-2: restricted data gets HIPAA handling", () => {
  it("applies to restricted resources only", () => {
    const ctx = ctxOf([bucket("pub", "public", { name: "acme-12345" }), bucket("c", "confidential")]);
    expect(verdicts("DATA-2", ctx)).toEqual([]);
  });

  it("the name rule ignores the configured or provider's project prefix, not digits after it", () => {
    const withProject = (projectId: string, r: ReturnType<typeof bucket>) => ({
      ...ctxOf([r]),
      projectId,
    });
    const ok = bucket("x", "restricted", { name: "acme-123-invoices" });
    expect(verdicts("DATA-2", withProject("acme-123", ok))).toEqual(["pass @ google_storage_bucket.x"]);
    const bad = bucket("x", "restricted", { name: "acme-123-mrn-00042" });
    expect(verdicts("DATA-2", withProject("acme-123", bad))[0]).toMatch(/contains three or more digits/);
    const fromProvider = ctxOf([ok], {}, { provider: { google: [{ project: "acme-123" }] } });
    expect(verdicts("DATA-2", fromProvider)).toEqual(["pass @ google_storage_bucket.x"]);
    // Without a known project, the digits count.
    expect(verdicts("DATA-2", ctxOf([ok]))[0]).toMatch(/^fail: name "acme-123-invoices" contains/);
  });

  it("a name the check cannot read is a finding", () => {
    const sql = res("google_sql_database_instance.db", {
      name: "${var.name}",
      settings: [{ user_labels: { data_classification: "restricted" } }],
    });
    expect(verdicts("DATA-2", ctxOf([sql]))[0]).toMatch(/^fail: cannot verify name: \$\{var\.name\}/);
  });

  it("a restricted bucket logs access through usage logs or the stack's Data Access audit config", () => {
    const unlogged = bucket("x", "restricted", { logging: undefined });
    expect(verdicts("DATA-2", ctxOf([unlogged]))[0]).toMatch(/^fail: no access logs/);
    const audit = res("google_project_iam_audit_config.storage", {
      service: "storage.googleapis.com",
      audit_log_config: [{ log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }],
    });
    expect(verdicts("DATA-2", ctxOf([unlogged, audit]))).toEqual(["pass @ google_storage_bucket.x"]);
  });

  it("a restricted Upstash database has Prod Pack, no eviction and its daily-backup step", () => {
    const db = res("upstash_redis_database.r", {
      database_name: "prod-sessions",
      prod_pack: true,
      eviction: false,
      "//": { data_classification: "restricted" },
    });
    const backup = res("terraform_data.backup", {
      provisioner: [
        { "local-exec": { command: "curl .../enable-dailybackup/${upstash_redis_database.r.database_id}" } },
      ],
    });
    expect(verdicts("DATA-2", ctxOf([db, backup]))).toEqual(["pass @ upstash_redis_database.r"]);
    expect(
      verdicts("DATA-2", ctxOf([{ ...db, attrs: { ...db.attrs, eviction: "true" } }, backup]))[0],
    ).toMatch(/eviction is "true" \(HIPAA mode needs eviction off\)/);
    expect(verdicts("DATA-2", ctxOf([db]))[0]).toMatch(/nothing enables daily backups/);
  });
});

describe("DATA-3: restricted data brings an application key usable only by workload identities", () => {
  const restricted = bucket("records", "restricted");

  it("passes with the key granted to a service account of the stack, by member or email reference", () => {
    expect(
      verdicts(
        "DATA-3",
        ctxOf([restricted, appKey(), workload, grant("w", "${google_service_account.workload.member}")]),
      ),
    ).toEqual([`pass @ ${APP_KEY} [google_kms_crypto_key_iam_member.w]`]);
    expect(
      verdicts(
        "DATA-3",
        ctxOf([
          restricted,
          appKey(),
          workload,
          grant("w", "serviceAccount:${google_service_account.workload.email}"),
        ]),
      ),
    ).toEqual([`pass @ ${APP_KEY} [google_kms_crypto_key_iam_member.w]`]);
  });

  it("in a plan (literal members), accepts the stack's own service account by email, nobody else's", () => {
    const sa = res("google_service_account.workload", {
      account_id: "payments-workload",
      project: "acme-prod",
      email: "payments-workload@acme-prod.iam.gserviceaccount.com",
    });
    const own = grant("w", "serviceAccount:payments-workload@acme-prod.iam.gserviceaccount.com");
    expect(verdicts("DATA-3", ctxOf([restricted, appKey(), sa, own]))).toEqual([
      `pass @ ${APP_KEY} [google_kms_crypto_key_iam_member.w]`,
    ]);
    const other = grant("o", "serviceAccount:payments-workload@acme-dev.iam.gserviceaccount.com");
    expect(verdicts("DATA-3", ctxOf([restricted, appKey(), sa, other]))[0]).toMatch(
      /^fail: .*grants it to serviceAccount:payments-workload@acme-dev/,
    );
  });

  it("fails without a key, whichever stack holds the data", () => {
    for (const role of ["baseline", "workload"] as const) {
      expect(verdicts("DATA-3", ctxOf([restricted], { role }))).toEqual([
        expect.stringMatching(
          /^fail: the stack holds restricted data \(google_storage_bucket\.records\) but has no application key/,
        ),
      ]);
    }
  });

  it("a team stack labelled restricted needs it even before it holds data; other stacks' provider labels do not count", () => {
    const json = { provider: { google: [{ default_labels: { data_classification: "restricted" } }] } };
    expect(verdicts("DATA-3", ctxOf([], { role: "workload" }, json))[0]).toMatch(
      /holds restricted data \(provider google\)/,
    );
    expect(verdicts("DATA-3", ctxOf([], { role: "bootstrap" }, json))).toEqual([]);
  });

  it("refuses grants to anyone but the stack's service accounts, and whole-policy IAM", () => {
    const group = grant("g", "group:analysts@example.com");
    const foreign = grant("f", "serviceAccount:other@elsewhere.iam.gserviceaccount.com");
    const [verdict] = verdicts("DATA-3", ctxOf([restricted, appKey(), workload, group, foreign]));
    expect(verdict).toMatch(/grants it to group:analysts@example\.com/);
    expect(verdict).toMatch(/grants it to serviceAccount:other@elsewhere/);
    const policy = res("google_kms_crypto_key_iam_policy.p", {
      crypto_key_id: "${google_kms_crypto_key.application.id}",
      policy_data: "${data.google_iam_policy.p.policy_data}",
    });
    expect(verdicts("DATA-3", ctxOf([restricted, appKey(), workload, policy]))[0]).toMatch(
      /sets the whole policy/,
    );
  });

  it("refuses a key that cannot encrypt, or one granted only a narrower role", () => {
    const signing = appKey({ purpose: "ASYMMETRIC_SIGN" });
    const w = grant("w", "${google_service_account.workload.member}");
    expect(verdicts("DATA-3", ctxOf([restricted, signing, workload, w]))[0]).toMatch(
      /purpose is "ASYMMETRIC_SIGN"/,
    );
    const decryptOnly = grant(
      "d",
      "${google_service_account.workload.member}",
      "roles/cloudkms.cryptoKeyDecrypter",
    );
    expect(verdicts("DATA-3", ctxOf([restricted, appKey(), workload, decryptOnly]))[0]).toMatch(
      /no roles\/cloudkms\.cryptoKeyEncrypterDecrypter grant to a workload identity/,
    );
  });

  it("does not apply where no data is restricted", () => {
    expect(verdicts("DATA-3", ctxOf([bucket("c", "confidential")], { role: "workload" }))).toEqual([]);
  });
});

describe("DATA-4: public data never shares a key with restricted data", () => {
  it("names the public neighbours of each restricted resource's key", () => {
    const sql = res("google_sql_database_instance.db", {
      name: "db",
      encryption_key_name: KEY,
      settings: [{ user_labels: { data_classification: "public" } }],
    });
    expect(verdicts("DATA-4", ctxOf([bucket("r", "restricted"), bucket("p", "public"), sql]))).toEqual([
      `fail: its key "${KEY}" also encrypts public google_storage_bucket.p, google_sql_database_instance.db @ google_storage_bucket.r`,
    ]);
  });

  it("passes when public data has its own key, and ignores confidential neighbours", () => {
    const ownKey = bucket("p", "public", {
      encryption: { default_kms_key_name: "${google_kms_crypto_key.public.id}" },
    });
    expect(
      verdicts("DATA-4", ctxOf([bucket("r", "restricted"), ownKey, bucket("c", "confidential")])),
    ).toEqual(["pass @ google_storage_bucket.r"]);
  });
});
