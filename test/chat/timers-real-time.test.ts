import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ChatClient, botTexts, lastFrame, type Frame } from "../utils/chat-client.ts";
import { readRepoFile } from "../utils/flows.ts";
import { spawnServer, type SpawnedServer } from "../utils/spawn-server.ts";
import { uploadFlow } from "../utils/start-test-app.ts";

/**
 * A real server process and a real 5 s timer (test/fixtures/reminder.json): the scheduler's own
 * sleep, not a clock moved by hand. The tests wait for the reminder to arrive, never for time.
 */
const flow = JSON.parse(readRepoFile("test/fixtures/reminder.json")) as unknown;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-timers-"));
const servers: SpawnedServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.ensureStopped();
  fs.rmSync(scratch, { recursive: true, force: true });
});

async function start(dataDir: string): Promise<SpawnedServer> {
  const server = await spawnServer({ DATABASE_URL: `file:${dataDir}` }, { healthyWithinMs: 150_000 });
  servers.push(server);
  return server;
}

type SessionFrame = Frame & { sessionId: string; customerId: string; customerToken: string };

async function stored(server: SpawnedServer, customerId: string): Promise<string[]> {
  const response = await fetch(`${server.url}/message/list?customerId=${customerId}`);
  return ((await response.json()) as { messages: { text: string }[] }).messages.map((m) => m.text);
}

describe("a 5 s timer on a real server", () => {
  it("should push the reminder unprompted to the open connection and store it", async () => {
    const server = await start(path.join(scratch, "open"));
    await uploadFlow(server.url, flow);
    const client = await ChatClient.open(server.wsUrl, { name: "Ada" });
    const opening = await client.turn();
    const session = opening.find((f) => f.type === "session") as SessionFrame;
    const reminder = await client.turn(); // nothing was sent: this turn is the server's own
    expect(botTexts(reminder)).toEqual(["Still there?"]);
    expect(lastFrame(reminder)).toEqual({ type: "waiting", sessionId: session.sessionId, blockId: "askAgain" });
    expect(await stored(server, session.customerId)).toEqual(["Your order number?", "Still there?"]);
    client.close();
  });

  it("should cancel it when the customer replies first", async () => {
    const server = await start(path.join(scratch, "reply"));
    await uploadFlow(server.url, flow);
    const client = await ChatClient.open(server.wsUrl, { name: "Ada" });
    const session = (await client.turn()).find((f) => f.type === "session") as SessionFrame;
    expect(botTexts(await client.say("A-17"))).toEqual(["Thanks for A-17."]);
    // Another customer's timer, set later, firing: by then Ada's would have fired too.
    const later = await ChatClient.open(server.wsUrl, { name: "Bo" });
    await later.turn();
    expect(botTexts(await later.turn())).toEqual(["Still there?"]);
    expect(await stored(server, session.customerId)).toEqual(["Your order number?", "A-17", "Thanks for A-17."]);
    client.close();
    later.close();
  });

  it.each(["SIGTERM", "SIGKILL"] as const)(
    "should fire it once after the server was stopped with %s before it was due and started again",
    async (signal) => {
      const dataDir = path.join(scratch, signal);
      const first = await start(dataDir);
      await uploadFlow(first.url, flow);
      const client = await ChatClient.open(first.wsUrl, { name: "Ada" });
      const session = (await client.turn()).find((f) => f.type === "session") as SessionFrame;
      first.kill(signal);
      await first.exited;
      const second = await start(dataDir);
      const again = await ChatClient.open(second.wsUrl, {
        customerId: session.customerId,
        token: session.customerToken,
      });
      const resumed = lastFrame(await again.turn());
      expect(resumed?.type).toBe("waiting");
      // Either the restart took longer than the timer (it fired at start, late) or it fires now.
      if (resumed?.["blockId"] === "ask") expect(botTexts(await again.turn())).toEqual(["Still there?"]);
      const texts = await stored(second, session.customerId);
      expect(texts.filter((text) => text === "Still there?")).toHaveLength(1);
      again.close();
    },
  );
});
