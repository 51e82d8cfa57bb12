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
 * Rebuilds a stored session's turns from its rows: steps and messages carry their turn; a turn
 * whose steps say so is a timeout or a release, the others were started by the customer line
 * stored in them (or, turn 1 without one, by a greeting). Messages stored before they kept
 * their turn are placed as {@link placeUnnumbered} says. `null` when the rows do not add up
 * (a session written by hand, say).
 */
export function readStoredTurns(record: ReplaySessionRecord): StoredTurn[] | null {
  const turns: StoredTurn[] = [];
  for (let turn = 1; turn <= record.turns; turn++)
    turns.push({ turn, event: { type: "start" }, silent: false, steps: [], path: [], outputs: [] });
  for (const step of record.steps) turns[step.turn - 1]?.steps.push(step);
  for (const turn of turns) {
    turn.path = turn.steps.filter((s) => s.kind === "entered").map((s) => s.blockId);
    if (turn.turn > 1) turn.event = serverEvent(turn.steps) ?? { type: "message", text: "" };
  }
  const numbered = record.messages.every((m) => m.sender === "operator" || m.turn !== null);
  if (!(numbered ? placeNumbered(record, turns) : placeUnnumbered(record, turns))) return null;
  return turns;
}

/** Each customer line and bot line in the turn that stored it. */
function placeNumbered(record: ReplaySessionRecord, turns: StoredTurn[]): boolean {
  const lines = new Set<number>();
  for (const message of record.messages) {
    const turn = message.turn === null ? undefined : turns[message.turn - 1];
    if (message.sender === "operator") continue;
    if (!turn) return false;
    if (message.sender === "bot") turn.outputs.push({ blockId: message.blockId ?? "", text: message.text });
    else if (turn.turn === 1) turn.event = { type: "start", text: message.text };
    else if (turn.event.type === "message") turn.event = { type: "message", text: message.text };
    else return false;
    if (message.sender === "customer") lines.add(turn.turn);
  }
  for (const turn of turns) {
    if (turn.event.type !== "message") continue;
    if (!lines.has(turn.turn)) return false;
    turn.silent = turn.steps.length === 0;
  }
  return true;
}

/**
 * Messages without their turn: customer lines start the turns that are not timeouts or releases,
 * in order (turn 1 too when there is one more line than such later turns). A bot line belongs to
 * the latest turn begun before it: a server turn begins at its steps' time and its bot lines are
 * stored just after it (turn-records.ts).
 */
function placeUnnumbered(record: ReplaySessionRecord, turns: StoredTurn[]): boolean {
  const serverTurns = new Set(
    turns.filter((t) => t.event.type === "timeout" || t.event.type === "release").map((t) => t.turn),
  );
  const customerLines = record.messages.filter((m) => m.sender === "customer").map((m) => m.text);
  const textTurns = record.turns - serverTurns.size;
  const opensWithText = customerLines.length === textTurns;
  if (!opensWithText && customerLines.length !== textTurns - 1) return false;
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
  assignBotMessages(record, turns, serverTurns);
  return true;
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
