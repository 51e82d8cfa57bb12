import { Worker } from "node:worker_threads";
import { toUnitVector, type SentenceEmbedder, type UnitVector } from "./embeddings.ts";

/** The protocol of embedding-worker.mjs. */
type WorkerRequest = { type: "warmUp" } | { type: "embed"; id: number; texts: string[] };
type WorkerResponse =
  | { type: "ready"; ok: boolean; error?: string }
  | { type: "vectors"; id: number; vectors: number[][] | undefined; error?: string };

export interface WorkerSentenceEmbedderOptions {
  /** Told why the worker or its model failed (the matcher then answers from words alone). @default nothing */
  onError?: (error: unknown) => void;
}

/**
 * The bundled sentence embedder in a worker thread: each embedding costs tens of milliseconds
 * of CPU, which on the main thread would stall every socket it serves. The worker starts on
 * the first `warmUp` or `embed` and does not keep the process alive.
 */
export function createWorkerSentenceEmbedder(
  options: WorkerSentenceEmbedderOptions = {},
): SentenceEmbedder & { close(): Promise<void> } {
  let worker: Worker | undefined;
  let state: ReturnType<SentenceEmbedder["state"]> = "idle";
  let ready: Promise<boolean> | undefined;
  let nextId = 1;
  const pending = new Map<number, (vectors: UnitVector[] | undefined) => void>();
  let onReady: (ok: boolean) => void = () => {};

  function fail(error: unknown): void {
    if (state !== "failed") options.onError?.(error);
    state = "failed";
    onReady(false);
    for (const resolve of pending.values()) resolve(undefined);
    pending.clear();
  }

  function start(): Promise<boolean> {
    ready ??= new Promise<boolean>((resolve) => {
      state = "loading";
      onReady = resolve;
      try {
        worker = new Worker(new URL("./embedding-worker.mjs", import.meta.url));
      } catch (error) {
        fail(error);
        return;
      }
      worker.unref();
      worker.on("error", fail);
      worker.on("exit", (code) => {
        if (state !== "failed" && pending.size > 0) fail(new Error(`embedding worker exited with code ${code}`));
      });
      worker.on("message", (message: WorkerResponse) => {
        if (message.type === "ready") {
          if (message.ok) {
            state = "ready";
            resolve(true);
          } else fail(new Error(message.error ?? "embedding model failed to load"));
          return;
        }
        const settle = pending.get(message.id);
        pending.delete(message.id);
        if (message.vectors === undefined) options.onError?.(new Error(message.error ?? "embedding failed"));
        settle?.(message.vectors?.map(toUnitVector));
      });
      worker.postMessage({ type: "warmUp" } satisfies WorkerRequest);
    });
    return ready;
  }

  return {
    state: () => state,
    warmUp: start,
    async embed(texts) {
      if (!(await start()) || worker === undefined) return undefined;
      if (texts.length === 0) return [];
      const id = nextId++;
      const vectors = new Promise<UnitVector[] | undefined>((resolve) => pending.set(id, resolve));
      worker.postMessage({ type: "embed", id, texts } satisfies WorkerRequest);
      return vectors;
    },
    async close() {
      state = "failed";
      for (const resolve of pending.values()) resolve(undefined);
      pending.clear();
      await worker?.terminate();
    },
  };
}
