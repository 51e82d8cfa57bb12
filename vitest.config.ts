import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Fault injection under load runs on its own: `npm run test:reliability`.
    exclude: [...configDefaults.exclude, "test/reliability/**"],
    // Sets TEST_DATABASE_URL / TEST_REDIS_URL when PostgreSQL and Redis answer on their
    // default local ports and the variables are unset (empty: skip those tests).
    globalSetup: ["test/utils/find-local-services.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each file starts its own server and database; two cores run two files at a time well.
    maxWorkers: 2,
  },
});
