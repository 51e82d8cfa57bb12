import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakePorts } from "../utils/fake-ports.ts";
import { startTestApp } from "../utils/start-test-app.ts";

const coffeeText = fs.readFileSync("test/fixtures/coffee.json", "utf8");
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp({}, { ports: createFakePorts() });
});
afterAll(() => app.stop());

const post = (body: string, type = "application/json") =>
  fetch(`${app.url}/config`, { method: "POST", headers: { "content-type": type }, body });

describe("/config", () => {
  it("should install the bundled default flow at first start", async () => {
    const versions = (await (await fetch(`${app.url}/config/versions`)).json()) as {
      versions: { version: number; active: boolean }[];
    };
    expect(versions.versions).toEqual([expect.objectContaining({ version: 1, active: true })]);
  });

  it("should accept a valid flow with 201 and return it unchanged from GET /config", async () => {
    const response = await post(coffeeText);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { version: number; checksum: string; warnings: unknown[] };
    expect(body).toEqual({
      version: expect.any(Number),
      checksum: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      warnings: [],
    });
    const got = await fetch(`${app.url}/config`);
    expect(await got.text()).toBe(coffeeText);
    expect(got.headers.get("x-flow-version")).toBe(String(body.version));
    expect(got.headers.get("etag")).toBe(`"${body.checksum}"`);
    const cached = await fetch(`${app.url}/config`, { headers: { "if-none-match": `"${body.checksum}"` } });
    expect(cached.status).toBe(304);
  });

  it("should list every problem of an invalid flow at once, with paths and codes", async () => {
    const flow = JSON.parse(coffeeText) as { start: string; blocks: Record<string, unknown>[] };
    flow.start = "nowhere";
    flow.blocks.push({ id: "hello", type: "message", text: "again" }, { id: "x", type: "teleport" });
    const response = await post(JSON.stringify(flow));
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: string;
      errors: { path: string; code: string; message: string }[];
    };
    expect(body.error).toBe("INVALID_FLOW");
    expect(body.errors.length).toBeGreaterThanOrEqual(3);
    expect(body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "/start", code: "UNKNOWN_TARGET" })]),
    );
    expect(body.errors.map((e) => e.code)).toEqual(expect.arrayContaining(["DUPLICATE_ID", "UNKNOWN_BLOCK_TYPE"]));
  });

  it("should accept YAML and return it as YAML to a client that asks for it", async () => {
    const yaml =
      "# a tiny flow\nschemaVersion: 1\nname: Tiny\nstart: hi\nblocks:\n  - { id: hi, type: end, text: Bye }\n";
    const response = await post(yaml, "application/yaml");
    expect(response.status).toBe(201);
    expect(await (await fetch(`${app.url}/config`, { headers: { accept: "application/yaml" } })).text()).toBe(yaml);
    expect(await (await fetch(`${app.url}/config`)).json()).toMatchObject({ name: "Tiny" });
  });

  it.each([
    ["bad JSON", "{ nope", "application/json", 400, "INVALID_FLOW"],
    ["bad YAML", "a: [1, 2", "application/yaml", 400, "INVALID_FLOW"],
    ["a wrong content type", coffeeText, "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["a body over 1 MiB", JSON.stringify({ pad: "x".repeat(1_100_000) }), "application/json", 413, "TOO_LARGE"],
  ])("should refuse %s", async (_name, body, type, status, error) => {
    const response = await post(body, type);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error });
  });

  it("should re-activate an older version, and answer 404 for an unknown one", async () => {
    const first = (await (await post(coffeeText)).json()) as { version: number };
    await post(coffeeText.replace('"Coffee"', '"Tea"'));
    const rollback = await fetch(`${app.url}/config/versions/${first.version}/activate`, { method: "POST" });
    expect(rollback.status).toBe(200);
    expect((await fetch(`${app.url}/config`)).headers.get("x-flow-version")).toBe(String(first.version));
    const versions = (await (await fetch(`${app.url}/config/versions`)).json()) as {
      versions: { version: number; active: boolean }[];
    };
    expect(versions.versions.filter((v) => v.active).map((v) => v.version)).toEqual([first.version]);
    expect(versions.versions.map((v) => v.version)).toEqual(
      [...versions.versions.map((v) => v.version)].sort((a, b) => b - a),
    );
    expect((await fetch(`${app.url}/config/versions/999/activate`, { method: "POST" })).status).toBe(404);
  });

  it("should publish the flow format as JSON Schema", async () => {
    const response = await fetch(`${app.url}/config/schema`);
    const schema = (await response.json()) as { type?: string; properties?: Record<string, unknown> };
    expect(schema.properties).toHaveProperty("blocks");
    expect(schema.properties).toHaveProperty("triggers");
  });
});
