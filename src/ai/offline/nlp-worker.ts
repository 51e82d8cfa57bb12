// Worker-thread entry: the offline classifiers (wink's English model, the sentence encoder and
// the intents' prototypes) live here, so loading them and scoring each line stay off the event
// loop. The main thread talks to it through worker-nlp.ts, one request per classification.
import { parentPort } from "node:worker_threads";
import { createBatchingEmbedder } from "./batching-embedder.ts";
import { createSentenceEmbedder } from "./embeddings.ts";
import { createInThreadNlp } from "./in-thread-nlp.ts";
import { createIntentRefResolver } from "./intent-refs.ts";
import { runNlpRequest, type NlpAnswer, type NlpMessage, type NlpNotice } from "./offline-nlp.ts";

if (parentPort === null) throw new Error("nlp-worker.ts must run in a worker thread");
const port = parentPort;

const embedder = createSentenceEmbedder({
  onError: (error) => port.postMessage({ warning: String(error) } satisfies NlpNotice),
});
const nlp = createInThreadNlp(createBatchingEmbedder(embedder));

const resolve = createIntentRefResolver();

port.on("message", (message: NlpMessage) => {
  const { id } = message;
  const request = resolve(message);
  if (request === undefined) return port.postMessage({ id, unknownRef: true } satisfies NlpAnswer);
  runNlpRequest(nlp, request).then(
    (value) => port.postMessage({ id, ok: true, value } satisfies NlpAnswer),
    (error: unknown) => port.postMessage({ id, ok: false, error: String(error) } satisfies NlpAnswer),
  );
});
