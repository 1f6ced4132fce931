/**
 * The layers of the README's Layout section, enforced: every import and require of the project's source
 * (not `.gen/`, not `__tests__/`) is read with the TypeScript compiler's parser, resolved to a file, and
 * checked against the allowed arrows. A back-edge or a cycle fails here, in `npm test`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

const ROOT = resolve(__dirname, "..");
const SKIPPED_DIRECTORIES = new Set([
  "node_modules",
  ".gen",
  "__tests__",
  "cdktf.out",
  "cdktf.out.hcl",
  ".git",
  "coverage",
  "dist",
  ".stryker-tmp",
  "reports",
]);
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** One import of a module: the file importing it and the specifier as written. */
interface ImportEdge {
  readonly from: string;
  readonly specifier: string;
  /** The project file it resolves to (relative to the root), or undefined for a package. */
  readonly to: string | undefined;
  /** `import type` / `export type`: erased from the JavaScript, a dependency on a shape only. */
  readonly typeOnly?: boolean;
}

/** One specifier as written, and whether the statement is type-only. */
interface Specifier {
  readonly text: string;
  readonly typeOnly: boolean;
}

function sourceFiles(directory: string, out: string[] = []): string[] {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** Every module specifier in a file: import/export declarations, `import x = require()`, `require()`, `import()`. */
export function specifiersIn(fileName: string, text: string): Specifier[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  // A file that declares its own `require` (a local helper) does not call Node's.
  const shadowsRequire = /\b(const|let|var|function)\s+require\b/.test(text);
  const out: Specifier[] = [];
  const push = (specifier: string, typeOnly = false) => out.push({ text: specifier, typeOnly });
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      push(node.moduleSpecifier.text, node.importClause?.isTypeOnly === true);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      push(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) push(expression.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require" && !shadowsRequire;
      const isCreateRequire = ts.isIdentifier(callee) && callee.text === "createRequire";
      const [first] = node.arguments;
      if (isCreateRequire) {
        // A require made at run time loads modules tsc and this test cannot see: refuse the seam itself.
        push(`<computed createRequire() in ${fileName}>`);
      } else if (isDynamicImport || isRequire) {
        if (first && ts.isStringLiteralLike(first)) push(first.text);
        else push(`<computed ${isRequire ? "require" : "import"}() in ${fileName}>`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function resolveProjectFile(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = [
    base,
    ...[".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", ".json"].map((ext) => base + ext),
    base.replace(/\.js$/, ".ts"),
    ...["index.ts", "index.js"].map((index) => join(base, index)),
  ];
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  return relative(ROOT, found ?? base)
    .split(sep)
    .join("/");
}

/**
 * Computed requires reviewed and accepted, with why: each loads modules of a layer below the file's own,
 * so the edges it hides point the allowed way.
 */
const REVIEWED_COMPUTED_REQUIRES: Readonly<Record<string, string>> = {
  "scripts/generate-docs.ts": "loads every module of config/schema/ to document its exported schemas",
};

const FILES = sourceFiles(ROOT);
const EDGES: readonly ImportEdge[] = FILES.flatMap((path) => {
  const from = relative(ROOT, path).split(sep).join("/");
  return specifiersIn(path, readFileSync(path, "utf8")).map((specifier) => ({
    from,
    specifier: specifier.text,
    to: resolveProjectFile(path, specifier.text),
    typeOnly: specifier.typeOnly,
  }));
});

const under = (folder: string) => (file: string) => file.startsWith(`${folder}/`);
const packageName = (specifier: string): string =>
  specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];

/** The packages that make a module synthesis code rather than a pure rule. */
const SYNTHESIS_PACKAGES = new Set([
  "cdktf",
  "constructs",
  "@cdktf/provider-google",
  "@cdktf/provider-google-beta",
  "@cdktf/provider-time",
]);

/**
 * The policy's rule code: what judges a synthesized stack. The synth hook (`synth-hook.ts`, `record.ts`,
 * `suppress.ts`) is the one seam to cdktf, and the CLI (`cli.ts`, `run.ts`) loads environments from `config/`.
 */
const POLICY_RULE_CODE = (file: string): boolean =>
  under("policy")(file) &&
  ![
    "policy/synth-hook.ts",
    "policy/record.ts",
    "policy/suppress.ts",
    "policy/cli.ts",
    "policy/run.ts",
  ].includes(file);

interface LayerRule {
  readonly name: string;
  readonly applies: (file: string) => boolean;
  /** True when the import is forbidden. */
  readonly forbids: (edge: ImportEdge) => boolean;
}

const importsFolder =
  (...folders: string[]) =>
  (edge: ImportEdge): boolean =>
    edge.to !== undefined && folders.some((folder) => under(folder)(edge.to!) || edge.to === `${folder}.ts`);

export const LAYER_RULES: readonly LayerRule[] = [
  {
    name: "core/ imports nothing of the project's layers, and no cdktf",
    applies: under("core"),
    forbids: (edge) =>
      (edge.to !== undefined && !under("core")(edge.to)) ||
      SYNTHESIS_PACKAGES.has(packageName(edge.specifier)),
  },
  {
    name: "core/rules/ holds pure data and predicates: no package at all (no zod, no cdktf)",
    applies: under("core/rules"),
    forbids: (edge) => edge.to === undefined && !edge.specifier.startsWith("node:"),
  },
  {
    name: "constructs/ imports nothing from config/, stacks/, policy/, tools/, scripts/, teams/ or main.ts",
    applies: under("constructs"),
    forbids: (edge) =>
      importsFolder("config", "stacks", "policy", "tools", "scripts", "teams")(edge) || edge.to === "main.ts",
  },
  {
    name: "config/ only validates files: it imports nothing from constructs/, stacks/, policy/, tools/, scripts/, teams/",
    applies: under("config"),
    forbids: (edge) =>
      importsFolder("constructs", "stacks", "policy", "tools", "scripts", "teams")(edge) ||
      SYNTHESIS_PACKAGES.has(packageName(edge.specifier)),
  },
  {
    name: "policy/ rule code imports no cdktf, constructs or provider package, nothing from constructs/, stacks/, tools/, scripts/, and from config/ only the validated environment's types",
    applies: POLICY_RULE_CODE,
    forbids: (edge) =>
      SYNTHESIS_PACKAGES.has(packageName(edge.specifier)) ||
      importsFolder("constructs", "stacks", "tools", "scripts", "teams")(edge) ||
      (importsFolder("config")(edge) && !edge.typeOnly),
  },
  {
    name: "policy/ (hook and CLI included) imports nothing from constructs/, stacks/, tools/, scripts/, teams/",
    applies: under("policy"),
    forbids: importsFolder("constructs", "stacks", "tools", "scripts", "teams"),
  },
  {
    name: "stacks/ and teams/ import nothing from tools/ or scripts/",
    applies: (file) => under("stacks")(file) || under("teams")(file),
    forbids: importsFolder("tools", "scripts"),
  },
  {
    name: "scripts/ imports nothing from tools/ (shared code lives in the layer both use)",
    applies: under("scripts"),
    forbids: importsFolder("tools"),
  },
  {
    name: "every specifier is a literal (a computed require or import hides an edge)",
    applies: () => true,
    forbids: (edge) => edge.specifier.startsWith("<computed") && !(edge.from in REVIEWED_COMPUTED_REQUIRES),
  },
];

/** The import cycles among the project's files (Tarjan's strongly connected components of size > 1, or self-loops). */
export function cyclesIn(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (edge.to === undefined) continue;
    if (!graph.has(edge.from)) graph.set(edge.from, new Set());
    graph.get(edge.from)!.add(edge.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.has(node)) components.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return components;
}

function violations(edges: readonly ImportEdge[]): string[] {
  return LAYER_RULES.flatMap((rule) =>
    edges
      .filter((edge) => rule.applies(edge.from) && rule.forbids(edge))
      .map((edge) => `${rule.name}: ${edge.from} imports "${edge.specifier}"`),
  );
}

describe("layers (README, Layout: arrows point one way)", () => {
  it("reads the project's source and its imports", () => {
    // Guards against a walk that silently reads nothing (every rule below would then pass).
    expect(FILES.length).toBeGreaterThan(100);
    expect(EDGES.some((edge) => edge.from === "main.ts" && edge.to?.startsWith("stacks/"))).toBe(true);
    expect(
      EDGES.some((edge) => under("policy/controls")(edge.from) && edge.to?.startsWith("core/rules/")),
    ).toBe(true);
  });

  it("no module imports across a layer backwards", () => {
    expect(violations(EDGES)).toEqual([]);
  });

  it("no import cycle among the project's modules", () => {
    expect(cyclesIn(EDGES)).toEqual([]);
  });

  it("every relative import resolves to a file of the project", () => {
    const unresolved = EDGES.filter(
      (edge) => edge.to !== undefined && !existsSync(join(ROOT, edge.to)) && !edge.to.startsWith(".gen/"),
    );
    expect(unresolved.map((edge) => `${edge.from} -> ${edge.specifier}`)).toEqual([]);
  });

  describe("catches what it is meant to catch", () => {
    const edge = (from: string, specifier: string, to?: string): ImportEdge => ({ from, specifier, to });

    it.each([
      ["constructs/redis/prod-redis.ts", "../../config/errors", "config/errors.ts"],
      ["constructs/kms/key.ts", "../../policy/check", "policy/check.ts"],
      ["constructs/kms/key.ts", "../../stacks/team-stack", "stacks/team-stack.ts"],
      ["constructs/kms/key.ts", "../../tools/build-error", "tools/build-error.ts"],
      ["config/schema/redis.ts", "../../constructs/redis/naming", "constructs/redis/naming.ts"],
      ["config/regions.ts", "../stacks/team-stack", "stacks/team-stack.ts"],
      ["policy/controls/kms.ts", "cdktf", undefined],
      ["policy/controls/kms.ts", "constructs", undefined],
      ["policy/types/catalogue.ts", "@cdktf/provider-google/lib/storage-bucket", undefined],
      ["policy/check.ts", "../config/errors", "config/errors.ts"],
      ["policy/run.ts", "../constructs/kms/key", "constructs/kms/key.ts"],
      ["scripts/pin-addresses.ts", "../tools/plan-diff/stateful", "tools/plan-diff/stateful.ts"],
      ["core/rules/cidr.ts", "../../config/errors", "config/errors.ts"],
      ["core/rules/cidr.ts", "zod", undefined],
      ["core/errors.ts", "cdktf", undefined],
      ["tools/plan-diff/findings.ts", "<computed createRequire()>", undefined],
    ])("%s importing %s is a violation", (from, specifier, to) => {
      expect(violations([edge(from, specifier, to)])).toHaveLength(1);
    });

    it.each([
      ["stacks/team-stack.ts", "../constructs/kms/key", "constructs/kms/key.ts"],
      ["constructs/kms/key.ts", "../../core/rules/kms", "core/rules/kms.ts"],
      ["config/schema/redis.ts", "../../core/rules/redis", "core/rules/redis.ts"],
      ["policy/controls/upstash.ts", "../../core/rules/redis", "core/rules/redis.ts"],
      ["policy/synth-hook.ts", "cdktf", undefined],
      ["policy/run.ts", "../config/load", "config/load.ts"],
      ["policy/trust.ts", "../config/schema/environment", "config/schema/environment.ts", true],
      ["core/errors.ts", "zod", undefined],
    ])("%s importing %s is allowed", (from, specifier, to, typeOnly = false) => {
      expect(violations([{ ...edge(from, specifier, to), typeOnly }])).toEqual([]);
    });

    it("finds a cycle of two modules and of three", () => {
      expect(
        cyclesIn([edge("a.ts", "./b", "b.ts"), edge("b.ts", "./a", "a.ts"), edge("b.ts", "./c", "c.ts")]),
      ).toEqual([["a.ts", "b.ts"]]);
      expect(
        cyclesIn([edge("a.ts", "./b", "b.ts"), edge("b.ts", "./c", "c.ts"), edge("c.ts", "./a", "a.ts")]),
      ).toEqual([["a.ts", "b.ts", "c.ts"]]);
      expect(cyclesIn([edge("a.ts", "./b", "b.ts"), edge("b.ts", "./c", "c.ts")])).toEqual([]);
    });

    it("reads require(), dynamic import(), export-from and type-only imports", () => {
      const text = [
        'import type { A } from "./a";',
        'export { B } from "./b";',
        'const c = require("./c");',
        'const d = await import("./d");',
        'import e = require("./e");',
        "const f = require(name);",
      ].join("\n");
      expect(specifiersIn("x.ts", text)).toEqual([
        { text: "./a", typeOnly: true },
        { text: "./b", typeOnly: false },
        { text: "./c", typeOnly: false },
        { text: "./d", typeOnly: false },
        { text: "./e", typeOnly: false },
        { text: "<computed require() in x.ts>", typeOnly: false },
      ]);
    });
  });
});
