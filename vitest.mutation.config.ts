import { defineConfig } from "vitest/config";
import { HANG_MS, TEST_HANG_MS } from "./test/utils/patience.ts";

/** Every test file that imports the engine at run time. */
const ENGINE_TESTS = [
  "test/engine/**/*.test.ts",
  "test/hardening/fuzz-flow-validator.test.ts",
  "test/hardening/fuzz-frame-parser.test.ts",
];

/**
 * The tests StrykerJS runs against each mutant of `src/engine` (`npm run test:mutation`, see
 * stryker.config.mjs): every test file that imports the engine at run time. They need no
 * database, Redis or server, so there is no `globalSetup`; tests that reach the engine only
 * through a server (test/chat, test/rest, …) are left out, as they would make each mutant cost
 * seconds of start-up. `npm test` keeps vitest.config.ts.
 *
 * - `MUTATION_TESTS`: comma-separated globs to run instead, while working on one engine file
 *   (fewer tests kill fewer mutants, so the score is then a lower bound).
 * - `FUZZ_RUNS_SCALE` (default 0.1 here): the fuzz tests try a tenth of their inputs per
 *   mutant; a mutant in code that runs while a file loads (zod schemas) reruns every test.
 */
export default defineConfig({
  test: {
    include: process.env["MUTATION_TESTS"]?.split(",") ?? ENGINE_TESTS,
    env: { FUZZ_RUNS_SCALE: process.env["FUZZ_RUNS_SCALE"] ?? "0.1" },
    testTimeout: TEST_HANG_MS,
    hookTimeout: TEST_HANG_MS,
    expect: { poll: { timeout: HANG_MS } },
  },
});
