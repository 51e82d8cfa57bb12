import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createFakePorts } from "../utils/fake-ports.ts";
import { startTestApp } from "../utils/start-test-app.ts";

let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp({}, { ports: createFakePorts() });
}, 120_000);
afterAll(() => app.stop());

/** Sends raw bytes and reads the answer until the server closes the connection. */
function raw(bytes: Buffer | string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(app.port, "127.0.0.1", () => socket.end(bytes));
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("utf8")));
    socket.on("error", reject);
    socket.on("close", () => {
      const split = answer.indexOf("\r\n\r\n");
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]),
        headers: answer.slice(0, split),
        body: answer.slice(split + 4),
      });
    });
  });
}

const errorBody = { error: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) };

describe("GET /", () => {
  it("should answer a small JSON index of the endpoints", async () => {
    const response = await fetch(`${app.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    const index = (await response.json()) as { name: string; endpoints: { method: string; path: string }[] };
    expect(index.name).toBe("chatflow");
    const paths = index.endpoints.map((endpoint) => endpoint.path);
    for (const path of ["/chat", "/graphql", "/config", "/config/versions", "/healthz", "/metrics"]) {
      expect(paths).toContain(path);
    }
    expect(paths.some((path) => path.startsWith("/message/list"))).toBe(true);
  });
});

describe("GET /chat without an upgrade", () => {
  it("should answer 426 Upgrade Required with Upgrade: websocket and a JSON hint", async () => {
    const response = await fetch(`${app.url}/chat`);
    expect(response.status).toBe(426);
    expect(response.headers.get("upgrade")).toBe("websocket");
    expect(await response.json()).toEqual({
      error: "UPGRADE_REQUIRED",
      message: expect.stringMatching(/WebSocket/),
    });
  });

  it("should still open the chat socket for a WebSocket client", async () => {
    const socket = new WebSocket(`${app.wsUrl}/chat`);
    const greeting = await new Promise<string>((resolve, reject) => {
      socket.once("message", (data: Buffer) => resolve(data.toString()));
      socket.once("error", reject);
    });
    socket.close();
    expect(JSON.parse(greeting)).toMatchObject({ type: expect.any(String) });
  });
});

describe("error answers Node's parser gives", () => {
  it("should answer the README's curl example with a raw ellipsis in the URL with a JSON 400", async () => {
    // curl sends `c2…` as the bytes E2 80 A6, which HTTP/1.1 does not allow in a request line.
    const answer = await raw(
      Buffer.concat([
        Buffer.from("GET /message/list?customerId=c2"),
        Buffer.from("…"),
        Buffer.from("&limit=20 HTTP/1.1\r\nHost: localhost\r\n\r\n"),
      ]),
    );
    expect(answer.status).toBe(400);
    expect(answer.headers).toMatch(/\r\ncontent-type: application\/json/i);
    expect(JSON.parse(answer.body)).toEqual({
      error: "BAD_REQUEST",
      message: expect.stringMatching(/percent-encoded/),
    });
  });

  it("should answer headers over 16 KiB with a JSON 431", async () => {
    const answer = await raw(`GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toEqual({ error: "TOO_LARGE", message: expect.any(String) });
  });

  it("should answer a request line that is not HTTP with a JSON 400", async () => {
    const answer = await raw("HELLO\r\n\r\n");
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: "BAD_REQUEST", message: expect.any(String) });
  });
});

describe("every error answer has a JSON body", () => {
  // GraphQL answers in its own error shape, which GraphQL clients read.
  it.each([
    ["text/plain", "{ __typename }"],
    ["application/xml", "<q/>"],
  ])("should answer a GraphQL POST of %s with 415 and a GraphQL error", async (type, body) => {
    const response = await fetch(`${app.url}/graphql`, { method: "POST", headers: { "content-type": type }, body });
    expect(response.status).toBe(415);
    expect(response.headers.get("content-type")).toMatch(/^application\/(graphql-response\+)?json/);
    expect(await response.json()).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: "UNSUPPORTED_MEDIA_TYPE" } }],
    });
  });

  it.each([
    ["POST", "/config", 415, "text/plain", "name: x"],
    ["GET", "/message/list", 400, undefined, undefined],
    ["GET", "/message/list?customerId=nobody", 404, undefined, undefined],
    ["GET", "/nope", 404, undefined, undefined],
    ["DELETE", "/config", 405, undefined, undefined],
  ])("should answer %s %s with %i and {error, message}", async (method, path, status, type, body) => {
    const response = await fetch(`${app.url}${path}`, {
      method,
      ...(type ? { headers: { "content-type": type } } : {}),
      ...(body ? { body } : {}),
    });
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(errorBody);
  });
});
