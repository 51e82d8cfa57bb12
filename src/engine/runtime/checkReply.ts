import type { ReplyRule } from "../schema/wait-block-schema.ts";
import type { VarValue } from "../types.ts";

export type ReplyCheck = { status: "valid"; value: VarValue } | { status: "invalid"; reason: string };

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;
const WHITESPACE = /\s/u;

/**
 * Deliberately loose: no spaces, one @ with text before it, and a dot inside the domain (not
 * its first or last character). Stricter checks reject real addresses. A plain scan rather
 * than the equivalent pattern, which backtracks quadratically on a long non-address.
 */
export function isEmailAddress(text: string): boolean {
  const at = text.indexOf("@");
  // Stryker disable next-line EqualityOperator: a second "@" lies after the first, so never at 0
  if (at < 1 || text.indexOf("@", at + 1) >= 0 || WHITESPACE.test(text)) return false;
  return text.slice(at + 2, -1).includes(".");
}

/** Accepts or rejects a customer's reply to a wait block; accepted numbers become numbers. */
export function checkReply(rule: ReplyRule | undefined, text: string): ReplyCheck {
  const reply = text.trim();
  if (rule === undefined) return { status: "valid", value: text };
  switch (rule.type) {
    case "text":
      return checkTextReply(reply, rule.min ?? 1, rule.max);
    case "number": {
      if (!DECIMAL.test(reply)) return { status: "invalid", reason: "not a number" };
      return checkRange(Number(reply), rule.min, rule.max);
    }
    case "rating": {
      if (!INTEGER.test(reply)) return { status: "invalid", reason: "not a whole number" };
      return checkRange(Number(reply), rule.min ?? 1, rule.max ?? 5);
    }
    case "email":
      return isEmailAddress(reply)
        ? { status: "valid", value: reply }
        : { status: "invalid", reason: "not an email address" };
    case "choice": {
      // Only the older form (a list of its own) is checked here; a block's `options` are matched
      // before the rule is asked, so a reply that gets here picked none of them.
      if (rule.options === undefined) return { status: "invalid", reason: "not one of the options" };
      const wanted = reply.toLocaleLowerCase();
      const option = rule.options.find((candidate) => candidate.trim().toLocaleLowerCase() === wanted);
      return option === undefined
        ? { status: "invalid", reason: "not one of the options" }
        : { status: "valid", value: option };
    }
  }
}

function checkTextReply(reply: string, min: number, max: number | undefined): ReplyCheck {
  const length = [...reply].length;
  if (length === 0) return { status: "invalid", reason: "empty" };
  if (length < min) return { status: "invalid", reason: `shorter than ${min} characters` };
  // Stryker disable next-line ConditionalExpression: length > undefined is false as well
  if (max !== undefined && length > max) return { status: "invalid", reason: `longer than ${max} characters` };
  return { status: "valid", value: reply };
}

function checkRange(value: number, min: number | undefined, max: number | undefined): ReplyCheck {
  // Stryker disable next-line ConditionalExpression: value < undefined is false as well
  if (min !== undefined && value < min) return { status: "invalid", reason: `below ${min}` };
  // Stryker disable next-line ConditionalExpression: value > undefined is false as well
  if (max !== undefined && value > max) return { status: "invalid", reason: `above ${max}` };
  return { status: "valid", value };
}
