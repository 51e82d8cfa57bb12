import { randomBytes } from "node:crypto";
import { DomainError } from "../domain-error.ts";
import { describeUnstorableText } from "../engine/index.ts";
import type { Store } from "../storage/store.ts";
import type { DeliveryStatusName, StoredDelivery, StoredWebhook } from "../storage/webhook-records.ts";
import type { NewWebhook } from "./parse-webhook-input.ts";

/** A webhook as listed: never its secret. */
export interface WebhookInfo {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  createdAt: string;
}

export interface DeliveryInfo {
  id: string;
  event: string;
  status: DeliveryStatusName;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string;
  createdAt: string;
}

/** Most deliveries one listing returns. */
const DELIVERY_PAGE = 100;

/** Registers webhooks and shows their deliveries; the one door every transport uses. */
export class WebhookService {
  readonly #store: Store;
  readonly #now: () => Date;
  readonly #nudge: () => void;

  /** `nudge` wakes the delivery worker after a redelivery. */
  constructor(deps: { store: Store; nudge: () => void; now?: () => Date }) {
    this.#store = deps.store;
    this.#nudge = deps.nudge;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Registers a webhook; the answer holds its signing secret, which is never shown again. */
  async add(input: NewWebhook): Promise<WebhookInfo & { secret: string }> {
    const webhook: StoredWebhook = {
      id: `wh_${randomBytes(12).toString("hex")}`,
      url: input.url,
      events: input.events,
      description: input.description ?? null,
      // Standard Webhooks: `whsec_` then the base64 of the key (24 random bytes).
      secret: `whsec_${randomBytes(24).toString("base64")}`,
      createdAt: this.#now(),
    };
    await this.#store.createWebhook(webhook);
    return { ...present(webhook), secret: webhook.secret };
  }

  async list(): Promise<WebhookInfo[]> {
    return (await this.#store.listWebhooks()).map(present);
  }

  /** Removes the webhook with all its deliveries: pending ones are dropped, never sent. */
  async remove(id: string): Promise<void> {
    if (!isId(id) || !(await this.#store.deleteWebhook(id)))
      throw new DomainError("NOT_FOUND", `webhook ${id} does not exist`);
  }

  /** The webhook's latest deliveries (at most 100), newest first. */
  async deliveries(webhookId: string, status?: DeliveryStatusName): Promise<DeliveryInfo[]> {
    if (!isId(webhookId) || !(await this.#store.findWebhook(webhookId)))
      throw new DomainError("NOT_FOUND", `webhook ${webhookId} does not exist`);
    const rows = await this.#store.listDeliveries({ webhookId, status, limit: DELIVERY_PAGE });
    return rows.map(presentDelivery);
  }

  /** Sends a delivery again (same `webhook-id`), now, whatever became of it. */
  async redeliver(deliveryId: string): Promise<void> {
    if (!isId(deliveryId) || !(await this.#store.redeliver(deliveryId, this.#now())))
      throw new DomainError("NOT_FOUND", `delivery ${deliveryId} does not exist`);
    this.#nudge();
  }
}

function isId(id: string): boolean {
  return id.length > 0 && id.length <= 200 && describeUnstorableText(id) === undefined;
}

function present(webhook: StoredWebhook): WebhookInfo {
  const { id, url, events, description, createdAt } = webhook;
  return { id, url, events, description, createdAt: createdAt.toISOString() };
}

function presentDelivery(delivery: StoredDelivery): DeliveryInfo {
  return {
    id: delivery.id,
    event: delivery.event,
    status: delivery.status,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    nextAttemptAt: delivery.nextAttemptAt.toISOString(),
    createdAt: delivery.createdAt.toISOString(),
  };
}
