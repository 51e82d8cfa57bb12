import type { ArgType, SqlQueryable } from "@prisma/driver-adapter-utils";
import { runForgettingArgs } from "./forget-query-args.ts";
import { SENDER_ROW, SENTIMENT_ROW } from "./map-rows.ts";
import type { TurnWrite } from "./turn-writes.ts";
import { outboxCte } from "./webhook-outbox.ts";

const LITERAL: ArgType = { scalarType: "string", arity: "scalar" };
const QUOTED = /["\\]/g;
const NEEDS_ESCAPE = /["\\]/;

/** One element of a column's array parameter. */
export type Cell = string | number | boolean | null | undefined;

/**
 * A Postgres array literal of `values`, every element quoted (`null` and `undefined` are NULL,
 * as the drivers have it): what the drivers would otherwise build from a JS array, element by
 * element, on the database's side of the worker boundary. One string crosses to the PGlite
 * thread instead of an array.
 *
 * The elements are joined once, into one flat string (a column without NULLs by one `join`
 * whose separator carries the quotes), and only a text holding a quote or a backslash is copied
 * to escape them: the batch's literals were the main thread's largest allocation under a closed
 * loop (bench/README.md, Throughput).
 */
export function arrayLiteral(values: readonly Cell[]): string {
  if (values.length === 0) return "{}";
  const texts = new Array<string>(values.length);
  let nulls = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      texts[i] = "NULL";
      nulls = true;
    } else {
      const text = typeof value === "string" ? value : String(value);
      texts[i] = NEEDS_ESCAPE.test(text) ? text.replace(QUOTED, "\\$&") : text;
    }
  }
  if (!nulls) return `{"${texts.join('","')}"}`;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== null && values[i] !== undefined) texts[i] = `"${texts[i]}"`;
  }
  return `{${texts.join(",")}}`;
}

/**
 * A `jsonb[]` column from one JSON array parameter: its elements are JSON texts already
 * (`JSON.stringify`'s) or `null` (SQL NULL; no column takes a bare JSON `null`), so they are
 * joined as they are instead of quoted and escaped into an array literal, which copied every
 * JSON text once more for its quotes (the main thread's largest allocation of a batch).
 */
function jsonColumn(args: string[], values: readonly Cell[]): string {
  const json = `[${values.map((value) => (value === null || value === undefined ? "null" : String(value))).join(",")}]`;
  return `ARRAY(SELECT NULLIF(j.e, 'null') FROM jsonb_array_elements($${args.push(json)}::jsonb) WITH ORDINALITY AS j(e, i) ORDER BY j.i)`;
}

/** The type tag of a `timestamp(3)` column sent as milliseconds since 1970 (see {@link timeColumn}). */
const MILLISECONDS = "ms";

/**
 * A `timestamp(3)` column from milliseconds since 1970 (UTC, as Prisma stores DateTime): one
 * `int8[]` literal, each element turned into a time by integer arithmetic. Postgres parsing an
 * ISO text took 4–5 times as long an element on the PGlite thread (1,280 elements: 8.3–11.2 ms
 * against 2.0 ms), and a turn writes about eight times; `to_timestamp(ms / 1000.0)` is as slow
 * as parsing (its `numeric` division).
 */
function timeColumn(args: string[], values: readonly Cell[]): string {
  return `ARRAY(SELECT timestamp '1970-01-01' + t.ms * interval '1 millisecond' FROM unnest($${args.push(arrayLiteral(values))}::int8[]) WITH ORDINALITY AS t(ms, i) ORDER BY t.i)`;
}

/** Columns that travel in a form of their own; any other type goes as its array literal. */
const BUILT_COLUMNS = new Map<string, (args: string[], values: readonly Cell[]) => string>([
  ["jsonb", jsonColumn],
  [MILLISECONDS, timeColumn],
]);

/** What a batch wrote: the sessions whose turn committed, and the webhook deliveries their events made. */
export interface BatchCommit {
  committed: Set<string>;
  deliveries: number;
}

/** {@link writeTurnBatch}, answering only the sessions whose turn was written. */
export async function commitTurnBatch(driver: SqlQueryable, writes: readonly TurnWrite[]): Promise<Set<string>> {
  return (await writeTurnBatch(driver, writes)).committed;
}

/**
 * Writes the turns of many sessions in ONE statement: every column travels as one array
 * parameter (`unnest`), so the cost hardly depends on the row count, and data-modifying CTEs
 * make it atomic without a transaction round trip. Each turn keeps its own optimistic check: a
 * session whose turn counter moved (another instance wrote first) is left out with its rows,
 * and the others commit. The webhook outbox (webhook-outbox.ts) adds its CTE, so a turn's
 * events are written with it or not at all.
 *
 * It goes to the driver adapter directly: Prisma's raw queries encode every parameter value
 * to JSON and back, which for these arrays cost more of the event loop than the rest of the
 * statement's way to the database. Each array goes as its literal text ({@link arrayLiteral}),
 * built here: the PGlite thread, which runs the statement, is the busier of the two; a `jsonb`
 * column goes as one JSON array ({@link jsonColumn}), a time column as milliseconds
 * ({@link timeColumn}).
 */
export async function writeTurnBatch(driver: SqlQueryable, writes: readonly TurnWrite[]): Promise<BatchCommit> {
  const args: string[] = [];
  /** The placeholders of one array parameter per column, for `unnest`. */
  const columns = (...lists: [readonly Cell[], string][]) =>
    lists
      .map(
        ([values, type]) => BUILT_COLUMNS.get(type)?.(args, values) ?? `$${args.push(arrayLiteral(values))}::${type}[]`,
      )
      .join(", ");
  const created = writes.filter((w) => w.expectedTurn === null);
  const updated = writes.filter((w) => w.expectedTurn !== null);
  const messages = writes.flatMap((w) => w.messages.map((m) => ({ ...m, w })));
  const steps = writes.flatMap((w) => w.steps.map((s) => ({ ...s, w })));
  const feedback = writes.flatMap((w) => w.feedback.map((f) => ({ ...f, w })));
  // Times travel as milliseconds since 1970 ({@link timeColumn}).
  const at = (date: Date) => date.getTime();
  const endedAt = (w: TurnWrite) => (w.ended ? at(w.now) : null);
  const status = (w: TurnWrite) => (w.ended ? "ENDED" : "ACTIVE");
  const handoff = (w: TurnWrite) => w.handoff;
  const queue = (w: TurnWrite) => w.handoffQueue;
  const timerDue = (w: TurnWrite) => (w.timer instanceof Date ? at(w.timer) : null);

  const updatedIds = `$${args.push(arrayLiteral(updated.map((w) => w.sessionId)))}::text[]`;
  const updatedRows = columns(
    [updated.map((w) => w.expectedTurn), "int"],
    [updated.map((w) => JSON.stringify(w.state)), "jsonb"],
    [updated.map(status), "text"],
    [updated.map((w) => w.currentBlockId), "text"],
    [updated.map((w) => at(w.now)), MILLISECONDS],
    [updated.map(endedAt), MILLISECONDS],
    [updated.map(handoff), "text"],
    [updated.map(queue), "text"],
    [updated.map((w) => w.timer === "keep"), "bool"],
    [updated.map(timerDue), MILLISECONDS],
  );
  const createdRows = columns(
    [created.map((w) => w.sessionId), "text"],
    [created.map((w) => w.customerId), "text"],
    [created.map((w) => w.flowVersion), "int"],
    [created.map(status), "text"],
    [created.map((w) => JSON.stringify(w.state)), "jsonb"],
    [created.map((w) => w.currentBlockId), "text"],
    [created.map((w) => at(w.now)), MILLISECONDS],
    [created.map(endedAt), MILLISECONDS],
    [created.map(handoff), "text"],
    [created.map(queue), "text"],
    [created.map(timerDue), MILLISECONDS],
  );
  const messageRows = columns(
    [messages.map((m) => m.id), "text"],
    [messages.map((m) => m.w.sessionId), "text"],
    [messages.map((m) => m.w.customerId), "text"],
    [messages.map((m) => SENDER_ROW[m.sender]), "text"],
    [messages.map((m) => m.text), "text"],
    [messages.map((m) => m.blockId), "text"],
    [messages.map((m) => m.clientMsgId), "text"],
    [messages.map((m) => at(m.createdAt)), MILLISECONDS],
    [messages.map((m) => (m.w.expectedTurn ?? 0) + 1), "int"],
  );
  const stepRows = columns(
    [steps.map((s) => s.w.sessionId), "text"],
    [steps.map((s) => (s.w.expectedTurn ?? 0) + 1), "int"],
    [steps.map((s) => s.blockId), "text"],
    [steps.map((s) => s.blockType), "text"],
    [steps.map((s) => s.kind), "text"],
    [steps.map((s) => (s.data === undefined ? null : JSON.stringify(s.data))), "jsonb"],
    [steps.map((s) => at(s.w.now)), MILLISECONDS],
  );
  const feedbackRows = columns(
    [feedback.map((f) => f.id), "text"],
    [feedback.map((f) => f.w.sessionId), "text"],
    [feedback.map((f) => f.w.customerId), "text"],
    [feedback.map((f) => f.rating), "int"],
    [feedback.map((f) => f.comment), "text"],
    [feedback.map((f) => SENTIMENT_ROW[f.sentiment]), "text"],
    [feedback.map((f) => f.score), "float8"],
    [feedback.map((f) => f.classifier), "text"],
    [feedback.map((f) => at(f.createdAt)), MILLISECONDS],
  );

  const outbox = outboxCte(writes, columns);

  // The UPDATE names the ids twice: as a list, the primary key finds the rows whatever the
  // table's size (joined on the unnested ids alone, an analysed Session table was scanned whole).
  const sql = `
    WITH updated AS (
      UPDATE "Session" AS s
      SET "state" = v.state, "status" = v.status::"SessionStatus", "currentBlockId" = v.current,
          "turn" = v.expected + 1, "updatedAt" = v.now, "endedAt" = v.ended,
          "handoffStatus" = CASE v.handoff WHEN 'queue' THEN 'QUEUED'::"HandoffStatus"
            WHEN 'release' THEN 'RELEASED'::"HandoffStatus" ELSE s."handoffStatus" END,
          "handoffQueue" = CASE WHEN v.handoff = 'queue' THEN v.queue ELSE s."handoffQueue" END,
          "handoffOperatorId" = CASE WHEN v.handoff = 'queue' THEN NULL ELSE s."handoffOperatorId" END,
          "handoffOperator" = CASE WHEN v.handoff = 'queue' THEN NULL ELSE s."handoffOperator" END,
          "handoffSince" = CASE WHEN v.handoff IS NULL THEN s."handoffSince" ELSE v.now END,
          "timerDueAt" = CASE WHEN v.keep_timer THEN s."timerDueAt" ELSE v.timer END,
          "timerLeaseUntil" = CASE WHEN v.keep_timer THEN s."timerLeaseUntil" END
      FROM unnest(${updatedIds}, ${updatedRows}) AS v(id, expected, state, status, current, now, ended, handoff, queue, keep_timer, timer)
      WHERE s."id" = ANY(${updatedIds}) AND s."id" = v.id AND s."turn" = v.expected
      RETURNING s."id"
    ), created AS (
      INSERT INTO "Session" ("id", "customerId", "flowVersion", "status", "state", "currentBlockId", "turn", "createdAt", "updatedAt", "endedAt",
                             "handoffStatus", "handoffQueue", "handoffSince", "timerDueAt")
      SELECT v.id, v.customer, v.flow, v.status::"SessionStatus", v.state, v.current, 1, v.now, v.now, v.ended,
             CASE WHEN v.handoff = 'queue' THEN 'QUEUED'::"HandoffStatus" END, v.queue,
             CASE WHEN v.handoff = 'queue' THEN v.now END, v.timer
      FROM unnest(${createdRows}) AS v(id, customer, flow, status, state, current, now, ended, handoff, queue, timer)
      RETURNING "id"
    ), committed AS (
      SELECT "id" FROM updated UNION ALL SELECT "id" FROM created
    ), messages AS (
      INSERT INTO "Message" ("id", "sessionId", "customerId", "sender", "text", "blockId", "clientMsgId", "createdAt", "turn")
      SELECT m.id, m.session, m.customer, m.sender::"Sender", m.text, m.block, m.client, m.at, m.turn
      FROM unnest(${messageRows}) WITH ORDINALITY AS m(id, session, customer, sender, text, block, client, at, turn, n)
      WHERE m.session IN (SELECT "id" FROM committed)
      ORDER BY m.n
      RETURNING 1
    ), steps AS (
      INSERT INTO "Step" ("sessionId", "turn", "blockId", "blockType", "kind", "data", "createdAt")
      SELECT s.session, s.turn, s.block, s.type, s.kind, s.data, s.at
      FROM unnest(${stepRows}) WITH ORDINALITY AS s(session, turn, block, type, kind, data, at, n)
      WHERE s.session IN (SELECT "id" FROM committed)
      ORDER BY s.n
      RETURNING 1
    ), feedback AS (
      INSERT INTO "Feedback" ("id", "sessionId", "customerId", "rating", "comment", "sentiment", "score", "classifier", "createdAt")
      SELECT f.id, f.session, f.customer, f.rating, f.comment, f.sentiment::"Sentiment", f.score, f.classifier, f.at
      FROM unnest(${feedbackRows}) AS f(id, session, customer, rating, comment, sentiment, score, classifier, at)
      WHERE f.session IN (SELECT "id" FROM committed)
      RETURNING 1
    )${outbox ? `, ${outbox}` : ""}
    SELECT "id", ${outbox ? `(SELECT count(*) FROM deliveries)::int` : "0"} FROM committed`;
  const result = await runForgettingArgs({ sql, args, argTypes: args.map(() => LITERAL) }, (query) =>
    driver.queryRaw(query),
  );
  return {
    committed: new Set(result.rows.map((row) => row[0] as string)),
    deliveries: Number(result.rows[0]?.[1] ?? 0),
  };
}
