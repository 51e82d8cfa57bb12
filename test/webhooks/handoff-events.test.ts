import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { ChatClient, lastFrame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { readRepoFile } from "../utils/flows.ts";
import { operatorClient } from "../utils/handoff-clients.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { registerWebhook, WebhookReceiver } from "../utils/webhook-receiver.ts";

const ADMIN = "d".repeat(40);

describe("webhooks for the human handoff", () => {
  let app: App & { wsUrl: string };
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_TOKEN: ADMIN }, { ports: createFakePorts() });
    await uploadFlow(app.url, JSON.parse(readRepoFile("test/fixtures/handoff.json")), ADMIN);
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await app?.stop();
    await receiver?.close();
  });

  it("should send handoff.queued with the queue and handoff.released, signed, for only the events subscribed", async () => {
    const { secret } = await registerWebhook(
      app.url,
      { url: receiver.url, events: ["handoff.queued", "handoff.released"] },
      ADMIN,
    );
    receiver.secret = secret;
    const client = await ChatClient.open(app.wsUrl);
    const opening = await client.turn();
    const sessionId = opening.find((frame) => frame.type === "session")?.["sessionId"] as string;
    expect(lastFrame(await client.say("I want a human"))).toMatchObject({ blockId: "toHuman" });
    await receiver.waitFor(() => receiver.delivered().length === 1, "handoff.queued");

    const admin = operatorClient(app.url, ADMIN);
    await admin.claim(sessionId);
    await admin.release(sessionId);
    await receiver.waitFor(() => receiver.delivered().length === 2, "handoff.released");
    client.close();

    const [queued, released] = receiver.delivered().map((request) => request.payload);
    expect(queued).toMatchObject({ type: "handoff.queued", data: { session: { id: sessionId }, queue: "support" } });
    expect(released).toMatchObject({ type: "handoff.released", data: { session: { id: sessionId } } });
    expect(receiver.requests).toHaveLength(2); // no conversation.started: not subscribed
  });
});
