/** Jest transpiles with SWC (no type-checking); `npm run typecheck` type-checks separately. */
module.exports = {
  testEnvironment: "node",
  // Jest's default is one worker fewer than the cores: on the 2-core machines that is one worker, and the
  // suite takes 100 s instead of 62 s.
  maxWorkers: "100%",
  roots: ["<rootDir>/__tests__"],
  // Synthesizes the shipped environments once; tests read the JSON (see __tests__/support/shipped.ts).
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  // Removes the run's temporary directory, where every test's temporary files land (global-setup.ts).
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  // Skips cdktf's per-token stack traces as main.ts does; errors stay source-mapped (stack-traces.ts).
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/stack-traces.ts"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    ],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  snapshotFormat: { printBasicPrototype: false },
};
