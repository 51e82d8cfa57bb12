// The bundled default flow on a real server with the real offline classifiers (no LLM): what a
// new install answers before anyone configures anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient, botTexts, lastFrame, type Frame } from "../utils/chat-client.ts";
import { eventually } from "../utils/graphql-clients.ts";
import { startTestApp } from "../utils/start-test-app.ts";

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const modelsLoaded = async () =>
  /^chatflow_ai_offline_models_loaded (\d)$/m.exec(await (await fetch(`${app.url}/metrics`)).text())?.[1];

describe("default flow with the offline classifiers", () => {
  it("should load the classifiers when the first conversation opens, not at start", async () => {
    // This file's server is fresh: nobody has connected yet, so nothing was loaded.
    expect(await modelsLoaded()).toBe("0");
    const client = await ChatClient.open(app.wsUrl, { name: "Linus" });
    await client.turn();
    await eventually(async () => expect(await modelsLoaded()).toBe("1"));
    client.close();
  });

  it("should answer a customer who opens with hello instead of saying goodbye", async () => {
    const client = await ChatClient.open(app.wsUrl, { name: "Ada" });
    await client.turn();
    for (const text of ["hello", "hi there", "ok"]) {
      const frames = await client.say(text);
      expect(botTexts(frames)).toEqual([
        "I'm best at the weather, travel offers and restaurant tips. Which would you like?",
      ]);
      expect(lastFrame(frames)).toMatchObject({ type: "waiting", blockId: "listen" });
    }
    const weather = await client.say("will it rain tomorrow?");
    expect(botTexts(weather)[0]).toMatch(/^Today looks mild/);
    const bye = await client.say("bye");
    expect(botTexts(bye)).toEqual(['Goodbye! Next time, say "feedback" to tell us how we did.']);
    expect(lastFrame(bye)).toMatchObject({ type: "ended" });
    client.close();
  });

  it("should store the sentiment of a clear comment, not of a middle rating", async () => {
    const client = await ChatClient.open(app.wsUrl, { name: "Grace" });
    const session = (await client.turn()).find((frame) => frame.type === "session") as Frame & { customerId: string };
    await client.say("feedback");
    await client.say("3");
    const comments = [
      ["The assistant was fantastic, solved my problem in a minute!", "POSITIVE"],
      ["The worst support I have ever had", "NEGATIVE"],
      ["it works I guess", "NEUTRAL"],
    ] as const;
    for (const [index, [comment]] of comments.entries()) {
      expect(botTexts(await client.say(comment))).toContain("Thanks for your feedback!");
      if (index < comments.length - 1) for (const text of ["feedback", "3"]) await client.say(text);
    }
    client.close();
    const stored = await app.database.prisma.feedback.findMany({
      where: { customerId: session.customerId },
      orderBy: { createdAt: "asc" },
    });
    expect(stored.map((row) => [row.rating, row.comment, row.sentiment, row.classifier])).toEqual(
      comments.map(([comment, sentiment]) => [3, comment, sentiment, "offline-wink"]),
    );
  });
});
