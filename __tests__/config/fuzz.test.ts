import fc from "fast-check";
import { ConfigError, formatPath } from "../../config/errors";
import { parseEnvironment } from "../../config/load";
import { lower, validEnvironment, word } from "../support/environment-arbitrary";

/** Runs reported in the test names so the closing notes can quote them. */
const VALID_RUNS = 200;
const INVALID_RUNS = 400;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value in a JSON document. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const children: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : value !== null && typeof value === "object"
      ? Object.entries(value)
      : [];
  return [prefix, ...children.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))].filter((p) => p.length > 0);
}

function setAt(root: Json, path: (string | number)[], replacement: Json): Json {
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path[path.length - 1]] = replacement;
  return copy as Json;
}

/** A value of a type that no field of the schema accepts in place of the original. */
function wrongTypeFor(original: Json): Json {
  if (typeof original === "string") return 42;
  if (typeof original === "number") return "not-a-number";
  if (typeof original === "boolean") return "yes";
  if (Array.isArray(original)) return { not: "a list" };
  return 7;
}

function problemsOf(input: Json | string): string[] {
  try {
    parseEnvironment("fuzz.json", typeof input === "string" ? input : JSON.stringify(input));
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err; // an unhandled exception fails the property
  }
}

describe("config fuzzing (fast-check)", () => {
  it(`accepts every generated valid environment (${VALID_RUNS} cases)`, () => {
    fc.assert(
      fc.property(validEnvironment, (env) => {
        expect(problemsOf(env as Json)).toEqual([]);
      }),
      { numRuns: VALID_RUNS },
    );
  });

  it(`turns every wrong-typed field into the kit's own error naming that field (${INVALID_RUNS} cases)`, () => {
    fc.assert(
      fc.property(validEnvironment, fc.nat(), (env, pick) => {
        const paths = pathsOf(env as Json);
        const path = paths[pick % paths.length];
        const original = path.reduce<Json>(
          (node, key) => (node as Record<string | number, Json>)[key],
          env as Json,
        );
        const problems = problemsOf(setAt(env as Json, path, wrongTypeFor(original)));
        expect(problems.length).toBeGreaterThan(0);
        expect(problems.join("\n")).toContain(`fuzz.json: ${formatPath(path)}`);
      }),
      { numRuns: INVALID_RUNS },
    );
  });

  it(`names every unknown field, wherever it is added (${INVALID_RUNS} cases)`, () => {
    fc.assert(
      fc.property(validEnvironment, fc.nat(), word(3, 8, lower), (env, pick, key) => {
        const objects = [[], ...pathsOf(env as Json)].filter((p) => {
          const node = p.reduce<Json>((n, k) => (n as Record<string | number, Json>)[k], env as Json);
          return (
            node !== null &&
            typeof node === "object" &&
            !Array.isArray(node) &&
            // Maps keyed by the user (labels, the Upstash team's e-mail → role) have no unknown fields.
            !["labels", "members"].includes(String(p[p.length - 1]))
          );
        });
        const path = objects[pick % objects.length];
        const target = `x${key}`;
        const mutated = path.length
          ? setAt(env as Json, path, {
              ...(path.reduce<Json>(
                (n, k) => (n as Record<string | number, Json>)[k],
                env as Json,
              ) as object),
              [target]: 1,
            })
          : { ...(env as object), [target]: 1 };
        expect(problemsOf(mutated as Json).join("\n")).toContain(`unknown field; allowed fields:`);
      }),
      { numRuns: INVALID_RUNS },
    );
  });

  it(`rejects out-of-range numbers and malformed text without an unhandled exception (${INVALID_RUNS} cases)`, () => {
    fc.assert(
      fc.property(
        validEnvironment,
        fc.constantFrom(
          "kms.rotationDays",
          "kms.destroyScheduledDays",
          "storage.softDeleteDays",
          "secrets.versionDestroyDays",
        ),
        fc.oneof(
          fc.integer({ min: -1000, max: 0 }),
          fc.integer({ min: 366, max: 100000 }),
          fc.double({ min: 1.1, max: 5.9, noInteger: true }),
        ),
        (env, field, bad) => {
          const [section, key] = field.split(".");
          const mutated = { ...(env as Record<string, Json>), [section]: { [key]: bad } };
          expect(problemsOf(mutated as Json).join("\n")).toContain(
            `fuzz.json: ${field}: got ${JSON.stringify(bad)}`,
          );
        },
      ),
      { numRuns: INVALID_RUNS },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        // Any text at all: either valid or the kit's own error, never a crash.
        problemsOf(text);
      }),
      { numRuns: INVALID_RUNS },
    );
  });
});
