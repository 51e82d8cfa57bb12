import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

const coffee = JSON.parse(fs.readFileSync("test/fixtures/coffee.json", "utf8")) as unknown;
let app: Awaited<ReturnType<typeof startTestApp>>;
let customerId: string;
let client: ChatClient;

interface Page {
  customerId: string;
  messages: { id: string; text: string; sender: string }[];
  nextCursor: string | null;
}
const page = async (query: string) => {
  const response = await fetch(`${app.url}/message/list?${query}`);
  return { status: response.status, body: (await response.json()) as Page & { error?: string } };
};

beforeAll(async () => {
  app = await startTestApp({}, { ports: createFakePorts() });
  await uploadFlow(app.url, coffee);
  client = await ChatClient.open(app.wsUrl, { name: "Pia" });
  const frames = await client.turn();
  customerId = String(frames[0]!.customerId);
  for (let i = 0; i < 5; i++) await client.say(`wrong ${i}`); // greeting + 5 × (message + retry) ... until exhausted
});
afterAll(async () => {
  client.close();
  await app.stop();
});

describe("GET /message/list", () => {
  it("should return the newest page, oldest first, with a cursor that pages back without gaps or repeats", async () => {
    const all = (await page(`customerId=${customerId}&limit=500`)).body.messages;
    expect(all.length).toBeGreaterThan(6);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { body } = await page(`customerId=${customerId}&limit=3${cursor ? `&before=${cursor}` : ""}`);
      seen.unshift(...body.messages.map((m) => m.id));
      cursor = body.nextCursor;
      pages++;
      // New messages arriving between pages must not shift what later pages hold.
      if (pages === 1) await client.say("latte");
    } while (cursor);
    expect(seen).toEqual(all.map((m) => m.id));
  });

  it("should default to 50 and refuse a limit above 500", async () => {
    expect((await page(`customerId=${customerId}`)).status).toBe(200);
    expect((await page(`customerId=${customerId}&limit=501`)).body).toMatchObject({ error: "BAD_REQUEST" });
    expect((await page(`customerId=${customerId}&limit=0`)).status).toBe(400);
    expect((await page(`customerId=${customerId}&limit=abc`)).status).toBe(400);
  });

  it("should answer 400 without customerId, 404 for an unknown customer, 400 for a forged cursor", async () => {
    expect(await page("")).toMatchObject({ status: 400, body: { error: "BAD_REQUEST" } });
    expect(await page("customerId=nobody")).toMatchObject({ status: 404, body: { error: "NOT_FOUND" } });
    expect(await page(`customerId=${customerId}&before=bm9wZQ`)).toMatchObject({
      status: 400,
      body: { error: "BAD_REQUEST" },
    });
  });

  it("should return nextCursor null on the first page of a short history", async () => {
    const fresh = await ChatClient.open(app.wsUrl, { name: "Short" });
    const id = String((await fresh.turn())[0]!.customerId);
    fresh.close();
    expect((await page(`customerId=${id}`)).body).toMatchObject({
      customerId: id,
      nextCursor: null,
      messages: [{ sender: "bot" }],
    });
  });
});
