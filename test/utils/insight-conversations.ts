import fs from "node:fs";
import { connectCustomer } from "./chat-client.ts";
import { createFakePorts } from "./fake-ports.ts";
import { startTestApp, uploadFlow } from "./start-test-app.ts";

export const ADMIN_TOKEN = "insight-admin-token";
/** The first day's conversations start then; the second day's a day later. */
export const DAY_ONE = new Date("2026-01-01T09:00:00.000Z");
export const DAY_TWO = new Date("2026-01-02T09:00:00.000Z");

const flow = JSON.parse(fs.readFileSync("test/fixtures/insight.json", "utf8")) as unknown;

/**
 * A real server (ADMIN_TOKEN set) with test/fixtures/insight.json uploaded (and active), and five real
 * `/chat` conversations on it, three on day one and two on day two:
 * - Ada says hello and leaves at `listen`;
 * - Bo says something the intents do not know (no match) and leaves at `listen`;
 * - Cy asks to rate, gives 5 and ends;
 * - (day two) Di asks for a person and waits in the handoff queue at `toHuman`;
 * - Ed is not understood once, then rates 2 and ends.
 */
export async function startInsightApp() {
  let now = DAY_ONE.getTime();
  const app = await startTestApp({ ADMIN_TOKEN }, { ports: createFakePorts(), now: () => new Date(now) });
  const version = await uploadFlow(app.url, flow, ADMIN_TOKEN);
  const talk = async (name: string, lines: string[]) => {
    const { client } = await connectCustomer(app.wsUrl, { name });
    for (const line of lines) await client.say(line);
    client.close();
  };
  await talk("Ada", []);
  await talk("Bo", ["banana bread"]);
  await talk("Cy", ["rate service", "5"]);
  now = DAY_TWO.getTime();
  await talk("Di", ["talk person"]);
  await talk("Ed", ["banana bread", "rate service", "2"]);
  return { app, version, flow };
}

/** What the five conversations add up to, per block in the flow's order. */
export const EXPECTED_BLOCKS = [
  { blockId: "hello", entered: 5, leftTheConversation: 0 },
  { blockId: "listen", entered: 5, leftTheConversation: 2 },
  { blockId: "route", entered: 4, leftTheConversation: 0 },
  { blockId: "sorry", entered: 2, leftTheConversation: 0 },
  { blockId: "hours", entered: 0, leftTheConversation: 0 },
  { blockId: "toHuman", entered: 1, leftTheConversation: 1 },
  { blockId: "askRating", entered: 2, leftTheConversation: 0 },
  { blockId: "rating", entered: 2, leftTheConversation: 0 },
  { blockId: "record", entered: 2, leftTheConversation: 0 },
  { blockId: "bye", entered: 2, leftTheConversation: 0 },
];

/** The report of the version the conversations ran on (its number aside). */
export const EXPECTED_REPORT = {
  conversations: 5,
  ended: 2,
  handoffs: 1,
  noMatchRate: 0.4,
  feedback: { count: 2, averageRating: 3.5, positive: 1, neutral: 0, negative: 1 },
  blocks: EXPECTED_BLOCKS,
};
