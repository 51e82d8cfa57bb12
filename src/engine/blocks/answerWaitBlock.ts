import type { WaitBlock } from "../schema/block-schemas.ts";
import type { QuickReply, ReplyRule } from "../schema/wait-block-schema.ts";
import { checkReply, type ReplyCheck } from "../runtime/checkReply.ts";
import { matchOption } from "../runtime/matchOption.ts";
import { recordStep, render, say, type BlockResult, type TurnContext } from "../runtime/turn-context.ts";

/** Sent after an invalid reply when the wait block has no `retry.text`, tailored to the rule. */
export function defaultRetryText(rule: ReplyRule | undefined, options?: readonly QuickReply[]): string {
  switch (rule?.type) {
    case "number":
      return "Please answer with a number.";
    case "rating":
      return `Please answer with a whole number from ${rule.min ?? 1} to ${rule.max ?? 5}.`;
    case "email":
      return "Please enter a valid email address.";
    case "choice":
      if (options !== undefined) {
        const numbered = options.map((option, index) => `${index + 1}. ${option.label.trim()}`);
        return `Please pick one of: ${numbered.join(", ")}.`;
      }
      return `Please answer with one of: ${(rule.options ?? []).join(", ")}.`;
    default:
      return "Sorry, I didn't catch that. Could you try again?";
  }
}

/** Handles the customer's reply to the wait block the conversation is paused at. */
export function answerWaitBlock(block: WaitBlock, ctx: TurnContext, text: string): BlockResult {
  const check = pickOrCheck(block, text);
  if (check.status === "valid") {
    if (block.saveAs !== undefined) ctx.state.vars[block.saveAs] = check.value;
    ctx.state.retries = 0;
    // Stryker disable next-line StringLiteral: receiveMessage goes on to `next` for any status but pause, end and handoff
    return { status: "continue", next: block.next };
  }
  // Stryker disable next-line OptionalChaining,StringLiteral: only a rule refuses a reply (none accepts any), so validate is set here
  recordStep(ctx, block, "validation_failed", { rule: block.validate?.type ?? "none", reason: check.reason, text });
  const max = block.retry?.max;
  // Stryker disable next-line ConditionalExpression: retries >= undefined is false as well
  if (max !== undefined && ctx.state.retries >= max) {
    recordStep(ctx, block, "retries_exhausted", { retries: ctx.state.retries, max });
    ctx.state.retries = 0;
    // Stryker disable next-line StringLiteral,OptionalChaining: as above; and max came from retry, so retry is set
    return { status: "continue", next: block.retry?.exhausted };
  }
  ctx.state.retries += 1;
  recordStep(ctx, block, "retry", { attempt: ctx.state.retries, ...(max === undefined ? {} : { max }) });
  say(ctx, block, block.retry ? render(ctx, block.retry.text) : defaultRetryText(block.validate, block.options));
  return { status: "pause", blockId: block.id };
}

/** A picked option saves its value whatever the rule; any other reply is up to the rule. */
function pickOrCheck(block: WaitBlock, text: string): ReplyCheck {
  const picked = block.options === undefined ? undefined : matchOption(block.options, text);
  return picked === undefined ? checkReply(block.validate, text) : { status: "valid", value: picked.value };
}
