import { defineConfig } from "vitest/config";
import { HANG_MS, TEST_HANG_MS } from "./test/utils/patience.ts";

/** `npm run test:reliability`: faults injected under load (see README, "Reliability"). */
export default defineConfig({
  test: {
    // The hardening tests run again here so that their counts in the report are this run's.
    include: ["test/reliability/**/*.test.ts", "test/hardening/**/*.test.ts"],
    // PostgreSQL and Redis on their default local ports, as for `npm test` (vitest.config.ts).
    globalSetup: ["test/utils/find-local-services.ts"],
    // Only bound a hang (see vitest.config.ts); the tests' own limits are what they check.
    testTimeout: TEST_HANG_MS,
    hookTimeout: TEST_HANG_MS,
    expect: { poll: { timeout: HANG_MS } },
    // Each file drives dozens of customers; two at a time keep their timings honest.
    maxWorkers: 2,
  },
});
