import type { IntentCandidate, IntentRequest } from "../../engine/ports.ts";
import { BoundedCache } from "../../engine/regex/boundedCache.ts";
import type { NlpMessage, NlpRequest } from "./offline-nlp.ts";

/**
 * Intent lists a worker keeps by number; past this the least recently used is forgotten (and
 * sent again when asked). As many as the prototype cache keeps blocks: a caller that makes a new
 * array for every request (a replay of a flow sent as text) fills it with lists used once.
 */
export const MAX_KNOWN_INTENT_LISTS = 256;

/**
 * The main thread's side: a block's intents (the same array at every turn, see
 * `intentCandidates`) get a number the first time they cross to the worker; once the worker has
 * them, an intent request names the number instead of carrying every description and example
 * again (they were most of what each line's request copied across the thread boundary).
 */
export function createIntentRefs() {
  const numbers = new WeakMap<readonly IntentCandidate[], number>();
  let lastNumber = 0;
  /** Numbers the current worker was sent; it may have forgotten some since (it then asks again). */
  const sent = new Set<number>();
  const numberOf = (intents: readonly IntentCandidate[]) => {
    let ref = numbers.get(intents);
    if (ref === undefined) numbers.set(intents, (ref = ++lastNumber));
    return ref;
  };
  const remember = (ref: number) => {
    if (sent.size >= MAX_KNOWN_INTENT_LISTS) sent.clear();
    sent.add(ref);
  };

  return {
    /** What to post for `request`: by number when the worker was sent its intents, in full (with their number) otherwise. */
    message(id: number, request: NlpRequest, { resend = false } = {}): NlpMessage {
      if (request.op === "intent") {
        const { flowKey, blockId, text, intents } = request.request;
        const ref = numberOf(intents);
        if (sent.has(ref) && !resend) return { id, byRef: { ref, flowKey, blockId, text } };
        remember(ref);
        return { id, request, refs: [ref] };
      }
      if (request.op === "prepareIntents") {
        const refs = request.blocks.map((block) => numberOf(block.intents));
        refs.forEach(remember);
        return { id, request, refs };
      }
      return { id, request };
    },
    /** A new worker knows no numbers. */
    forgetAll(): void {
      sent.clear();
    },
  };
}

/**
 * The worker's side: keeps the intent lists it was sent by number and turns a request by number
 * back into the full request; `undefined` when it no longer knows the number (the main thread
 * then sends the request in full).
 */
export function createIntentRefResolver(capacity = MAX_KNOWN_INTENT_LISTS) {
  const known = new BoundedCache<number, IntentCandidate[]>(capacity);
  const keep = (refs: readonly number[] | undefined, lists: readonly IntentCandidate[][]) =>
    refs?.forEach((ref, i) => {
      const intents = lists[i];
      if (intents !== undefined) known.set(ref, intents);
    });

  return function resolve(message: NlpMessage): NlpRequest | undefined {
    if ("byRef" in message) {
      const { ref, ...rest } = message.byRef;
      const intents = known.get(ref);
      if (intents === undefined) return undefined;
      const request: IntentRequest = { ...rest, intents };
      return { op: "intent", request };
    }
    const { request } = message;
    if (request.op === "intent") keep(message.refs, [request.request.intents]);
    if (request.op === "prepareIntents")
      keep(
        message.refs,
        request.blocks.map((block) => block.intents),
      );
    return request;
  };
}
