import { formatHistory } from "../format-history.ts";
import { DEFAULT_PAGE_SIZE, graphqlPages, readWholeHistory } from "../history-pages.ts";
import { note, out } from "../print.ts";
import type { ServerUrls } from "../server-url.ts";

export const HELP_TEXT = "commands: /history shows this customer's conversation so far, /quit leaves (so does Ctrl-C)";

export type SlashOutcome = "handled" | "quit" | "not-a-command";

/**
 * The chat's own commands. Anything else, even if it starts with a slash, is a message for the
 * bot: a customer may well type "/shrug".
 */
export async function runSlashCommand(
  line: string,
  context: { urls: ServerUrls; customerId: string; customerToken: string | undefined },
): Promise<SlashOutcome> {
  switch (line.trim().toLowerCase()) {
    case "/quit":
    case "/exit":
      return "quit";
    case "/help":
      note(HELP_TEXT);
      return "handled";
    case "/history": {
      if (!context.customerToken) {
        note("(no token is known for this customer, so its history cannot be read)");
        return "handled";
      }
      // The customer's own token reads its own history over GraphQL: no operator token needed.
      const pages = graphqlPages(context.urls, context.customerToken, context.customerId, DEFAULT_PAGE_SIZE);
      const messages = await readWholeHistory(pages);
      note(`── history of ${context.customerId}: ${messages.length} message${messages.length === 1 ? "" : "s"} ──`);
      for (const line of formatHistory(messages)) out(line);
      note("── end of history ──");
      return "handled";
    }
    default:
      return "not-a-command";
  }
}
