import fs from "node:fs";
import http from "node:http";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../../src/app.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { tallyEachTest } from "../utils/hardening-counts.ts";
import { testConfig, uploadFlow } from "../utils/start-test-app.ts";

const coffee = JSON.parse(fs.readFileSync("test/fixtures/coffee.json", "utf8")) as Record<string, unknown>;
const yamlFlow = fs.readFileSync("flows/default.yaml", "utf8");

/** Every log line the server wrote, parsed. */
type LogLine = { level: number; msg: string; err?: { stack?: string } };
const logLines: LogLine[] = [];
let app: App;
let customerId: string;

beforeAll(async () => {
  const logger = pino({ level: "debug" }, { write: (line: string) => void logLines.push(JSON.parse(line) as LogLine) });
  app = await startApp(testConfig(), logger, { ports: createFakePorts() });
  await uploadFlow(app.url, coffee);
  const started = await graphql<{ startConversation: { customerId: string } }>(
    "mutation { startConversation { customerId } }",
  );
  customerId = started.body.data!.startConversation.customerId;
}, 120_000);
afterAll(() => app.stop());

async function graphql<T>(query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: T | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  return { status: response.status, body };
}

const cursor = (text: string) => Buffer.from(text).toString("base64url");
const errorLines = () => logLines.filter((line) => line.level >= 50);

describe("out-of-range input", () => {
  tallyEachTest("security/out-of-range", () => app.url);

  it.each([
    ["one past the largest 64-bit integer", cursor("m:9223372036854775808")],
    ["the largest 19-digit number", cursor("m:9999999999999999999")],
    ["a negative sequence", cursor("m:-1")],
    ["a sequence with a fraction", cursor("m:1.5")],
    ["text that is not base64url", "%%%"],
    ["a 10,000-character cursor", "A".repeat(10_000)],
  ])("should answer a history cursor holding %s with 400 JSON, logging no error", async (_name, before) => {
    const response = await fetch(
      `${app.url}/message/list?customerId=${customerId}&before=${encodeURIComponent(before)}`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "BAD_REQUEST", message: expect.any(String) });
    expect(errorLines()).toEqual([]);
  });

  it.each(["-1", "0", "501", "1.5", "1e2", "0x10", " 5", "99999999999999999999", "NaN", "Infinity", "abc"])(
    "should answer GET /message/list?limit=%s with 400 JSON",
    async (limit) => {
      const response = await fetch(
        `${app.url}/message/list?customerId=${customerId}&limit=${encodeURIComponent(limit)}`,
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: "BAD_REQUEST" });
    },
  );

  it.each(["2147483648", "99999999999999999999", "-1", "0", "1e3", "1.5", "0x1", "abc", "%20"])(
    "should answer POST /config/versions/%s/activate with 404 JSON, logging no error",
    async (version) => {
      const response = await fetch(`${app.url}/config/versions/${version}/activate`, { method: "POST" });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "NOT_FOUND", message: expect.any(String) });
      expect(errorLines()).toEqual([]);
    },
  );

  it("should answer the messages query with an out-of-range cursor as BAD_REQUEST", async () => {
    const { status, body } = await graphql(
      "query($c: ID!, $b: String) { messages(customerId: $c, before: $b) { nextCursor } }",
      { c: customerId, b: cursor("m:9999999999999999999") },
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
    expect(errorLines()).toEqual([]);
  });

  it.each([0, -1, 2_147_483_647])("should answer activateFlowVersion(version: %i) with NOT_FOUND", async (version) => {
    const { body } = await graphql("mutation($v: Int!) { activateFlowVersion(version: $v) { version } }", {
      v: version,
    });
    expect(body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it.each([
    ["a version past a 32-bit integer", 2_147_483_648],
    ["a fractional version", 1.5],
    ["a version given as text", "one"],
  ])("should refuse %s as a GraphQL variable with 400, logged at info without a stack", async (_name, v) => {
    const before = logLines.length;
    const { status, body } = await graphql("mutation($v: Int!) { activateFlowVersion(version: $v) { version } }", {
      v,
    });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/Variable "\$v" got invalid value/);
    const logged = logLines.slice(before).filter((line) => line.msg !== "request");
    expect(logged).toEqual([expect.objectContaining({ level: 30, msg: "GraphQL request refused" })]);
    expect(logged[0]?.err).toBeUndefined();
  });

  it.each([
    ["an empty id", ""],
    ["a 100,000-character id", "x".repeat(100_000)],
    ["an id with NUL", "a\u0000b"],
    ["a lone surrogate", "\ud800"],
    ["SQL", "' OR 1=1 --"],
    ["a number past a bigint", "99999999999999999999999"],
  ])("should answer session(id:) with %s as no session", async (_name, id) => {
    const { status, body } = await graphql("query($i: ID!) { session(id: $i) { id } }", { i: id });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { session: null } });
  });

  it("should have logged no error for any of it", () => {
    expect(errorLines()).toEqual([]);
  });
});

/** A request through node:http, so HEAD answers and compressed bodies come as they are sent. */
function request(method: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const sent = http.request(`${app.url}${path}`, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    sent.on("error", reject);
    sent.end();
  });
}

describe("HTTP semantics", () => {
  tallyEachTest("security/http-semantics", () => app.url);

  it.each([
    ["/", {}],
    ["/healthz", {}],
    ["/metrics", {}],
    ["/config", {}],
    ["/config/versions", {}],
    ["/config/schema", {}],
    ["/message/list?customerId=nobody", {}],
    ["/graphql", { accept: "text/html" }],
    ["/graphql?query=%7B__typename%7D", {}],
  ])("should answer HEAD %s like GET, without a body", async (path, headers: Record<string, string>) => {
    const get = await request("GET", path, headers);
    const head = await request("HEAD", path, headers);
    expect(head.status).toBe(get.status);
    expect(get.status).toBeLessThan(500);
    expect(head.headers["content-type"]).toBe(get.headers["content-type"]);
    if (get.headers["content-length"]) expect(head.headers["content-length"]).toBe(get.headers["content-length"]);
    expect(head.body.length).toBe(0);
  });

  it("should give the JSON and YAML of GET /config one entity tag each, and Vary: Accept", async () => {
    await fetch(`${app.url}/config`, {
      method: "POST",
      headers: { "content-type": "application/yaml" },
      body: yamlFlow,
    });
    const json = await request("GET", "/config");
    const yaml = await request("GET", "/config", { accept: "application/yaml" });
    expect(json.headers["content-type"]).toBe("application/json");
    expect(yaml.headers["content-type"]).toBe("application/yaml");
    expect(json.headers.etag).toMatch(/^"sha256:/);
    expect(yaml.headers.etag).toMatch(/^"sha256:/);
    expect(yaml.headers.etag).not.toBe(json.headers.etag);
    expect(json.headers.vary).toMatch(/\bAccept\b/);
    expect(yaml.headers.vary).toMatch(/\bAccept\b/);
    // The JSON representation's tag does not validate the YAML one.
    const crossed = await request("GET", "/config", {
      accept: "application/yaml",
      "if-none-match": json.headers.etag!,
    });
    expect(crossed.status).toBe(200);
  });

  it.each([
    ["the tag itself", (tag: string) => tag],
    ["the weak form of the tag", (tag: string) => `W/${tag}`],
    ["a list holding it", (tag: string) => `"nope", ${tag}, "other"`],
    ["a list holding its weak form, without spaces", (tag: string) => `"nope",W/${tag}`],
    ["*", () => "*"],
  ])("should answer If-None-Match with %s with 304", async (_name, header) => {
    const { headers } = await request("GET", "/config");
    const cached = await request("GET", "/config", { "if-none-match": header(headers.etag!) });
    expect(cached.status).toBe(304);
    expect(cached.body.length).toBe(0);
    expect(cached.headers.etag).toBe(headers.etag);
  });

  it.each([
    ["another tag", () => '"sha256:other"'],
    ["a list of other tags", () => '"a", W/"b"'],
    ["the tag without its quotes", (tag: string) => tag.slice(1, -1)],
  ])("should answer If-None-Match with %s with 200", async (_name, header) => {
    const { headers } = await request("GET", "/config");
    expect((await request("GET", "/config", { "if-none-match": header(headers.etag!) })).status).toBe(200);
  });

  it("should serve GraphiQL gzipped and revalidatable to a browser that takes gzip", { timeout: 120_000 }, async () => {
    const plain = await request("GET", "/graphql", { accept: "text/html" });
    const gzipped = await request("GET", "/graphql", { accept: "text/html", "accept-encoding": "gzip, br" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(plain.body.toString()).toContain("<title>chatflow</title>");
    for (const answer of [plain, gzipped]) {
      expect(answer.headers["cache-control"]).toBe("no-cache");
      expect(answer.headers.vary).toMatch(/Accept-Encoding/);
      expect(Number(answer.headers["content-length"])).toBe(answer.body.length);
    }
    expect(gzipped.headers.etag).not.toBe(plain.headers.etag);
    const revalidated = await request("GET", "/graphql", {
      accept: "text/html",
      "accept-encoding": "gzip",
      "if-none-match": `W/${gzipped.headers.etag}`,
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
  });
});
