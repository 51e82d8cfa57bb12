import { defineConfig } from "vitest/config";

/** `npm run test:reliability`: faults injected under load (see README, "Reliability"). */
export default defineConfig({
  test: {
    // The hardening tests run again here so that their counts in the report are this run's.
    include: ["test/reliability/**/*.test.ts", "test/hardening/**/*.test.ts"],
    // PostgreSQL and Redis on their default local ports, as for `npm test` (vitest.config.ts).
    globalSetup: ["test/utils/find-local-services.ts"],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Each file drives dozens of customers; two at a time keep their timings honest.
    maxWorkers: 2,
  },
});
