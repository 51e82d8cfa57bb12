import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { startTestApp } from "../utils/start-test-app.ts";

const ADMIN = "a".repeat(40);
const auth = { authorization: `Bearer ${ADMIN}` };

describe("REST /webhooks", () => {
  let app: App;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) => {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_TOKEN: ADMIN });
  });
  afterAll(async () => await app?.stop());

  it("should register a webhook, show its secret once, list it without and remove it", async () => {
    const created = await call("POST", "/webhooks", {
      url: "https://crm.example.com/hooks",
      events: ["feedback.received", "feedback.received"],
      description: "CSAT follow-up",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: "https://crm.example.com/hooks", events: ["feedback.received"] });
    expect(created.body?.["secret"]).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const listed = await call("GET", "/webhooks");
    expect(listed.body).toEqual({
      webhooks: [
        {
          id: created.body?.["id"],
          url: "https://crm.example.com/hooks",
          events: ["feedback.received"],
          description: "CSAT follow-up",
          createdAt: expect.any(String),
        },
      ],
    });
    expect(await call("GET", `/webhooks/${String(created.body?.["id"])}/deliveries?status=pending`)).toEqual({
      status: 200,
      body: { deliveries: [] },
    });
    expect((await call("DELETE", `/webhooks/${String(created.body?.["id"])}`)).status).toBe(204);
    expect((await call("GET", "/webhooks")).body).toEqual({ webhooks: [] });
  });

  it.each([
    [{ url: "ftp://example.com/x", events: ["conversation.ended"] }, "url must be an http:// or https:// URL"],
    [{ url: "not a url", events: ["conversation.ended"] }, "url must be an http:// or https:// URL"],
    [{ url: "https://example.com", events: [] }, "events is empty"],
    [
      { url: "https://example.com", events: ["conversation.paused"] },
      "events: each must be one of conversation.started",
    ],
    [{ url: "https://example.com", events: "conversation.ended" }, "events must be a list of event types"],
    [{ url: "https://example.com", events: ["conversation.ended"], secret: "mine" }, "unknown field: secret"],
    ["{not json", "the body must be JSON"],
  ])("should refuse %j with BAD_REQUEST saying what is wrong", async (body, message) => {
    const refused = await call("POST", "/webhooks", body);
    expect(refused.status).toBe(400);
    expect(refused.body?.["error"]).toBe("BAD_REQUEST");
    expect(refused.body?.["message"]).toContain(message);
  });

  it("should answer NOT_FOUND for unknown webhooks and deliveries, and BAD_REQUEST for an unknown status", async () => {
    expect((await call("DELETE", "/webhooks/wh_nope")).body?.["error"]).toBe("NOT_FOUND");
    expect((await call("GET", "/webhooks/wh_nope/deliveries")).status).toBe(404);
    expect((await call("POST", "/webhooks/deliveries/msg_nope/redeliver")).status).toBe(404);
    const { body } = await call("POST", "/webhooks", { url: "http://127.0.0.1:9/", events: ["conversation.ended"] });
    const wrong = await call("GET", `/webhooks/${String(body?.["id"])}/deliveries?status=lost`);
    expect(wrong).toEqual({
      status: 400,
      body: { error: "BAD_REQUEST", message: "status must be one of pending, delivered, failed" },
    });
  });

  it("should be for ADMIN_TOKEN only", async () => {
    const refused = await call("GET", "/webhooks", undefined, {});
    expect(refused.status).toBe(401);
    const wrong = await call(
      "POST",
      "/webhooks",
      { url: "https://x.example", events: ["conversation.ended"] },
      {
        authorization: "Bearer nope",
      },
    );
    expect(wrong.status).toBe(401);
  });
});
