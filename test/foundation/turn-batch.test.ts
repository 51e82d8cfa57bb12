import { getLogs } from "@prisma/debug";
import { afterAll, describe, expect, it } from "vitest";
import { GroupCommitter } from "../../src/storage/group-commit.ts";
import type { Database } from "../../src/storage/open-database.ts";
import { arrayLiteral, commitTurnBatch } from "../../src/storage/turn-batch-writes.ts";
import { claimDueTimers } from "../../src/storage/timer-queries.ts";
import { commitTurn, type TurnWrite } from "../../src/storage/turn-writes.ts";
import { eventually } from "../utils/graphql-clients.ts";
import { openStorageDatabase, POSTGRES_SKIP_REASON, STORAGE_KINDS, TEST_DATABASE_URL } from "../utils/test-database.ts";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function open(kind: "pglite" | "postgres"): Promise<Database> {
  const database = await openStorageDatabase(kind, cleanups);
  await database.prisma.customer.create({ data: { id: "c", tokenHash: "h" } });
  return database;
}

let nextId = 0;
function turn(
  sessionId: string,
  expectedTurn: number | null,
  texts: string[],
  extra: Partial<TurnWrite> = {},
): TurnWrite {
  const now = new Date();
  return {
    sessionId,
    customerId: "c",
    flowVersion: 1,
    expectedTurn,
    state: { at: texts.at(-1) },
    currentBlockId: "wait",
    ended: false,
    messages: texts.map((text, i) => ({
      id: `m${nextId++}`,
      sender: i === 0 && expectedTurn !== null ? "customer" : "bot",
      text,
      blockId: null,
      clientMsgId: null,
      createdAt: now,
    })),
    steps: [{ blockId: "wait", blockType: "wait", kind: "entered", data: { n: texts.length } }],
    feedback: [],
    handoff: null,
    handoffQueue: null,
    timer: null,
    now,
    ...extra,
  };
}

describe("a column's array literal", () => {
  it("should quote every element, escape quotes and backslashes, and leave NULL bare", () => {
    expect(arrayLiteral([])).toBe("{}");
    expect(arrayLiteral(["a", 'say "hi"', "back\\slash", 1, true])).toBe(
      '{"a","say \\"hi\\"","back\\\\slash","1","true"}',
    );
    expect(arrayLiteral([null, "NULL", undefined, 'q"'])).toBe('{NULL,"NULL",NULL,"q\\""}');
    expect(arrayLiteral([null])).toBe("{NULL}");
  });
});

describe.each(STORAGE_KINDS)("one statement for many turns on %s", (kind) => {
  it("should write every turn whose turn counter matches and leave out the one that is stale", async () => {
    const database = await open(kind);
    expect(await commitTurnBatch(database.driver, [turn("s1", null, ["hi 1"]), turn("s2", null, ["hi 2"])])).toEqual(
      new Set(["s1", "s2"]),
    );
    const feedback = [
      {
        id: "f1",
        rating: 4,
        comment: "nice",
        sentiment: "positive" as const,
        score: 0.5,
        classifier: "t",
        createdAt: new Date(),
      },
    ];
    const committed = await commitTurnBatch(database.driver, [
      turn("s1", 1, ["a", "b", "c"], { feedback }),
      turn("s2", 7, ["stale"]),
      turn("s3", null, ["hi 3"], { ended: true }),
    ]);
    expect(committed).toEqual(new Set(["s1", "s3"]));
    const messages = await database.prisma.message.findMany({ orderBy: { seq: "asc" } });
    // Each message carries the turn that wrote it, as its steps do.
    expect(messages.map((m) => [m.text, m.turn])).toEqual([
      ["hi 1", 1],
      ["hi 2", 1],
      ["a", 2],
      ["b", 2],
      ["c", 2],
      ["hi 3", 1],
    ]);
    const sessions = await database.prisma.session.findMany({ orderBy: { id: "asc" } });
    expect(sessions.map((s) => [s.id, s.turn, s.status, s.state])).toEqual([
      ["s1", 2, "ACTIVE", { at: "c" }],
      ["s2", 1, "ACTIVE", { at: "hi 2" }],
      ["s3", 1, "ENDED", { at: "hi 3" }],
    ]);
    expect(await database.prisma.step.count({ where: { sessionId: "s2" } })).toBe(1);
    expect(await database.prisma.feedback.findMany()).toEqual([
      expect.objectContaining({ id: "f1", sessionId: "s1", sentiment: "POSITIVE", createdAt: feedback[0]!.createdAt }),
    ]);
  });

  it("should write no step or message for a session it did not write itself, Step having no foreign key", async () => {
    const database = await open(kind);
    await commitTurnBatch(database.driver, [turn("s1", null, ["hi 1"])]);
    // A session nobody created, at any turn: its update finds no row, so its rows stay out.
    const committed = await commitTurnBatch(database.driver, [turn("ghost", 3, ["boo"]), turn("s1", 1, ["next"])]);
    expect(committed).toEqual(new Set(["s1"]));
    expect(await database.prisma.step.count({ where: { sessionId: "ghost" } })).toBe(0);
    expect(await database.prisma.message.count({ where: { sessionId: "ghost" } })).toBe(0);
    expect(await database.prisma.step.count({ where: { sessionId: "s1" } })).toBe(2);
    // Message keeps its key to Session: a row naming no session is refused outright.
    await expect(
      database.prisma.message.create({
        data: { id: "orphan", sessionId: "ghost", customerId: "c", sender: "BOT", text: "x" },
      }),
    ).rejects.toThrow(/foreign key|Message_sessionId_fkey/i);
  });

  it("should store texts and JSON exactly, whatever characters an array literal quotes", async () => {
    const database = await open(kind);
    const texts = ['say "hi"', "back\\slash", "a, b", "{braces}", "NULL", "", " spaced ", "ünïcødé 🙂", "line\nbreak"];
    const write = turn("q1", null, texts, { state: { quote: '"', slash: "\\", list: ["{", "}", ","] } });
    write.messages[1]!.clientMsgId = 'id "1" \\';
    write.steps[0]!.data = { text: 'a "quoted" \\ line', nothing: null };
    expect(await commitTurnBatch(database.driver, [write])).toEqual(new Set(["q1"]));
    const messages = await database.prisma.message.findMany({ where: { sessionId: "q1" }, orderBy: { seq: "asc" } });
    expect(messages.map((m) => m.text)).toEqual(texts);
    expect(messages.map((m) => m.clientMsgId)).toEqual([null, 'id "1" \\', ...texts.slice(2).map(() => null)]);
    const session = await database.prisma.session.findUniqueOrThrow({ where: { id: "q1" } });
    expect(session.state).toEqual({ quote: '"', slash: "\\", list: ["{", "}", ","] });
    const [step] = await database.prisma.step.findMany({ where: { sessionId: "q1" } });
    expect(step?.data).toEqual({ text: 'a "quoted" \\ line', nothing: null });
  });

  it("should store every time to the millisecond, in UTC", async () => {
    const database = await open(kind);
    const now = new Date(Date.UTC(2026, 10, 23, 23, 59, 58, 7));
    const ending = turn("t1", null, ["hi"], { now, ended: true });
    ending.messages[0]!.createdAt = now;
    await commitTurnBatch(database.driver, [ending]);
    const session = await database.prisma.session.findUniqueOrThrow({ where: { id: "t1" } });
    expect([session.createdAt, session.updatedAt, session.endedAt]).toEqual([now, now, now]);
    const [message] = await database.prisma.message.findMany({ where: { sessionId: "t1" } });
    expect(message?.createdAt).toEqual(now);
  });

  it("should keep each row's own time, row by row, with times before 1970 and times left unset", async () => {
    const database = await open(kind);
    const early = new Date(Date.UTC(1969, 6, 20, 20, 17, 40, 999));
    const middle = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 1));
    const late = new Date(Date.UTC(2038, 0, 19, 3, 14, 8, 500));
    const writes = [
      turn("r1", null, ["one", "two"], { now: early, ended: true, timer: late }),
      turn("r2", null, ["three"], { now: middle }),
      turn("r3", null, ["four"], { now: late, timer: early }),
    ];
    for (const write of writes) for (const message of write.messages) message.createdAt = write.now;
    writes[0]!.messages[1]!.createdAt = middle;
    await commitTurnBatch(database.driver, writes);
    const sessions = await database.prisma.session.findMany({
      where: { id: { in: ["r1", "r2", "r3"] } },
      orderBy: { id: "asc" },
      select: { createdAt: true, updatedAt: true, endedAt: true, timerDueAt: true },
    });
    expect(sessions).toEqual([
      { createdAt: early, updatedAt: early, endedAt: early, timerDueAt: late },
      { createdAt: middle, updatedAt: middle, endedAt: null, timerDueAt: null },
      { createdAt: late, updatedAt: late, endedAt: null, timerDueAt: early },
    ]);
    const messages = await database.prisma.message.findMany({
      where: { sessionId: { in: ["r1", "r2", "r3"] } },
      select: { text: true, createdAt: true },
    });
    expect(new Map(messages.map((m) => [m.text, m.createdAt]))).toEqual(
      new Map([
        ["one", early],
        ["two", middle],
        ["three", middle],
        ["four", late],
      ]),
    );
    const steps = await database.prisma.step.findMany({
      where: { sessionId: { in: ["r1", "r2", "r3"] } },
      select: { sessionId: true, createdAt: true },
    });
    expect(new Map(steps.map((s) => [s.sessionId, s.createdAt]))).toEqual(
      new Map([
        ["r1", early],
        ["r2", middle],
        ["r3", late],
      ]),
    );

    await commitTurnBatch(database.driver, [turn("r2", 1, ["five"], { now: late, ended: true })]);
    expect(await database.prisma.session.findUniqueOrThrow({ where: { id: "r2" } })).toMatchObject({
      createdAt: middle,
      updatedAt: late,
      endedAt: late,
    });
  });

  it("should set, keep and clear a session's timer, dropping any claim on it, in a batch and alone", async () => {
    const database = await open(kind);
    const due = new Date(Date.UTC(2026, 10, 30, 10));
    const timerOf = async (id: string) =>
      database.prisma.session.findUniqueOrThrow({ where: { id }, select: { timerDueAt: true, timerLeaseUntil: true } });
    await commitTurnBatch(database.driver, [turn("k1", null, ["hi"], { timer: due })]);
    await commitTurn(database.prisma, turn("k2", null, ["hi"], { timer: due }));
    expect(await timerOf("k1")).toEqual({ timerDueAt: due, timerLeaseUntil: null });
    expect(await timerOf("k2")).toEqual({ timerDueAt: due, timerLeaseUntil: null });

    const [claimed] = await claimDueTimers(database.prisma, due, 60_000, 1);
    expect(claimed).toEqual({ sessionId: "k1", dueAt: due });
    await commitTurnBatch(database.driver, [turn("k1", 1, ["quiet"], { timer: "keep" })]);
    await commitTurn(database.prisma, turn("k2", 1, ["quiet"], { timer: "keep" }));
    expect(await timerOf("k1")).toEqual({ timerDueAt: due, timerLeaseUntil: new Date(due.getTime() + 60_000) });
    expect(await timerOf("k2")).toEqual({ timerDueAt: due, timerLeaseUntil: null });

    await commitTurnBatch(database.driver, [turn("k1", 2, ["bye"], { timer: null })]);
    await commitTurn(database.prisma, turn("k2", 2, ["bye"], { timer: null }));
    expect(await timerOf("k1")).toEqual({ timerDueAt: null, timerLeaseUntil: null });
    expect(await timerOf("k2")).toEqual({ timerDueAt: null, timerLeaseUntil: null });
  });

  it("should group turns that arrive together and retry them one by one when the group fails", async () => {
    const database = await open(kind);
    const batches: number[] = [];
    const committer = new GroupCommitter(database, { onBatch: (turns) => batches.push(turns) });
    const first = await Promise.all(["a", "b", "c", "d"].map((id) => committer.commit(turn(id, null, [`hi ${id}`]))));
    expect(first).toEqual(["committed", "committed", "committed", "committed"]);
    expect(batches).toEqual([4]);
    const clash = (id: string) => turn(id, 1, ["same"], {});
    const withClientId = (w: TurnWrite) => ({ ...w, messages: w.messages.map((m) => ({ ...m, clientMsgId: "k1" })) });
    await committer.commit(withClientId(clash("a")));
    // The repeated clientMsgId fails the whole group; the others still commit on their own.
    const second = await Promise.all([
      committer.commit(withClientId(turn("a", 2, ["again"]))),
      committer.commit(turn("b", 1, ["fine"])),
    ]);
    expect(second).toEqual(["duplicate", "committed"]);
    // Retried alone (one transaction per turn), a turn's messages still carry its turn.
    const fine = await database.prisma.message.findFirst({ where: { sessionId: "b", text: "fine" } });
    expect(fine?.turn).toBe(2);
  });

  it("should commit greetings a few to a batch, each batch taking the waiting turns first", async () => {
    const database = await open(kind);
    const batches: number[] = [];
    const committer = new GroupCommitter(database, { maxGreetings: 2, onBatch: (turns) => batches.push(turns) });
    const greetings = ["g1", "g2", "g3", "g4", "g5"].map((id) => committer.commit(turn(id, null, ["hi"]), "greeting"));
    const talking = committer.commit(turn("t", null, ["hello"]));
    expect(await Promise.all([...greetings, talking])).toEqual(Array(6).fill("committed"));
    // The turn and two greetings, then two greetings, then the last one.
    expect(batches).toEqual([3, 2, 1]);
    expect(await database.prisma.session.count({ where: { id: { in: ["g1", "g2", "g3", "g4", "g5", "t"] } } })).toBe(6);
  });
});

describe.each(STORAGE_KINDS)("two batches in flight on %s", (kind) => {
  it("should write the turns that arrive during a batch while it is still in the database", async () => {
    const database = await open(kind);
    // The real driver, each statement held until the test lets it go.
    const held: Array<() => void> = [];
    const gated = {
      ...database.driver,
      queryRaw: async (query: Parameters<typeof database.driver.queryRaw>[0]) => {
        await new Promise<void>((resolve) => held.push(resolve));
        return database.driver.queryRaw(query);
      },
    };
    const statements = () => held.length;
    const batches: number[] = [];
    const committer = new GroupCommitter(
      { prisma: database.prisma, driver: gated },
      { maxInFlight: 2, onBatch: (turns) => batches.push(turns) },
    );
    const first = committer.commit(turn("p1", null, ["one"]));
    await eventually(() => expect(statements()).toBe(1));
    const second = [committer.commit(turn("p2", null, ["two"])), committer.commit(turn("p3", null, ["three"]))];
    // The first batch is still held: the next turns went to the database beside it.
    await eventually(() => expect(statements()).toBe(2));
    const third = committer.commit(turn("p4", null, ["four"]));
    // Two are in flight: the fourth turn waits for one of them.
    await new Promise((resolve) => setImmediate(resolve));
    expect(statements()).toBe(2);
    held[1]!();
    await eventually(() => expect(statements()).toBe(3));
    held[0]!();
    held[2]!();
    expect(await Promise.all([first, ...second, third])).toEqual(Array(4).fill("committed"));
    expect(batches.sort()).toEqual([1, 1, 2]);
    expect(await database.prisma.session.count({ where: { id: { in: ["p1", "p2", "p3", "p4"] } } })).toBe(4);
  });
});

describe("a group whose connection fails", () => {
  // What the pg adapter raises when PostgreSQL drops the connection mid-statement.
  const connectionClosed = Object.assign(new Error("Server has closed the connection."), {
    name: "DriverAdapterError",
    cause: { kind: "ConnectionClosed" },
  });

  it("should reject every turn of the group without retrying them one by one", async () => {
    let transactions = 0;
    // Whether the lost statement committed is unknown: a retry could store a turn twice.
    const prisma = {
      $transaction: () => {
        transactions++;
        return Promise.resolve();
      },
    } as unknown as Database["prisma"];
    const driver = { queryRaw: () => Promise.reject(connectionClosed) } as unknown as Database["driver"];
    const failures: boolean[] = [];
    const committer = new GroupCommitter(
      { prisma, driver },
      { onBatchFailed: (_, __, retried) => failures.push(retried) },
    );
    const results = await Promise.allSettled([
      committer.commit(turn("x", 1, ["a"])),
      committer.commit(turn("y", 1, ["b"])),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(transactions).toBe(0);
    expect(failures).toEqual([false]);
  });

  it("should keep committing once the connection is back", async () => {
    let down = true;
    const driver = {
      queryRaw: () => (down ? Promise.reject(connectionClosed) : Promise.resolve({ rows: [["x"]] })),
    } as unknown as Database["driver"];
    const committer = new GroupCommitter({ prisma: {} as Database["prisma"], driver });
    await expect(committer.commit(turn("x", 1, ["a"]))).rejects.toThrow("closed the connection");
    down = false;
    expect(await committer.commit(turn("x", 1, ["a"]))).toBe("committed");
  });
});

if (!TEST_DATABASE_URL) console.warn(`[chatflow tests] ${POSTGRES_SKIP_REASON} (the pg adapter's query log)`);

// Prisma's driver adapters log every query to @prisma/debug, which keeps the last 100 calls'
// arguments even with debugging off: the batch's parameters must not stay there
// (src/storage/forget-query-args.ts). The PostgreSQL adapter logs on this thread, so its log is readable here.
describe.skipIf(!TEST_DATABASE_URL)("the turn batch through the PostgreSQL adapter", () => {
  it("should leave none of its texts in @prisma/debug's history of queries", async () => {
    const database = await open("postgres");
    const marker = `a line only this test writes ${Date.now()}`;
    expect(await commitTurnBatch(database.driver, [turn("log1", null, [marker])])).toEqual(new Set(["log1"]));
    expect(getLogs(1_000_000)).toContain("[js::query_raw]");
    expect(getLogs(1_000_000)).not.toContain(marker);
  });
});
