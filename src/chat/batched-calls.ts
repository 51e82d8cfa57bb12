/** A call of many items at once; answers in the items' order. */
export type BatchCall<I, O> = (items: I[]) => Promise<O[]>;

/**
 * Calls that arrive while a batch is running wait and go together in the next one, as the
 * group commit does turns: a storm of a thousand connects makes a handful of queries, not two
 * thousand, and at most one batch is ever queued at the database, so turns of customers
 * already talking do not wait behind the storm. A batch that fails fails each of its calls.
 */
export class BatchedCalls<I, O> {
  readonly #call: BatchCall<I, O>;
  readonly #maxBatch: number;
  #queue: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  #running = false;

  /** @param maxBatch most items in one call. @default 500 */
  constructor(call: BatchCall<I, O>, maxBatch = 500) {
    this.#call = call;
    this.#maxBatch = maxBatch;
  }

  call(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#running) {
        this.#running = true;
        // Every connect of this turn of the event loop joins the first batch.
        setImmediate(() => void this.#run());
      }
    });
  }

  async #run(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      try {
        const answers = await this.#call(batch.map((entry) => entry.item));
        batch.forEach((entry, i) => entry.resolve(answers[i]!));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.#running = false;
  }
}
