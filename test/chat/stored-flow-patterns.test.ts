import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botTexts, ChatClient, type Frame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { startTestApp } from "../utils/start-test-app.ts";

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({}, { ports: createFakePorts(), activeFlowMaxAgeMs: 0 });
});
afterAll(() => app.stop());

// A lookahead: accepted by uploads before patterns ran on RE2, refused by uploads since.
const lookahead = {
  schemaVersion: 1,
  name: "Stored before RE2",
  start: "ask",
  blocks: [
    { id: "ask", type: "wait", saveAs: "reply", next: "check" },
    {
      id: "check",
      type: "condition",
      branches: [{ if: { var: "reply", op: "matches", value: "foo(?=bar)" }, next: "yes" }],
      else: "no",
    },
    { id: "yes", type: "end", text: "yes" },
    { id: "no", type: "end", text: "no" },
  ],
};

describe("a stored version whose pattern RE2 cannot run", () => {
  it("should still run, the pattern counting as no match with an error step", async () => {
    const definition = JSON.stringify(lookahead);
    const stored = await app.store.insertFlowVersion({
      name: lookahead.name,
      checksum: "sha256:stored-before-re2",
      source: definition,
      sourceType: "json",
      definition,
    });
    const client = await ChatClient.open(app.wsUrl, { name: "Ada" });
    const session = (await client.turn())[0] as Frame & { sessionId: string };
    expect(botTexts(await client.say("foobar"))).toEqual(["no"]);
    const steps = await app.store.listSessionSteps(session.sessionId);
    expect(steps.find((step) => step.kind === "error")?.data).toMatchObject({
      reason: "invalid_regex",
      code: "UNSUPPORTED_REGEX",
    });
    expect(stored.version).toBeGreaterThan(0);
    client.close();
  });
});
