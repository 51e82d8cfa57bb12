import type { SentenceEmbedder } from "./embeddings.ts";
import { warmUpEverydayChat } from "./everyday-chat.ts";
import { createOfflineIntentMatcher } from "./intent-matcher.ts";
import type { OfflineNlp } from "./offline-nlp.ts";
import { classifySentimentOffline } from "./sentiment.ts";
import { warmUpWink } from "./wink.ts";

/** The offline classifiers on the calling thread (in the NLP worker, and in tests with their own embedder). */
export function createInThreadNlp(embedder: SentenceEmbedder, now?: () => number): OfflineNlp {
  const matcher = createOfflineIntentMatcher(now ? { embedder, now } : { embedder });
  return {
    classifyIntent: (request) => matcher.classify(request),
    classifySentiment: async (request) => classifySentimentOffline(request),
    async warmUp() {
      warmUpWink();
      return (await embedder.warmUp()) && (await warmUpEverydayChat(embedder));
    },
    close: async () => {},
  };
}
