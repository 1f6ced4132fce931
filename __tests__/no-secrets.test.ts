import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { shippedSynthDir } from "./support/shipped";

const ROOT = join(__dirname, "..");

/** Credential shapes that must never appear in the repo, synthesized output or snapshots (SEC-6, UPS-6). */
const CREDENTIAL_PATTERNS: [string, RegExp][] = [
  ["private key block", /-----BEGIN (?:RSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/],
  ["service account key file", /"private_key_id"\s*:\s*"[0-9a-f]{20,}"/],
  ["Google API key", /AIza[0-9A-Za-z_-]{35}/],
  ["OAuth client secret", /GOCSPX-[0-9A-Za-z_-]{20,}/],
  ["AWS access key", /AKIA[0-9A-Z]{16}/],
  ["GitHub token", /gh[pousr]_[0-9A-Za-z]{36}/],
  ["Slack token", /xox[abprs]-[0-9A-Za-z-]{10,}/],
  ["PagerDuty integration key", /"service_key"\s*:\s*"[0-9a-f]{32}"/],
  [
    "credential assigned a literal",
    /["']?(?:password|passwd|api_?key|apiKey|rest_token|read_only_rest_token|secret_data|auth_token|service_key)["']?\s*[:=]\s*["'](?!\$\{|\(sensitive\))[^"'\s]{8,}["']/i,
  ],
];

/** Attributes whose values in synthesized JSON must be Terraform references, never literals. */
const SECRET_ATTRIBUTES =
  /^(password|secret_data|secret_data_wo|auth_token|service_key|api_key|rest_token|read_only_rest_token)$/;

function findings(file: string, text: string): string[] {
  return CREDENTIAL_PATTERNS.filter(([, pattern]) => pattern.test(text)).map(([name]) => `${file}: ${name}`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every string value under a key matching SECRET_ATTRIBUTES, with its JSON path. */
function literalSecretValues(node: unknown, path = ""): string[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => literalSecretValues(v, `${path}[${i}]`));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const here = path ? `${path}.${key}` : key;
    if (SECRET_ATTRIBUTES.test(key) && typeof value === "string" && !/^\$\{.+\}$/s.test(value)) return [here];
    return literalSecretValues(value, here);
  });
}

describe("no secrets anywhere (SEC-6, UPS-6)", () => {
  it("the patterns catch what they are meant to catch", () => {
    const fakeKey = ["-----BEGIN", "PRIVATE KEY-----"].join(" ");
    expect(findings("x", fakeKey)).toEqual(["x: private key block"]);
    expect(findings("x", `{"password": "${"p".repeat(12)}"}`)).toEqual(["x: credential assigned a literal"]);
    expect(findings("x", `{"password": "\${random_password.db.result}"}`)).toEqual([]);
    expect(literalSecretValues({ resource: { a: { secret_data: "literal-value" } } })).toEqual([
      "resource.a.secret_data",
    ]);
    expect(
      literalSecretValues({ resource: { a: { secret_data: "${upstash_redis_database.x.password}" } } }),
    ).toEqual([]);
  });

  it("no tracked file in the repository holds a credential", () => {
    const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
      .split("\0")
      .filter((f) => f && !/^(package-lock\.json|\.gen\/)/.test(f) && !f.endsWith("no-secrets.test.ts"));
    const problems = tracked.flatMap((file) => {
      const path = join(ROOT, file);
      return statSync(path, { throwIfNoEntry: false })?.isFile()
        ? findings(file, readFileSync(path, "utf8"))
        : [];
    });
    expect(problems).toEqual([]);
  });

  it("no synthesized stack of the shipped environments holds a credential or a literal secret value", () => {
    const files = filesUnder(shippedSynthDir()).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    const problems = files.flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return [
        ...findings(file, text),
        ...literalSecretValues(JSON.parse(text)).map((p) => `${file}: literal ${p}`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it("no snapshot holds a credential", () => {
    const snapshots = filesUnder(join(ROOT, "__tests__")).filter((f) => f.endsWith(".snap"));
    expect(snapshots.length).toBeGreaterThan(0);
    expect(snapshots.flatMap((file) => findings(file, readFileSync(file, "utf8")))).toEqual([]);
  });
});
