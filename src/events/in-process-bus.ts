import { EventEmitter } from "node:events";
import { topicKey, type ChatEvent, type EventBus, type Topic } from "./event-bus.ts";

/** Delivery inside this process: the default, and the local half of the Redis bus. */
export class InProcessBus implements EventBus {
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  publish(topic: Topic, event: ChatEvent): void {
    this.deliver(topicKey(topic), event);
  }

  deliver(key: string, event: ChatEvent): void {
    this.#emitter.emit(key, event);
  }

  subscribe(topic: Topic, listener: (event: ChatEvent) => void): () => void {
    const key = topicKey(topic);
    this.#emitter.on(key, listener);
    return () => this.#emitter.off(key, listener);
  }

  async close(): Promise<void> {
    this.#emitter.removeAllListeners();
  }
}
