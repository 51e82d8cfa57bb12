// What the AI ports are told as a conversation opens: the flow's intent blocks, so the offline
// classifier builds their prototypes while the customer reads the greeting.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntentBlockRequest } from "../../src/engine/ports.ts";
import { connectCustomer } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { eventually } from "../utils/graphql-clients.ts";
import { startTestApp } from "../utils/start-test-app.ts";

const prepared: (readonly IntentBlockRequest[])[] = [];
let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({}, { ports: { ...createFakePorts(), prepare: (blocks) => prepared.push(blocks) } });
});
afterAll(() => app.stop());

describe("a conversation's opening", () => {
  it("should ask the AI ports to prepare the flow's intent blocks, for a new and a resumed conversation", async () => {
    const first = await connectCustomer(app.wsUrl);
    expect(prepared).toHaveLength(1);
    const [route] = prepared[0] ?? [];
    expect(prepared[0]).toHaveLength(1);
    expect(route).toMatchObject({ flowKey: "Assistant@1", blockId: "route" });
    expect(route?.intents.map((intent) => intent.id)).toEqual(["weather", "travel", "restaurants", "goodbye"]);
    expect(route?.intents[0]?.examples).toContain("do I need an umbrella");
    first.client.close();

    const again = await connectCustomer(app.wsUrl, {
      customerId: first.session.customerId,
      token: first.session.customerToken,
    });
    expect(again.session.resumed).toBe(true);
    await eventually(() => expect(prepared).toHaveLength(2));
    expect(prepared[1]).toBe(prepared[0]);
    again.client.close();
  });
});
