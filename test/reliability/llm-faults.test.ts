import { NO_ABUSE_LIMITS } from "../utils/load-test-limits.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient, type Frame } from "../utils/chat-client.ts";
import { missingFromDatabase } from "../utils/chat-load.ts";
import { portsAgainst } from "../utils/ai-test-ports.ts";
import { startFakeOpenAi, type FakeOpenAi, type FakeReply } from "../utils/fake-openai.ts";
import { recordCounts, watchProcessFaults } from "../utils/reliability-counts.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

// The detailed behaviour (time-outs, retries, circuit breaker, fallbacks) is tested in test/ai;
// here the whole server meets a broken LLM under a little load, and nothing may go unanswered.
const FLOW = {
  schemaVersion: 1,
  name: "Assistant",
  start: "hello",
  blocks: [
    { id: "hello", type: "message", text: "Hi!", next: "listen" },
    { id: "listen", type: "wait", saveAs: "request", next: "route" },
    {
      id: "route",
      type: "intent",
      intents: [
        { id: "weather", description: "Give me the weather", examples: ["will it rain?"], next: "weather" },
        { id: "travel", description: "Give me travel offers", next: "travel" },
      ],
      noMatch: "chat",
      onError: "chat",
    },
    { id: "weather", type: "message", text: "Sunny.", next: "listen" },
    { id: "travel", type: "message", text: "Lisbon.", next: "listen" },
    {
      id: "chat",
      type: "ai",
      prompt: "Answer briefly.",
      fallbackText: "Sorry, I can't answer that now.",
      next: "listen",
    },
  ],
};
const FAULTS: Array<[string, FakeReply]> = [
  ["hangs", { hang: true }],
  ["answers 500", { status: 500 }],
  ["answers 429", { status: 429, headers: { "retry-after": "60" } }],
  ["answers nonsense", { content: "this is not JSON" }],
];
const CUSTOMERS = 8;
const TURNS = 3;
const TIMEOUT_MS = 400;

type App = Awaited<ReturnType<typeof startTestApp>>;
let app: App;
let fake: FakeOpenAi;
let closePorts: () => Promise<void> = async () => {};
const faults = watchProcessFaults();
const tally = { tried: 0, missing: 0, unanswered: 0, errorFrames: 0, slowestTurnMs: 0 };

beforeAll(async () => {
  fake = await startFakeOpenAi();
  const { ports } = portsAgainst(fake, {
    openai: { apiKey: "test-key", baseUrl: fake.baseUrl, model: "test-model", timeoutMs: TIMEOUT_MS },
  });
  closePorts = () => ports.close();
  app = await startTestApp(NO_ABUSE_LIMITS, { ports });
  await uploadFlow(app.url, FLOW);
});
afterAll(async () => {
  faults.stop();
  await app.stop();
  await closePorts();
  await fake.close();
  await recordCounts("LLM faults", {
    tried: tally.tried,
    crashes: faults.uncaught,
    unhandledRejections: faults.unhandledRejections,
    acknowledgedMissing: tally.missing,
    details: {
      faults: FAULTS.map(([name]) => name).join(", "),
      framesUnanswered: tally.unanswered,
      errorFrames: tally.errorFrames,
      slowestTurnMs: Math.round(tally.slowestTurnMs),
    },
  });
});

describe("an LLM that fails while customers chat", () => {
  it.each(FAULTS)("should answer every turn, from the fallbacks if need be, when the LLM %s", async (_, reply) => {
    fake.setDefault(reply);
    const acknowledged: string[] = [];
    const ends: Frame[] = [];
    await Promise.all(
      Array.from({ length: CUSTOMERS }, async () => {
        const client = await ChatClient.open(app.wsUrl, {});
        await client.turn();
        for (let turn = 0; turn < TURNS; turn++) {
          const started = performance.now();
          const frames = await client.say(`tell me a joke ${turn}`).catch(() => {
            tally.unanswered++;
            return [];
          });
          tally.slowestTurnMs = Math.max(tally.slowestTurnMs, performance.now() - started);
          tally.tried++;
          acknowledged.push(...frames.filter((f) => f.type === "message").map((f) => String(f["id"])));
          if (frames.length) ends.push(frames[frames.length - 1]!);
        }
        client.close();
      }),
    );
    tally.errorFrames += ends.filter((end) => end.type === "error").length;
    expect(ends).toHaveLength(CUSTOMERS * TURNS);
    expect(ends.every((end) => end.type === "waiting")).toBe(true);
    const missing = await missingFromDatabase(app.database, acknowledged);
    tally.missing += missing.length;
    expect(missing).toEqual([]);
    expect(faults.unhandledRejections).toBe(0);
  });
});
