import { checkStack } from "../../../policy/check";
import { ProdRedis } from "../../../constructs/redis/prod-redis";
import type { RedisAclSpec } from "../../../constructs/redis/acl-user";
import type { TerraformStack } from "cdktf";
import { logicalIdAt, resourcesOf, synth, type SynthesizedStack } from "../../support/synth";
import { redisProps, redisTestStack } from "./support";

const APP = { member: "serviceAccount:app@p.iam.gserviceaccount.com", principalId: "app" };
const READER = { member: "serviceAccount:reader@p.iam.gserviceaccount.com", principalId: "reader" };

/** The ACL steps of a stack, by the user they create. */
function aclSteps(
  json: SynthesizedStack,
): Map<string, { body: Record<string, unknown>; spec: RedisAclSpec }> {
  const steps = new Map<string, { body: Record<string, unknown>; spec: RedisAclSpec }>();
  for (const body of Object.values(resourcesOf(json, "terraform_data"))) {
    const exec = (body.provisioner as { "local-exec": { interpreter: string[]; command: string } }[])[0][
      "local-exec"
    ];
    if (!exec.interpreter[1].endsWith("upstash-redis-acl.mjs")) continue;
    // The script's one argument is the resource's input, JSON-encoded by Terraform.
    expect(exec.command).toBe("${jsonencode(self.input)}");
    const spec = body.input as RedisAclSpec;
    steps.set(spec.user, { body, spec });
  }
  return steps;
}

/** Terraform address (`type.name`) of the resource whose construct path ends with `suffix`. */
function addressOf(json: SynthesizedStack, type: string, suffix: string): string {
  return `${type}.${logicalIdAt(json, type, suffix)}`;
}

describe("ProdRedis ACL users (UPS-10)", () => {
  let json: SynthesizedStack;
  let redis: ProdRedis;
  let granted: ReturnType<ProdRedis["grantReadWrite"]>;
  let stack: TerraformStack;

  beforeAll(() => {
    const built = redisTestStack();
    stack = built.stack;
    const secrets = built.secrets;
    redis = new ProdRedis(stack, "redis", redisProps(secrets, { dataClassification: "restricted" }));
    granted = redis.grantReadWrite(APP, { keyPatterns: ["checkout:*"] });
    redis.grantRead(READER);
    json = synth(stack);
  });

  test("grantReadWrite creates one user for the workload, with its own secret, and returns both", () => {
    expect(granted.user.userName).toBe("app");
    expect(granted.user.secret.secretId).toBe("redis-sessions-acl-app");
    // A Grant like every construct's: the principal, the role, the one binding on the user's secret.
    expect(granted.principal).toBe(APP);
    expect(granted.roles).toEqual(["roles/secretmanager.secretAccessor"]);
    expect(redis.grantReadWrite(APP, { keyPatterns: ["checkout:*"] }).binding).toBe(granted.binding);
    const bindings = Object.values(resourcesOf(json, "google_secret_manager_secret_iam_member"));
    expect(bindings.map((b) => [b.secret_id, b.member]).sort()).toEqual(
      [
        [
          `\${${addressOf(json, "google_secret_manager_secret", "redis-sessions-acl-app/secret")}.id}`,
          APP.member,
        ],
        [
          `\${${addressOf(json, "google_secret_manager_secret", "redis-sessions-acl-reader/secret")}.id}`,
          READER.member,
        ],
      ].sort(),
    );
  });

  test("the deploy step gets references and rules only: the script, the endpoint and the two secrets", () => {
    const db = addressOf(json, "upstash_redis_database", "redis/database");
    const app = aclSteps(json).get("app")!;
    expect(app.spec).toEqual({
      endpoint: `\${${db}.endpoint}`,
      adminTokenSecret: `\${${addressOf(json, "google_secret_manager_secret", "redis-sessions-rest-token/secret")}.id}`,
      userSecret: `\${${addressOf(json, "google_secret_manager_secret", "redis-sessions-acl-app/secret")}.id}`,
      user: "app",
      rules: ["~checkout:*", "-@all", "+@read", "+@write", "+@transaction", "+@connection", "-@dangerous"],
    });
    const exec = (app.body.provisioner as { "local-exec": Record<string, unknown> }[])[0]["local-exec"];
    expect((exec.interpreter as string[])[0]).toBe("node");
    expect((exec.interpreter as string[])[2]).toBe("apply");
    expect(Object.keys(exec).sort()).toEqual(["command", "interpreter"]);
    // Runs after the REST token is stored (the step reads it from Secret Manager).
    expect(app.body.depends_on).toEqual([
      addressOf(json, "google_secret_manager_secret_version", "redis-sessions-rest-token/version"),
    ]);
    expect(app.body.triggers_replace).toEqual({
      database_id: `\${${db}.database_id}`,
      user: "app",
      rules: app.spec.rules.join(" "),
      secret: app.spec.userSecret,
    });
    expect(aclSteps(json).get("reader")!.spec.rules).toEqual([
      "~*",
      "-@all",
      "+@read",
      "+@connection",
      "-@dangerous",
    ]);
  });

  test("no credential passes through Terraform: only the three secret versions read the database's credentials", () => {
    const elsewhere = JSON.stringify({ ...json.resource, google_secret_manager_secret_version: {} });
    expect(elsewhere).not.toMatch(/\.(password|rest_token|read_only_rest_token)\}/);
    expect(Object.keys(resourcesOf(json, "google_secret_manager_secret_version"))).toHaveLength(3);
  });

  test("the policy check passes it: UPS-10 and POL-4 (the step's shape) have no finding", () => {
    // With cdktf's metadata: the classification (restricted) is what puts the database in UPS-10's scope.
    const raw = JSON.parse(JSON.stringify(stack.toTerraform())) as Record<string, unknown>;
    const report = checkStack(raw, { file: "x", today: "2026-06-01" });
    const ids = report.findings.map((f) => f.control);
    expect(ids).not.toContain("UPS-10");
    expect(ids).not.toContain("POL-4");
    const ups10 = report.results.find((r) => r.control.id === "UPS-10")!;
    expect(ups10.satisfiedBy.length).toBeGreaterThan(0);
  });

  test("the same user twice is one user; the same name with other rules is refused", () => {
    expect(redis.addUser("app", { access: "read-write", keyPatterns: ["checkout:*"] })).toBe(granted.user);
    expect(() => redis.addUser("app", { access: "read" })).toThrow(
      /ProdRedis\.addUser: name: got "app"; is already a user of dev-sessions with access read-write on checkout:\*/,
    );
  });

  test("HIPAA mode refuses the default credentials", () => {
    expect(() => redis.grantDefaultCredentials(APP)).toThrow(
      /ProdRedis\.grantDefaultCredentials: principal: got "serviceAccount:app@p\.iam\.gserviceaccount\.com"; is refused: dev-sessions is in HIPAA mode/,
    );
  });
});

describe("ProdRedis ACL users: bad input and HIPAA without users", () => {
  test("names, patterns and access levels are validated before synthesis", () => {
    const { stack, secrets } = redisTestStack();
    const redis = new ProdRedis(stack, "redis", redisProps(secrets, { dataClassification: "internal" }));
    expect(() => redis.addUser("default")).toThrow(
      /RedisAclUser: name: got "default"; must not be "default"/,
    );
    expect(() => redis.addUser("Bad_Name")).toThrow(
      /RedisAclUser: name: got "Bad_Name"; must be 2-32 lowercase/,
    );
    expect(() => redis.addUser("ok", { keyPatterns: ["a b"] })).toThrow(
      /RedisAclUser: keyPatterns\[0\]: got "a b"; must be a key prefix/,
    );
    expect(() => redis.addUser("ok2", { keyPatterns: [] })).toThrow(/RedisAclUser: keyPatterns: got \[\]/);
    expect(() => redis.addUser("ok3", { access: "admin" as "read" })).toThrow(
      /RedisAclUser: access: got "admin"; must be one of: read, read-write/,
    );
    expect(() => redis.grantRead({ member: APP.member, principalId: "App.Runtime" })).toThrow(
      /RedisAclUser: name: got "App\.Runtime"/,
    );
  });

  test("a HIPAA database without ACL users fails validation; outside HIPAA it does not", () => {
    const { stack, secrets } = redisTestStack();
    const hipaa = new ProdRedis(stack, "redis", redisProps(secrets, { dataClassification: "restricted" }));
    expect(hipaa.node.validate()).toEqual([
      expect.stringMatching(/ProdRedis dev-sessions: in HIPAA mode the database needs at least one ACL user/),
    ]);
    hipaa.addUser("worker");
    expect(hipaa.node.validate()).toEqual([]);
    const other = redisTestStack();
    const plain = new ProdRedis(
      other.stack,
      "redis",
      redisProps(other.secrets, { dataClassification: "confidential" }),
    );
    expect(plain.node.validate()).toEqual([]);
  });

  test("HIPAA mode is recorded for UPS-10 beside the classification", () => {
    const { stack, secrets } = redisTestStack();
    new ProdRedis(
      stack,
      "redis",
      redisProps(secrets, { hipaa: true, dataClassification: "confidential" }),
    ).addUser("worker");
    synth(stack);
    const raw = stack.toTerraform() as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const db = Object.values(raw.resource.upstash_redis_database)[0];
    expect(db["//"]).toMatchObject({ data_classification: "confidential", hipaa_mode: true });
  });
});
