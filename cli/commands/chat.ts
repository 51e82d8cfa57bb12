import { InvalidArgumentError, Option, type Command } from "commander";
import { RECONNECT_GIVE_UP_MS } from "../chat/reconnect-policy.ts";
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
    .option(
      "--give-up-after <seconds>",
      "when the server goes away, how long to keep reconnecting before exiting",
      parseSeconds,
      RECONNECT_GIVE_UP_MS / 1000,
    )
    .addHelpText(
      "after",
      "\nIn the chat: /history shows the conversation so far, /quit (or Ctrl-C) leaves.\nIf the server restarts, the chat reconnects and goes on in the same session.\nTokens are kept in $XDG_CONFIG_HOME/chatflow/customers.json (default ~/.config/chatflow).",
    )
    .action(async (options: ChatOptions, command: Command) => {
      process.exitCode = await runChat(readGlobals(command), options);
    });
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400)
    throw new InvalidArgumentError("seconds, from 0.1 to 86400");
  return seconds;
}
