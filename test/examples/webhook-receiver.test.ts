import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { createFakePorts } from "../utils/fake-ports.ts";
import { HANG_MS } from "../utils/patience.ts";
import { freePort } from "../utils/processes.ts";
import { runCli, tempConfigHome } from "../utils/run-cli.ts";
import { startTestApp } from "../utils/start-test-app.ts";

/** The README's webhook example as written: register, run examples/webhook-receiver.mjs, chat. */
const stops: (() => unknown)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

describe("the webhook receiver example", () => {
  it("should print the verified feedback.received of a conversation chatted with the CLI", async () => {
    const app = await startTestApp({ WEBHOOK_RETRY_BASE_MS: "20" }, { ports: createFakePorts() });
    stops.push(() => app.stop());
    const port = await freePort();
    const added = await runCli([
      "webhooks",
      "add",
      `http://127.0.0.1:${port}/hook`,
      "--events",
      "feedback.received,conversation.ended",
      "--url",
      app.url,
    ]);
    expect(added.code, added.stderr).toBe(0);
    const secret = /whsec_\S+/.exec(added.stdout)?.[0];
    expect(secret).toBeDefined();

    const receiver = spawn(process.execPath, ["examples/webhook-receiver.mjs"], {
      env: { ...process.env, PORT: String(port), CHATFLOW_WEBHOOK_SECRET: secret },
    });
    stops.push(() => receiver.kill());
    let printed = "";
    const sawFeedback = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no verified event within ${HANG_MS} ms:\n${printed}`)), HANG_MS);
      receiver.stdout.on("data", (chunk: Buffer) => {
        printed += String(chunk);
        if (/ feedback\.received /.test(printed)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await new Promise<void>((resolve) => receiver.stdout.once("data", () => resolve())); // listening

    const chat = await runCli(["chat", "--url", app.url], {
      input: "I want to leave a review\n2\nslow and cold\n",
      env: { XDG_CONFIG_HOME: await tempConfigHome() },
    });
    expect(chat.code, chat.stderr).toBe(0);
    await sawFeedback;
    const line = printed.split("\n").find((l) => l.includes(" feedback.received "))!;
    const data = JSON.parse(line.slice(line.indexOf("{"))) as { rating: number; comment: string };
    expect(data).toMatchObject({ rating: 2, comment: "slow and cold" });
  });
});
