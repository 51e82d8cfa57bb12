import { deriveWebhookEvents } from "../webhooks/derive-webhook-events.ts";
import type { Prisma } from "./generated/client.ts";
import type { Cell } from "./turn-batch-writes.ts";
import type { TurnWrite } from "./turn-writes.ts";

/** A delivery's id: also its `webhook-id` header, the same on every attempt. */
const NEW_DELIVERY_ID = `'msg_' || replace(gen_random_uuid()::text, '-', '')`;

/**
 * The outbox half of the turn batch: a data-modifying CTE named `deliveries` that inserts one
 * delivery per (event × webhook subscribed to its type), for the sessions in `committed` only,
 * so an event exists exactly when the turn that caused it does. `columns` adds the unnested
 * array parameters (see turn-batch-writes.ts). `undefined` when the batch causes no event:
 * the statement then stays as it was, without a read of the webhooks.
 */
export function outboxCte(
  writes: readonly TurnWrite[],
  columns: (...lists: [readonly Cell[], string][]) => string,
): string | undefined {
  const events = writes.flatMap(deriveWebhookEvents);
  if (events.length === 0) return undefined;
  const rows = columns(
    [events.map((e) => e.sessionId), "text"],
    [events.map((e) => e.type), "text"],
    [events.map((e) => JSON.stringify(e.payload)), "jsonb"],
    [events.map((e) => e.payload.timestamp), "timestamp(3)"],
  );
  return `deliveries AS (
      INSERT INTO "WebhookDelivery" ("id", "webhookId", "event", "payload", "nextAttemptAt", "retrySince", "createdAt")
      SELECT ${NEW_DELIVERY_ID}, w."id", e.type, e.payload, e.at, e.at, e.at
      FROM unnest(${rows}) WITH ORDINALITY AS e(session, type, payload, at, n)
      JOIN "Webhook" AS w ON e.type = ANY(w."events")
      WHERE e.session IN (SELECT "id" FROM committed)
      ORDER BY e.n, w."createdAt"
      RETURNING 1
    )`;
}

/**
 * The outbox for one turn written through Prisma (a refused batch's turns are retried one by
 * one): inside the turn's transaction. Returns how many deliveries it wrote.
 */
export async function insertOutboxRows(tx: Prisma.TransactionClient, write: TurnWrite): Promise<number> {
  const events = deriveWebhookEvents(write);
  if (events.length === 0) return 0;
  const webhooks = await tx.webhook.findMany({
    where: { events: { hasSome: events.map((e) => e.type) } },
    select: { id: true, events: true },
    orderBy: { createdAt: "asc" },
  });
  const data = events.flatMap((e) =>
    webhooks
      .filter((w) => w.events.includes(e.type))
      .map((w) => ({
        id: `msg_${crypto.randomUUID().replaceAll("-", "")}`,
        webhookId: w.id,
        event: e.type,
        payload: e.payload as unknown as Prisma.InputJsonValue,
        nextAttemptAt: write.now,
        retrySince: write.now,
        createdAt: write.now,
      })),
  );
  if (data.length) await tx.webhookDelivery.createMany({ data });
  return data.length;
}
