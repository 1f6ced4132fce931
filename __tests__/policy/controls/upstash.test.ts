import { checkStack } from "../../../policy/check";
import { compliantStack, type StackJson } from "../fixtures";
import { ctxOf, judge, res, verdicts } from "./rules";

type Json = Record<string, unknown>;
const LITERAL = ["not", "a", "reference"].join("-");
const redis = (attrs: Json = {}, name = "sessions") =>
  res(`upstash_redis_database.${name}`, {
    database_name: "acme-sessions",
    prod_pack: true,
    ip_allowlist: ["203.0.113.10/32"],
    tls: true,
    eviction: false,
    region: "global",
    primary_region: "eu-west-1",
    read_regions: ["eu-central-1"],
    budget: 50,
    ...attrs,
  });
const backupFor = (name: string, command: string) =>
  res(`terraform_data.backup-${name}`, {
    "//": { note: "enable-dailybackup" },
    provisioner: [{ "local-exec": { command } }],
  });
const secretVersion = (data: string) => res("google_secret_manager_secret_version.pw", { secret_data: data });

describe("Upstash controls, rule by rule", () => {
  it("every resource-level Upstash control passes on a compliant database", () => {
    for (const id of ["UPS-1", "UPS-2", "UPS-4", "UPS-5", "UPS-7", "UPS-8", "UPS-9"]) {
      expect([id, judge(id, redis())]).toEqual([id, "pass"]);
    }
  });

  it("UPS-1, UPS-4, UPS-5: Prod Pack, TLS, no eviction", () => {
    expect(judge("UPS-1", redis({ prod_pack: undefined }))).toBe("fail: prod_pack is unset");
    expect(judge("UPS-4", redis({ tls: "false" }))).toBe('fail: tls is "false"');
    expect(judge("UPS-5", redis({ eviction: "true" }))).toBe("fail: eviction is true");
  });

  it("UPS-2: a non-empty allowlist without the whole internet; a reference counts as set", () => {
    expect(judge("UPS-2", redis({ ip_allowlist: [] }))).toBe(
      "fail: ip_allowlist is empty (every IP address may connect)",
    );
    // A variable without a declaration (or default) cannot be verified: fail closed (stricter since issue 11).
    expect(judge("UPS-2", redis({ ip_allowlist: "${var.allowlist}" }))).toMatch(
      /^fail: cannot verify ip_allowlist: \$\{var\.allowlist\}/,
    );
    expect(judge("UPS-2", redis({ ip_allowlist: ["${google_compute_address.nat.address}/32"] }))).toBe(
      "pass",
    );
    expect(judge("UPS-2", redis({ ip_allowlist: ["1.2.3.4/32", "::/0", "0.0.0.0/0"] }))).toBe(
      "fail: ip_allowlist contains ::/0, 0.0.0.0/0",
    );
  });

  it("UPS-3: something in the stack enables daily backups for each database", () => {
    const db = redis();
    expect(
      verdicts(
        "UPS-3",
        ctxOf([
          db,
          backupFor(
            "x",
            "curl .../v2/redis/enable-dailybackup/${upstash_redis_database.sessions.database_id}",
          ),
        ]),
      ),
    ).toEqual(["pass @ upstash_redis_database.sessions [terraform_data.backup-x]"]);
    expect(
      verdicts(
        "UPS-3",
        ctxOf([
          db,
          backupFor("x", "./upstash-daily-backup.sh enable ${upstash_redis_database.sessions.database_id}"),
        ]),
      )[0],
    ).toMatch(/^pass/);
    expect(verdicts("UPS-3", ctxOf([db, backupFor("x", "./upstash-dailybackup.sh enable x")]))[0]).toMatch(
      /^pass/,
    );
    const failing =
      'fail: nothing in the stack calls enable-dailybackup for this database when it is created (a local-exec provisioner without when = "destroy" or on_failure = "continue") @ upstash_redis_database.sessions';
    expect(verdicts("UPS-3", ctxOf([db, backupFor("x", "./upstash-daily-backup.sh disable x")]))).toEqual([
      failing,
    ]);
    expect(verdicts("UPS-3", ctxOf([db, backupFor("x", "./other.sh enable x")]))).toEqual([failing]);
    expect(verdicts("UPS-3", ctxOf([db]))).toEqual([failing]);
    expect(verdicts("UPS-3", ctxOf([redis({ note: "enable-dailybackup" })]))).toEqual([failing]);
    const other = redis({}, "cache");
    expect(
      verdicts(
        "UPS-3",
        ctxOf([
          db,
          other,
          backupFor("s", "enable-dailybackup ${upstash_redis_database.sessions.database_id}"),
        ]),
      ),
    ).toEqual([
      "pass @ upstash_redis_database.sessions [terraform_data.backup-s]",
      'fail: nothing in the stack calls enable-dailybackup for this database when it is created (a local-exec provisioner without when = "destroy" or on_failure = "continue") @ upstash_redis_database.cache',
    ]);
  });

  it("UPS-6: credentials stored in Secret Manager, not in outputs, and no literal provider API key", () => {
    const db = redis();
    const stored = secretVersion("${upstash_redis_database.sessions.password}");
    expect(verdicts("UPS-6", ctxOf([db, stored]))).toEqual([
      "pass @ upstash_redis_database.sessions [google_secret_manager_secret_version.pw]",
    ]);
    expect(
      verdicts("UPS-6", ctxOf([db, secretVersion("${upstash_redis_database.sessions.rest_token}")]))[0],
    ).toMatch(/^pass/);
    expect(
      verdicts("UPS-6", ctxOf([db, secretVersion("${upstash_redis_database.sessions.endpoint}")])),
    ).toEqual([
      "fail: its password is not stored in a google_secret_manager_secret_version @ upstash_redis_database.sessions",
    ]);
    expect(
      verdicts(
        "UPS-6",
        ctxOf(
          [db, stored],
          {},
          {
            output: {
              a: { value: "${upstash_redis_database.sessions.read_only_rest_token}" },
              b: { value: "${upstash_redis_database.sessions.password}" },
              c: { value: "${upstash_redis_database.sessions.endpoint}" },
              d: { value: "${upstash_redis_database.other.password}" },
            },
          },
        ),
      ),
    ).toEqual([
      'fail: output "a", "b" exposes its credentials @ upstash_redis_database.sessions [google_secret_manager_secret_version.pw]',
    ]);
    expect(
      verdicts("UPS-6", ctxOf([db, stored], {}, { provider: { upstash: [{ api_key: LITERAL }] } })),
    ).toEqual([
      "pass @ upstash_redis_database.sessions [google_secret_manager_secret_version.pw]",
      "fail: provider upstash has a literal api_key (use UPSTASH_API_KEY) @ (stack)",
    ]);
    expect(
      verdicts("UPS-6", ctxOf([db, stored], {}, { provider: { upstash: { api_key: "${var.key}" } } })),
    ).toHaveLength(1);
    expect(verdicts("UPS-6", ctxOf([stored], {}, { provider: { upstash: [{ api_key: LITERAL }] } }))).toEqual(
      [],
    );
  });

  it("UPS-7: database names carry no identifiers", () => {
    expect(judge("UPS-7", redis({ database_name: "${var.name}" }))).toBe("pass");
    expect(judge("UPS-7", redis({ database_name: "ab" }))).toBe(
      'fail: database_name "ab" is not 3-63 lowercase letters, digits and hyphens',
    );
    expect(judge("UPS-7", redis({ database_name: "x; acme" }))).toMatch(/is not 3-63 lowercase/);
    expect(judge("UPS-7", redis({ database_name: "1acme" }))).toMatch(/is not 3-63 lowercase/);
    expect(judge("UPS-7", redis({ database_name: `a${"b".repeat(63)}` }))).toMatch(/is not 3-63 lowercase/);
    expect(judge("UPS-7", redis({ database_name: 5 }))).toBe(
      "fail: database_name 5 is not 3-63 lowercase letters, digits and hyphens",
    );
    expect(judge("UPS-7", redis({ database_name: "acme-2024" }))).toBe(
      'fail: database_name "acme-2024" contains a long number: three or more digits in a row (an identifier?)',
    );
    // The config schema and ProdRedis refuse the same (core/rules/redis-naming.ts): cache2024 no longer passes them.
    expect(judge("UPS-7", redis({ database_name: "acme-202" }))).toMatch(/contains a long number/);
    expect(judge("UPS-7", redis({ database_name: "dev-cache2024" }))).toMatch(/contains a long number/);
    expect(judge("UPS-7", redis({ database_name: "acme-20-v2" }))).toBe("pass");
  });

  it("UPS-8: global with a primary and read regions, in production only", () => {
    expect(judge("UPS-8", redis({ region: "eu-west-1" }))).toBe('fail: region is "eu-west-1" (not global)');
    expect(judge("UPS-8", redis({ primary_region: undefined }))).toBe("fail: primary_region is unset");
    expect(judge("UPS-8", redis({ read_regions: [] }))).toBe("fail: read_regions is empty");
    const single = redis({ region: "eu-west-1" });
    expect(judge("UPS-8", single, ctxOf([single], { production: false }))).toBe("n/a");
  });

  it("UPS-9: a positive budget", () => {
    expect(judge("UPS-9", redis({ budget: "20" }))).toBe("pass");
    expect(judge("UPS-9", redis({ budget: 0 }))).toBe("fail: budget is 0");
    expect(judge("UPS-9", redis({ budget: undefined }))).toBe("fail: budget is unset");
  });
});

describe("UPS-10: HIPAA databases are used through per-workload ACL users", () => {
  const RULES = ["~orders:*", "-@all", "+@read", "+@write", "+@connection", "-@dangerous"];
  const spec = (overrides: Json = {}) => ({
    endpoint: "${upstash_redis_database.sessions.endpoint}",
    adminTokenSecret: "${google_secret_manager_secret.rest.id}",
    userSecret: "${google_secret_manager_secret.user.id}",
    user: "orders",
    rules: RULES,
    ...overrides,
  });
  const step = (overrides: Json = {}, exec: Json = {}, name = "acl-orders") =>
    res(`terraform_data.${name}`, {
      input: spec(overrides),
      provisioner: [
        {
          "local-exec": {
            interpreter: ["node", "assets/acl/upstash-redis-acl.mjs", "apply"],
            command: "${jsonencode(self.input)}",
            ...exec,
          },
        },
      ],
    });
  const hipaaDb = (meta: Json = { data_classification: "restricted" }) => redis({ "//": meta });
  const passwordSecret = res("google_secret_manager_secret.pw", { secret_id: "redis-sessions-password" });
  const storedPassword = res("google_secret_manager_secret_version.pw", {
    secret: "${google_secret_manager_secret.pw.id}",
    secret_data: "${upstash_redis_database.sessions.password}",
  });

  it("passes a restricted database with an ACL user and its default credentials stored, ungranted", () => {
    expect(verdicts("UPS-10", ctxOf([hipaaDb(), step(), passwordSecret, storedPassword]))).toEqual([
      "pass @ terraform_data.acl-orders",
      "pass @ upstash_redis_database.sessions [terraform_data.acl-orders]",
    ]);
    // ProdRedis's hipaa flag counts as HIPAA mode whatever the classification says.
    expect(
      verdicts("UPS-10", ctxOf([hipaaDb({ data_classification: "confidential", hipaa_mode: true })])),
    ).toEqual([
      "fail: is in HIPAA mode but has no ACL user: its workloads would share the default user's password @ upstash_redis_database.sessions",
    ]);
  });

  it("an environment configured for PHI in Redis puts every database in HIPAA mode, whatever its metadata says", () => {
    const forged = redis({ "//": { data_classification: "public" } });
    expect(verdicts("UPS-10", { ...ctxOf([forged]), hipaaRedis: true })).toEqual([
      "fail: is in HIPAA mode but has no ACL user: its workloads would share the default user's password @ upstash_redis_database.sessions",
    ]);
    expect(verdicts("UPS-10", ctxOf([forged]))).toEqual([]);
  });

  it("fails a HIPAA database without ACL users; outside HIPAA mode no user is required", () => {
    expect(verdicts("UPS-10", ctxOf([hipaaDb()]))).toEqual([
      "fail: is in HIPAA mode but has no ACL user: its workloads would share the default user's password @ upstash_redis_database.sessions",
    ]);
    expect(verdicts("UPS-10", ctxOf([redis({ "//": { data_classification: "confidential" } })]))).toEqual([]);
    // A step that runs only at destroy, or whose failure is ignored, creates no user.
    for (const exec of [{ when: "destroy" }, { on_failure: "continue" }])
      expect(verdicts("UPS-10", ctxOf([hipaaDb(), step({}, exec)]))).toEqual([
        expect.stringMatching(/^fail: is in HIPAA mode but has no ACL user/),
      ]);
    // A step for another database does not count for this one.
    expect(
      verdicts(
        "UPS-10",
        ctxOf([
          hipaaDb(),
          redis({}, "cache"),
          step({ endpoint: "${upstash_redis_database.cache.endpoint}" }),
        ]),
      ),
    ).toEqual([
      expect.stringMatching(
        /^fail: is in HIPAA mode but has no ACL user.* @ upstash_redis_database\.sessions$/,
      ),
      "pass @ terraform_data.acl-orders",
    ]);
  });

  it("fails when the default credentials are granted, stored where it cannot see, or read by anything else", () => {
    const grant = res("google_secret_manager_secret_iam_member.app", {
      secret_id: "${google_secret_manager_secret.pw.id}",
      role: "roles/secretmanager.secretAccessor",
      member: "serviceAccount:app@p.iam.gserviceaccount.com",
    });
    expect(verdicts("UPS-10", ctxOf([hipaaDb(), step(), passwordSecret, storedPassword, grant]))[1]).toBe(
      "fail: the default credentials in google_secret_manager_secret.pw are granted (google_secret_manager_secret_iam_member.app): workloads get ACL users instead @ upstash_redis_database.sessions [terraform_data.acl-orders]",
    );
    const elsewhere = res("google_secret_manager_secret_version.pw", {
      secret: "projects/p/secrets/shared-redis-password",
      secret_data: "${upstash_redis_database.sessions.rest_token}",
    });
    expect(verdicts("UPS-10", ctxOf([hipaaDb(), step(), elsewhere]))[1]).toMatch(
      /^fail: google_secret_manager_secret_version\.pw stores its default credentials in "projects\/p\/secrets\/shared-redis-password", not a secret of this stack/,
    );
    const run = res("google_cloud_run_v2_service.app", {
      template: {
        containers: [{ env: [{ name: "REDIS", value: "${upstash_redis_database.sessions.password}" }] }],
      },
    });
    expect(verdicts("UPS-10", ctxOf([hipaaDb(), step(), run]))[1]).toBe(
      "fail: google_cloud_run_v2_service.app uses its default credentials (only a secret version may hold them) @ upstash_redis_database.sessions [terraform_data.acl-orders]",
    );
    // The whole object carries the credentials too.
    const whole = res("terraform_data.copy", { input: "${upstash_redis_database.sessions}" });
    expect(verdicts("UPS-10", ctxOf([hipaaDb(), step(), whole]))[1]).toMatch(
      /^fail: terraform_data\.copy uses its default credentials/,
    );
  });

  it("judges every ACL step's rules for least privilege, in any mode", () => {
    const plain = redis({ "//": { data_classification: "internal" } });
    const judged = (rules: unknown[]) => verdicts("UPS-10", ctxOf([plain, step({ rules })]));
    expect(judged(RULES)).toEqual(["pass @ terraform_data.acl-orders"]);
    expect(judged(["~*", "+@all", "-@dangerous"])).toEqual([
      "fail: ACL user orders: rules rule +@all gives more than data access @ terraform_data.acl-orders",
    ]);
    expect(judged(["~*", "-@all", "+@read", "-@dangerous", "+flushall"])[0]).toMatch(
      /rule \+flushall gives more than data access/,
    );
    expect(judged(["~*", "-@all", "+@read", "-@dangerous", "+keys"])[0]).toMatch(
      /must end its command rules with -@dangerous/,
    );
    expect(judged(["~*", "-@all", "+@read"])[0]).toMatch(/must end its command rules with -@dangerous/);
    expect(judged(["-@all", "+@read", "-@dangerous"])[0]).toMatch(/names no key pattern/);
    expect(judged(["~*", ">pw", "-@dangerous"])[0]).toMatch(/rule >pw sets a password/);
    expect(judged(["allkeys", "+@read", "-@dangerous"])[0]).toMatch(
      /rule allkeys is outside the kit's rule set/,
    );
    expect(judged(["~a b", "-@dangerous"])[0]).toMatch(/is not one token/);
    expect(judged([])[0]).toMatch(/has no rules/);
  });

  it("POL-4 accepts the ACL step only in the kit's exact shape", () => {
    const pol4 = (resource: ReturnType<typeof step>) => verdicts("POL-4", ctxOf([redis(), resource]));
    expect(pol4(step())).toEqual(["pass @ (stack)"]);
    const refused = /^fail: provisioner local-exec runs commands the check cannot verify/;
    expect(
      pol4(step({}, { environment: { TOKEN: "${upstash_redis_database.sessions.password}" } }))[0],
    ).toMatch(refused);
    expect(pol4(step({ endpoint: "evil.example.com" }))[0]).toMatch(refused);
    expect(pol4(step({ userSecret: "${google_secret_manager_secret.rest.id}" }))[0]).toMatch(refused);
    expect(pol4(step({ user: "default" }))[0]).toMatch(refused);
    expect(pol4(step({ extra: 1 }))[0]).toMatch(refused);
    expect(pol4(step({}, { interpreter: ["bash", "-c", "apply"] }))[0]).toMatch(refused);
    expect(pol4(step({}, { command: "not json" }))[0]).toMatch(refused);
    // The spec inline in the command (quoted JSON), or an input the check cannot read, is not the kit's step.
    expect(pol4(step({}, { command: JSON.stringify(spec()) }))[0]).toMatch(refused);
    const hiddenInput = { ...step(), attrs: { ...step().attrs, input: "${local.acl_spec}" } };
    expect(pol4(hiddenInput)[0]).toMatch(refused);
    // Only terraform_data has an input for self.input to read.
    const otherType = { ...step(), type: "null_resource", address: "null_resource.acl-orders" };
    expect(pol4(otherType)[0]).toMatch(refused);
  });
});

describe("UPS-10 on whole stacks: indirection does not hide the default credentials", () => {
  /** The compliant fixture with its database restricted (HIPAA), one ACL user, and the default password ungranted. */
  function hipaaStack(): StackJson {
    const json = compliantStack();
    const resources = json.resource as Record<string, Record<string, Json>>;
    (resources.upstash_redis_database.sessions["//"] as Json).data_classification = "restricted";
    delete resources.google_secret_manager_secret_iam_member["app-accessor"];
    resources.terraform_data["sessions-acl-orders"] = {
      input: {
        endpoint: "${upstash_redis_database.sessions.endpoint}",
        adminTokenSecret: "${google_secret_manager_secret.redis-password.id}",
        userSecret: "${google_secret_manager_secret.orders.id}",
        user: "orders",
        rules: ["~orders:*", "-@all", "+@read", "-@dangerous"],
      },
      provisioner: [
        {
          "local-exec": {
            interpreter: ["node", "assets/upstash-redis-acl.mjs", "apply"],
            command: "${jsonencode(self.input)}",
          },
        },
      ],
    };
    return json;
  }
  const ups10 = (json: StackJson) =>
    checkStack(json as Record<string, unknown>, { file: "x", today: "2026-06-01" })
      .findings.filter((f) => f.control === "UPS-10" || f.control === "POL-4")
      .map((f) => `${f.control} ${f.resource}: ${f.message}`);

  it("a compliant HIPAA stack has no UPS-10 or POL-4 finding", () => {
    expect(ups10(hipaaStack())).toEqual([]);
  });

  it("the password passed through a local, or granted through a local's secret id, is found", () => {
    const viaLocal = hipaaStack();
    (viaLocal as Json).locals = { pw: "${upstash_redis_database.sessions.password}" };
    (viaLocal.resource as Record<string, Record<string, Json>>).terraform_data.leak = {
      input: "${local.pw}",
    };
    expect(ups10(viaLocal)).toEqual([
      expect.stringMatching(
        /^UPS-10 upstash_redis_database\.sessions: terraform_data\.leak uses its default credentials/,
      ),
    ]);
    const grantViaLocal = hipaaStack();
    (grantViaLocal as Json).locals = { sid: "${google_secret_manager_secret.redis-password.id}" };
    (
      grantViaLocal.resource as Record<string, Record<string, Json>>
    ).google_secret_manager_secret_iam_member.sneaky = {
      secret_id: "${local.sid}",
      role: "roles/secretmanager.secretAccessor",
      member: "serviceAccount:app@acme.iam.gserviceaccount.com",
    };
    expect(ups10(grantViaLocal)).toEqual([
      expect.stringMatching(
        /^UPS-10 upstash_redis_database\.sessions: the default credentials in google_secret_manager_secret\.redis-password are granted/,
      ),
    ]);
  });

  it("an override that adds an environment to the kit's step is refused by POL-4", () => {
    const json = hipaaStack();
    const exec = (
      (json.resource as Record<string, Record<string, Json>>).terraform_data["sessions-acl-orders"]
        .provisioner as Json[]
    )[0]["local-exec"] as Json;
    exec.environment = { ADMIN: "${upstash_redis_database.sessions.rest_token}" };
    expect(ups10(json)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^POL-4 terraform_data\.sessions-acl-orders: provisioner local-exec/),
      ]),
    );
  });
});

describe("UPS-11: Upstash console users least privilege", () => {
  const team = (members: unknown) =>
    res("upstash_team.team", { team_name: "acme", copy_cc: false, team_members: members });
  const OK = { "owner@acme.example": "owner", "lead@acme.example": "admin", "dev@acme.example": "dev" };
  const domains = (t: ReturnType<typeof team>, list: string[]) =>
    judge("UPS-11", t, { ...ctxOf([t]), upstashEmailDomains: list });

  it("passes one owner, at most two admins, addresses in the configured domains", () => {
    expect(judge("UPS-11", team(OK))).toBe("pass");
    expect(domains(team(OK), ["acme.example"])).toBe("pass");
  });

  it("fails owners, admins, roles and addresses beyond the bounds", () => {
    expect(judge("UPS-11", team({ "a@acme.example": "admin" }))).toMatch(/has 0 owners/);
    expect(judge("UPS-11", team({ ...OK, "b@acme.example": "admin", "c@acme.example": "admin" }))).toBe(
      "fail: has 3 admins: at most 2 (everyone else is dev or finance)",
    );
    expect(judge("UPS-11", team({ ...OK, "x@acme.example": "superuser" }))).toMatch(
      /role "superuser", not one of/,
    );
    expect(domains(team({ ...OK, "me@gmail.com": "dev" }), ["acme.example"])).toBe(
      "fail: me@gmail.com is not in the company's e-mail domains (acme.example)",
    );
    // A look-alike subdomain is another domain.
    expect(domains(team({ ...OK, "me@acme.example.evil.io": "dev" }), ["acme.example"])).toMatch(
      /not in the company's/,
    );
  });

  it("fails closed on members it cannot read, and on a team outside the baseline", () => {
    expect(judge("UPS-11", team("${var.members}"))).toMatch(/^fail: cannot verify team_members/);
    expect(judge("UPS-11", team({ ...OK, "${var.extra}": "admin" }))).toMatch(
      /^fail: cannot verify team_members/,
    );
    expect(judge("UPS-11", team({ ...OK, "x@acme.example": "${local.role}" }))).toMatch(
      /^fail: cannot verify/,
    );
    const t = team(OK);
    expect(judge("UPS-11", t, ctxOf([t], { role: "workload" }))).toBe(
      "fail: an Upstash team belongs to the environment: only the baseline creates it, from redis.team in the configuration",
    );
  });
});

describe("UPS-10: default credentials granted by literal secret name", () => {
  const grantOn = (secretId: string) =>
    res("google_secret_manager_secret_iam_member.shortcut", {
      secret_id: secretId,
      role: "roles/secretmanager.secretAccessor",
      member: "serviceAccount:app@p.iam.gserviceaccount.com",
    });
  const db = redis({ "//": { data_classification: "restricted" } });
  const step = res("terraform_data.acl", {
    input: {
      endpoint: "${upstash_redis_database.sessions.endpoint}",
      adminTokenSecret: "${google_secret_manager_secret.rest.id}",
      userSecret: "${google_secret_manager_secret.user.id}",
      user: "app",
      rules: ["~*", "-@all", "+@read", "-@dangerous"],
    },
    provisioner: [
      {
        "local-exec": {
          interpreter: ["node", "upstash-redis-acl.mjs", "apply"],
          command: "${jsonencode(self.input)}",
        },
      },
    ],
  });
  const secret = res("google_secret_manager_secret.pw", { secret_id: "redis-sessions-password" });
  const version = res("google_secret_manager_secret_version.pw", {
    secret: "${google_secret_manager_secret.pw.id}",
    secret_data: "${upstash_redis_database.sessions.password}",
  });

  it("in the database's stack, a grant naming its secret by id or full name is found", () => {
    for (const id of ["redis-sessions-password", "projects/acme/secrets/redis-sessions-password"])
      expect(verdicts("UPS-10", ctxOf([db, step, secret, version, grantOn(id)]))[1]).toMatch(
        /^fail: the default credentials in google_secret_manager_secret\.pw are granted \(google_secret_manager_secret_iam_member\.shortcut\)/,
      );
  });

  it("from another stack of an environment holding PHI in Redis, a grant on a default-credential name is refused", () => {
    const grant = grantOn("projects/acme/secrets/baseline-redis-sessions-rest-token");
    expect(verdicts("UPS-10", { ...ctxOf([grant], { role: "workload" }), hipaaRedis: true })).toEqual([
      'fail: grants "projects/acme/secrets/baseline-redis-sessions-rest-token", a Redis database\'s default credentials by name: workloads get ACL users instead @ google_secret_manager_secret_iam_member.shortcut',
    ]);
    // An ACL user's own secret is what workloads are meant to get; outside PHI environments nothing is judged.
    expect(
      verdicts("UPS-10", { ...ctxOf([grantOn("payments-redis-idempotency-acl-app")]), hipaaRedis: true }),
    ).toEqual([]);
    expect(verdicts("UPS-10", ctxOf([grant]))).toEqual([]);
  });
});
