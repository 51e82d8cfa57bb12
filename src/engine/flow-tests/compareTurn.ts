import type { TurnResult } from "../types.ts";
import type { TurnExpectation } from "./flow-tests-schema.ts";

const show = (value: unknown): string => JSON.stringify(value);

/** Equal JSON values, whatever the order of object keys. */
function sameJson(left: unknown, right: unknown): boolean {
  if (typeof left !== "object" || left === null || typeof right !== "object" || right === null) return left === right;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  return (
    leftKeys.length === rightKeys.length &&
    leftKeys.every(
      (key) =>
        Object.hasOwn(right, key) &&
        sameJson((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]),
    )
  );
}

/** Differences between what a turn did and what the test expects, as readable sentences. */
export function compareTurn(result: TurnResult, expected: TurnExpectation): string[] {
  const failures: string[] = [];
  const bot = result.outputs.map((output) => output.text);
  if (expected.bot !== undefined && show(bot) !== show(expected.bot)) {
    failures.push(`bot said ${show(bot)}, expected ${show(expected.bot)}`);
  }
  const outcome = result.outcome.type === "waiting" ? `waiting at "${result.outcome.blockId}"` : "ended";
  if (
    expected.waiting !== undefined &&
    // Stryker disable next-line ConditionalExpression: an ended outcome has no blockId, which differs from any expected one too
    (result.outcome.type !== "waiting" || result.outcome.blockId !== expected.waiting)
  ) {
    failures.push(`conversation is ${outcome}, expected waiting at "${expected.waiting}"`);
  }
  // Stryker disable next-line ConditionalExpression: an ended outcome has no options, so `?? []` gives [] too
  const options = result.outcome.type === "waiting" ? (result.outcome.options ?? []) : [];
  if (expected.options !== undefined && show(options) !== show(expected.options)) {
    failures.push(`conversation waits with options ${show(options)}, expected ${show(expected.options)}`);
  }
  if (expected.ended === true && result.outcome.type !== "ended") {
    failures.push(`conversation is ${outcome}, expected it to have ended`);
  }
  if (expected.steps !== undefined) {
    let from = 0;
    for (const step of expected.steps) {
      const found = result.steps.findIndex((s, i) => i >= from && s.blockId === step.blockId && s.kind === step.kind);
      if (found === -1) {
        failures.push(
          `no "${step.kind}" step at "${step.blockId}" (in order); steps were ${show(result.steps.map((s) => `${s.blockId}:${s.kind}`))}`,
        );
        break;
      }
      from = found + 1;
    }
  }
  for (const [name, value] of Object.entries(expected.vars ?? {})) {
    if (!sameJson(result.state.vars[name], value))
      failures.push(`variable "${name}" is ${show(result.state.vars[name])}, expected ${show(value)}`);
  }
  if (expected.feedback !== undefined) {
    const actual = result.feedback.map(({ rating, comment, sentiment }) => ({ rating, comment, sentiment }));
    const matches =
      actual.length === expected.feedback.length &&
      expected.feedback.every((want, i) => {
        const got = actual[i];
        return (
          // Stryker disable next-line ConditionalExpression: the lengths are equal, so got is always there
          got !== undefined &&
          got.rating === want.rating &&
          (want.comment === undefined || got.comment === want.comment) &&
          (want.sentiment === undefined || got.sentiment === want.sentiment)
        );
      });
    if (!matches) failures.push(`feedback was ${show(actual)}, expected ${show(expected.feedback)}`);
  }
  return failures;
}
