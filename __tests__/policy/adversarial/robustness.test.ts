/**
 * Adversarial: robustness. Never crash, never skip: malformed input exits 2 with one line naming the path,
 * a rule that throws becomes an error finding naming the control and the resource, a symlinked stack
 * directory is checked, and configuration loading reports paths instead of stack traces.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../../config/errors";
import { loadEnvironments } from "../../../config/load";
import type { ControlDefinition } from "../../../policy/model";
import { cli, first, shipped, writeStacks } from "./support";

type Json = Record<string, unknown>;

/** Asserts exit 2 with exactly one line that names `path` and matches `message`, and no stack trace. */
function expectInputError(result: ReturnType<typeof cli>, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr.split("\n")).toHaveLength(1);
}

describe("adversarial: robustness (malformed stacks through the CLI)", () => {
  it.each([
    [
      "JSON null",
      "null",
      /payments-dev\/cdk\.tf\.json: not a synthesized Terraform stack \(expected a JSON object, got null\)/,
    ],
    [
      "a JSON list",
      "[]",
      /cdk\.tf\.json: not a synthesized Terraform stack \(expected a JSON object, got a list\)/,
    ],
    [
      "a JSON number",
      "42",
      /cdk\.tf\.json: not a synthesized Terraform stack \(expected a JSON object, got number\)/,
    ],
    [
      "null outputs",
      '{"output":null}',
      /cdk\.tf\.json: "output" is null; expected an object or a list of objects/,
    ],
    ["a null resource section", '{"resource":null}', /cdk\.tf\.json: "resource" is null/],
    [
      "a UTF-8 byte order mark",
      '\uFEFF{"resource":{}}',
      /cdk\.tf\.json: starts with a UTF-8 byte order mark/,
    ],
    [
      "100k-deep nesting",
      `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
      /cdk\.tf\.json: nested deeper than 200 levels/,
    ],
    [
      "100k-deep nesting inside a resource",
      `{"resource":{"google_storage_bucket":{"b":{"labels":${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}}}}}`,
      /cdk\.tf\.json: nested deeper than 200 levels/,
    ],
    ["truncated JSON", '{"resource": {', /cdk\.tf\.json: not valid JSON: /],
  ])("%s exits 2 with one line naming the file", (_what, text, message) => {
    expectInputError(cli([writeStacks({ "payments-dev": text })]), message);
  });

  it("an exceptions file that is a directory exits 2 naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "adversarial-exceptions-"));
    mkdirSync(join(dir, "dev.yaml"));
    const result = cli([writeStacks({ "payments-dev": shipped("payments-dev") })], { exceptions: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/dev\.yaml: is a directory; expected a YAML file of exceptions/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("an exceptions file in a symlink loop exits 2 naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "adversarial-exceptions-"));
    symlinkSync(join(dir, "dev.yml"), join(dir, "dev.yaml"));
    symlinkSync(join(dir, "dev.yaml"), join(dir, "dev.yml"));
    const result = cli([writeStacks({ "payments-dev": shipped("payments-dev") })], { exceptions: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/dev\.yaml: cannot resolve: ELOOP/);
  });

  it("a symlink loop in the output directory exits 2 naming the link", () => {
    const dir = writeStacks({ "payments-dev": shipped("payments-dev") });
    symlinkSync(join(dir, "stacks"), join(dir, "stacks", "loop"));
    symlinkSync(join(dir, "stacks", "self-a"), join(dir, "stacks", "self-b"));
    symlinkSync(join(dir, "stacks", "self-b"), join(dir, "stacks", "self-a"));
    const result = cli([dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/stacks\/self-a: symlink cannot be followed: ELOOP/);
  });

  it("a symlinked stack directory is checked, not skipped", () => {
    const real = writeStacks({
      "payments-dev": (() => {
        const json = shipped("payments-dev");
        first(json, "google_storage_bucket").public_access_prevention = "inherited";
        return json;
      })(),
    });
    const dir = mkdtempSync(join(tmpdir(), "adversarial-linked-"));
    mkdirSync(join(dir, "stacks"));
    symlinkSync(join(real, "stacks", "payments-dev"), join(dir, "stacks", "payments-dev"));
    const result = cli([dir]);
    expect(result.code).toBe(1);
    expect(result.findings.map((f) => `${f.control} ${f.stack}`)).toContain("GCS-1 payments-dev");
  });

  it("a dangling symlink among the stacks exits 2 instead of being skipped", () => {
    const dir = writeStacks({ "payments-dev": shipped("payments-dev") });
    symlinkSync(join(dir, "nowhere"), join(dir, "stacks", "baseline-dev"));
    const result = cli([dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/stacks\/baseline-dev: symlink cannot be followed: ENOENT/);
  });

  it("a cdk.tf.json that is a directory exits 2 naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "adversarial-dir-"));
    mkdirSync(join(dir, "stacks", "payments-dev", "cdk.tf.json"), { recursive: true });
    const result = cli([join(dir, "stacks", "payments-dev", "cdk.tf.json")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cdk\.tf\.json: no cdk\.tf\.json found in this directory/);
  });

  it("unusual but valid JSON (deep-ish labels, unicode keys, huge numbers) does not crash the rules", () => {
    const json = shipped("payments-dev");
    const bucket = first(json, "google_storage_bucket");
    bucket.labels = { ünïcödé: "x", nested: { a: { b: { c: [1, [2, [3]]] } } } };
    bucket.soft_delete_policy = [{ retention_duration_seconds: 1e308 }];
    const result = cli([writeStacks({ "payments-dev": json })]);
    expect([0, 1]).toContain(result.code);
    expect(result.stderr).toBe("");
  });
});

describe("adversarial: robustness (a rule that throws fails closed)", () => {
  it("becomes an error finding naming the control and the resource, and the other rules still run", () => {
    jest.isolateModules(() => {
      const THROWING: ControlDefinition = {
        id: "GCS-1",
        title: "stand-in",
        severity: "error",
        why: "x",
        fix: "x",
        mappings: {},
        rule: {
          kind: "resource",
          types: ["google_storage_bucket"],
          check: () => {
            throw new TypeError("Cannot read properties of undefined (reading 'x')");
          },
        },
      };
      jest.doMock("../../../policy/controls", () => {
        const actual = jest.requireActual("../../../policy/controls");
        return {
          ...actual,
          controlsInPack: (pack: "baseline" | "hipaa") =>
            actual
              .controlsInPack(pack)
              .map((c: ControlDefinition) => (c.id === "GCS-1" ? { ...c, rule: THROWING.rule } : c)),
        };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { checkStack } = require("../../../policy/check") as typeof import("../../../policy/check");
      const report = checkStack(shipped("payments-dev"), { file: "cdk.tf.json", today: "2026-12-01" });
      const gcs1 = report.findings.filter((f) => f.control === "GCS-1");
      expect(gcs1).toEqual([
        expect.objectContaining({
          resource: expect.stringMatching(/^google_storage_bucket\./),
          severity: "error",
          message: expect.stringMatching(
            /^the rule failed on this resource \(Cannot read properties of undefined \(reading 'x'\)\)/,
          ),
        }),
      ]);
      expect(report.results.find((r) => r.control.id === "GCS-2")!.status).toBe("pass");
    });
  });

  it("a stack rule that throws becomes one stack-level error finding", () => {
    jest.isolateModules(() => {
      jest.doMock("../../../policy/controls", () => {
        const actual = jest.requireActual("../../../policy/controls");
        return {
          ...actual,
          controlsInPack: (pack: "baseline" | "hipaa") =>
            actual.controlsInPack(pack).map((c: ControlDefinition) =>
              c.id === "SEC-6"
                ? {
                    ...c,
                    rule: {
                      kind: "stack",
                      check: () => {
                        throw new RangeError("Maximum call stack size exceeded");
                      },
                    },
                  }
                : c,
            ),
        };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { checkStack } = require("../../../policy/check") as typeof import("../../../policy/check");
      const report = checkStack(shipped("payments-dev"), { file: "cdk.tf.json", today: "2026-12-01" });
      expect(report.findings.filter((f) => f.control === "SEC-6")).toEqual([
        expect.objectContaining({
          resource: "(stack)",
          message: expect.stringMatching(
            /^the rule failed on this stack \(Maximum call stack size exceeded\)/,
          ),
        }),
      ]);
    });
  });
});

describe("adversarial: robustness (configuration loading)", () => {
  function configProblems(setup: (dir: string) => void): readonly string[] {
    const dir = mkdtempSync(join(tmpdir(), "adversarial-envs-"));
    setup(dir);
    try {
      loadEnvironments({ dir });
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    return [];
  }

  it("a directory named x.yaml is a configuration error naming it", () => {
    expect(configProblems((dir) => mkdirSync(join(dir, "x.yaml")))).toEqual([
      expect.stringMatching(/x\.yaml: is a directory; expected an environment file/),
    ]);
  });

  it("duplicate notification e-mails are a configuration error, not a constructs stack trace", () => {
    const problems = configProblems((dir) =>
      writeFileSync(
        join(dir, "dup.yaml"),
        "name: dup\nprojectId: acme-dup-env\nregion: europe-west1\nnotifications:\n  emails: [a@example.com, a@example.com]\n",
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(/dup\.yaml: notifications\.emails\[1\]: got "a@example\.com"; is listed twice/),
    ]);
  });

  it("an environment file in a symlink loop is a configuration error", () => {
    const problems = configProblems((dir) => {
      symlinkSync(join(dir, "b.yaml"), join(dir, "a.yaml"));
      symlinkSync(join(dir, "a.yaml"), join(dir, "b.yaml"));
    });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join("\n")).toMatch(/a\.yaml: (file not found|cannot read)/);
  });

  it("an environments path that is a file is a configuration error", () => {
    const dir = mkdtempSync(join(tmpdir(), "adversarial-envs-"));
    writeFileSync(join(dir, "file"), "x");
    expect(() => loadEnvironments({ dir: join(dir, "file") })).toThrow(
      /not a directory of environment files/,
    );
  });

  it("the CLI reports an invalid configuration directory with exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "adversarial-envs-"));
    mkdirSync(join(dir, "dev.yaml"));
    const result = cli([writeStacks({ "payments-dev": shipped("payments-dev") }), "--config", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/invalid configuration:\n {2}- .*dev\.yaml: is a directory/);
  });

  it("a stack JSON whose resource is JSON-valid but absurd (Json values everywhere) is judged, not crashed", () => {
    const json: Json = shipped("payments-dev");
    (json.resource as Json).google_compute_firewall = {
      weird: {
        allow: [{ protocol: { nested: true } }],
        source_ranges: [1, null, true],
        direction: ["INGRESS"],
      },
    };
    const result = cli([writeStacks({ "payments-dev": json })]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    expect(result.findings.some((f) => f.resource === "google_compute_firewall.weird")).toBe(true);
  });
});
