import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Fault injection under load runs on its own: `npm run test:reliability`.
    exclude: [...configDefaults.exclude, "test/reliability/**"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each file starts its own server and database; two cores run two files at a time well.
    maxWorkers: 2,
  },
});
