import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { lines, runCli } from "../utils/run-cli.ts";
import { startTestApp } from "../utils/start-test-app.ts";
import { WebhookReceiver } from "../utils/webhook-receiver.ts";

const ADMIN = "c".repeat(40);
const headers = { authorization: `Bearer ${ADMIN}` };

describe("chatflow webhooks", () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let receiver: WebhookReceiver;
  const cli = (...args: string[]) => runCli(["webhooks", ...args, "--url", app.url, "--token", ADMIN]);

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_TOKEN: ADMIN }, { ports: createFakePorts() });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await app?.stop();
    await receiver?.close();
  });

  it("should add a webhook, list it, show its deliveries, redeliver one and remove it", async () => {
    const added = await cli("add", receiver.url, "--events", "conversation.started", "--description", "CRM");
    expect(added.code).toBe(0);
    const [first, secretLine] = lines(added.stdout);
    const id = first!.split("  ")[0]!;
    expect(first).toBe(`${id}  ${receiver.url}  conversation.started`);
    receiver.secret = secretLine!.replace("secret: ", "");
    expect(receiver.secret).toMatch(/^whsec_/);
    expect(lines((await cli("list")).stdout)).toEqual([`${id}  ${receiver.url}  conversation.started  CRM`]);

    const client = await ChatClient.open(app.wsUrl);
    await client.turn();
    client.close();
    await receiver.waitFor(() => receiver.delivered().length === 1, "the started event");
    // The receiver answers before the worker records it: wait for the record.
    await expect
      .poll(
        async () =>
          (await fetch(`${app.url}/webhooks/${id}/deliveries?status=delivered`, { headers }).then((r) =>
            r.json(),
          )) as unknown,
      )
      .toMatchObject({ deliveries: [{ status: "delivered" }] });

    const listed = await cli("deliveries", id, "--status", "delivered", "--json");
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ id: receiver.requests[0]!.id, event: "conversation.started", status: "delivered" }),
    ]);
    const redelivered = await cli("redeliver", receiver.requests[0]!.id);
    expect(redelivered.code).toBe(0);
    await receiver.waitFor((requests) => requests.length === 2, "the redelivery");
    expect(receiver.requests[1]?.id).toBe(receiver.requests[0]!.id);
    expect(receiver.requests[1]?.payload).not.toBeNull();

    expect((await cli("remove", id)).code).toBe(0);
    expect((await cli("list", "--json")).stdout.trim()).toBe("[]");
  });

  it("should fail with one line on a bad event type or an unknown webhook", async () => {
    const bad = await cli("add", "https://x.example/hook", "--events", "order.shipped");
    expect(bad.code).not.toBe(0);
    expect(lines(bad.stderr)).toEqual([
      expect.stringMatching(/^chatflow: the server answered 400 BAD_REQUEST: events: /),
    ]);
    const unknown = await cli("deliveries", "wh_missing");
    expect(lines(unknown.stderr)).toEqual([
      "chatflow: the server answered 404 NOT_FOUND: webhook wh_missing does not exist",
    ]);
  });
});
