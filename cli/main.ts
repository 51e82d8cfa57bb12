// chatflow's command line (README, Command line): chat, operate and demonstrate a server from a terminal.
import { Command } from "commander";
import { CliError } from "./cli-error.ts";
import { endQuietlyOnClosedPipe } from "./closed-pipe.ts";
import { registerChatCommand } from "./commands/chat.ts";
import { registerConfigCommands } from "./commands/config.ts";
import { registerFeedbackCommand } from "./commands/feedback.ts";
import { registerFlowCommands } from "./commands/flow.ts";
import { registerHandoffCommands } from "./commands/handoff.ts";
import { registerHistoryCommand } from "./commands/history.ts";
import { registerOperatorCommands } from "./commands/operators.ts";
import { registerStatsCommand } from "./commands/stats.ts";
import { registerWebhookCommands } from "./commands/webhooks.ts";
import { addGlobalOptions } from "./global-options.ts";

endQuietlyOnClosedPipe();

const program = addGlobalOptions(new Command("chatflow"))
  .description("chat with, operate and test a chatflow server from a terminal")
  .configureHelp({ showGlobalOptions: true })
  .showHelpAfterError("(chatflow --help lists the commands)");

registerChatCommand(program);
registerConfigCommands(program);
registerHistoryCommand(program);
registerFeedbackCommand(program);
registerFlowCommands(program);
registerHandoffCommands(program);
registerOperatorCommands(program);
registerWebhookCommands(program);
registerStatsCommand(program);

try {
  await program.parseAsync();
} catch (error) {
  // Expected failures are one line; anything else is a bug, and its stack is worth having.
  if (error instanceof CliError) {
    process.stderr.write(`chatflow: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(
      `chatflow: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 70; // EX_SOFTWARE
  }
}
