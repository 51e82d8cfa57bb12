import type { SentenceEmbedder } from "./embeddings.ts";
import { warmUpEverydayChat } from "./everyday-chat.ts";
import { groupBySimilarity, type LineGroup, type TalliedLine } from "./group-similar-lines.ts";
import { warmUpIntentLibrary } from "./intent-library.ts";
import { createOfflineIntentMatcher } from "./intent-matcher.ts";
import type { OfflineNlp } from "./offline-nlp.ts";
import { warmUpFeedbackMeaning } from "./feedback-meaning.ts";
import { classifySentimentWithMeaning } from "./sentiment.ts";
import { warmUpWink } from "./wink.ts";

/** The offline classifiers on the calling thread (in the NLP worker, and in tests with their own embedder). */
export function createInThreadNlp(embedder: SentenceEmbedder, now?: () => number): OfflineNlp {
  const matcher = createOfflineIntentMatcher(now ? { embedder, now } : { embedder });
  return {
    classifyIntent: (request) => matcher.classify(request),
    prepareIntents: (blocks) => matcher.prepare(blocks),
    classifySentiment: (request) => classifySentimentWithMeaning(request, embedder),
    groupLines: (lines) => groupLinesByMeaning(embedder, lines),
    async warmUp() {
      warmUpWink();
      return (
        (await embedder.warmUp()) &&
        (await warmUpEverydayChat(embedder)) &&
        (await warmUpIntentLibrary(embedder)) &&
        (await warmUpFeedbackMeaning(embedder))
      );
    },
    close: async () => {},
  };
}

// One batch of the embedder at a time: a customer's line arriving meanwhile waits for one batch,
// not for every line of the report.
const EMBED_CHUNK = 64;
// As the intent matcher cuts a line: the encoder reads little of a long text, and cost grows with length.
const MAX_CHARS = 500;

async function groupLinesByMeaning(embedder: SentenceEmbedder, lines: TalliedLine[]): Promise<LineGroup[] | undefined> {
  const vectors = [];
  for (let start = 0; start < lines.length; start += EMBED_CHUNK) {
    const chunk = await embedder.embed(
      lines.slice(start, start + EMBED_CHUNK).map((line) => line.text.slice(0, MAX_CHARS)),
    );
    if (chunk === undefined) return undefined;
    vectors.push(...chunk);
  }
  return groupBySimilarity(lines, vectors);
}
