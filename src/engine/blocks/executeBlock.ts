import type { Block } from "../schema/block-schemas.ts";
import type { BlockResult, TurnContext } from "../runtime/turn-context.ts";
import { executeAiBlock } from "./executeAiBlock.ts";
import { executeConditionBlock } from "./executeConditionBlock.ts";
import { executeEndBlock } from "./executeEndBlock.ts";
import { executeFeedbackBlock } from "./executeFeedbackBlock.ts";
import { executeHandoffBlock } from "./executeHandoffBlock.ts";
import { executeHttpBlock } from "./executeHttpBlock.ts";
import { executeIntentBlock } from "./executeIntentBlock.ts";
import { executeMessageBlock } from "./executeMessageBlock.ts";
import { executeReturnBlock } from "./executeReturnBlock.ts";
import { executeSetBlock } from "./executeSetBlock.ts";
import { executeWaitBlock } from "./executeWaitBlock.ts";

/**
 * Runs one block. Blocks that need the outside world await `ctx.ports` directly: the ports are
 * already the "effects as data" seam (each returns an outcome value, never throws, and tests pass
 * deterministic fakes), so a generator that yields effect requests would add plumbing without
 * making the engine any more testable or pure. A block that needs nothing outside answers at
 * once, without a promise: most blocks of a turn (messages, waits, conditions) do.
 */
export function executeBlock(block: Block, ctx: TurnContext): BlockResult | Promise<BlockResult> {
  switch (block.type) {
    case "message":
      return executeMessageBlock(block, ctx);
    case "wait":
      return executeWaitBlock(block, ctx);
    case "intent":
      return executeIntentBlock(block, ctx);
    case "condition":
      return executeConditionBlock(block, ctx);
    case "set":
      return executeSetBlock(block, ctx);
    case "feedback":
      return executeFeedbackBlock(block, ctx);
    case "ai":
      return executeAiBlock(block, ctx);
    case "return":
      return executeReturnBlock(block, ctx);
    case "end":
      return executeEndBlock(block, ctx);
    case "handoff":
      return executeHandoffBlock(block, ctx);
    case "http":
      return executeHttpBlock(block, ctx);
    default: {
      const unknown: never = block;
      throw new Error(`Unhandled block type: ${JSON.stringify(unknown)}`);
    }
  }
}
