import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { ChatClient } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { readRepoFile } from "../utils/flows.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { registerWebhook, WebhookReceiver } from "../utils/webhook-receiver.ts";

const EVENTS = ["conversation.started", "feedback.received", "conversation.ended"];

describe("webhooks: a receiver that is down for a while", () => {
  let app: App & { wsUrl: string };
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    // A 20 ms back-off base instead of 5 s: the schedule is the same, only faster.
    app = await startTestApp({ WEBHOOK_RETRY_BASE_MS: "20" }, { ports: createFakePorts() });
    await uploadFlow(app.url, JSON.parse(readRepoFile("test/fixtures/webhook-feedback.json")));
    receiver = await WebhookReceiver.start();
  });

  afterAll(async () => {
    await app?.stop();
    await receiver?.close();
  });

  it("should receive every event of a conversation, each signed with the secret, once it answers", async () => {
    const { id, secret } = await registerWebhook(app.url, { url: receiver.url, events: EVENTS });
    expect(secret).toMatch(/^whsec_/);
    receiver.secret = secret;
    // Down for the first five requests (503), then up.
    receiver.answer = ({ index }) => (index < 5 ? 503 : 200);

    const client = await ChatClient.open(app.wsUrl);
    await client.turn();
    await client.say("2");
    await client.say("the wait was far too long");
    client.close();

    await receiver.waitFor(() => receiver.delivered().length === 3, "three delivered events");
    expect(receiver.requests.every((request) => request.payload !== null)).toBe(true);
    const payloads = receiver.delivered().map((request) => request.payload!);
    expect(payloads.map((payload) => payload.type).sort()).toEqual([...EVENTS].sort());
    const feedback = payloads.find((payload) => payload.type === "feedback.received")!;
    expect(feedback.data).toMatchObject({ rating: 2, comment: "the wait was far too long", sentiment: "negative" });
    const sessionIds = new Set(payloads.map((payload) => (payload.data["session"] as { id: string }).id));
    expect(sessionIds.size).toBe(1);
    // A retry carries the same webhook-id as the attempt that failed.
    const failedIds = receiver.requests.filter((request) => request.status === 503).map((request) => request.id);
    expect(failedIds.length).toBe(5);
    for (const failed of failedIds) expect(receiver.delivered().map((request) => request.id)).toContain(failed);

    // The receiver answers before the worker records it: wait for the record.
    const listDeliveries = () =>
      fetch(`${app.url}/webhooks/${id}/deliveries`).then(
        (response) => response.json() as Promise<{ deliveries: { status: string; attempts: number }[] }>,
      );
    await expect
      .poll(async () => (await listDeliveries()).deliveries.map((delivery) => delivery.status))
      .toEqual(["delivered", "delivered", "delivered"]);
    const attempts = (await listDeliveries()).deliveries.reduce((sum, delivery) => sum + delivery.attempts, 0);
    expect(attempts).toBe(receiver.requests.length);
  });

  it("should show the deliveries in /metrics: none pending, 3 delivered, 5 retried", async () => {
    const text = await fetch(`${app.url}/metrics`).then((response) => response.text());
    const value = (line: string) =>
      Number(
        text
          .split("\n")
          .find((row) => row.startsWith(`${line} `))
          ?.split(" ")[1],
      );
    expect(value("chatflow_webhook_deliveries_pending")).toBe(0);
    expect(value('chatflow_webhook_deliveries_total{outcome="delivered"}')).toBe(3);
    expect(value('chatflow_webhook_deliveries_total{outcome="retry"}')).toBe(5);
  });
});
