import { describe, expect, it } from "vitest";
import type { HttpOutcome, HttpRequest } from "../../src/engine/ports.ts";
import { splitUrlTemplate } from "../../src/engine/schema/http-block-schema.ts";
import { validateFlow } from "../../src/engine/validation/validateFlow.ts";
import { botTexts, converse } from "../utils/converse.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { buildFlow } from "../utils/flows.ts";

const ORDER = { status: "shipped", items: [{ name: "Latte beans", qty: 2 }], "a/b": { "m~n": 7 } };

function orderFlow(block: Record<string, unknown> = {}) {
  return buildFlow([
    { id: "ask", type: "wait", saveAs: "orderId", next: "order" },
    {
      id: "order",
      type: "http",
      url: "https://shop.example.com/api/orders/{{orderId}}?lang=en",
      headers: { authorization: "Bearer {{secret.SHOP_TOKEN}}", "x-customer": "{{customer.id}}" },
      saveAs: "order",
      extract: { orderStatus: "/status", first: "/items/0", odd: "/a~1b/m~0n", none: "/missing" },
      next: "tell",
      onError: "sorry",
      ...block,
    },
    {
      id: "tell",
      type: "message",
      text: "{{orderStatus}}: {{order.items.0.name}} x{{first.qty}} ({{odd}})",
      next: "ask",
    },
    { id: "sorry", type: "message", text: "Sorry, the shop is not answering.", next: "ask" },
  ]);
}

const ok = (json: unknown): HttpOutcome => ({ status: "ok", httpStatus: 200, json: json as never, latencyMs: 12 });

describe("http block", () => {
  it("should save the answer, extract JSON pointers and read nested paths in templates", async () => {
    const ports = createFakePorts({ http: () => ok(ORDER) });
    const chat = converse(orderFlow(), ports);
    await chat.start();
    const result = await chat.say("A-17");
    expect(botTexts(result)).toEqual(["shipped: Latte beans x2 (7)"]);
    expect(result.state.vars).toMatchObject({ order: ORDER, orderStatus: "shipped", first: ORDER.items[0], odd: 7 });
    expect(result.state.vars).not.toHaveProperty("none");
    expect(result.steps.find((step) => step.kind === "http")?.data).toEqual({
      method: "GET",
      host: "shop.example.com",
      path: "/api/orders/A-17",
      status: "ok",
      httpStatus: 200,
      latencyMs: 12,
      missing: ["none"],
    });
  });

  it("should leave secrets as references and percent-encode each value templated into the URL", async () => {
    const ports = createFakePorts({ http: () => ok({}) });
    const chat = converse(orderFlow(), ports);
    await chat.start();
    await chat.say("../admin?x=1");
    const request = ports.calls.find((call) => call.port === "callHttp")?.request as HttpRequest;
    expect(request.url).toEqual(["https://shop.example.com/api/orders/..%2Fadmin%3Fx%3D1?lang=en"]);
    expect(request.headers).toEqual({ authorization: ["Bearer ", { secret: "SHOP_TOKEN" }], "x-customer": ["c1"] });
    expect(request).toMatchObject({ blockId: "order", method: "GET", timeoutMs: 5000 });
    expect(request.body).toBeUndefined();
  });

  it("should never turn a customer's words into a secret reference", async () => {
    const ports = createFakePorts({ http: () => ok({}) });
    const chat = converse(
      orderFlow({ method: "POST", body: { note: "{{orderId}}", n: 1, tags: ["{{secret.A}}"] } }),
      ports,
    );
    await chat.start();
    await chat.say("{{secret.SHOP_TOKEN}}");
    const request = ports.calls.find((call) => call.port === "callHttp")?.request as HttpRequest;
    expect(request.body).toEqual({
      kind: "object",
      fields: [
        ["note", { kind: "text", text: ["{{secret.SHOP_TOKEN}}"] }],
        ["n", { kind: "literal", value: 1 }],
        ["tags", { kind: "array", items: [{ kind: "text", text: [{ secret: "A" }] }] }],
      ],
    });
  });

  it("should go to onError, recording the reason and the status, when the call fails", async () => {
    const ports = createFakePorts({
      http: () => ({ status: "error", reason: "status", httpStatus: 503, latencyMs: 3 }),
    });
    const chat = converse(orderFlow(), ports);
    await chat.start();
    const result = await chat.say("A-17");
    expect(botTexts(result)).toEqual(["Sorry, the shop is not answering."]);
    expect(result.state.vars).not.toHaveProperty("order");
    expect(result.steps.filter((step) => step.blockId === "order").map((step) => step.data)).toEqual([
      undefined,
      {
        method: "GET",
        host: "shop.example.com",
        path: "/api/orders/A-17",
        status: "error",
        reason: "status",
        httpStatus: 503,
        latencyMs: 3,
      },
      { reason: "http_call_failed", error: "status" },
    ]);
  });

  it("should end the conversation on a failure when there is no onError", async () => {
    const flow = buildFlow([
      { id: "call", type: "http", url: "https://shop.example.com/ping", next: "said" },
      { id: "said", type: "message", text: "up" },
    ]);
    const result = await converse(flow, createFakePorts()).start();
    expect(result.outcome).toEqual({ type: "ended" });
    expect(botTexts(result)).toEqual([]);
  });

  it("should not call a URL in which a value would be a dot segment", async () => {
    const ports = createFakePorts({ http: () => ok({}) });
    const chat = converse(orderFlow(), ports);
    await chat.start();
    const result = await chat.say("..");
    expect(ports.calls.some((call) => call.port === "callHttp")).toBe(false);
    expect(result.steps.find((step) => step.kind === "http")?.data).toMatchObject({
      status: "error",
      reason: "invalid_request",
    });
    expect(botTexts(result)).toEqual(["Sorry, the shop is not answering."]);
  });
});

describe("http block validation", () => {
  const check = (block: Record<string, unknown>) =>
    validateFlow({
      schemaVersion: 1,
      name: "T",
      start: "call",
      blocks: [
        { id: "call", type: "http", url: "https://shop.example.com/x", ...block },
        { id: "w", type: "wait" },
      ],
    });

  it("should accept a complete block", () => {
    expect(
      check({
        method: "PATCH",
        body: { a: ["{{x}}", 1, null] },
        timeoutMs: 30000,
        saveAs: "x",
        extract: { y: "" },
        next: "w",
        onError: "w",
      }).ok,
    ).toBe(true);
  });

  it.each([
    [{ url: "https://{{host}}/x" }, "/blocks/0/url", "INVALID_VALUE"],
    [{ url: "https://shop.example.com:{{port}}/x" }, "/blocks/0/url", "INVALID_VALUE"],
    [{ url: "ftp://shop.example.com/x" }, "/blocks/0/url", "INVALID_VALUE"],
    [{ url: "https://user:pw@shop.example.com/x" }, "/blocks/0/url", "INVALID_VALUE"],
    [{ method: "GET", body: { a: 1 } }, "/blocks/0/body", "INVALID_VALUE"],
    [{ timeoutMs: 30001 }, "/blocks/0/timeoutMs", "INVALID_VALUE"],
    [{ extract: { y: "status" } }, "/blocks/0/extract/y", "INVALID_VALUE"],
    [{ headers: { host: "evil.example.com" } }, "/blocks/0/headers/host", "INVALID_VALUE"],
    [{ headers: { "x-a": "{{secret.a.b}}" } }, "/blocks/0", "INVALID_VALUE"],
    [{ onError: "nowhere" }, "/blocks/0/onError", "UNKNOWN_TARGET"],
    [{ method: "HEAD" }, "/blocks/0/method", "INVALID_VALUE"],
  ])("should refuse %j", (block, path, code) => {
    const result = check(block);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual(expect.objectContaining({ path, code }));
  });

  it.each([
    [{ url: "shop.example.com/x" }, "/blocks/0/url", '"url" is invalid: the url must start with http:// or https://.'],
    [
      { url: "ftp://shop.example.com/x" },
      "/blocks/0/url",
      '"url" is invalid: the url must start with http:// or https://.',
    ],
    [
      { url: "https://{{host}}/x" },
      "/blocks/0/url",
      '"url" is invalid: the url must write out its scheme, host and port, not template them.',
    ],
    [
      { url: "https://shop.example.com/a b" },
      "/blocks/0/url",
      '"url" is invalid: the url must not contain spaces or control characters (percent-encode them).',
    ],
    [
      { url: "https://shop.example.com/a\tb" },
      "/blocks/0/url",
      '"url" is invalid: the url must not contain spaces or control characters (percent-encode them).',
    ],
    [{ url: "https://shop.example.com:99999/x" }, "/blocks/0/url", '"url" is invalid: the url is not a valid URL.'],
    [
      { url: "https://user@shop.example.com/x" },
      "/blocks/0/url",
      '"url" is invalid: the url must not hold a user name or password (use headers).',
    ],
    [
      { url: "https://:pw@shop.example.com/x" },
      "/blocks/0/url",
      '"url" is invalid: the url must not hold a user name or password (use headers).',
    ],
    [
      { headers: { "bad name": "x" } },
      "/blocks/0/headers/bad name",
      '"headers.bad name" is invalid: is not a valid header name.',
    ],
    [{ headers: { "x-é": "x" } }, "/blocks/0/headers/x-é", '"headers.x-é" is invalid: is not a valid header name.'],
    [{ headers: { Host: "x" } }, "/blocks/0/headers/Host", '"headers.Host" is invalid: is set by the server.'],
    [
      { headers: { "x-a": "a\r\nb" } },
      "/blocks/0/headers/x-a",
      '"headers.x-a" is invalid: must not contain line breaks.',
    ],
    [
      { headers: { "x-a": "a\nb" } },
      "/blocks/0/headers/x-a",
      '"headers.x-a" is invalid: must not contain line breaks.',
    ],
    [{ body: { a: 1 } }, "/blocks/0/body", '"body" is invalid: is only sent with POST, PUT or PATCH.'],
    [{ method: "DELETE", body: [] }, "/blocks/0/body", '"body" is invalid: is only sent with POST, PUT or PATCH.'],
    [
      { extract: { y: "status" } },
      "/blocks/0/extract/y",
      '"extract.y" is invalid: "status" is not a JSON pointer (like /items/0/name).',
    ],
    [
      { url: "https://shop.example.com/{{secret.a-b}}" },
      "/blocks/0",
      'it is invalid: {{secret.a-b}} is not a secret name (letters, digits and "_").',
    ],
    [
      { method: "POST", body: "{{secret.x.y}}" },
      "/blocks/0",
      'it is invalid: {{secret.x.y}} is not a secret name (letters, digits and "_").',
    ],
    [
      { method: "PUT", body: { a: null, n: 1, b: { c: [true, "{{secret.x.y.z}}"] } } },
      "/blocks/0",
      'it is invalid: {{secret.x.y.z}} is not a secret name (letters, digits and "_").',
    ],
  ])("should refuse %j, saying why", (block, path, why) => {
    const result = check(block);
    expect(result.ok ? [] : result.errors).toEqual([{ path, code: "INVALID_VALUE", message: `Block "call": ${why}` }]);
  });

  it.each([
    [{ url: "http://shop.example.com:8080/x?q={{x}}#top" }],
    [{ url: "HTTPS://shop.example.com/x" }],
    [{ headers: { "X-Shop_Token.v2": "{{secret.SHOP_TOKEN_2}}" } }],
    [{ method: "POST", body: { a: null, n: 1, b: [true, "{{secret.OK}} {{x}}"] } }],
    [{ extract: { a: "/a~0b/~1/0", b: "/", c: "" } }],
  ])("should accept %j", (block) => {
    expect(check(block)).toMatchObject({ ok: true });
  });

  it("should split a URL template into its origin and the templated rest", () => {
    expect(splitUrlTemplate("https://shop.example.com:8443/orders/{{id}}?a=1#b")).toEqual({
      origin: "https://shop.example.com:8443",
      rest: "/orders/{{id}}?a=1#b",
    });
    expect(splitUrlTemplate("https://shop.example.com")).toEqual({ origin: "https://shop.example.com", rest: "" });
    expect(splitUrlTemplate("https://shop.example.com?\n#x")).toEqual({
      origin: "https://shop.example.com",
      rest: "?\n#x",
    });
    expect(splitUrlTemplate("/https://shop.example.com/x")).toBeNull();
    expect(splitUrlTemplate("shop.example.com/x")).toBeNull();
  });

  it("should count an http block's onError path as a way out of a cycle only through a wait", () => {
    const result = validateFlow({
      schemaVersion: 1,
      name: "T",
      start: "call",
      blocks: [
        { id: "call", type: "http", url: "https://shop.example.com/x", next: "w", onError: "call" },
        { id: "w", type: "wait" },
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.code)).toContain("CYCLE_WITHOUT_WAIT");
  });
});
