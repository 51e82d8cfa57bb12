import { graphqlPages } from "../history-pages.ts";
import { botLine, note } from "../print.ts";
import type { SlashContext } from "./run-chat.ts";

/**
 * A resumed conversation re-sends nothing (docs/PROTOCOL.md, Resuming), so a person coming back would face a bare
 * prompt. Showing the bot's last words says what it is waiting for. Best effort: if the history
 * cannot be read, the chat goes on without it.
 */
export async function showLastWords(context: SlashContext): Promise<void> {
  if (!context.customerToken) return;
  try {
    const page = await graphqlPages(context.urls, context.customerToken, context.customerId, 10)(undefined);
    const lastCustomer = page.messages.findLastIndex((message) => message.sender === "customer");
    const lastWords = page.messages.slice(lastCustomer + 1);
    if (lastWords.length === 0) return;
    note("(where you left off)");
    for (const message of lastWords) process.stdout.write(`${botLine(message.text)}\n`);
  } catch {
    // only a courtesy
  }
}
