// Run by postinstall: dumps a freshly initialised and migrated embedded database, so that the
// first `npm start` and every in-memory test database skip PGlite's slow initdb.
import { PrismaPGlite } from "pglite-prisma-adapter";
import { applyMigrations } from "../src/storage/apply-migrations.ts";
import { TEMPLATE_FILE, writeTemplate } from "../src/storage/pglite-template.ts";
import type { Database } from "../src/storage/open-database.ts";

const started = performance.now();
await writeTemplate(async (pglite) => {
  const factory = new PrismaPGlite(pglite);
  const database = {
    target: { kind: "pglite-memory" },
    migrationAdapter: () => ({ factory, release: async () => {} }),
  } as unknown as Database;
  await applyMigrations(database);
});
console.log(`chatflow: embedded database template in ${TEMPLATE_FILE} (${Math.round(performance.now() - started)} ms)`);
