import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each file starts its own server and database; two cores run two files at a time well.
    maxWorkers: 2,
  },
});
