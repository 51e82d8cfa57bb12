import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakePorts } from "../utils/fake-ports.ts";
import { wsGraphql } from "../utils/graphql-clients.ts";
import { tallyEachTest } from "../utils/hardening-counts.ts";
import { startTestApp } from "../utils/start-test-app.ts";

const ADMIN = "0123456789abcdef0123456789abcdef-admin";
let app: Awaited<ReturnType<typeof startTestApp>>;
let open: Awaited<ReturnType<typeof startTestApp>>;
let customerToken: string;

beforeAll(async () => {
  [app, open] = await Promise.all([
    startTestApp({ ADMIN_TOKEN: ADMIN }, { ports: createFakePorts() }),
    startTestApp({}, { ports: createFakePorts() }),
  ]);
  const started = await ask(app.url, "mutation { startConversation { customerToken } }");
  customerToken = (started as { data: { startConversation: { customerToken: string } } }).data.startConversation
    .customerToken;
}, 120_000);
afterAll(() => Promise.all([app?.stop(), open?.stop()]));
tallyEachTest("security/introspection", () => app.url);

async function ask(baseUrl: string, query: string, token?: string): Promise<unknown> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return response.json();
}

const messages = (body: unknown) =>
  ((body as { errors?: { message: string }[] }).errors ?? []).map((error) => error.message).join(" ");
const hasData = (body: unknown) => (body as { data?: unknown }).data != null;

const TYPENAMES = `{ ${Array.from({ length: 100 }, (_, i) => `t${i}: __typename`).join(" ")} }`;
/** `__schema → types → fields → type → ofType … → name`, `depth` levels in all as Armor counts them. */
const deepSchema = (depth: number) =>
  `{ __schema { types { fields { type { ${"ofType { ".repeat(depth - 5)}name${" }".repeat(depth - 5)} } } } } }`;

describe("introspection while ADMIN_TOKEN is set", () => {
  it.each([
    ["__schema", "{ __schema { types { name } } }"],
    ["__type", '{ __type(name: "Query") { fields { name } } }'],
    ["the 11-deep __schema query", deepSchema(11)],
    ["GraphiQL's schema query", getIntrospectionQuery()],
  ])("should refuse %s to an anonymous caller and to a customer", async (_name, query) => {
    for (const token of [undefined, customerToken]) {
      const body = await ask(app.url, query, token);
      expect(hasData(body)).toBe(false);
      expect(messages(body)).toMatch(/introspection .* is for operators/);
    }
  });

  it("should answer the operator's GraphiQL schema query, also after an anonymous caller asked the same", async () => {
    await ask(app.url, getIntrospectionQuery());
    const body = await ask(app.url, getIntrospectionQuery(), ADMIN);
    expect(messages(body)).toBe("");
    expect((body as { data: { __schema: { types: unknown[] } } }).data.__schema.types.length).toBeGreaterThan(10);
    // And the other way round: the validation cache must not hand the operator's result on.
    const again = await ask(app.url, "{ __schema { queryType { name } } }", ADMIN);
    expect(hasData(again)).toBe(true);
    expect(hasData(await ask(app.url, "{ __schema { queryType { name } } }"))).toBe(false);
  });

  it("should refuse introspection over graphql-ws without the operator token", async () => {
    const client = wsGraphql(app.wsUrl);
    const result = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: "{ __schema { types { name } } }" },
        { next: resolve, error: resolve, complete: () => {} },
      );
    });
    expect(JSON.stringify(result)).toMatch(/introspection .* is for operators/);
    await client.dispose();
  });

  it("should keep __typename for everyone", async () => {
    expect(await ask(app.url, "{ __typename }")).toEqual({ data: { __typename: "Query" } });
  });
});

describe("the limits count introspection", () => {
  it("should refuse 100 aliases of __typename, even to the operator", async () => {
    for (const [url, token] of [
      [app.url, undefined],
      [app.url, ADMIN],
      [open.url, undefined],
    ] as const) {
      const body = await ask(url, TYPENAMES, token);
      expect(hasData(body)).toBe(false);
      expect(messages(body)).toMatch(/aliases limit of 15/i);
    }
  });

  it("should refuse introspection deeper than 15 levels to an operator", async () => {
    const body = await ask(open.url, deepSchema(16));
    expect(hasData(body)).toBe(false);
    expect(messages(body)).toMatch(/depth limit of 15/i);
    expect(messages(await ask(open.url, deepSchema(15)))).toBe("");
  });

  it("should count introspection hidden in fragments", async () => {
    const query = `{ __schema { ...A } } fragment A on __Schema { types { ...B } } fragment B on __Type { fields { type { ${"ofType { ".repeat(12)}name${" }".repeat(12)} } } }`;
    const body = await ask(open.url, query);
    expect(hasData(body)).toBe(false);
    expect(messages(body)).toMatch(/depth limit of 15/i);
  });
});
