import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { freePort } from "../utils/processes.ts";
import { startTestApp } from "../utils/start-test-app.ts";

describe("PGLITE_SOCKET_PORT (Prisma Studio on the embedded database)", () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it("should serve the running server's embedded database to a PostgreSQL client on loopback", async () => {
    const port = await freePort();
    app = await startTestApp({ PGLITE_SOCKET_PORT: String(port) });
    const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres" });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(`SELECT "name" FROM "FlowConfig"`);
      expect(rows).toEqual([{ name: "Assistant" }]);
    } finally {
      await client.end();
    }
  });
});
