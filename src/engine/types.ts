import type { Sentiment } from "./ports.ts";
import type { BlockType } from "./schema/block-schemas.ts";
import type { QuickReply } from "./schema/wait-block-schema.ts";

/** Any JSON value, as an `http` block's answer holds. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A value a flow variable can hold: text, numbers and booleans from replies and `set` blocks,
 * and any JSON from `http` blocks. The state must survive JSON round trips.
 */
export type VarValue = JsonValue;

export interface Customer {
  id: string;
  name: string | null;
}

/**
 * Where the conversation stands between turns.
 * `waiting`: paused at a wait block for the customer's reply.
 * `halted`: a turn ran out of steps just before entering this block; the next message
 * enters it (see docs/FLOW-FORMAT.md, Runaway protection).
 * `handoff`: a human operator holds the conversation at this handoff block; the bot stays silent
 * until a `release` event continues the flow.
 */
export interface Position {
  blockId: string;
  status: "waiting" | "halted" | "handoff";
}

/** Where a `return` block goes back to, pushed when a `resume: true` trigger fires. */
export interface ReturnPoint {
  /** The trigger whose sub-flow is running; it cannot fire again until this point is popped. */
  triggerId: string;
  blockId: string;
  /** `wait`: pause again at the wait block without re-sending anything; `enter`: run the block. */
  mode: "wait" | "enter";
  /** The interrupted wait's retry count, so a trigger cannot reset a retry limit. */
  retries: number;
}

/** Everything the engine needs between turns. JSON-serialisable; the chat service stores it as is. */
export interface SessionState {
  /** null before the first turn. */
  position: Position | null;
  vars: Record<string, VarValue>;
  returnStack: ReturnPoint[];
  /** Invalid replies so far at the current wait block. */
  retries: number;
  /** Triggers whose sub-flow runs now; they do not fire again until it returns or ends. */
  activeTriggers: string[];
  /** The customer's latest message: the default input of `intent` blocks. */
  lastMessage: string | null;
  ended: boolean;
}

export function initialState(): SessionState {
  return { position: null, vars: {}, returnStack: [], retries: 0, activeTriggers: [], lastMessage: null, ended: false };
}

export type EngineEvent =
  | {
      type: "start";
      customer: Customer;
      /** The message that opened this session (sent after the previous one ended), if any. */
      text?: string;
      /** Passed to `ports.completeReply`; the engine never makes ids. */
      sessionId?: string;
    }
  | { type: "message"; customer: Customer; text: string; sessionId?: string }
  | {
      /** The timer of the block the session waits at went off (see `TurnResult.timer`). */
      type: "timeout";
      customer: Customer;
      sessionId?: string;
    }
  | {
      type: "release";
      customer: Customer;
      /** The block to continue at. @default the handoff block's `next` */
      goto?: string;
      sessionId?: string;
    };

export interface BotOutput {
  text: string;
  blockId: string;
}

export type StepKind =
  | "entered"
  | "intent"
  | "validation_failed"
  | "retry"
  | "retries_exhausted"
  | "trigger"
  | "return"
  | "error"
  | "feedback"
  | "ai"
  | "condition"
  | "set"
  | "handoff"
  | "http"
  | "timeout";

export interface StepRecord {
  blockId: string;
  blockType: BlockType;
  kind: StepKind;
  data?: Record<string, unknown>;
}

export interface FeedbackRecord {
  blockId: string;
  rating: number;
  comment: string | null;
  sentiment: Sentiment;
  score: number;
  classifier: string;
}

export type { QuickReply };

/**
 * `handoff` is set when the turn left the conversation with a human (queued at that block);
 * `options` when the wait block it waits at offers quick replies.
 */
export type TurnOutcome =
  { type: "waiting"; blockId: string; options?: QuickReply[]; handoff?: { queue: string | null } } | { type: "ended" };

/**
 * The timer the session needs after a turn: the block it waits at has a `timeout`. The engine
 * knows no clock: the chat service stores `now + afterMs` and sends a `timeout` event then.
 */
export interface TimerRequest {
  afterMs: number;
  blockId: string;
}

export interface TurnResult {
  state: SessionState;
  outputs: BotOutput[];
  steps: StepRecord[];
  feedback: FeedbackRecord[];
  outcome: TurnOutcome;
  /** `null`: no timer (a new turn replaces the previous one, so the old timer is cancelled). */
  timer: TimerRequest | null;
}
