import type { EnginePorts, IntentBlockRequest } from "../engine/ports.ts";
import { noAiMetrics, type AiMetrics } from "./ai-metrics.ts";
import { createCircuitBreaker, type CircuitBreakerOptions } from "./circuit-breaker.ts";
import { createIntentPort } from "./intent-port.ts";
import type { LlmReplyOptions } from "./llm/llm-reply.ts";
import { createOpenAiClient, type OpenAiSettings } from "./llm/openai-client.ts";
import type { SentenceEmbedder } from "./offline/embeddings.ts";
import type { LineGroup, TalliedLine } from "./offline/group-similar-lines.ts";
import { deferredInThreadNlp, type OfflineNlp } from "./offline/offline-nlp.ts";
import { createWorkerNlp } from "./offline/worker-nlp.ts";
import { silentLogger, type AiLogger, type PortContext } from "./port-context.ts";
import { createReplyPort, type LoadHistory } from "./reply-port.ts";
import { createSentimentPort } from "./sentiment-port.ts";

export interface CreateAiPortsOptions {
  /** The LLM; `undefined` (no OPENAI_API_KEY / OPENAI_BASE_URL) runs offline classifiers only. @default undefined */
  openai?: OpenAiSettings | undefined;
  /** Earlier messages of a session, oldest first, for `ai` blocks. */
  history: LoadHistory;
  /** @default a logger that drops everything */
  logger?: AiLogger;
  /** From `createAiMetrics(registry)`. @default metrics that record nothing */
  metrics?: AiMetrics;
  /** When the LLM counts as down and for how long. @default 3 failures in a row, open for 30 s */
  circuitBreaker?: CircuitBreakerOptions;
  /** Bounds of `ai` replies. @default 12 history messages, 300 tokens, 2000 characters */
  reply?: LlmReplyOptions;
  /**
   * Sentence embedder of the offline intent matcher, which then runs on this thread; the caller
   * closes one it passes in.
   * @default the offline classifiers (wink and the bundled USE-lite model) in a worker thread, loaded lazily
   */
  embedder?: SentenceEmbedder;
  /** Milliseconds clock for latencies. @default performance.now */
  now?: () => number;
  /**
   * Milliseconds without a classification after which the offline classifiers' worker is
   * stopped and its memory given back (`OFFLINE_CLASSIFIERS_IDLE_SECONDS`); they load again when
   * a conversation opens or a line needs them. Not used with `embedder`.
   * @default never
   */
  unloadAfterIdleMs?: number;
}

export interface AiPorts extends Omit<EnginePorts, "callHttp"> {
  /** The same classifiers without the LLM: what a replay of stored conversations may ask. */
  offline: Pick<EnginePorts, "classifyIntent" | "classifySentiment">;
  /** Lines grouped by the offline embeddings (where they run); `undefined` without the model. */
  groupLines(lines: TalliedLine[]): Promise<LineGroup[] | undefined>;
  /** Loads the offline models now rather than on the first message; never rejects. */
  warmUp(): Promise<void>;
  /**
   * A conversation opened on a flow with these `intent` blocks (`intentBlocksOf`): load the
   * offline models unless they are loaded or loading, and, when the offline classifier is the one
   * that answers (no LLM configured), build the blocks' prototypes, so that both are ready by the
   * customer's first line. Cheap when they are. Resolves when both are done; never rejects.
   */
  prepare(intentBlocks: readonly IntentBlockRequest[]): Promise<void>;
  /** Aborts LLM calls in flight; the ports answer offline or with errors afterwards. */
  close(): Promise<void>;
}

/** The engine's AI ports: intent detection, feedback sentiment and `ai` replies. */
export function createAiPorts(options: CreateAiPortsOptions): AiPorts {
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? noAiMetrics;
  const now = options.now ?? (() => performance.now());
  const closing = new AbortController();
  const offline: OfflineNlp =
    options.embedder === undefined
      ? createWorkerNlp({
          onWarning: (warning) => logger.warn({ warning }, "offline classifiers degraded"),
          onLoaded: (embeddings) => {
            metrics.offlineModelsLoaded(true);
            logger.info(
              { embeddings },
              embeddings ? "offline AI models loaded" : "offline AI models loaded without embeddings",
            );
          },
          onUnloaded: () => {
            metrics.offlineModelsLoaded(false);
            logger.info({}, "offline AI models unloaded while idle");
          },
          ...(options.unloadAfterIdleMs !== undefined ? { unloadAfterIdleMs: options.unloadAfterIdleMs } : {}),
        })
      : deferredInThreadNlp(options.embedder, now);

  let llm: PortContext["llm"];
  if (options.openai !== undefined) {
    const settings = options.openai;
    const breaker = createCircuitBreaker({
      ...options.circuitBreaker,
      onStateChange: (state) => {
        metrics.circuitChanged(state === "open");
        logger.warn(
          { state },
          state === "open" ? "LLM keeps failing; answering offline for now" : `LLM circuit ${state}`,
        );
        options.circuitBreaker?.onStateChange?.(state);
      },
    });
    const target = {
      client: createOpenAiClient(settings),
      model: settings.model,
      timeoutMs: settings.timeoutMs,
      signal: closing.signal,
    };
    llm = { target, breaker, classifier: `openai:${settings.model}` };
  }

  const context: PortContext = { llm, metrics, logger, now };

  return {
    classifyIntent: createIntentPort(context, offline),
    classifySentiment: createSentimentPort(context, offline),
    completeReply: createReplyPort(context, options.history, options.reply),
    offline: {
      classifyIntent: createIntentPort({ ...context, llm: undefined }, offline),
      classifySentiment: createSentimentPort({ ...context, llm: undefined }, offline),
    },
    groupLines: (lines) => offline.groupLines(lines),
    async warmUp() {
      await offline.warmUp();
    },
    async prepare(intentBlocks) {
      const loading = offline.warmUp();
      if (llm === undefined && intentBlocks.length > 0) await offline.prepareIntents(intentBlocks);
      await loading;
    },
    async close() {
      closing.abort();
      await offline.close();
    },
  };
}
