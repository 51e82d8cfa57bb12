import { configDefaults, defineConfig } from "vitest/config";
import { HANG_MS, TEST_HANG_MS } from "./test/utils/patience.ts";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Fault injection under load runs on its own: `npm run test:reliability`.
    exclude: [...configDefaults.exclude, "test/reliability/**"],
    // Sets TEST_DATABASE_URL / TEST_REDIS_URL when PostgreSQL and Redis answer on their
    // default local ports and the variables are unset (empty: skip those tests).
    globalSetup: ["test/utils/find-local-services.ts"],
    // Tests wait for events, never for the clock: these only bound a hang, generously, since a
    // busy machine runs everything many times slower (test/utils/patience.ts). Waits in
    // test/utils give up earlier, with a message that says what they waited for.
    testTimeout: TEST_HANG_MS,
    hookTimeout: TEST_HANG_MS,
    expect: { poll: { timeout: HANG_MS } },
    // Each file starts its own server and database; two cores run two files at a time well.
    maxWorkers: 2,
  },
});
