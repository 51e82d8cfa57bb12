import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ChatClient } from "../utils/chat-client.ts";
import { readRepoFile } from "../utils/flows.ts";
import { freePort } from "../utils/processes.ts";
import { spawnServer, type SpawnedServer } from "../utils/spawn-server.ts";
import { registerWebhook, WebhookReceiver } from "../utils/webhook-receiver.ts";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-webhook-kill-"));
const flowFile = path.join(scratch, "flow.json");
fs.writeFileSync(flowFile, readRepoFile("test/fixtures/webhook-feedback.json"));
// A short back-off base so the test does not wait 5 s per retry; the schedule is the same.
const env = { DATABASE_URL: `file:${path.join(scratch, "data")}`, FLOW_FILE: flowFile, WEBHOOK_RETRY_BASE_MS: "50" };
const started: SpawnedServer[] = [];
let receiver: WebhookReceiver | undefined;

afterAll(async () => {
  for (const server of started) await server.ensureStopped();
  await receiver?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe("webhooks across a crash", () => {
  it("should deliver after a restart an event whose turn committed before the server was killed with SIGKILL", async () => {
    const receiverPort = await freePort(); // nothing listens there yet: the receiver is down
    const first = await spawnServer(env);
    started.push(first);
    const { secret } = await registerWebhook(first.url, {
      url: `http://127.0.0.1:${receiverPort}/hook`,
      events: ["conversation.started"],
    });
    const client = await ChatClient.open(first.wsUrl);
    const frames = await client.turn(); // acknowledged: the turn, and its outbox row, are committed
    const sessionId = frames.find((frame) => frame.type === "session")?.["sessionId"];
    first.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    receiver = await WebhookReceiver.start(receiverPort);
    receiver.secret = secret;
    const second = await spawnServer(env);
    started.push(second);
    await receiver.waitFor((requests) => requests.some((request) => request.payload !== null), "signed delivery");
    const [delivered] = receiver.delivered();
    expect(delivered?.payload?.type).toBe("conversation.started");
    expect((delivered?.payload?.data["session"] as { id: string }).id).toBe(sessionId);
    expect(receiver.requests.every((request) => request.payload !== null)).toBe(true);
  });
});
