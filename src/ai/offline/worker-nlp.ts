import { Worker } from "node:worker_threads";
import { createBatchingEmbedder } from "./batching-embedder.ts";
import { createSentenceEmbedder } from "./embeddings.ts";
import {
  closedAnswer,
  deferredInThreadNlp,
  runNlpRequest,
  type NlpAnswer,
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
}

type Pending = { request: NlpRequest; resolve: (value: unknown) => void };

/**
 * The offline classifiers in a worker thread: loading wink's model and the sentence encoder,
 * and scoring every line, would otherwise take the event loop from every socket. The worker
 * starts on first use (or `warmUp`) and does not keep the process alive. If it cannot start or
 * dies, the classifiers run on this thread from then on, pending requests included.
 */
export function createWorkerNlp(options: WorkerNlpOptions = {}): OfflineNlp {
  const warn = options.onWarning ?? (() => {});
  const entry = options.entry ?? new URL("./nlp-worker.ts", import.meta.url);
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  let inThread: OfflineNlp | undefined;
  /** The worker could not start or died: this thread classifies from then on. */
  let workerGone = false;
  let closing = false;
  let nextId = 1;

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
    workerGone = true;
    warn(`offline NLP worker unavailable (${String(reason)}); classifying on the main thread`);
    for (const { request, resolve } of takePending()) void runNlpRequest(local(), request).then(resolve);
  }

  function started(): Worker | undefined {
    if (worker !== undefined || workerGone) return worker;
    try {
      const created = new Worker(entry);
      worker = created;
      created.unref();
      created.on("message", (message: NlpAnswer | NlpNotice) => {
        if ("warning" in message) return warn(message.warning);
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (pending.size === 0) created.unref();
        if (waiting === undefined) return;
        if (message.ok) waiting.resolve(message.value);
        else {
          // A bug in the worker, not an outcome (the classifiers report their own failures): answer here.
          warn(`offline NLP worker failed a request (${message.error}); answered on the main thread`);
          void runNlpRequest(local(), waiting.request).then(waiting.resolve);
        }
      });
      created.on("error", lose);
      created.on("exit", (code) => lose(new Error(`exited with code ${code}`)));
    } catch (error) {
      workerGone = true;
      warn(`offline NLP worker could not start (${String(error)}); classifying on the main thread`);
    }
    return worker;
  }

  function request<Op extends NlpRequest["op"]>(request: Extract<NlpRequest, { op: Op }>): Promise<NlpReplies[Op]> {
    if (closing) return Promise.resolve(closedAnswer(request) as NlpReplies[Op]);
    const target = started();
    if (target === undefined) return runNlpRequest(local(), request) as Promise<NlpReplies[Op]>;
    const id = nextId++;
    if (pending.size === 0) target.ref();
    return new Promise((resolve) => {
      pending.set(id, { request, resolve: resolve as (value: unknown) => void });
      target.postMessage({ id, request });
    });
  }

  return {
    classifyIntent: (intent) => request({ op: "intent", request: intent }),
    classifySentiment: (sentiment) => request({ op: "sentiment", request: sentiment }),
    groupLines: (lines) => request({ op: "groupLines", lines }),
    warmUp: () => request({ op: "warmUp" }),
    async close() {
      // Requests still waiting (a warm-up, when a server stops right after starting) are answered, not left hanging.
      const orphans = takePending();
      closing = true;
      await worker?.terminate();
      worker = undefined;
      for (const { request, resolve } of orphans) resolve(closedAnswer(request));
    },
  };
}
