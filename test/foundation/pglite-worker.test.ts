import { afterEach, describe, expect, it } from "vitest";
import { PgliteWorker } from "../../src/storage/pglite-worker/pglite-worker.ts";
import { openDatabase, type Database } from "../../src/storage/open-database.ts";

const SELECT_ONE = { sql: "SELECT 1 AS one", args: [], argTypes: [] };

describe("the embedded database's worker thread", () => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it("should fail every pending and later request, and report it, when the thread dies", async () => {
    const worker = new PgliteWorker(new URL("./fixtures/dying-worker.mjs", import.meta.url));
    const pending = worker.request({ op: "query", tx: undefined, query: SELECT_ONE });
    await expect(pending).rejects.toThrow(/exited \(code 3\)/);
    expect((await worker.failed).message).toMatch(/exited \(code 3\)/);
    await expect(worker.request({ op: "query", tx: undefined, query: SELECT_ONE })).rejects.toThrow(/exited/);
  });

  it("should carry database errors across as Prisma's known errors", async () => {
    database = await openDatabase({ kind: "pglite-memory" });
    const { prisma } = database;
    await prisma.customer.create({ data: { id: "c1", name: "Ann", tokenHash: "h1" } });
    const repeated = prisma.customer.create({ data: { id: "c1", name: "Ann", tokenHash: "h2" } });
    await expect(repeated).rejects.toMatchObject({ code: "P2002" });
  });

  it("should keep a transaction's statements together and roll them back together", async () => {
    database = await openDatabase({ kind: "pglite-memory" });
    const { prisma } = database;
    const failing = prisma.$transaction(async (tx) => {
      await tx.customer.create({ data: { id: "c2", name: "Bo", tokenHash: "h3" } });
      throw new Error("changed my mind");
    });
    await expect(failing).rejects.toThrow("changed my mind");
    await prisma.$transaction([prisma.customer.create({ data: { id: "c3", name: "Cy", tokenHash: "h4" } })]);
    expect((await prisma.customer.findMany()).map((c) => c.id)).toEqual(["c3"]);
  });
});
