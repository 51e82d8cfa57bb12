import { afterAll, afterEach, beforeAll } from "vitest";
// An OpenAI-compatible server on 127.0.0.1 for tests: each POST /chat/completions takes the next
// scripted reply (or the default one) and is recorded, so tests drive the real `openai` SDK
// through success, bad answers, HTTP errors and silence.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeReply =
  /** A chat completion whose message content is `content`. */
  | { content: string }
  /** An HTTP error with an OpenAI-style error body. */
  | { status: number; headers?: Record<string, string>; message?: string }
  /** Never answers (until the server closes). */
  | { hang: true };

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { schema?: { properties?: Record<string, { enum?: string[] }> } } };
    max_tokens?: number;
  };
}

export interface FakeOpenAi {
  /** Base URL for the SDK, ending in /v1. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replies for the next requests, in order. */
  enqueue(...replies: FakeReply[]): void;
  /** The reply when the queue is empty. */
  setDefault(reply: FakeReply): void;
  close(): Promise<void>;
}

function completion(content: string, model: string): object {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      { index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop", logprobs: null },
    ],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

function send(response: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const queue: FakeReply[] = [];
  let fallback: FakeReply = { content: "{}" };
  const requests: RecordedRequest[] = [];

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as RecordedRequest["body"];
      requests.push({ path: request.url ?? "", headers: request.headers, body });
      if (request.method !== "POST" || request.url !== "/v1/chat/completions") {
        send(response, 404, { error: { message: "not found", type: "invalid_request_error" } });
        return;
      }
      const reply = queue.shift() ?? fallback;
      if ("hang" in reply) return;
      if ("status" in reply) {
        send(
          response,
          reply.status,
          { error: { message: reply.message ?? "scripted failure", type: "server_error" } },
          reply.headers,
        );
        return;
      }
      send(response, 200, completion(reply.content, body.model ?? "fake"));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    setDefault: (reply) => {
      fallback = reply;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * One fake server for a test file: started before its tests, emptied and reset to answer `{}`
 * after each, closed at the end. Call at module level; read `.current` inside the tests.
 */
export function useFakeOpenAi(): { current: FakeOpenAi } {
  const holder = {} as { current: FakeOpenAi };
  beforeAll(async () => {
    holder.current = await startFakeOpenAi();
  });
  afterEach(() => {
    holder.current.requests.length = 0;
    holder.current.setDefault({ content: "{}" });
  });
  afterAll(() => holder.current.close());
  return holder;
}
