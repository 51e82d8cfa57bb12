// @ts-check
/**
 * Mutation testing of the flow engine (`npm run test:mutation`): StrykerJS changes the engine's
 * code one small mistake at a time and checks that some test fails. Reports land in
 * reports/mutation/ (git-ignored); the incremental file there lets a rerun test only the mutants
 * whose code or covering tests changed since the last run.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  mutate: ["src/engine/**/*.ts"],
  // Each mutant runs only the tests that executed its code in the first, unmutated run.
  coverageAnalysis: "perTest",
  // Code that runs while a module loads (the zod schemas, and whatever the test files build at
  // import, like their flows) gives "static" mutants, which would each rerun every test: hours
  // on two cores. Mutants that some test also runs are still tested, by those tests; only the
  // purely static ones are left out, unless MUTATION_STATIC=1 (then run one file at a time).
  ignoreStatic: process.env["MUTATION_STATIC"] !== "1",
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  reporters: ["html", "json", "clear-text", "progress"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false },
  // Two cores: two mutants at a time; pass `--concurrency 1` on a machine doing other work.
  concurrency: 2,
  // The fuzz tests take seconds; a mutant that makes them loop forever is caught by this.
  timeoutFactor: 2,
  thresholds: { high: 85, low: 70, break: null },
};
