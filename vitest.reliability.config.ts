import { defineConfig } from "vitest/config";

/** `npm run test:reliability`: faults injected under load (see README, "Reliability"). */
export default defineConfig({
  test: {
    include: ["test/reliability/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Each file drives dozens of customers; two at a time keep their timings honest.
    maxWorkers: 2,
  },
});
