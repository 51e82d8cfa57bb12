import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { ChatClient } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { readRepoFile } from "../utils/flows.ts";
import { httpGraphql } from "../utils/graphql-clients.ts";
import { addOperator } from "../utils/handoff-clients.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { WebhookReceiver } from "../utils/webhook-receiver.ts";

const ADMIN = "b".repeat(40);
const errorCode = (error: unknown) =>
  (error as { response?: { errors?: { extensions?: { code?: string } }[] } }).response?.errors?.[0]?.extensions?.code;

interface Delivery {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
}

describe("webhooks over GraphQL", () => {
  let app: App & { wsUrl: string };
  let receiver: WebhookReceiver;
  const admin = () => httpGraphql(app.url, ADMIN);

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_TOKEN: ADMIN }, { ports: createFakePorts() });
    await uploadFlow(app.url, JSON.parse(readRepoFile("test/fixtures/webhook-feedback.json")), ADMIN);
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await app?.stop();
    await receiver?.close();
  });

  it("should register, list, show deliveries, redeliver with the same webhook-id and delete", async () => {
    const { createWebhook } = await admin().request<{
      createWebhook: { id: string; secret: string; events: string[] };
    }>(
      `mutation($url: String!) { createWebhook(url: $url, events: ["conversation.started"], description: "crm") { id secret events } }`,
      { url: receiver.url },
    );
    receiver.secret = createWebhook.secret;
    expect(createWebhook.events).toEqual(["conversation.started"]);
    const { webhooks } = await admin().request<{ webhooks: unknown[] }>("{ webhooks { id url events description } }");
    expect(webhooks).toEqual([
      { id: createWebhook.id, url: receiver.url, events: ["conversation.started"], description: "crm" },
    ]);

    const client = await ChatClient.open(app.wsUrl);
    await client.turn();
    client.close();
    await receiver.waitFor(() => receiver.delivered().length === 1, "the started event");
    const query = `query($id: ID!, $status: DeliveryStatus) {
      webhookDeliveries(webhookId: $id, status: $status) { id event status attempts lastStatusCode } }`;
    // The receiver answers before the worker records it: wait for the record.
    const deliveries = async (status?: string) =>
      (await admin().request<{ webhookDeliveries: Delivery[] }>(query, { id: createWebhook.id, status }))
        .webhookDeliveries;
    await expect
      .poll(() => deliveries("DELIVERED"))
      .toEqual([
        {
          id: receiver.requests[0]!.id,
          event: "conversation.started",
          status: "DELIVERED",
          attempts: 1,
          lastStatusCode: 200,
        },
      ]);

    const redelivered = await admin().request<{ redeliverWebhookDelivery: boolean }>(
      "mutation($id: ID!) { redeliverWebhookDelivery(id: $id) }",
      { id: receiver.requests[0]!.id },
    );
    expect(redelivered.redeliverWebhookDelivery).toBe(true);
    await receiver.waitFor((requests) => requests.length === 2, "the redelivery");
    expect(receiver.requests[1]).toMatchObject({
      id: receiver.requests[0]!.id,
      payload: receiver.requests[0]!.payload,
    });
    await expect.poll(async () => (await deliveries())[0]).toMatchObject({ status: "DELIVERED", attempts: 2 });

    await admin().request("mutation($id: ID!) { deleteWebhook(id: $id) }", { id: createWebhook.id });
    expect((await admin().request<{ webhooks: unknown[] }>("{ webhooks { id } }")).webhooks).toEqual([]);
  });

  it("should refuse unknown event types with BAD_REQUEST and callers without ADMIN_TOKEN", async () => {
    const ana = await addOperator(app.url, ADMIN, "Ana");
    await expect(httpGraphql(app.url, ana.token).request("{ webhooks { id } }")).rejects.toSatisfy(
      (error) => errorCode(error) === "FORBIDDEN",
    );
    await expect(
      admin().request(`mutation { createWebhook(url: "https://x.example", events: ["order.shipped"]) { id } }`),
    ).rejects.toSatisfy((error) => errorCode(error) === "BAD_REQUEST");
    await expect(httpGraphql(app.url).request("{ webhooks { id } }")).rejects.toSatisfy(
      (error) => errorCode(error) === "UNAUTHORIZED",
    );
    await expect(admin().request(`mutation { redeliverWebhookDelivery(id: "msg_none") }`)).rejects.toSatisfy(
      (error) => errorCode(error) === "NOT_FOUND",
    );
  });
});
