import { styleText } from "node:util";

type Style = Parameters<typeof styleText>[0];

/** Colours only on a terminal that wants them (`styleText` honours NO_COLOR and FORCE_COLOR). */
function paint(style: Style, text: string, stream: NodeJS.WriteStream): string {
  return styleText(style, text, { stream });
}

/** The speaker column: bot lines and customer lines must be told apart at a glance. */
export const BOT_PREFIX = "bot › ";
export const CUSTOMER_PREFIX = "you › ";

export function botLine(text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return paint("cyan", BOT_PREFIX, stream) + indentContinuation(text);
}

export function customerLine(text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return paint("dim", CUSTOMER_PREFIX, stream) + indentContinuation(text);
}

/** A human operator's message, under the operator's name. */
export function operatorLine(
  name: string | null | undefined,
  text: string,
  stream: NodeJS.WriteStream = process.stdout,
): string {
  return paint("green", `${name ?? "operator"} › `, stream) + indentContinuation(text);
}

/** Quick replies wider than this (indent included) go one per line. @default 80 */
export const OPTIONS_LINE_WIDTH = 80;

/**
 * A wait block's quick replies, numbered and indented under the bot's text: on one line when
 * they fit ("1. Weather  2. Travel"), else one per line. No lines for no options.
 */
export function optionLines(options: readonly { label: string }[]): string[] {
  const indent = " ".repeat(BOT_PREFIX.length);
  const items = options.map((option, index) => `${index + 1}. ${option.label.trim().replaceAll(/\s+/g, " ")}`);
  if (items.length === 0) return [];
  const oneLine = indent + items.join("  ");
  return oneLine.length <= OPTIONS_LINE_WIDTH ? [oneLine] : items.map((item) => indent + item);
}

/** Multi-line messages stay under their speaker instead of starting at column 0. */
function indentContinuation(text: string): string {
  return text.replaceAll("\n", `\n${" ".repeat(BOT_PREFIX.length)}`);
}

/** A note about the conversation (not part of it): on stderr, so piped transcripts stay clean. */
export function note(text: string): void {
  process.stderr.write(`${paint("dim", text, process.stderr)}\n`);
}

export function warn(text: string): void {
  process.stderr.write(`${paint("yellow", text, process.stderr)}\n`);
}

export function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

export function printJson(value: unknown): void {
  out(JSON.stringify(value, null, 2));
}

/** Problems of a flow, one per line: `path  CODE  message` (the document itself is `/`). */
export function problemLine(problem: { path: string; code: string; message: string }): string {
  return `${problem.path || "/"}  ${problem.code}  ${problem.message}`;
}

/**
 * Progress of a long operation, on stderr and only on a terminal: scripts reading stdout or a
 * log of stderr should not get carriage-return noise.
 */
export function progress(): { update(text: string): void; done(): void } {
  const live = Boolean(process.stderr.isTTY);
  let shown = false;
  return {
    update(text) {
      if (!live) return;
      process.stderr.write(`\r\x1b[2K${paint("dim", text, process.stderr)}`);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write("\r\x1b[2K");
      shown = false;
    },
  };
}
