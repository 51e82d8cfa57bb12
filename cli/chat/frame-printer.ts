import { botLine, customerLine, note, operatorLine, optionLines } from "../print.ts";
import type { ServerFrame } from "./parse-server-frame.ts";

const HANDOFF_NOTES = {
  queued: () => "(waiting for a person to join)",
  assigned: (name: string) => `(${name} joined the conversation)`,
  released: (name: string) => `(${name} handed the conversation back to the bot)`,
} as const;

/**
 * Prints a conversation's frames as they arrive. Bot lines always; the customer's own lines
 * only when `echoCustomer` (a piped run, where nobody saw them typed). Errors go to stderr.
 */
export function createFramePrinter(options: { echoCustomer: boolean }): (frame: ServerFrame) => void {
  return (frame) => {
    switch (frame.type) {
      case "message":
        if (frame.sender === "bot") process.stdout.write(`${botLine(frame.text)}\n`);
        else if (frame.sender === "operator") process.stdout.write(`${operatorLine(frame.operator, frame.text)}\n`);
        else if (options.echoCustomer) process.stdout.write(`${customerLine(frame.text)}\n`);
        return;
      case "error":
        process.stderr.write(`error ${frame.code}: ${frame.message}\n`);
        return;
      case "ended":
        note("(the conversation has ended)");
        return;
      case "handoff":
        note(HANDOFF_NOTES[frame.status](frame.operator ?? "an operator"));
        return;
      case "waiting":
        // Under the bot's question, numbered: typing the number picks the option (the server matches).
        for (const line of optionLines(frame.options ?? [])) process.stdout.write(`${line}\n`);
        return;
      case "session":
        return;
      default: {
        const unexpected: never = frame;
        return unexpected;
      }
    }
  };
}
