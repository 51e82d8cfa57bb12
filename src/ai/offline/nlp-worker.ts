// Worker-thread entry: the offline classifiers (wink's English model, the sentence encoder and
// the intents' prototypes) live here, so loading them and scoring each line stay off the event
// loop. The main thread talks to it through worker-nlp.ts, one request per classification, a
// loop turn's requests and answers posted together.
import { parentPort } from "node:worker_threads";
import { createBatchingEmbedder } from "./batching-embedder.ts";
import { createSentenceEmbedder } from "./embeddings.ts";
import { createInThreadNlp } from "./in-thread-nlp.ts";
import { createIntentRefResolver } from "./intent-refs.ts";
import { createPostBatches } from "./post-batches.ts";
import { runNlpRequest, type NlpAnswer, type NlpMessage, type NlpNotice } from "./offline-nlp.ts";

if (parentPort === null) throw new Error("nlp-worker.ts must run in a worker thread");
const port = parentPort;
/** Answers and notices, a loop turn's at once (post-batches.ts). */
const reply = createPostBatches<NlpAnswer | NlpNotice>((batch) => port.postMessage(batch));

const embedder = createSentenceEmbedder({
  onError: (error) => reply({ warning: String(error) }),
});
const nlp = createInThreadNlp(createBatchingEmbedder(embedder));

const resolve = createIntentRefResolver();

function answer(message: NlpMessage): void {
  const { id } = message;
  const request = resolve(message);
  if (request === undefined) return reply({ id, unknownRef: true });
  runNlpRequest(nlp, request).then(
    (value) => reply({ id, ok: true, value }),
    (error: unknown) => reply({ id, ok: false, error: String(error) }),
  );
}

port.on("message", (messages: NlpMessage[]) => messages.forEach(answer));
