/**
 * Derives `policy/data/google-sensitive-attributes.json` (resource type -> attribute paths the provider
 * schema marks sensitive or write-only) from a checkout or git directory of lonegunmanb/terraform-google-schema
 * (the `terraform providers schema -json` output of hashicorp/google, embedded in Go files), at the tag that
 * matches the kit's bindings, plus the Upstash provider's schema in providers/upstash/.
 *
 *   node --import tsx scripts/derive-google-schema-data.ts <path-to-schema-checkout-or-git-dir> [tag]
 *
 * Only data is derived and committed; no code of the schema repository is copied.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const OUT = join(ROOT, "policy", "data", "google-sensitive-attributes.json");
const UPSTASH_SCHEMA = join(ROOT, "providers", "upstash", "upstash@2.0.1.json");
const DEFAULT_TAG = "v6.50.0";

interface SchemaAttribute {
  readonly sensitive?: boolean;
  readonly write_only?: boolean;
}
interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<string, { readonly block: SchemaBlock }>;
}

/** Attribute paths (`settings.root_password`) marked sensitive or write-only in a block, at any depth. */
export function sensitivePaths(block: SchemaBlock, prefix = ""): string[] {
  const paths: string[] = [];
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (attribute.sensitive || attribute.write_only) paths.push(prefix + name);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    paths.push(...sensitivePaths(nested.block, `${prefix}${name}.`));
  }
  return paths.sort();
}

function gitShow(dir: string, tag: string, path: string): string {
  // A bare mirror or a checkout: `git -C <dir> show <tag>:<path>` reads both.
  return execFileSync("git", ["-C", dir, "show", `${tag}:${path}`], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** The value of the first Go string constant: raw `...` and "..." literals joined with `+`. */
export function goStringConstant(source: string, where: string): string {
  let i = source.indexOf("const ");
  if (i < 0) throw new Error(`${where}: no string constant`);
  i = source.indexOf("=", i) + 1;
  let out = "";
  for (;;) {
    while (
      i < source.length &&
      /[\s+]/.test(source[i]) &&
      !(source[i] === "\n" && out && !/^\s*\+/.test(source.slice(i)))
    )
      i++;
    if (source[i] === "`") {
      const end = source.indexOf("`", i + 1);
      out += source.slice(i + 1, end);
      i = end + 1;
    } else if (source[i] === '"') {
      let j = i + 1;
      while (source[j] !== '"') j += source[j] === "\\" ? 2 : 1;
      out += JSON.parse(source.slice(i, j + 1)) as string;
      i = j + 1;
    } else {
      return out;
    }
    // Another literal follows only after a `+`.
    const rest = /^\s*\+\s*/.exec(source.slice(i));
    if (!rest) return out;
    i += rest[0].length;
  }
}

function googleSensitive(dir: string, tag: string): Record<string, string[]> {
  const register = gitShow(dir, tag, "generated/register.go");
  const out: Record<string, string[]> = {};
  for (const match of register.matchAll(
    /resources\["([a-z0-9_]+)"\] = resource\.([A-Za-z0-9]+)Schema\(\)/g,
  )) {
    const [, type, func] = match;
    const file = `generated/resource/${func[0].toLowerCase()}${func.slice(1)}.go`;
    const schema = JSON.parse(goStringConstant(gitShow(dir, tag, file), file)) as { block: SchemaBlock };
    const paths = sensitivePaths(schema.block);
    if (paths.length) out[type] = paths;
  }
  if (!Object.keys(out).length) throw new Error(`${dir} at ${tag}: no resource schemas found`);
  return out;
}

function upstashSensitive(): { resources: Record<string, string[]>; provider: string[] } {
  const doc = JSON.parse(readFileSync(UPSTASH_SCHEMA, "utf8")) as {
    provider_schemas: Record<
      string,
      { provider: { block: SchemaBlock }; resource_schemas?: Record<string, { block: SchemaBlock }> }
    >;
  };
  const [schema] = Object.values(doc.provider_schemas);
  const resources: Record<string, string[]> = {};
  for (const [type, r] of Object.entries(schema.resource_schemas ?? {})) {
    const paths = sensitivePaths(r.block);
    if (paths.length) resources[type] = paths;
  }
  return { resources, provider: sensitivePaths(schema.provider.block) };
}

function main(): void {
  const [dir, tag = DEFAULT_TAG] = process.argv.slice(2);
  if (!dir || !existsSync(dir)) {
    console.error("usage: scripts/derive-google-schema-data.ts <path-to-schema-checkout-or-git-dir> [tag]");
    process.exit(2);
  }
  const google = googleSensitive(dir, tag);
  const upstash = upstashSensitive();
  const doc = {
    "//": `Derived by scripts/derive-google-schema-data.ts from lonegunmanb/terraform-google-schema ${tag} (hashicorp/google 6.50.0, \`terraform providers schema -json\`) and providers/upstash/upstash@2.0.1.json: attribute paths marked sensitive or write_only, by resource type; providers.google lists the provider block credentials (access_token, credentials) by hand. Do not edit; rerun the script.`,
    resources: { ...google, ...upstash.resources },
    // The google provider block schema is not in the schema mirror; its two credential arguments are listed by hand.
    providers: {
      google: ["access_token", "credentials"],
      "google-beta": ["access_token", "credentials"],
      upstash: upstash.provider,
    },
  };
  writeFileSync(OUT, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`wrote ${OUT}: ${Object.keys(doc.resources).length} resource types`);
}

if (require.main === module) main();
