import type { ReplaySessionRecord } from "../../storage/replay-queries.ts";

/** What started a turn, as far as the stored rows tell it. */
export type StoredEvent =
  | { type: "start"; text?: string }
  | { type: "message"; text: string }
  | { type: "timeout" }
  /** `next`: where the stored release continued (the handoff block's `next`, or the operator's `goto`). */
  | { type: "release"; next: string | null };

/** What a turn did that a customer could see or an operator could count: the blocks entered, the bot's lines. */
export interface TurnTrace {
  path: string[];
  outputs: { blockId: string; text: string }[];
}

export type StoredStepRow = ReplaySessionRecord["steps"][number];

export interface StoredTurn extends TurnTrace {
  /** The session's turn counter: 1 is the turn that opened it. */
  turn: number;
  event: StoredEvent;
  /** A customer message while an operator had the conversation: stored, and the engine did not run. */
  silent: boolean;
  steps: StoredStepRow[];
}

/**
 * Rebuilds a stored session's turns from its rows: steps carry their turn; customer messages
 * start turns in order; timeouts and releases are the turns whose steps say so, and have no
 * customer message. Bot messages belong to the latest turn begun before them: a server turn
 * begins at its steps' time and its bot messages are stored just after it (turn-records.ts).
 * `null` when the rows do not add up (a session written by hand, say).
 */
export function readStoredTurns(record: ReplaySessionRecord): StoredTurn[] | null {
  const stepsByTurn = new Map<number, StoredStepRow[]>();
  for (const step of record.steps) stepsByTurn.set(step.turn, [...(stepsByTurn.get(step.turn) ?? []), step]);
  const customerLines = record.messages.filter((m) => m.sender === "customer").map((m) => m.text);
  const turns: StoredTurn[] = [];
  const serverTurns = new Set<number>();
  for (let turn = 1; turn <= record.turns; turn++) {
    const steps = stepsByTurn.get(turn) ?? [];
    const event = turn === 1 ? null : serverEvent(steps);
    if (event) serverTurns.add(turn);
    turns.push({ turn, event: event ?? { type: "message", text: "" }, silent: false, steps, path: [], outputs: [] });
  }
  const textTurns = record.turns - serverTurns.size;
  const opensWithText = customerLines.length === textTurns;
  if (!opensWithText && customerLines.length !== textTurns - 1) return null;
  let line = 0;
  for (const turn of turns) {
    if (serverTurns.has(turn.turn)) continue;
    if (turn.turn === 1) {
      turn.event = opensWithText ? { type: "start", text: customerLines[line++]! } : { type: "start" };
      continue;
    }
    turn.event = { type: "message", text: customerLines[line++]! };
    turn.silent = turn.steps.length === 0;
  }
  for (const turn of turns) turn.path = turn.steps.filter((s) => s.kind === "entered").map((s) => s.blockId);
  assignBotMessages(record, turns, serverTurns);
  return turns;
}

function serverEvent(steps: StoredStepRow[]): StoredEvent | null {
  for (const step of steps) {
    if (step.kind === "timeout") return { type: "timeout" };
    if (step.kind === "handoff" && eventOf(step.data) === "released")
      return { type: "release", next: nextOf(step.data) };
  }
  return null;
}

function assignBotMessages(record: ReplaySessionRecord, turns: StoredTurn[], serverTurns: Set<number>): void {
  const startsAt = (turn: number) => turns[turn - 1]?.steps[0]?.createdAt.getTime() ?? Infinity;
  const nextTextTurn = (after: number) => {
    let turn = after + 1;
    while (serverTurns.has(turn)) turn++;
    return turn;
  };
  let current = turns.length > 0 && turns[0]!.event.type === "start" && !("text" in turns[0]!.event) ? 1 : 0;
  for (const message of record.messages) {
    if (message.sender === "customer") current = nextTextTurn(current);
    if (message.sender !== "bot") continue;
    while (serverTurns.has(current + 1) && message.createdAt.getTime() > startsAt(current + 1)) current++;
    turns[current - 1]?.outputs.push({ blockId: message.blockId ?? "", text: message.text });
  }
}

const field = (data: unknown, key: string): unknown =>
  typeof data === "object" && data !== null ? (data as Record<string, unknown>)[key] : undefined;
const eventOf = (data: unknown) => field(data, "event");
const nextOf = (data: unknown) => {
  const next = field(data, "next");
  return typeof next === "string" ? next : null;
};
