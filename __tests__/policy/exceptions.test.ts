import { ConfigError } from "../../config/errors";
import { checkStack } from "../../policy/check";
import { parseExceptionsFile } from "../../policy/exceptions";
import { compliantStack } from "./fixtures";

const TODAY = "2026-06-01";

function problems(text: string): readonly string[] {
  try {
    parseExceptionsFile("config/exceptions/prod.yaml", text);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

const ENTRY = `exceptions:
  - control: UPS-5
    resource: upstash_redis_database.sessions
    reason: Sessions database is a pure cache; evicting keys only logs users out.
    owner: platform@example.com
    expires: "2026-09-30"
`;

describe("exceptions files (config/exceptions/<env>.yaml)", () => {
  it("parses a valid entry with what it covers and where it was declared", () => {
    expect(parseExceptionsFile("config/exceptions/prod.yaml", ENTRY)).toEqual([
      {
        control: "UPS-5",
        target: "upstash_redis_database.sessions",
        reason: "Sessions database is a pure cache; evicting keys only logs users out.",
        owner: "platform@example.com",
        expires: "2026-09-30",
        source: "config/exceptions/prod.yaml: exceptions[0]",
      },
    ]);
  });

  it("a valid exception waives exactly the finding it names and is listed with reason, owner and expiry", () => {
    const json = compliantStack();
    json.resource.upstash_redis_database.sessions.eviction = true;
    const report = checkStack(json as unknown as Record<string, unknown>, {
      file: "x",
      today: TODAY,
      exceptions: parseExceptionsFile("prod.yaml", ENTRY),
    });
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toHaveLength(1);
    expect(report.suppressed[0]).toMatchObject({
      control: "UPS-5",
      resource: "upstash_redis_database.sessions",
      message: "eviction is true",
      exception: { owner: "platform@example.com", expires: "2026-09-30" },
    });
  });

  it("UPS-8 is an error in production: a single-region database fails the check unless an exception waives it", () => {
    const json = compliantStack();
    json.resource.upstash_redis_database.sessions.region = "eu-west-1";
    const unwaived = checkStack(json as unknown as Record<string, unknown>, { file: "x", today: TODAY });
    expect(unwaived.findings.filter((f) => f.control === "UPS-8").map((f) => f.severity)).toEqual(["error"]);
    const waived = checkStack(json as unknown as Record<string, unknown>, {
      file: "x",
      today: TODAY,
      exceptions: parseExceptionsFile(
        "prod.yaml",
        ENTRY.replace("UPS-5", "UPS-8").replace(
          "Sessions database is a pure cache; evicting keys only logs users out.",
          "Read regions wait for the data residency review.",
        ),
      ),
    });
    expect(waived.findings).toEqual([]);
    expect(waived.suppressed.map((s) => s.control)).toEqual(["UPS-8"]);
  });

  it("IDP-1 in production: optional MFA is an error unless an exception waives it", () => {
    const json = compliantStack();
    json.resource.google_identity_platform_config.auth.mfa = { state: "ENABLED" };
    const unwaived = checkStack(json as unknown as Record<string, unknown>, { file: "x", today: TODAY });
    expect(unwaived.findings.filter((f) => f.control === "IDP-1").map((f) => f.severity)).toEqual(["error"]);
    const waived = checkStack(json as unknown as Record<string, unknown>, {
      file: "x",
      today: TODAY,
      exceptions: parseExceptionsFile(
        "prod.yaml",
        ENTRY.replace("UPS-5", "IDP-1")
          .replace("upstash_redis_database.sessions", "google_identity_platform_config.auth")
          .replace(
            "Sessions database is a pure cache; evicting keys only logs users out.",
            "MFA becomes mandatory once every user has enrolled a second factor.",
          ),
      ),
    });
    expect(waived.findings).toEqual([]);
    expect(waived.suppressed.map((s) => s.control)).toEqual(["IDP-1"]);
  });

  it("an exception for a construct path prefix covers the resources below it; one that matches nothing is reported unused", () => {
    const json = compliantStack();
    json.resource.google_storage_bucket.data.location = "EUROPE-WEST1";
    const exceptions = parseExceptionsFile(
      "prod.yaml",
      `exceptions:
  - control: GCS-8
    resource: baseline-test/data
    reason: Data residency requires a single region for this bucket.
    owner: data-team
    expires: "2026-11-27"
  - control: GCS-1
    resource: google_storage_bucket.gone
    reason: Leftover exception for a bucket that no longer exists.
    owner: data-team
    expires: "2026-11-27"
`,
    );
    const report = checkStack(json as unknown as Record<string, unknown>, {
      file: "x",
      today: TODAY,
      exceptions,
    });
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => s.resource)).toEqual(["google_storage_bucket.data"]);
    expect(report.unusedExceptions.map((e) => e.target)).toEqual(["google_storage_bucket.gone"]);
  });

  it("an expired exception waives nothing and is itself an error finding", () => {
    const json = compliantStack();
    json.resource.upstash_redis_database.sessions.eviction = true;
    const report = checkStack(json as unknown as Record<string, unknown>, {
      file: "x",
      today: "2026-10-01",
      exceptions: parseExceptionsFile("prod.yaml", ENTRY),
    });
    expect(report.suppressed).toEqual([]);
    expect(report.findings.map((f) => [f.control, f.severity, f.message.slice(0, 60)])).toEqual([
      ["UPS-5", "warning", "eviction is true"],
      ["UPS-5", "error", "exception expired on 2026-09-30 (owner platform@example.com,"],
    ]);
  });

  it("is valid on its last day", () => {
    const json = compliantStack();
    json.resource.upstash_redis_database.sessions.eviction = true;
    const report = checkStack(json as unknown as Record<string, unknown>, {
      file: "x",
      today: "2026-09-30",
      exceptions: parseExceptionsFile("prod.yaml", ENTRY),
    });
    expect(report.findings).toEqual([]);
  });

  it.each([
    [
      "a missing reason",
      ENTRY.replace(/ {4}reason: .*\n/, ""),
      "config/exceptions/prod.yaml: exceptions[0].reason: got nothing (the field is missing); required field is missing; expected string",
    ],
    [
      "a short reason",
      ENTRY.replace(/reason: .*/, "reason: it is fine"),
      'config/exceptions/prod.yaml: exceptions[0].reason: got "it is fine"; must explain the exception in at least 20 characters',
    ],
    [
      "an owner that is neither email nor team",
      ENTRY.replace(/owner: .*/, "owner: Bob Smith"),
      'config/exceptions/prod.yaml: exceptions[0].owner: got "Bob Smith"; must be an email address or a team name',
    ],
    [
      "an unquoted or malformed date",
      ENTRY.replace(/expires: .*/, 'expires: "30.09.2026"'),
      'config/exceptions/prod.yaml: exceptions[0].expires: got "30.09.2026"; must be a real date YYYY-MM-DD',
    ],
    [
      "an unknown control",
      ENTRY.replace("UPS-5", "UPS-55"),
      'config/exceptions/prod.yaml: exceptions[0].control: got "UPS-55"; must be a control id from policy/controls',
    ],
    [
      "an unknown field",
      ENTRY.replace("    owner:", "    approver: me\n    owner:"),
      "config/exceptions/prod.yaml: exceptions[0].approver: unknown field; allowed fields: control, reason, owner, expires, resource, stack",
    ],
  ])("rejects %s with a message naming file, field, value and rule", (_name, text, message) => {
    expect(problems(text)).toEqual([expect.stringContaining(message)]);
  });

  it("rejects YAML that does not parse", () => {
    expect(problems("exceptions: [")[0]).toMatch(/^config\/exceptions\/prod\.yaml: not valid YAML: /);
  });
});
