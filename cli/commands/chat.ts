import { Option, type Command } from "commander";
import { runChat, type ChatOptions } from "../chat/run-chat.ts";
import { readGlobals } from "../global-options.ts";

export function registerChatCommand(program: Command): void {
  program
    .command("chat")
    .description("chat over the plain WebSocket; reads one message per line when stdin is not a terminal")
    .option("--customer <id>", "chat as this customer: resumes their conversation (the token is remembered)")
    .addOption(
      new Option(
        "--signature <hex>",
        "the --customer id's signature, when the server sets CUSTOMER_ID_SECRET (hex HMAC-SHA256 of the id); stands in for its token",
      ).env("CHATFLOW_CUSTOMER_SIGNATURE"),
    )
    .option("--name <name>", "the customer's name, for the bot's greeting")
    .addHelpText(
      "after",
      "\nIn the chat: /history shows the conversation so far, /quit (or Ctrl-C) leaves.\nTokens are kept in $XDG_CONFIG_HOME/chatflow/customers.json (default ~/.config/chatflow).",
    )
    .action(async (options: ChatOptions, command: Command) => {
      process.exitCode = await runChat(readGlobals(command), options);
    });
}
