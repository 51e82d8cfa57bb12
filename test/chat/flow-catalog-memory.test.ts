import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FlowCatalog, PARSED_FLOWS_KEPT } from "../../src/chat/flow-catalog.ts";
import { applyMigrations } from "../../src/storage/apply-migrations.ts";
import { openDatabase, type Database } from "../../src/storage/open-database.ts";
import { createStore } from "../../src/storage/store.ts";

/** A one-block flow whose message names its number, so each version is told apart. */
function numberedFlow(n: number) {
  return {
    schemaVersion: 1,
    name: `Flow ${n}`,
    start: "hello",
    blocks: [
      { id: "hello", type: "message", text: `version ${n}`, next: "bye" },
      { id: "bye", type: "end" },
    ],
  };
}

describe("parsed flow versions kept in memory", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ kind: "pglite-memory" });
    await applyMigrations(database);
  });
  afterAll(async () => {
    await database.close();
  });

  it("should still run every version after more were used than it keeps, each as stored", async () => {
    const catalog = new FlowCatalog(createStore(database));
    const versions: number[] = [];
    for (let n = 1; n <= PARSED_FLOWS_KEPT + 3; n++) {
      const upload = await catalog.uploadDocument(numberedFlow(n));
      if (!upload.ok) throw new Error(JSON.stringify(upload.errors));
      versions.push(upload.version.version);
      await catalog.flow(upload.version.version);
    }
    // The first versions were the least recently used: read and parsed again.
    for (const [index, version] of versions.entries()) {
      const flow = await catalog.flow(version);
      expect(flow.version).toBe(version);
      expect(JSON.stringify(flow)).toContain(`version ${index + 1}`);
    }
  });
});
