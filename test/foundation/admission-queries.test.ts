import { afterAll, describe, expect, it } from "vitest";
import { createCustomers, findReturningCustomers } from "../../src/storage/admission-queries.ts";
import { openStorageDatabase, STORAGE_KINDS } from "../utils/test-database.ts";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const open = (kind: "pglite" | "postgres") => openStorageDatabase(kind, cleanups);

describe.each(STORAGE_KINDS)("the queries of a batch of connects on %s", (kind) => {
  it("should create each new customer once, refusing an id taken before or earlier in the same batch", async () => {
    const { prisma } = await open(kind);
    expect(await createCustomers(prisma, [{ id: "taken", name: null, tokenHash: "t0" }])).toEqual([true]);
    const created = await createCustomers(prisma, [
      { id: "a", name: "Ada", tokenHash: "t1" },
      { id: "taken", name: null, tokenHash: "t2" },
      { id: "b", name: null, tokenHash: "t3" },
      { id: "a", name: "Other Ada", tokenHash: "t4" },
    ]);
    expect(created).toEqual([true, false, true, false]);
    // The first claim of an id is the one stored.
    expect(await prisma.customer.findUnique({ where: { id: "a" } })).toMatchObject({ name: "Ada", tokenHash: "t1" });
    expect(await prisma.customer.findUnique({ where: { id: "taken" } })).toMatchObject({ tokenHash: "t0" });
  });

  it("should find each customer with its latest active session, in the order asked, unknown ids undefined", async () => {
    const { prisma } = await open(kind);
    await createCustomers(prisma, [
      { id: "x", name: "X", tokenHash: "hx" },
      { id: "y", name: null, tokenHash: "hy" },
    ]);
    const session = (id: string, status: "ACTIVE" | "ENDED", updatedAt: string) =>
      prisma.session.create({
        data: { id, customerId: "x", flowVersion: 1, status, state: {}, updatedAt: new Date(updatedAt) },
      });
    await session("older", "ACTIVE", "2026-01-01T00:00:00Z");
    await session("newer", "ACTIVE", "2026-01-02T00:00:00Z");
    await session("ended", "ENDED", "2026-01-03T00:00:00Z");
    const found = await findReturningCustomers(prisma, ["y", "nobody", "x", "y"]);
    expect(found.map((entry) => entry && [entry.customer.id, entry.active?.id ?? null])).toEqual([
      ["y", null],
      undefined,
      ["x", "newer"],
      ["y", null],
    ]);
    expect(found[2]!.customer).toEqual({ id: "x", name: "X", tokenHash: "hx" });
    expect(found[2]!.active).toMatchObject({ id: "newer", customerId: "x", status: "active" });
  });
});
