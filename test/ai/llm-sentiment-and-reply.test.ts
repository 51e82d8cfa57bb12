import { describe, expect, it } from "vitest";
import { createAiPorts } from "../../src/ai/create-ai-ports.ts";
import { useFakeOpenAi } from "../utils/fake-openai.ts";
import { noEmbeddings, portsAgainst } from "../utils/ai-test-ports.ts";

const server = useFakeOpenAi();

describe("LLM sentiment", () => {
  it("should classify a comment through the LLM with the rating as context", async () => {
    server.current.enqueue({ content: JSON.stringify({ sentiment: "negative", score: -0.7 }) });
    const { ports } = portsAgainst(server.current);
    const outcome = await ports.classifySentiment({ rating: 4, comment: "not helpful at all" });
    expect(outcome).toEqual({ sentiment: "negative", score: -0.7, classifier: "openai:test-model" });
    const user = JSON.parse(server.current.requests[0]?.body.messages?.[1]?.content ?? "{}") as object;
    expect(user).toEqual({ rating: 4, comment: "not helpful at all" });
  });

  it("should use the rating alone, without calling the LLM, when there is no comment", async () => {
    const { ports } = portsAgainst(server.current);
    expect(await ports.classifySentiment({ rating: 2, comment: null })).toMatchObject({
      sentiment: "negative",
      classifier: "rating",
    });
    expect(await ports.classifySentiment({ rating: 5, comment: "  " })).toMatchObject({
      sentiment: "positive",
      classifier: "rating",
    });
    expect(server.current.requests).toHaveLength(0);
  });

  it("should fall back to the offline classifier when the LLM fails or answers nonsense", async () => {
    server.current.enqueue({ status: 500 }, { status: 500 }, { content: "positive!!" });
    const { ports } = portsAgainst(server.current);
    expect(await ports.classifySentiment({ rating: 3, comment: "not bad" })).toMatchObject({
      sentiment: "positive",
      classifier: "offline-wink",
    });
    expect(await ports.classifySentiment({ rating: 3, comment: "terrible" })).toMatchObject({
      sentiment: "negative",
      classifier: "offline-wink",
    });
  });
});

describe("LLM replies", () => {
  const history = async () => [
    { sender: "bot" as const, text: "Hi! How can I help?" },
    { sender: "customer" as const, text: "Tell me something nice" },
  ];

  it("should complete the prompt with the conversation as context", async () => {
    server.current.enqueue({ content: "  You are doing great!  " });
    const { ports } = portsAgainst(server.current, { history });
    const outcome = await ports.completeReply({ sessionId: "s1", blockId: "ai", prompt: "You are a kind assistant." });
    expect(outcome).toMatchObject({ status: "ok", text: "You are doing great!", model: "test-model" });
    expect(server.current.requests[0]?.body.messages).toEqual([
      { role: "system", content: "You are a kind assistant." },
      { role: "assistant", content: "Hi! How can I help?" },
      { role: "user", content: "Tell me something nice" },
    ]);
    expect(server.current.requests[0]?.body.max_tokens).toBe(300);
  });

  it("should send only the newest messages and cut long replies", async () => {
    server.current.enqueue({ content: "x".repeat(50) });
    const long = async () =>
      Array.from({ length: 30 }, (_, i) => ({ sender: "customer" as const, text: `message ${i}` }));
    const { ports } = portsAgainst(server.current, {
      history: long,
      reply: { maxHistoryMessages: 4, maxReplyChars: 10 },
    });
    const outcome = await ports.completeReply({ sessionId: "s1", blockId: "ai", prompt: "p" });
    expect(outcome).toMatchObject({ status: "ok", text: `${"x".repeat(10)}…` });
    const messages = server.current.requests[0]?.body.messages ?? [];
    expect(messages).toHaveLength(5);
    expect(messages.at(-1)?.content).toBe("message 29");
  });

  it("should report an error when the LLM fails, so the engine sends the fallback text", async () => {
    server.current.enqueue({ status: 500 }, { status: 502 });
    const { ports } = portsAgainst(server.current, { history });
    expect(await ports.completeReply({ sessionId: "s1", blockId: "ai", prompt: "p" })).toMatchObject({
      status: "error",
    });
  });

  it("should report an error when no LLM is configured", async () => {
    const ports = createAiPorts({ history, embedder: noEmbeddings() });
    const outcome = await ports.completeReply({ sessionId: "s1", blockId: "ai", prompt: "p" });
    expect(outcome).toMatchObject({ status: "error", error: "no LLM is configured" });
  });

  it("should still reply from the prompt when the history cannot be read", async () => {
    server.current.enqueue({ content: "Hello" });
    const warnings: string[] = [];
    const { ports } = portsAgainst(server.current, {
      history: () => Promise.reject(new Error("database down")),
      logger: { info: () => {}, warn: (_details, message) => warnings.push(message) },
    });
    expect(await ports.completeReply({ sessionId: "s1", blockId: "ai", prompt: "p" })).toMatchObject({
      status: "ok",
      text: "Hello",
    });
    expect(warnings).toHaveLength(1);
  });
});
