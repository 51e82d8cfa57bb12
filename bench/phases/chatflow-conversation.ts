import { createBenchDatabase, type DatabaseKind } from "../databases/bench-database.ts";
import type { LoadShape } from "../load/generator-fleet.ts";
import { startChatflow } from "../servers/start-chatflow.ts";
import { startEchoServer } from "../servers/start-echo.ts";
import { checkIntegrity, type IntegrityResult } from "./integrity.ts";
import { runConversationLoad, type ConversationResult, type ConversationTiming } from "./conversation-load.ts";

/**
 * The conversation load on chatflow with a fresh database: start, load, stop (gracefully, so
 * turns in flight are stored), then count what was stored against what the clients saw.
 */
export async function runChatflowConversation(
  kind: DatabaseKind,
  shape: LoadShape,
  timing: ConversationTiming,
): Promise<{ conversation: ConversationResult; integrity: IntegrityResult }> {
  const database = await createBenchDatabase(kind);
  try {
    const server = await startChatflow(database.url);
    let loaded: Awaited<ReturnType<typeof runConversationLoad>>;
    try {
      loaded = await runConversationLoad(server, shape, timing);
    } finally {
      const exit = await server.stop();
      if (exit !== 0) console.warn(`bench: chatflow exited with ${exit}:\n${server.outputTail()}`);
    }
    const integrity = await checkIntegrity(database.target, loaded.acknowledged);
    return { conversation: loaded.result, integrity };
  } finally {
    await database.drop();
  }
}

/** The same load shape against the echo ceiling, shaped like chatflow's measured turns. */
export async function runEchoConversation(
  shape: LoadShape,
  timing: ConversationTiming,
  turnShape: { framesPerTurn: number; bytesPerTurn: number },
): Promise<ConversationResult> {
  const server = await startEchoServer(turnShape);
  try {
    return (await runConversationLoad(server, shape, timing)).result;
  } finally {
    await server.stop();
  }
}
