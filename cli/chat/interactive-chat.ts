import { createInterface } from "node:readline";
import { styleText } from "node:util";
import type { CliError } from "../cli-error.ts";
import { CUSTOMER_PREFIX, note } from "../print.ts";
import type { ChatSocket } from "./chat-socket.ts";
import type { PromptLine } from "./prompt-line.ts";
import { runSlashCommand } from "./slash-commands.ts";
import type { SlashContext } from "./run-chat.ts";

/**
 * Chat at a terminal. The prompt shows only between turns, so a turn's replies never land in
 * the middle of what the person is typing; frames the server pushes unasked are printed above
 * the prompt (`promptLine`). Ctrl-C, Ctrl-D and /quit all leave cleanly (exit 0).
 */
export async function interactiveChat(
  socket: ChatSocket,
  context: SlashContext,
  promptLine: PromptLine,
): Promise<number> {
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    prompt: styleText("dim", CUSTOMER_PREFIX, { stream: process.stdout }),
    terminal: true,
  });
  let leave: (code: number) => void = () => {};
  const left = new Promise<number>((resolve) => (leave = resolve));
  rl.on("SIGINT", () => {
    process.stdout.write("\n"); // off the prompt line
    leave(0);
  });
  rl.on("close", () => leave(0));
  socket.onUnexpectedClose = (error: CliError) => {
    process.stdout.write("\n");
    process.stderr.write(`chatflow: ${error.message}\n`);
    leave(1);
  };

  const converse = async (): Promise<number> => {
    promptLine.show(rl);
    for await (const raw of rl) {
      promptLine.hide();
      const line = raw.trim();
      if (line !== "") {
        const command = await runSlashCommand(line, context);
        if (command === "quit") return 0;
        if (command === "not-a-command" && (await socket.say(line)).end.type === "ended") return 0;
      }
      promptLine.show(rl);
    }
    return 0;
  };
  // Whichever comes first: the conversation ending, the person leaving, or the server going away.
  const code = await Promise.race([converse(), left]);
  promptLine.hide();
  rl.close();
  note("bye");
  return code;
}
