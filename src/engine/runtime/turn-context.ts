import type { EnginePorts } from "../ports.ts";
import type { Block } from "../schema/block-schemas.ts";
import type { Flow } from "../schema/flow-schema.ts";
import type { BotOutput, Customer, FeedbackRecord, SessionState, StepKind, StepRecord, TurnOutcome } from "../types.ts";
import { flowKeyOf } from "./intentBlocks.ts";
import { optionsAt } from "./optionsAt.ts";
import { renderTemplate } from "./renderTemplate.ts";

/** A validated flow as the chat service runs it: `version` (when stored) keys per-flow caches. */
export type RunnableFlow = Flow & { version?: number | string };

/**
 * One turn's working memory. Block executors append to it instead of returning partial results
 * so that each stays a few lines; it never outlives `runTurn`, which returns a snapshot.
 */
export interface TurnContext {
  readonly flow: RunnableFlow;
  readonly blocks: ReadonlyMap<string, Block>;
  readonly customer: Customer;
  readonly sessionId: string;
  /** Lets ports cache per-flow work, e.g. example embeddings. */
  readonly flowKey: string;
  readonly ports: EnginePorts;
  /** This turn's copy of the session state; the caller's object is never mutated. */
  readonly state: SessionState;
  readonly outputs: BotOutput[];
  readonly steps: StepRecord[];
  readonly feedback: FeedbackRecord[];
  /** Blocks entered so far this turn, for runaway protection. */
  entered: number;
}

/** What a block tells the walker to do next. */
export type BlockResult =
  | { status: "continue"; next: string | undefined }
  | { status: "pause"; blockId: string }
  | { status: "handoff"; blockId: string; queue: string | null }
  | { status: "end" };

// Built once per flow object rather than per turn; a WeakMap lets unused flow versions go.
const blockIndexCache = new WeakMap<Flow, ReadonlyMap<string, Block>>();

export function indexBlocks(flow: Flow): ReadonlyMap<string, Block> {
  let index = blockIndexCache.get(flow);
  if (index === undefined) {
    index = new Map(flow.blocks.map((block) => [block.id, block]));
    blockIndexCache.set(flow, index);
  }
  return index;
}

export function createTurnContext(
  flow: RunnableFlow,
  state: SessionState,
  customer: Customer,
  sessionId: string,
  ports: EnginePorts,
): TurnContext {
  return {
    flow,
    blocks: indexBlocks(flow),
    customer,
    sessionId,
    flowKey: flowKeyOf(flow),
    ports,
    state: {
      ...state,
      vars: { ...state.vars },
      returnStack: state.returnStack.map((point) => ({ ...point })),
      activeTriggers: [...state.activeTriggers],
      position: state.position ? { ...state.position } : null,
    },
    outputs: [],
    steps: [],
    feedback: [],
    entered: 0,
  };
}

export function getBlock(ctx: TurnContext, blockId: string): Block {
  const block = ctx.blocks.get(blockId);
  // Validation guarantees every target exists, so a miss is a bug (or an unvalidated flow).
  if (block === undefined) throw new Error(`Flow "${ctx.flow.name}" has no block "${blockId}"`);
  return block;
}

export function render(ctx: TurnContext, template: string): string {
  return renderTemplate(template, { vars: ctx.state.vars, customer: ctx.customer });
}

export function say(ctx: TurnContext, block: Block, text: string): void {
  ctx.outputs.push({ text, blockId: block.id });
}

export function recordStep(ctx: TurnContext, block: Block, kind: StepKind, data?: Record<string, unknown>): void {
  ctx.steps.push(
    data === undefined
      ? { blockId: block.id, blockType: block.type, kind }
      : { blockId: block.id, blockType: block.type, kind, data },
  );
}

export function pauseAt(ctx: TurnContext, blockId: string): TurnOutcome {
  ctx.state.position = { blockId, status: "waiting" };
  const options = optionsAt(ctx.flow, blockId);
  return options === undefined ? { type: "waiting", blockId } : { type: "waiting", blockId, options };
}

/** The conversation waits for a human operator at this handoff block. */
export function handOver(ctx: TurnContext, blockId: string, queue: string | null): TurnOutcome {
  ctx.state.position = { blockId, status: "handoff" };
  return { type: "waiting", blockId, handoff: { queue } };
}

export function endConversation(ctx: TurnContext): TurnOutcome {
  Object.assign(ctx.state, { position: null, ended: true, returnStack: [], activeTriggers: [], retries: 0 });
  return { type: "ended" };
}
