import { InvalidArgumentError, type Command } from "commander";
import { formatHistory } from "../format-history.ts";
import { readGlobals } from "../global-options.ts";
import { DEFAULT_PAGE_SIZE, readWholeHistory, restPages } from "../history-pages.ts";
import { note, out, printJson, progress } from "../print.ts";

/** `chatflow history CUSTOMER`: the whole stored conversation, read page by page over REST. */
export function registerHistoryCommand(program: Command): void {
  program
    .command("history")
    .description("print a customer's messages, oldest first (every session)")
    .argument("<customer>", "the customer id")
    .option("--json", "print JSON: {customerId, messages: [...]}")
    .option("--page-size <n>", "messages per request (1–500)", parsePageSize, DEFAULT_PAGE_SIZE)
    .action(async (customerId: string, options: { json?: boolean; pageSize: number }, command: Command) => {
      const { urls, token } = readGlobals(command);
      const shown = progress();
      const messages = await readWholeHistory(restPages(urls, token, customerId, options.pageSize), (count) =>
        shown.update(`read ${count} messages…`),
      ).finally(() => shown.done());
      if (options.json) return printJson({ customerId, messages });
      if (messages.length === 0) return note(`${customerId} has no messages yet`);
      for (const line of formatHistory(messages)) out(line);
    });
}

function parsePageSize(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 500) throw new InvalidArgumentError("a whole number from 1 to 500");
  return size;
}
