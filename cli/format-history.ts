import type { HistoryMessage } from "./history-pages.ts";
import { botLine, customerLine, operatorLine } from "./print.ts";

/**
 * A history as a transcript: a header per session (a customer may have had several) and each
 * message under its speaker, with the time so gaps in a conversation show.
 */
export function formatHistory(messages: HistoryMessage[], stream: NodeJS.WriteStream = process.stdout): string[] {
  const lines: string[] = [];
  let session: string | undefined;
  for (const message of messages) {
    if (message.sessionId !== session) {
      session = message.sessionId;
      lines.push(`── session ${session} · ${formatDate(message.createdAt)} ──`);
    }
    const line =
      message.sender === "bot"
        ? botLine(message.text, stream)
        : message.sender === "operator"
          ? operatorLine(message.operator, message.text, stream)
          : customerLine(message.text, stream);
    lines.push(`${formatTime(message.createdAt)}  ${line}`);
  }
  return lines;
}

function formatDate(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

function formatTime(iso: string): string {
  return iso.slice(11, 19);
}
