import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ChatClient, type Frame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

const coffee = JSON.parse(fs.readFileSync("test/fixtures/coffee.json", "utf8")) as unknown;

describe("durability", () => {
  it("should keep every acknowledged message across a stop and a start on the same data", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-durable-"));
    const env = { DATABASE_URL: `file:${dataDir}` };
    const first = await startTestApp(env, { ports: createFakePorts() });
    await uploadFlow(first.url, coffee);
    const acknowledged: string[] = [];
    const clients: { client: ChatClient; session: Frame }[] = [];
    for (const name of ["Ada", "Bo", "Cy"]) {
      const client = await ChatClient.open(first.wsUrl, { name });
      const frames = await client.turn();
      acknowledged.push(...frames.filter((f) => f.type === "message").map((f) => String(f.id)));
      clients.push({ client, session: frames[0]! });
    }
    for (const [index, text] of ["tea", "I want to leave a review", "latte"].entries()) {
      const frames = await clients[index]!.client.say(text, `k-${index}`);
      acknowledged.push(...frames.filter((f) => f.type === "message").map((f) => String(f.id)));
    }
    await first.stop();
    expect(await Promise.all(clients.map(({ client }) => client.whenClosed))).toEqual([1001, 1001, 1001]);

    const second = await startTestApp(env, { ports: createFakePorts() });
    const stored = await second.database.prisma.message.findMany({ select: { id: true } });
    expect(stored.map((m) => m.id).sort()).toEqual([...acknowledged].sort());
    const resumed = await ChatClient.open(second.wsUrl, {
      customerId: String(clients[0]!.session.customerId),
      token: String(clients[0]!.session.customerToken),
    });
    expect((await resumed.turn()).map((f) => f.type)).toEqual(["session", "waiting"]);
    resumed.close();
    await second.stop();
  });

  it("should close client sockets with 1001 when the server stops", async () => {
    const app = await startTestApp({}, { ports: createFakePorts() });
    const client = await ChatClient.open(app.wsUrl, {});
    await client.turn();
    await app.stop();
    expect(await client.whenClosed).toBe(1001);
  });
});
