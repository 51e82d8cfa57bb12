import { Redis } from "ioredis";
import type { Logger } from "../observability/logger.ts";
import { topicKey, type ChatEvent, type EventBus, type Topic } from "./event-bus.ts";
import { InProcessBus } from "./in-process-bus.ts";
import { redisUnreachableError } from "./redis-unreachable.ts";

interface Envelope {
  origin: string;
  event: ChatEvent;
}

/**
 * Events across instances through Redis pub/sub. Local subscribers are served directly, so
 * delivery on this instance does not depend on Redis; other instances get the event through
 * a channel per topic, subscribed only while someone here listens to it. While Redis is away,
 * publishes wait in ioredis's offline queue for two reconnection attempts, then are dropped:
 * other instances miss those live events (the history has them, they were stored first).
 */
export class RedisBus implements EventBus {
  readonly #local = new InProcessBus();
  readonly #origin = crypto.randomUUID();
  readonly #listeners = new Map<string, number>();
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #prefix: string;

  private constructor(publisher: Redis, subscriber: Redis, prefix: string, logger: Logger) {
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#prefix = prefix;
    for (const client of [publisher, subscriber]) {
      client.on("error", (error: Error) =>
        logger.warn({ err: error.message }, "redis unavailable; local delivery continues"),
      );
    }
    // ioredis resubscribes on reconnect only to the channels Redis confirmed; a subscription
    // asked for while Redis was away failed, so every channel listened to here is asked again.
    subscriber.on("ready", () => {
      const channels = [...this.#listeners.keys()].map((key) => this.#channel(key));
      if (channels.length) subscriber.subscribe(...channels).catch(() => {});
    });
    subscriber.on("message", (channel: string, payload: string) => {
      const envelope = JSON.parse(payload) as Envelope;
      if (envelope.origin !== this.#origin) this.#local.deliver(channel.slice(prefix.length + 1), envelope.event);
    });
  }

  static async connect(url: string, prefix: string, logger: Logger): Promise<RedisBus> {
    const options = { lazyConnect: true, maxRetriesPerRequest: 2 };
    const bus = new RedisBus(new Redis(url, options), new Redis(url, options), prefix, logger);
    // ioredis rejects with "Connection is closed." and reports the cause as an 'error' event.
    let cause: Error | undefined;
    const remember = (error: Error) => (cause ??= error);
    bus.#publisher.once("error", remember);
    bus.#subscriber.once("error", remember);
    try {
      await Promise.all([bus.#publisher.connect(), bus.#subscriber.connect()]);
    } catch (error) {
      bus.#subscriber.disconnect(); // no reconnecting in the background of a failed start
      bus.#publisher.disconnect();
      throw redisUnreachableError(url, cause ?? (error instanceof Error ? error : undefined));
    } finally {
      bus.#publisher.off("error", remember);
      bus.#subscriber.off("error", remember);
    }
    return bus;
  }

  publish(topic: Topic, event: ChatEvent): void {
    this.#local.publish(topic, event);
    const envelope: Envelope = { origin: this.#origin, event };
    this.#publisher.publish(this.#channel(topicKey(topic)), JSON.stringify(envelope)).catch(() => {});
  }

  subscribe(topic: Topic, listener: (event: ChatEvent) => void): () => void {
    const key = topicKey(topic);
    const unsubscribeLocal = this.#local.subscribe(topic, listener);
    const count = (this.#listeners.get(key) ?? 0) + 1;
    this.#listeners.set(key, count);
    if (count === 1) this.#subscriber.subscribe(this.#channel(key)).catch(() => {});
    return () => {
      unsubscribeLocal();
      const left = (this.#listeners.get(key) ?? 1) - 1;
      if (left > 0) return void this.#listeners.set(key, left);
      this.#listeners.delete(key);
      this.#subscriber.unsubscribe(this.#channel(key)).catch(() => {});
    };
  }

  async close(): Promise<void> {
    await this.#local.close();
    this.#subscriber.disconnect();
    this.#publisher.disconnect();
  }

  #channel(key: string): string {
    return `${this.#prefix}:${key}`;
  }
}
