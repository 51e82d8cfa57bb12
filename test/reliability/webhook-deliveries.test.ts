import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookSender } from "../../src/webhooks/send-webhook.ts";
import { ChatClient, type Frame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { readRepoFile } from "../utils/flows.ts";
import { NO_ABUSE_LIMITS } from "../utils/load-test-limits.ts";
import { eventually } from "../utils/graphql-clients.ts";
import { recordCounts, watchProcessFaults } from "../utils/reliability-counts.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { registerWebhook } from "../utils/webhook-receiver.ts";

// Every delivery meets each fault once, in this order, before the receiver accepts it.
const FAULTS = ["answers 503", "resets the connection", "hangs past the time-out", "redirects", "answers 500"] as const;
const CUSTOMERS = 10;
const EVENTS = ["conversation.started", "feedback.received", "conversation.ended"];

type App = Awaited<ReturnType<typeof startTestApp>>;
let app: App;
let receiver: http.Server;
let secret = "";
const faults = watchProcessFaults();
const attemptsById = new Map<string, number>();
const accepted = new Map<string, { type: string; session: string }>();
const tally = { attempts: 0, badSignatures: 0, acceptedTwice: 0, redirectsFollowed: 0, missing: 0 };

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    // restify, loaded in this process, makes writeHead return nothing: no chaining.
    const answer = (status: number, headers: Record<string, string> = {}) => {
      response.writeHead(status, headers);
      response.end();
    };
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url === "/followed") {
        tally.redirectsFollowed++;
        return answer(200);
      }
      tally.attempts++;
      const headers = Object.fromEntries(
        ["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => [name, String(request.headers[name])]),
      );
      let payload: { type: string; data: { session: { id: string } } };
      try {
        payload = new Webhook(secret).verify(Buffer.concat(chunks), headers) as typeof payload;
      } catch {
        tally.badSignatures++;
        return answer(400);
      }
      const id = headers["webhook-id"]!;
      const attempt = attemptsById.get(id) ?? 0;
      attemptsById.set(id, attempt + 1);
      const fault = FAULTS[attempt];
      if (fault === "answers 503") return answer(503);
      if (fault === "answers 500") return answer(500);
      if (fault === "resets the connection") return void request.socket.destroy();
      if (fault === "hangs past the time-out") return undefined; // the sender gives up; closed at the end
      if (fault === "redirects") return answer(302, { location: "/followed" });
      if (accepted.has(id)) tally.acceptedTwice++;
      accepted.set(id, { type: payload.type, session: payload.data.session.id });
      answer(204);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  // A short back-off base and request time-out: the same schedule and rules, faster.
  app = await startTestApp(
    { ...NO_ABUSE_LIMITS, WEBHOOK_RETRY_BASE_MS: "20" },
    { ports: createFakePorts(), webhookSender: createWebhookSender(300) },
  );
  await uploadFlow(app.url, JSON.parse(readRepoFile("test/fixtures/webhook-feedback.json")));
  const { port } = receiver.address() as AddressInfo;
  ({ secret } = await registerWebhook(app.url, { url: `http://127.0.0.1:${port}/hook`, events: EVENTS }));
});

afterAll(async () => {
  faults.stop();
  await app?.stop();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await recordCounts("webhook deliveries", {
    tried: accepted.size,
    crashes: faults.uncaught,
    unhandledRejections: faults.unhandledRejections,
    acknowledgedMissing: tally.missing,
    details: {
      faults: FAULTS.join(", "),
      attempts: tally.attempts,
      badSignatures: tally.badSignatures,
      acceptedTwice: tally.acceptedTwice,
      redirectsFollowed: tally.redirectsFollowed,
    },
  });
});

describe("a webhook receiver that fails every way before it answers", () => {
  it("should deliver every event of every acknowledged conversation, signed, retried past each fault", async () => {
    const sessions = await Promise.all(
      Array.from({ length: CUSTOMERS }, async (_, i) => {
        const client = await ChatClient.open(app.wsUrl);
        const opening = await client.turn();
        await client.say(String((i % 5) + 1));
        const ended = await client.say(`comment ${i}`);
        client.close();
        expect(ended.at(-1)?.type).toBe("ended"); // acknowledged: the turn and its events are stored
        return opening.find((frame: Frame) => frame.type === "session")!["sessionId"] as string;
      }),
    );
    const expected = sessions.flatMap((session) => EVENTS.map((type) => `${session} ${type}`)).sort();
    const received = () => [...accepted.values()].map((event) => `${event.session} ${event.type}`).sort();
    try {
      await eventually(() => expect(received()).toEqual(expected));
    } finally {
      tally.missing = expected.filter((event) => !received().includes(event)).length;
    }
    expect(tally).toMatchObject({ badSignatures: 0, acceptedTwice: 0, redirectsFollowed: 0 });
    expect(tally.attempts).toBe(expected.length * (FAULTS.length + 1));
  });
});
