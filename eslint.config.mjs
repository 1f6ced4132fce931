import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "cdktf.out/",
      "cdktf.out.hcl/",
      ".gen/",
      "dist/",
      "coverage/",
      ".stryker-tmp/",
      "reports/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
      },
    },
    rules: {
      // Barrel imports of the Google provider cost ~2 s and ~450 MB per process.
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-google",
              message: "Use a deep import: @cdktf/provider-google/lib/<resource>.",
            },
            {
              name: "@cdktf/provider-google-beta",
              message: "Use a deep import: @cdktf/provider-google-beta/lib/<resource>.",
            },
            {
              name: "@cdktf/provider-time",
              message: "Use a deep import: @cdktf/provider-time/lib/<resource>.",
            },
          ],
          // cdktf's internals change without notice (and cdktf is archived): public API only.
          patterns: [{ group: ["cdktf/lib/*"], message: 'Import from "cdktf" (public API) only.' }],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
