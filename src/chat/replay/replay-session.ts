import {
  initialState,
  runTurn,
  type EngineEvent,
  type Flow,
  type RunnableFlow,
  type SessionState,
  type StepRecord,
} from "../../engine/index.ts";
import type { ReplaySessionRecord } from "../../storage/replay-queries.ts";
import { findDivergence, type Divergence } from "./find-divergence.ts";
import { readStoredTurns, type StoredTurn, type TurnTrace } from "./read-stored-turns.ts";
import { createReplayPorts, finalVars, type OfflineClassifiers } from "./replay-ports.ts";

/** Intent decisions counted on one side of a replay: all of them, and those that went to `noMatch`. */
export interface IntentCounts {
  intents: number;
  unmatched: number;
}

export interface SessionReplay {
  divergence: Divergence | null;
  before: IntentCounts;
  after: IntentCounts;
}

const NOTHING: TurnTrace = { path: [], outputs: [] };

/**
 * Runs a stored session's events (its opening, customer lines, timeouts, releases) through the
 * candidate flow from its start, turn by turn, with ports that reach nothing outside, and
 * compares each turn with what was stored. `null`: the stored rows do not add up to turns.
 */
export async function replaySession(
  record: ReplaySessionRecord,
  flows: { candidate: RunnableFlow; stored: Flow },
  offline: OfflineClassifiers,
): Promise<SessionReplay | null> {
  const turns = readStoredTurns(record);
  if (turns === null) return null;
  const ports = createReplayPorts({ turns, storedFlow: flows.stored, finalVars: finalVars(record.state), offline });
  const customer = { id: record.customer.id, name: record.customer.name };
  let state = initialState();
  const compared: { turn: number; before: TurnTrace; after: TurnTrace }[] = [];
  const after: IntentCounts = { intents: 0, unmatched: 0 };
  for (const turn of turns) {
    ports.atTurn(turn.turn);
    const event = replayedEvent(turn, state, flows, customer, record.id);
    const result =
      event && (await runTurn(flows.candidate, event.type === "start" ? initialState() : state, event, ports));
    if (result) {
      state = result.state;
      count(after, result.steps);
    }
    const trace = result
      ? { path: enteredBlocks(result.steps), outputs: result.outputs.map(({ blockId, text }) => ({ blockId, text })) }
      : NOTHING;
    compared.push({ turn: turn.turn, before: turn, after: trace });
  }
  const before: IntentCounts = { intents: 0, unmatched: 0 };
  for (const turn of turns) count(before, turn.steps);
  return { divergence: findDivergence(compared), before, after };
}

/**
 * The engine event a stored turn becomes, or `null` where the engine would not run: a customer
 * message while an operator has the conversation (the bot stays silent, as in the chat
 * service), a release of a conversation the candidate never handed off.
 */
function replayedEvent(
  turn: StoredTurn,
  state: SessionState,
  flows: { candidate: Flow; stored: Flow },
  customer: EngineEvent["customer"],
  sessionId: string,
): EngineEvent | null {
  const withOperator = state.position?.status === "handoff";
  const { event } = turn;
  switch (event.type) {
    case "start":
      return { type: "start", customer, sessionId, ...(event.text !== undefined ? { text: event.text } : {}) };
    case "message":
      return withOperator ? null : { type: "message", customer, sessionId, text: event.text };
    case "timeout":
      return { type: "timeout", customer, sessionId };
    case "release": {
      if (!withOperator) return null;
      const goto = operatorGoto(turn, event.next, flows);
      return { type: "release", customer, sessionId, ...(goto !== undefined ? { goto } : {}) };
    }
  }
}

/** The block an operator named when releasing (`undefined`: the handoff block's own `next`, whatever the candidate says). */
function operatorGoto(turn: StoredTurn, next: string | null, flows: { candidate: Flow; stored: Flow }) {
  const released = turn.steps.find((step) => step.kind === "handoff");
  const block = flows.stored.blocks.find((b) => b.id === released?.blockId);
  if (next === null || (block?.type === "handoff" && block.next === next)) return undefined;
  return flows.candidate.blocks.some((b) => b.id === next) ? next : undefined;
}

const enteredBlocks = (steps: StepRecord[]) => steps.filter((s) => s.kind === "entered").map((s) => s.blockId);

function count(counts: IntentCounts, steps: readonly { kind: string; data?: unknown }[]): void {
  for (const step of steps) {
    if (step.kind !== "intent") continue;
    counts.intents++;
    const data = step.data;
    if (typeof data === "object" && data !== null && (data as { matched?: unknown }).matched === false)
      counts.unmatched++;
  }
}
