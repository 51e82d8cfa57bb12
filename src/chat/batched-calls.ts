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
  readonly #slice: number;
  #queue: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  #running = false;

  /**
   * @param maxBatch most items in one call. @default 500
   * @param slice callers resumed per turn of the event loop. @default 10
   */
  constructor(call: BatchCall<I, O>, maxBatch = 500, slice = 10) {
    this.#call = call;
    this.#maxBatch = maxBatch;
    this.#slice = slice;
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
        // A few callers per turn of the event loop: what they go on to do (a handshake, the
        // first frames) is then interleaved with other clients' frames, not done in one block.
        for (let first = 0; first < batch.length; first += this.#slice) {
          if (first > 0) await new Promise((resolve) => setImmediate(resolve));
          for (let i = first; i < Math.min(batch.length, first + this.#slice); i++) batch[i]!.resolve(answers[i]!);
        }
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.#running = false;
  }
}
