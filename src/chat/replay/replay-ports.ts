import { z } from "zod";
import type { EnginePorts, Flow, HttpOutcome, IntentOutcome, JsonValue, ReplyOutcome } from "../../engine/index.ts";
import type { StoredTurn } from "./read-stored-turns.ts";

/** The classifiers a replay may run: offline ones only, never an LLM. */
export type OfflineClassifiers = Pick<EnginePorts, "classifyIntent" | "classifySentiment">;

const intentStep = z.object({
  intent: z.string().nullable(),
  confidence: z.number(),
  classifier: z.string(),
  latencyMs: z.number(),
  error: z.string().optional(),
  reason: z.string().optional(),
});
const HTTP_REASONS = [
  "timeout",
  "status",
  "not_json",
  "too_large",
  "redirect",
  "host_not_allowed",
  "network",
  "missing_secret",
  "invalid_request",
] as const;
const httpStep = z.object({
  status: z.enum(["ok", "error"]),
  reason: z.enum(HTTP_REASONS).catch("network"),
  httpStatus: z.number().optional(),
});
const aiStep = z.object({ status: z.enum(["ok", "error"]), model: z.string().optional() });
const jsonValue: z.ZodType<JsonValue> = z.json();

/** An `http` block whose call is not stored at that point fails as if the API were unreachable. */
const NOT_STORED: HttpOutcome = { status: "error", reason: "network", latencyMs: 0 };
const NO_LLM: ReplyOutcome = { status: "error", error: "no LLM call during a replay", latencyMs: 0 };

/**
 * The engine's ports during a replay: nothing leaves the process. Intent decisions stored for the
 * same block, text and intent ids are answered again, the offline classifier decides the rest;
 * an `http` or `ai` block answers what the same block stored in the same turn (an `http` answer's
 * JSON rebuilt from the variables the session ended with), or fails as if unreachable.
 * `atTurn` tells the ports which stored turn is being replayed.
 */
export function createReplayPorts(input: {
  turns: StoredTurn[];
  storedFlow: Flow;
  finalVars: Record<string, JsonValue>;
  offline: OfflineClassifiers;
}): EnginePorts & { atTurn(turn: number): void } {
  const decisions = storedDecisions(input.turns, input.storedFlow);
  const calls = storedCalls(input.turns, input.storedFlow, input.finalVars);
  let turn = 0;
  const take = <T>(kind: string, blockId: string): T | undefined =>
    (calls.get(`${kind}\n${turn}\n${blockId}`) as T[] | undefined)?.shift();
  return {
    atTurn: (next) => void (turn = next),
    classifyIntent: async (request) => decisions.get(decisionKey(request)) ?? input.offline.classifyIntent(request),
    classifySentiment: (request) => input.offline.classifySentiment(request),
    completeReply: async (request) => take<ReplyOutcome>("ai", request.blockId) ?? NO_LLM,
    callHttp: async (request) => take<HttpOutcome>("http", request.blockId) ?? NOT_STORED,
  };
}

const decisionKey = (request: { blockId: string; text: string; intents: readonly { id: string }[] }) =>
  [request.blockId, request.text, ...request.intents.map((intent) => intent.id).sort()].join("\n");

/**
 * The stored intent decisions, by block, text and intent ids. The text is known only for blocks
 * that classify the customer's latest message (no `input` template): the latest message the
 * engine ran on, at or before the decision's turn.
 */
function storedDecisions(turns: StoredTurn[], flow: Flow): Map<string, IntentOutcome> {
  const decisions = new Map<string, IntentOutcome>();
  let lastMessage: string | null = null;
  for (const turn of turns) {
    if (turn.event.type === "start") lastMessage = null;
    if (turn.event.type === "message" && !turn.silent) lastMessage = turn.event.text;
    for (const step of turn.steps) {
      if (step.kind !== "intent" || lastMessage === null) continue;
      const block = flow.blocks.find((b) => b.id === step.blockId);
      const data = intentStep.safeParse(step.data);
      if (block?.type !== "intent" || block.input !== undefined || !data.success || data.data.reason === "empty_input")
        continue;
      const { intent, confidence, classifier, latencyMs, error } = data.data;
      decisions.set(
        decisionKey({ blockId: block.id, text: lastMessage, intents: block.intents }),
        error === undefined
          ? { status: "ok", intent, confidence, classifier, latencyMs }
          : { status: "error", error, classifier, latencyMs },
      );
    }
  }
  return decisions;
}

/** The `http` and `ai` outcomes stored, by kind, turn and block, in the order they happened. */
function storedCalls(turns: StoredTurn[], flow: Flow, vars: Record<string, JsonValue>): Map<string, unknown[]> {
  const calls = new Map<string, unknown[]>();
  const add = (kind: string, turn: number, blockId: string, outcome: unknown) => {
    const key = `${kind}\n${turn}\n${blockId}`;
    calls.set(key, [...(calls.get(key) ?? []), outcome]);
  };
  for (const turn of turns) {
    for (const step of turn.steps) {
      const block = flow.blocks.find((b) => b.id === step.blockId);
      if (step.kind === "http" && block?.type === "http") {
        const data = httpStep.safeParse(step.data);
        if (!data.success) continue;
        const { status, reason, httpStatus } = data.data;
        add("http", turn.turn, block.id, {
          ...(status === "ok"
            ? { status, httpStatus: httpStatus ?? 200, json: rebuildAnswer(block, vars) }
            : { status, reason, ...(httpStatus !== undefined ? { httpStatus } : {}) }),
          latencyMs: 0,
        });
      }
      if (step.kind === "ai" && block?.type === "ai") {
        const data = aiStep.safeParse(step.data);
        const said = turn.outputs.find((output) => output.blockId === block.id);
        if (data.success && data.data.status === "ok" && said)
          add("ai", turn.turn, block.id, { status: "ok", text: said.text, model: data.data.model ?? "", latencyMs: 0 });
      }
    }
  }
  return calls;
}

/**
 * The JSON an `http` block was answered, as far as the session's final variables keep it: the
 * `saveAs` variable, else an object holding each `extract` value at its pointer. The body
 * itself is never stored (it may hold personal data); a block that keeps nothing needs none.
 */
function rebuildAnswer(
  block: { saveAs?: string | undefined; extract?: Record<string, string> | undefined },
  vars: Record<string, JsonValue>,
): JsonValue {
  const saved = block.saveAs === undefined ? undefined : vars[block.saveAs];
  if (saved !== undefined) return saved;
  const root: Record<string, JsonValue> = {};
  for (const [name, pointer] of Object.entries(block.extract ?? {})) {
    const value = vars[name];
    if (value === undefined || pointer === "") continue;
    const keys = pointer
      .slice(1)
      .split("/")
      .map((key) => key.replaceAll("~1", "/").replaceAll("~0", "~"));
    let node = root;
    for (const key of keys.slice(0, -1)) {
      const child = node[key];
      node = node[key] = typeof child === "object" && child !== null && !Array.isArray(child) ? child : {};
    }
    node[keys[keys.length - 1]!] = value;
  }
  return root;
}

/** The variables a stored session ended with (anything unreadable: none). */
export function finalVars(state: unknown): Record<string, JsonValue> {
  const parsed = z.object({ vars: z.record(z.string(), jsonValue) }).safeParse(state);
  return parsed.success ? parsed.data.vars : {};
}
