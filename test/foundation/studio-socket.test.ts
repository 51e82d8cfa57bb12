import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { freePort } from "../utils/processes.ts";
import { RawPostgres, wire } from "../utils/raw-postgres.ts";
import { startTestApp } from "../utils/start-test-app.ts";

describe("PGLITE_SOCKET_PORT (Prisma Studio on the embedded database)", () => {
  let app: App | undefined;
  const clients: pg.Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
    await app?.stop();
    app = undefined;
  });

  async function connect(port: number): Promise<pg.Client> {
    const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres" });
    clients.push(client);
    await client.connect();
    return client;
  }

  it("should serve the running server's embedded database to a PostgreSQL client on loopback", async () => {
    const port = await freePort();
    app = await startTestApp({ PGLITE_SOCKET_PORT: String(port) });
    const client = await connect(port);
    const { rows } = await client.query<{ name: string }>(`SELECT "name" FROM "FlowConfig"`);
    expect(rows).toEqual([{ name: "Assistant" }]);
  });

  it("should give every client its own answers while several clients and the server query at once", async () => {
    const port = await freePort();
    app = await startTestApp({ PGLITE_SOCKET_PORT: String(port) });
    const database = app.database;
    // Prisma Studio opens several connections and uses unnamed and named prepared statements;
    // the server's own queries run between them.
    const connections = await Promise.all([1, 2, 3, 4].map(() => connect(port)));
    const errors: unknown[] = [];
    const answers = connections.flatMap((client, c) =>
      Array.from({ length: 25 }, async (_, i) => {
        const value = c * 1000 + i;
        try {
          if (i % 3 === 2) {
            // A simple query drops the session's unnamed statement.
            const { rows } = await client.query<{ c: number }>(`SELECT ${c}::int AS c`);
            return rows[0]?.c === c;
          }
          const { rows } = await client.query<{ n: number; c: number }>({
            ...(i % 3 === 0 ? { name: `statement-${c}` } : {}),
            text: `SELECT $1::int AS n, ${c}::int AS c`,
            values: [value],
          });
          return rows[0]?.n === value && rows[0]?.c === c;
        } catch (error) {
          errors.push(error);
          return false;
        }
      }),
    );
    const serverQueries = Array.from({ length: 25 }, (_, i) =>
      database.prisma.$queryRawUnsafe<Array<{ s: string }>>(`SELECT $1::text AS s, 1 AS one`, `server-${i}`),
    );
    const [ok, served] = await Promise.all([Promise.all(answers), Promise.all(serverQueries)]);
    expect(errors.map(String)).toEqual([]);
    expect(ok.every(Boolean)).toBe(true);
    expect(served.map((rows) => rows[0]?.s)).toEqual(served.map((_, i) => `server-${i}`));
  });

  it("should keep a client's transaction to itself and roll it back when the client leaves", async () => {
    const port = await freePort();
    app = await startTestApp({ PGLITE_SOCKET_PORT: String(port) });
    const [a, b] = await Promise.all([connect(port), connect(port)]);
    await a.query("BEGIN");
    await a.query(`UPDATE "FlowConfig" SET "name" = 'changed'`);
    const seenByB = b.query<{ name: string }>(`SELECT "name" FROM "FlowConfig"`);
    await a.end();
    expect((await seenByB).rows).toEqual([{ name: "Assistant" }]);
    expect(await app.database.prisma.flowConfig.findMany({ select: { name: true } })).toEqual([{ name: "Assistant" }]);
  });

  it("should keep a client's exchange whole while it waits between Flush and Bind, as Prisma Studio's driver does", async () => {
    const port = await freePort();
    app = await startTestApp({ PGLITE_SOCKET_PORT: String(port) });
    const [studio, other] = await Promise.all([RawPostgres.connect(port), RawPostgres.connect(port)]);
    try {
      // postgres.js: Parse and Describe an unnamed statement, Flush, read the parameter types,
      // then Bind, Execute, Sync. A simple query from another connection in between drops the
      // unnamed statement (26000 "unnamed prepared statement does not exist").
      studio.send(wire.parse("SELECT $1::int AS n"), wire.describeStatement(), wire.flush());
      other.send(wire.query("SELECT 1"));
      expect(await studio.until("T")).toEqual(["1", "t", "T"]);
      studio.send(wire.bind(["7"]), wire.execute(), wire.sync());
      expect(await studio.until("Z")).toEqual(["2", "D", "C", "Z"]);
      expect(await other.until("Z")).toEqual(["T", "D", "C", "Z"]);
    } finally {
      studio.end();
      other.end();
    }
  });

  it("should not disturb a client's statements while other clients connect", async () => {
    const port = await freePort();
    app = await startTestApp({ PGLITE_SOCKET_PORT: String(port) });
    const busy = await connect(port);
    const queries = (async () => {
      for (let i = 0; i < 30; i++) {
        const { rows } = await busy.query<{ n: number }>({ text: "SELECT $1::int AS n", values: [i] });
        expect(rows).toEqual([{ n: i }]);
      }
    })();
    const connections = (async () => {
      for (let i = 0; i < 15; i++) await (await connect(port)).end();
    })();
    await Promise.all([queries, connections]);
  });
});
