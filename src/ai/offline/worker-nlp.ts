import { Worker } from "node:worker_threads";
import type { IntentBlockRequest } from "../../engine/ports.ts";
import { createBatchingEmbedder } from "./batching-embedder.ts";
import { createSentenceEmbedder } from "./embeddings.ts";
import { createIntentRefs } from "./intent-refs.ts";
import { createPostBatches } from "./post-batches.ts";
import {
  closedAnswer,
  deferredInThreadNlp,
  runNlpRequest,
  type NlpAnswer,
  type NlpMessage,
  type NlpNotice,
  type NlpReplies,
  type NlpRequest,
  type OfflineNlp,
} from "./offline-nlp.ts";

export interface WorkerNlpOptions {
  /** Told when the models fail or the worker is lost (classification goes on, degraded or on this thread). @default nothing */
  onWarning?: (message: string) => void;
  /** The worker's module (tests give one that dies). @default nlp-worker.ts */
  entry?: URL;
  /**
   * Milliseconds without a request after which the worker is stopped and its memory (wink's
   * model, the encoder, every cached vector) given back; the next request starts it again.
   * @default never
   */
  unloadAfterIdleMs?: number;
  /** Told when a warm-up of a new worker finished: `true` when embeddings are available. @default nothing */
  onLoaded?: (embeddings: boolean) => void;
  /** Told when an idle worker was stopped. @default nothing */
  onUnloaded?: () => void;
}

type Pending = { request: NlpRequest; resolve: (value: unknown) => void };

/** Prepared blocks remembered before the memory starts over (a block asked again is then sent again: cheap). */
const MAX_REMEMBERED_BLOCKS = 4096;
const preparedKey = (block: IntentBlockRequest) => `${block.flowKey}\u0000${block.blockId}`;

/**
 * The offline classifiers in a worker thread: loading wink's model and the sentence encoder,
 * and scoring every line, would otherwise take the event loop from every socket. The worker
 * starts on first use (or `warmUp`), does not keep the process alive, and with
 * `unloadAfterIdleMs` stops once nothing asked it for that long. If it cannot start or dies,
 * the classifiers run on this thread from then on, pending requests included.
 */
export function createWorkerNlp(options: WorkerNlpOptions = {}): OfflineNlp {
  const warn = options.onWarning ?? (() => {});
  const entry = options.entry ?? new URL("./nlp-worker.ts", import.meta.url);
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  /** Posts to the current worker, a loop turn's messages at once; dropped if that worker is gone by then. */
  let send: (message: NlpMessage) => void = () => {};
  /** The current worker's warm-up, asked once per worker. */
  let loaded: Promise<boolean> | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let inThread: OfflineNlp | undefined;
  /** The worker could not start or died: this thread classifies from then on. */
  let workerGone = false;
  let closing = false;
  let nextId = 1;
  /** Blocks (flow key and id) the current worker, or this thread once it is gone, was asked to prepare. */
  const prepared = new Set<string>();
  /** Intent lists by number: a line's request names its block's intents once the worker has them. */
  const refs = createIntentRefs();

  /** The classifiers on this thread, made once; their modules load on first use. */
  function local(): OfflineNlp {
    if (inThread === undefined) {
      const embedder = createSentenceEmbedder({ onError: (error) => warn(String(error)) });
      inThread = deferredInThreadNlp(createBatchingEmbedder(embedder));
    }
    return inThread;
  }

  function takePending(): Pending[] {
    const taken = [...pending.values()];
    pending.clear();
    return taken;
  }

  function lose(reason: unknown): void {
    if (closing || worker === undefined) return;
    worker = undefined;
    loaded = undefined;
    workerGone = true;
    prepared.clear();
    warn(`offline NLP worker unavailable (${String(reason)}); classifying on the main thread`);
    for (const { request, resolve } of takePending()) void runNlpRequest(local(), request).then(resolve);
  }

  /** Stops the worker once it has been idle for `unloadAfterIdleMs`; asked again whenever it goes idle. */
  function unloadWhenIdle(): void {
    const after = options.unloadAfterIdleMs;
    if (after === undefined || worker === undefined) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      const idle = worker;
      if (idle === undefined || pending.size > 0 || closing) return;
      worker = undefined;
      loaded = undefined;
      void idle.terminate().then(() => options.onUnloaded?.());
    }, after);
    idleTimer.unref();
  }

  /** The worker, started (and told to load its models) if there is none; `undefined` once it is gone. */
  function started(): Worker | undefined {
    if (worker !== undefined || workerGone) return worker;
    try {
      const created = new Worker(entry);
      worker = created;
      prepared.clear();
      refs.forgetAll();
      // Requests still in the batch when the worker is lost are answered by `lose`, on this thread.
      send = createPostBatches((batch) => created === worker && created.postMessage(batch));
      created.unref();
      const answered = (message: NlpAnswer | NlpNotice) => {
        if ("warning" in message) return warn(message.warning);
        if ("unknownRef" in message) {
          // The worker forgot the intents this request named: the same request again, in full.
          const asked = pending.get(message.id);
          if (asked !== undefined) send(refs.message(message.id, asked.request, { resend: true }));
          return;
        }
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (pending.size === 0) {
          created.unref();
          unloadWhenIdle();
        }
        if (waiting === undefined) return;
        if (message.ok) waiting.resolve(message.value);
        else {
          // A bug in the worker, not an outcome (the classifiers report their own failures): answer here.
          warn(`offline NLP worker failed a request (${message.error}); answered on the main thread`);
          void runNlpRequest(local(), waiting.request).then(waiting.resolve);
        }
      };
      created.on("message", (messages: (NlpAnswer | NlpNotice)[]) => messages.forEach(answered));
      // An unloaded worker's exit is no loss (`worker` is then another one, or none).
      created.on("error", (error) => created === worker && lose(error));
      created.on("exit", (code) => created === worker && lose(new Error(`exited with code ${code}`)));
      // Every worker loads its models first, whatever it was started for, and says when it has.
      const warming = post(created, { op: "warmUp" });
      loaded = warming;
      void warming.then((embeddings) => loaded === warming && options.onLoaded?.(embeddings));
    } catch (error) {
      workerGone = true;
      warn(`offline NLP worker could not start (${String(error)}); classifying on the main thread`);
    }
    return worker;
  }

  function post<Op extends NlpRequest["op"]>(
    target: Worker,
    request: Extract<NlpRequest, { op: Op }>,
  ): Promise<NlpReplies[Op]> {
    const id = nextId++;
    if (pending.size === 0) target.ref();
    clearTimeout(idleTimer);
    return new Promise((resolve) => {
      pending.set(id, { request, resolve: resolve as (value: unknown) => void });
      send(refs.message(id, request));
    });
  }

  function request<Op extends NlpRequest["op"]>(request: Extract<NlpRequest, { op: Op }>): Promise<NlpReplies[Op]> {
    if (closing) return Promise.resolve(closedAnswer(request) as NlpReplies[Op]);
    const target = started();
    if (target === undefined) return runNlpRequest(local(), request) as Promise<NlpReplies[Op]>;
    return post(target, request);
  }

  return {
    classifyIntent: (intent) => request({ op: "intent", request: intent }),
    prepareIntents(blocks) {
      // Asked at every conversation's opening: only blocks this worker was not asked about go over.
      if (closing) return Promise.resolve();
      started();
      const fresh = blocks.filter((block) => !prepared.has(preparedKey(block)));
      if (fresh.length === 0) return Promise.resolve();
      if (prepared.size + fresh.length > MAX_REMEMBERED_BLOCKS) prepared.clear();
      for (const block of fresh) prepared.add(preparedKey(block));
      return request({ op: "prepareIntents", blocks: fresh });
    },
    classifySentiment: (sentiment) => request({ op: "sentiment", request: sentiment }),
    groupLines: (lines) => request({ op: "groupLines", lines }),
    warmUp() {
      if (closing) return Promise.resolve(false);
      if (started() === undefined) return runNlpRequest(local(), { op: "warmUp" }) as Promise<boolean>;
      return loaded ?? Promise.resolve(false);
    },
    async close() {
      // Requests still waiting (a warm-up, when a server stops right after starting) are answered, not left hanging.
      const orphans = takePending();
      closing = true;
      clearTimeout(idleTimer);
      await worker?.terminate();
      worker = undefined;
      for (const { request, resolve } of orphans) resolve(closedAnswer(request));
    },
  };
}
