import { createInterface } from "node:readline";
import type { ChatSocket } from "./chat-socket.ts";
import { runSlashCommand } from "./slash-commands.ts";
import type { SlashContext } from "./run-chat.ts";

/**
 * Scripted chat: one message per input line, each sent only after the previous turn ended, so
 * the printed transcript is in conversation order. Ends with the input or the conversation; a
 * server restart in between only pauses it (the socket reconnects and resumes the session).
 */
export async function pipedChat(socket: ChatSocket, context: SlashContext): Promise<number> {
  const lines = createInterface({ input: process.stdin, terminal: false });
  // The server gone for good (the reconnect gave up) ends the chat even while input is awaited.
  const lost = new Promise<never>((_resolve, reject) => (socket.onUnexpectedClose = reject));
  lost.catch(() => {}); // read by the race below, if it is still running
  const converse = async (): Promise<number> => {
    for await (const raw of lines) {
      const line = raw.trim();
      if (line === "") continue;
      const command = await runSlashCommand(line, context);
      if (command === "quit") break;
      if (command === "handled") continue;
      const turn = await socket.say(line);
      if (turn.end.type === "ended") break;
    }
    return 0;
  };
  try {
    return await Promise.race([converse(), lost]);
  } finally {
    lines.close();
  }
}
