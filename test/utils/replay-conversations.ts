import fs from "node:fs";
import { portsAgainst } from "./ai-test-ports.ts";
import { connectCustomer } from "./chat-client.ts";
import { startFakeBusinessApi } from "./fake-business-api.ts";
import { startFakeOpenAi } from "./fake-openai.ts";
import { operatorClient } from "./handoff-clients.ts";
import { startTestApp, uploadFlow } from "./start-test-app.ts";

export const ADMIN_TOKEN = "replay-admin-token";

/** test/fixtures/replay.json with its `http` block pointed at `host`. */
export function replayFlow(host: string) {
  const text = fs.readFileSync("test/fixtures/replay.json", "utf8").replace("API_HOST", host);
  return JSON.parse(text) as { blocks: Record<string, unknown>[] } & Record<string, unknown>;
}

const intent = (id: string, confidence = 0.9) => ({ content: JSON.stringify({ intent: id, confidence }) });

/**
 * A real server whose intents an LLM decides (a fake OpenAI-compatible server that counts its
 * calls), whose `http` block calls a fake business API (which counts too), with four real `/chat`
 * conversations on test/fixtures/replay.json:
 * - Ann asks for the opening hours (turn 2: `hours`);
 * - Ben asks where his order is, gives A-17, and the API says it shipped;
 * - Cat is not understood (turn 2: `sorry`), then asks for the hours (turn 3: `hours`);
 * - Dee asks for a person (turn 2), writes while she waits (turn 3, the bot stays silent), is
 *   released by an operator (turn 4), then asks for the hours (turn 5: `hours`).
 */
export async function startReplayApp() {
  const llm = await startFakeOpenAi();
  const api = await startFakeBusinessApi();
  const { ports } = portsAgainst(llm);
  const app = await startTestApp({ ADMIN_TOKEN, HTTP_BLOCK_ALLOWED_HOSTS: api.host }, { ports });
  const flow = replayFlow(api.host);
  const version = await uploadFlow(app.url, flow, ADMIN_TOKEN);
  const sessions: Record<string, string> = {};
  const talk = async (name: string, lines: (string | { llm: string; say: string })[]) => {
    const { client, session } = await connectCustomer(app.wsUrl, { name });
    sessions[name] = session.sessionId;
    for (const line of lines) {
      if (typeof line !== "string") llm.enqueue(intent(line.llm));
      await client.say(typeof line === "string" ? line : line.say);
    }
    return client;
  };
  (await talk("Ann", [{ llm: "hours", say: "what are your opening hours" }])).close();
  (await talk("Ben", [{ llm: "order", say: "where is my order" }, "A-17"])).close();
  (
    await talk("Cat", [
      { llm: "none", say: "blah blah" },
      { llm: "hours", say: "opening hours please" },
    ])
  ).close();
  const dee = await talk("Dee", [{ llm: "human", say: "talk to a person" }, "hello?"]);
  const operator = operatorClient(app.url, ADMIN_TOKEN);
  await operator.release(sessions["Dee"]!);
  await dee.turn();
  llm.enqueue(intent("hours"));
  await dee.say("opening hours");
  dee.close();
  const stop = async () => {
    await app.stop();
    await llm.close();
    await api.close();
  };
  return { app, llm, api, flow, version, sessions, stop };
}

/** Rows per table: a replay must leave every count as it was. */
export async function countRows(app: {
  database: { prisma: import("../../src/storage/generated/client.ts").PrismaClient };
}) {
  const { prisma } = app.database;
  return {
    customers: await prisma.customer.count(),
    sessions: await prisma.session.count(),
    messages: await prisma.message.count(),
    steps: await prisma.step.count(),
    feedback: await prisma.feedback.count(),
    flowVersions: await prisma.flowConfig.count(),
    deliveries: await prisma.webhookDelivery.count(),
  };
}
