import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botTexts, ChatClient, lastFrame } from "../utils/chat-client.ts";
import { ECHO_FLOW } from "../utils/chat-load.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

type App = Awaited<ReturnType<typeof startTestApp>>;
let app: App;
beforeAll(async () => {
  app = await startTestApp({}, { ports: createFakePorts() });
  await uploadFlow(app.url, ECHO_FLOW);
});
afterAll(() => app.stop());

describe("a turn whose commit fails", () => {
  it("should answer INTERNAL and reload the session from the database on the next message", async () => {
    const client = await ChatClient.open(app.wsUrl, { name: "Ada" });
    await client.turn();
    expect(botTexts(await client.say("one", "k1"))).toEqual(["You said one"]);

    // The worst case of a lost connection: the turn was written, but the answer never came.
    const commit = app.store.commitTurn;
    let commits = 0;
    app.store.commitTurn = async (write) => {
      commits++;
      await commit(write);
      throw new Error("Server has closed the connection.");
    };
    expect(lastFrame(await client.say("two", "k2"))).toMatchObject({ type: "error", code: "INTERNAL" });
    app.store.commitTurn = (write) => {
      commits++;
      return commit(write);
    };

    // The client retries with the same clientMsgId: the stored turn answers, nothing is redone.
    const retried = await client.say("two", "k2");
    expect(retried.map((f) => f.type)).toEqual(["message", "waiting"]);
    expect(retried[0]).toMatchObject({ sender: "customer", text: "two", clientMsgId: "k2" });
    expect(commits).toBe(1);
    expect(botTexts(await client.say("three", "k3"))).toEqual(["You said three"]);
    expect(commits).toBe(2);

    const session = await app.database.prisma.session.findFirstOrThrow({ where: { customer: { name: "Ada" } } });
    const texts = await app.database.prisma.message.findMany({
      where: { sessionId: session.id },
      orderBy: { seq: "asc" },
    });
    expect(texts.map((m) => m.text)).toEqual([
      "Hi Ada!",
      "one",
      "You said one",
      "two",
      "You said two",
      "three",
      "You said three",
    ]);
    expect(session.turn).toBe(4);
    client.close();
  });
});
