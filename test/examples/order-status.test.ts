import { spawn } from "node:child_process";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient, botTexts } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { startTestApp } from "../utils/start-test-app.ts";

/**
 * The README's worked example ("Calling the business's systems"): the order-status flow against
 * the example shop API, both as shipped. Only the shop's port differs (a free one, not 4000).
 */
const shop = spawn(process.execPath, ["examples/order-status/shop-api.mjs"], {
  env: { ...process.env, PORT: "0", SHOP_TOKEN: "shop-secret" },
});
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  const port = await new Promise<string>((resolve, reject) => {
    shop.stdout.on("data", (chunk: Buffer) => {
      const found = /127\.0\.0\.1:(\d+)/.exec(String(chunk));
      if (found) resolve(found[1]!);
    });
    shop.once("exit", (code) => reject(new Error(`the shop API exited with ${code}`)));
  });
  app = await startTestApp(
    { HTTP_BLOCK_ALLOWED_HOSTS: `127.0.0.1:${port}`, FLOW_SECRET_SHOP_TOKEN: "shop-secret" },
    { ports: createFakePorts() },
  );
  const flow = fs
    .readFileSync("examples/order-status/flow.yaml", "utf8")
    .replace("127.0.0.1:4000", `127.0.0.1:${port}`);
  const upload = await fetch(`${app.url}/config`, {
    method: "POST",
    headers: { "content-type": "application/yaml" },
    body: flow,
  });
  expect(upload.status).toBe(201);
});
afterAll(async () => {
  shop.kill();
  await app?.stop();
});

describe("the order-status example", () => {
  it("should look an order up in the shop's API and answer from its JSON", async () => {
    const client = await ChatClient.open(app.wsUrl, { name: "Ada" });
    expect(botTexts(await client.turn())).toEqual(["Hi Ada! What is your order number? (It looks like A-1001.)"]);
    expect(botTexts(await client.say("A-1001"))).toEqual([
      "Order A-1001 (Espresso beans 1 kg) is shipped; it should arrive Thursday.",
      "Anything else, just write again. Bye!",
    ]);
    client.close();
  });

  it("should ask again when the shop does not know the order", async () => {
    const client = await ChatClient.open(app.wsUrl, { name: "Ada" });
    await client.turn();
    expect(botTexts(await client.say("Z-9"))).toEqual([
      "I could not find order Z-9. Check the number and send it again?",
    ]);
    expect(botTexts(await client.say("A-1002"))).toEqual([
      "Order A-1002 (Milk frother) is being packed; it should arrive Friday.",
      "Anything else, just write again. Bye!",
    ]);
    client.close();
  });
});
