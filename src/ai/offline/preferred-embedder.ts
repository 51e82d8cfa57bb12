import { createSentenceEmbedder, type SentenceEmbedder } from "./embeddings.ts";
import { createWorkerSentenceEmbedder } from "./worker-embedder.ts";

/**
 * The worker-thread embedder, or the same model on the calling thread when the worker cannot
 * start (no worker threads, a sandbox): slower for the event loop, but the intents still match
 * by meaning. If the model itself is missing, both fail and the matcher uses words alone.
 */
export function createPreferredEmbedder(
  options: { onError?: (error: unknown) => void } = {},
): SentenceEmbedder & { close(): Promise<void> } {
  const inWorker = createWorkerSentenceEmbedder(options);
  let chosen: Promise<SentenceEmbedder> | undefined;
  let active: SentenceEmbedder = inWorker;

  function choose(): Promise<SentenceEmbedder> {
    chosen ??= inWorker.warmUp().then((ok) => {
      if (!ok) active = createSentenceEmbedder(options);
      return active;
    });
    return chosen;
  }

  return {
    state: () => (active === inWorker && inWorker.state() === "failed" ? "loading" : active.state()),
    warmUp: async () => (await choose()).warmUp(),
    embed: async (texts) => (await choose()).embed(texts),
    close: () => inWorker.close(),
  };
}
