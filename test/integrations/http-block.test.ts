import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { botTexts, ChatClient } from "../utils/chat-client.ts";
import { startFakeBusinessApi, type FakeBusinessApi } from "../utils/fake-business-api.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { httpGraphql } from "../utils/graphql-clients.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

let api: FakeBusinessApi;
let app: App & { wsUrl: string };

/** Says which route to call, then the bot tells what the API answered (or that it failed). */
function orderFlow(base: string) {
  return {
    schemaVersion: 1,
    name: "Orders",
    start: "ask",
    blocks: [
      { id: "ask", type: "wait", saveAs: "kind", next: "route" },
      {
        id: "route",
        type: "condition",
        branches: [
          { if: { var: "kind", op: "eq", value: "slow" }, next: "slowCall" },
          { if: { var: "kind", op: "eq", value: "recall" }, next: "recall" },
        ],
        else: "call",
      },
      {
        id: "call",
        type: "http",
        url: `${base}/{{kind}}/A-17?lang=en`,
        timeoutMs: 30000,
        saveAs: "order",
        extract: { orderStatus: "/status" },
        next: "tell",
        onError: "sorry",
      },
      // Short: the server never answers, so only the time-out ends the call.
      { id: "slowCall", type: "http", url: `${base}/slow/1`, timeoutMs: 200, next: "tell", onError: "sorry" },
      {
        id: "tell",
        type: "message",
        text: "Order {{order.id}} is {{orderStatus}}: {{order.items.0.name}}",
        next: "ask",
      },
      { id: "recall", type: "message", text: "You asked about {{order.id}} ({{orderStatus}}).", next: "ask" },
      { id: "sorry", type: "message", text: "Sorry, that did not work.", next: "ask" },
    ],
  };
}

interface Step {
  blockId: string;
  kind: string;
  data: Record<string, unknown> | null;
}

async function httpSteps(sessionId: string): Promise<Step[]> {
  const answer = await httpGraphql(app.url).request<{ session: { steps: Step[] } }>(
    "query($s: ID!) { session(id: $s) { steps { blockId kind data } } }",
    { s: sessionId },
  );
  return answer.session.steps.filter((step) => step.kind === "http");
}

async function conversation(): Promise<{ client: ChatClient; sessionId: string }> {
  const client = await ChatClient.open(app.wsUrl);
  const frames = await client.turn();
  return { client, sessionId: String(frames[0]?.["sessionId"]) };
}

beforeAll(async () => {
  api = await startFakeBusinessApi();
  app = await startTestApp({ HTTP_BLOCK_ALLOWED_HOSTS: api.host }, { ports: createFakePorts() });
  await uploadFlow(app.url, orderFlow(api.url));
});

afterAll(async () => {
  await app?.stop();
  await api?.close();
});

describe("http block against a real API", () => {
  it("should save the answer, extract a value and use both in later messages and turns", async () => {
    const { client, sessionId } = await conversation();
    expect(botTexts(await client.say("orders"))).toEqual(["Order A-17 is shipped: Latte beans"]);
    expect(botTexts(await client.say("recall"))).toEqual(["You asked about A-17 (shipped)."]);
    const [step] = await httpSteps(sessionId);
    expect(step?.data).toMatchObject({
      method: "GET",
      host: api.host,
      path: "/orders/A-17",
      status: "ok",
      httpStatus: 200,
    });
    expect(step?.data?.["latencyMs"]).toEqual(expect.any(Number));
    expect(api.requests.find((r) => r.url.startsWith("/orders/"))?.headers.accept).toBe("application/json");
    client.close();
  });

  it.each([
    ["fail", "status", 503],
    ["text", "not_json", 200],
    ["big", "too_large", 200],
    ["redirect", "redirect", 302],
  ])("should go to onError when the API answers %s (%s)", async (kind, reason, httpStatus) => {
    const { client, sessionId } = await conversation();
    expect(botTexts(await client.say(kind))).toEqual(["Sorry, that did not work."]);
    const [step] = await httpSteps(sessionId);
    expect(step?.data).toMatchObject({ status: "error", reason, httpStatus, path: `/${kind}/A-17` });
    client.close();
  });

  it("should give up on an API that never answers when the time-out passes", async () => {
    const { client, sessionId } = await conversation();
    const arrived = api.arrived("/slow/1");
    expect(botTexts(await client.say("slow"))).toEqual(["Sorry, that did not work."]);
    await arrived;
    const [step] = await httpSteps(sessionId);
    expect(step?.data).toMatchObject({ status: "error", reason: "timeout" });
    expect(step?.data).not.toHaveProperty("httpStatus");
    client.close();
  });

  it("should not follow a redirect", async () => {
    const before = api.requests.filter((r) => r.url.startsWith("/orders/1")).length;
    const { client } = await conversation();
    await client.say("redirect");
    expect(api.requests.filter((r) => r.url.startsWith("/orders/1")).length).toBe(before);
    client.close();
  });

  it("should percent-encode a templated value as one path segment", async () => {
    const { client, sessionId } = await conversation();
    expect(botTexts(await client.say("../admin?x=1"))).toEqual(["Sorry, that did not work."]);
    expect(api.requests.at(-1)?.url).toBe("/..%2Fadmin%3Fx%3D1/A-17?lang=en");
    const [step] = await httpSteps(sessionId);
    expect(step?.data).toMatchObject({ reason: "status", httpStatus: 404, path: "/..%2Fadmin%3Fx%3D1/A-17" });
    client.close();
  });
});
