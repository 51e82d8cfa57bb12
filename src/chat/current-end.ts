import { optionsAt, type RunnableFlow, type SessionState } from "../engine/index.ts";
import type { StoredSession } from "../storage/records.ts";
import type { TurnEnd } from "./chat-types.ts";

/** The wait block a stored session is paused at, if it is (not ended, halted or with an operator). */
export function waitBlockOf(session: StoredSession): string | undefined {
  const state = session.state as SessionState;
  if (session.status === "ended" || state.position?.status !== "waiting") return undefined;
  return session.currentBlockId ?? state.position.blockId;
}

/**
 * Where a stored session stands, as a turn would have ended: `waiting` at its block (with that
 * wait block's quick replies when `flow`, the session's version, is given) or `ended`.
 */
export function currentEnd(session: StoredSession, flow: RunnableFlow | undefined): TurnEnd {
  const state = session.state as SessionState;
  if (session.status === "ended" || !state.position) return { type: "ended" };
  const blockId = session.currentBlockId ?? state.position.blockId;
  const options = flow && waitBlockOf(session) !== undefined ? optionsAt(flow, blockId) : undefined;
  return options ? { type: "waiting", blockId, options } : { type: "waiting", blockId };
}
