import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient, type Frame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { FuzzTally } from "../utils/hardening-counts.ts";
import { closed } from "../utils/raw-upgrade.ts";
import { startTestApp } from "../utils/start-test-app.ts";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20_260_8);
const FRAMES = 320;
const SOCKETS = 4;
const MAX_PAYLOAD = 64 * 1024;
const tally = new FuzzTally();
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  tally.listen();
  // Rate limits off: this fuzzes what the server does with a frame, and limits have their own tests.
  app = await startTestApp(
    { CHAT_MESSAGES_PER_SECOND: "0", CHAT_IP_MESSAGES_PER_SECOND: "0" },
    { ports: createFakePorts() },
  );
});
afterAll(async () => {
  await app.stop();
  tally.write();
});

type Kind = "strings" | "json-objects" | "binary" | "oversized-text" | "huge";
type Fuzzed = { kind: Kind; data: string | Buffer; binary: boolean };

/** Words the bundled flow reacts to, so random frames also walk its triggers, intents and waits. */
const flowWords = fc.constantFrom(
  "feedback",
  "review",
  "5",
  "3",
  "no",
  "goodbye",
  "weather",
  "travel offers",
  "restaurants",
  "hi",
);

const fuzzed: fc.Arbitrary<Fuzzed> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .oneof(flowWords, fc.string({ unit: "grapheme", maxLength: 120 }), fc.string({ unit: "binary", maxLength: 120 }))
      .map((data): Fuzzed => ({ kind: "strings", data, binary: false })),
  },
  {
    weight: 4,
    arbitrary: fc
      .record(
        {
          type: fc.oneof(fc.constant("message"), fc.jsonValue({ maxDepth: 1 })),
          text: fc.oneof(flowWords, fc.string({ unit: "binary", maxLength: 80 }), fc.jsonValue({ maxDepth: 2 })),
          clientMsgId: fc.oneof(
            fc.constantFrom("a", "b", "c"),
            fc.string({ maxLength: 220 }),
            fc.jsonValue({ maxDepth: 1 }),
          ),
          extra: fc.jsonValue({ maxDepth: 2 }),
        },
        { requiredKeys: [] },
      )
      .map((object): Fuzzed => ({ kind: "json-objects", data: JSON.stringify(object), binary: false })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.uint8Array({ maxLength: 300 }), fc.boolean())
      .map(([bytes, binary]): Fuzzed => ({ kind: "binary", data: Buffer.from(bytes), binary })),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 4001, max: MAX_PAYLOAD })
      .map((length): Fuzzed => ({ kind: "oversized-text", data: "o".repeat(length), binary: false })),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: MAX_PAYLOAD + 1, max: 4 * MAX_PAYLOAD })
      .map((length): Fuzzed => ({ kind: "huge", data: Buffer.alloc(length, 0x61), binary: false })),
  },
);

/** A turn is an error alone, or [session?] receipt, bot messages, then waiting or ended. */
function isWellFormedTurn(frames: Frame[]): boolean {
  const end = frames.at(-1);
  if (end?.type === "error") return frames.length === 1 && end.code !== "INTERNAL";
  if (end?.type !== "waiting" && end?.type !== "ended") return false;
  const body = frames.slice(frames[0]?.type === "session" ? 1 : 0, -1);
  return (
    body[0]?.type === "message" &&
    body[0].sender === "customer" &&
    body.slice(1).every((f) => f.type === "message" && f.sender === "bot")
  );
}

describe("fuzzing a live /chat server", () => {
  it("should answer every random frame with a turn ending in waiting, ended or error, never crash, and lose nothing", async () => {
    const frames = fc.sample(fuzzed, { numRuns: FRAMES, seed: SEED });
    const acknowledged: string[] = [];
    const problems: string[] = [];

    const worker = async (index: number) => {
      let client = await ChatClient.open(app.wsUrl, { name: `Fuzzer ${index}` });
      const opened = await client.turn();
      const { customerId, customerToken } = opened[0] as Frame & { customerId: string; customerToken: string };
      for (const [n, frame] of frames.entries()) {
        if (n % SOCKETS !== index) continue;
        const category = `live-chat/${frame.kind}`;
        tally.during(category);
        client.socket.send(frame.data, { binary: frame.binary });
        if (frame.kind === "huge") {
          const code = await closed(client.socket);
          tally.tried(category, code !== 1009);
          if (code !== 1009) problems.push(`frame ${n} (${frame.kind}): closed with ${code}, expected 1009`);
          client = await ChatClient.open(app.wsUrl, { customerId, token: customerToken });
          await client.turn();
          continue;
        }
        try {
          const turn = await client.turn();
          const ok = isWellFormedTurn(turn);
          tally.tried(category, !ok);
          if (!ok) problems.push(`frame ${n} (${frame.kind}): ${JSON.stringify(turn).slice(0, 300)}`);
          acknowledged.push(...turn.filter((f) => f.type === "message").map((f) => String(f.id)));
        } catch (error) {
          tally.tried(category, true);
          problems.push(`frame ${n} (${frame.kind}): ${String(error).slice(0, 300)}`);
          client = await ChatClient.open(app.wsUrl, { customerId, token: customerToken });
          await client.turn();
        }
      }
      client.close();
    };

    // Any HTTP answer shows the server alive: under load, the probe's own 2 s database deadline
    // can pass (503) while the turns queue. Once the fuzzing stops, the database must answer.
    const health = async () => {
      const status = await fetch(`${app.url}/healthz`).then(
        (r) => r.status,
        (e: unknown) => String(e),
      );
      const alive = status === 200 || status === 503;
      tally.tried("live-chat/healthz", !alive);
      if (!alive) problems.push(`/healthz answered ${status}`);
      return status;
    };
    const checking = setInterval(() => void health(), 250);
    try {
      await Promise.all(Array.from({ length: SOCKETS }, (_, index) => worker(index)));
    } finally {
      clearInterval(checking);
    }
    await expect.poll(health).toBe(200);

    expect(problems).toEqual([]);
    expect(frames.map((f) => f.kind)).toEqual(
      expect.arrayContaining(["strings", "json-objects", "binary", "oversized-text", "huge"]),
    );
    // Every message the server acknowledged is in the database.
    const stored = await app.database.prisma.message.count({ where: { id: { in: acknowledged } } });
    expect(stored).toBe(new Set(acknowledged).size);
  });
});
