import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { FlowCatalog } from "../../src/chat/flow-catalog.ts";
import { ReplayService } from "../../src/chat/replay/replay-service.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { httpGraphql } from "../utils/graphql-clients.ts";
import { errorCode } from "../utils/handoff-clients.ts";
import { ADMIN_TOKEN, countRows, startReplayApp } from "../utils/replay-conversations.ts";

let setup: Awaited<ReturnType<typeof startReplayApp>>;

beforeAll(async () => {
  setup = await startReplayApp();
});
afterAll(() => setup.stop());

const replay = (body: string, { query = "", type = "application/json", token = ADMIN_TOKEN } = {}) =>
  fetch(`${setup.app.url}/config/replay${query}`, {
    method: "POST",
    headers: { "content-type": type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });

/** The fixture with the `hours` intent sent to a new block that says something else. */
function withHoursChanged() {
  const flow = structuredClone(setup.flow);
  const route = flow.blocks.find((b) => b["id"] === "route") as { intents: { id: string; next: string }[] };
  route.intents.find((i) => i.id === "hours")!.next = "hoursNew";
  flow.blocks.push({ id: "hoursNew", type: "message", text: "We open at ten now.", next: "listen" });
  return flow;
}

describe("POST /config/replay", () => {
  it("should report no divergence when the candidate is the active flow itself", async () => {
    const response = await replay(JSON.stringify(setup.flow));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sessions: 4,
      diverged: 0,
      divergences: [],
      noMatchRate: { before: 1 / 6, after: 1 / 6 },
      skipped: 0,
    });
  });

  it("should list exactly the sessions that took a changed branch, at the turn they took it", async () => {
    const response = await replay(JSON.stringify(withHoursChanged()));
    const report = (await response.json()) as { divergences: { sessionId: string }[] };
    const at = (turn: number, sessionId: string) => ({
      sessionId,
      turn,
      before: { blockId: "hours", text: "We open at nine." },
      after: { blockId: "hoursNew", text: "We open at ten now." },
    });
    const { Ann, Cat, Dee } = setup.sessions;
    expect(report).toMatchObject({ sessions: 4, diverged: 3, noMatchRate: { before: 1 / 6, after: 1 / 6 } });
    // Newest session first.
    expect(report.divergences).toEqual([at(5, Dee!), at(3, Cat!), at(2, Ann!)]);
  });

  it("should take YAML as POST /config does, and only the last N sessions", async () => {
    const response = await replay(stringify(withHoursChanged()), { query: "?last=2", type: "application/yaml" });
    expect(await response.json()).toMatchObject({
      sessions: 2,
      diverged: 2,
      divergences: [{ sessionId: setup.sessions["Dee"] }, { sessionId: setup.sessions["Cat"] }],
    });
  });

  it("should store nothing and call neither the LLM nor the business API", async () => {
    const rows = await countRows(setup.app);
    const llmCalls = setup.llm.requests.length;
    const apiCalls = setup.api.requests.length;
    expect(llmCalls).toBe(6);
    expect(apiCalls).toBe(1);
    // A new intent changes the block's intent names: stored decisions no longer apply, and the
    // offline classifier decides instead of the LLM.
    const candidate = withHoursChanged();
    const route = candidate.blocks.find((b) => b["id"] === "route") as { intents: object[] };
    route.intents.push({ id: "refund", description: "I want my money back", next: "sorry" });
    for (const body of [setup.flow, withHoursChanged(), candidate]) {
      expect((await replay(JSON.stringify(body))).status).toBe(200);
    }
    expect(await countRows(setup.app)).toEqual(rows);
    expect(setup.llm.requests.length).toBe(llmCalls);
    expect(setup.api.requests.length).toBe(apiCalls);
  });

  it("should answer the stored outcome of an http block that the same turn called", async () => {
    const candidate = structuredClone(setup.flow);
    const status = candidate.blocks.find((b) => b["id"] === "status")!;
    status["text"] = "Order {{orderId}}: {{orderStatus}}!";
    const report = (await (await replay(JSON.stringify(candidate))).json()) as { divergences: unknown[] };
    expect(report.divergences).toEqual([
      {
        sessionId: setup.sessions["Ben"],
        turn: 3,
        before: { blockId: "status", text: "Order A-17 is shipped." },
        after: { blockId: "status", text: "Order A-17: shipped!" },
      },
    ]);
  });

  it("should refuse bad `last`, invalid flows, other content types and callers without the token", async () => {
    const body = JSON.stringify(setup.flow);
    for (const query of ["?last=0", "?last=abc", "?last=10001", "?last=1e3", "?last=-5"]) {
      const response = await replay(body, { query });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: "BAD_REQUEST",
        message: "last must be a whole number from 1 to 10000",
      });
    }
    const invalidBody = JSON.stringify({ ...setup.flow, start: "nowhere" });
    const invalid = await replay(invalidBody);
    expect(invalid.status).toBe(400);
    const answer = await invalid.json();
    expect(answer).toMatchObject({ error: "INVALID_FLOW", errors: [{ path: "/start" }] });
    const upload = await fetch(`${setup.app.url}/config`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
      body: invalidBody,
    });
    expect(await upload.json()).toEqual(answer);
    const notJson = await replay("{", {});
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: string }).error).toBe("INVALID_FLOW");
    expect((await replay(body, { type: "text/plain" })).status).toBe(415);
    expect((await replay(body, { token: "" })).status).toBe(401);
  });
});

describe("replayFlow (GraphQL)", () => {
  const QUERY = `query($definition: JSON!, $last: Int) {
    replayFlow(definition: $definition, last: $last) {
      ok
      report {
        sessions diverged skipped
        divergences { sessionId turn before { blockId text } after { blockId text } }
        noMatchRate { before after }
      }
      errors { path code message }
    }
  }`;
  type Answer = { replayFlow: { ok: boolean; report: unknown; errors: { path: string }[] } };

  it("should answer what POST /config/replay answers", async () => {
    const candidate = withHoursChanged();
    const { replayFlow } = await httpGraphql(setup.app.url, ADMIN_TOKEN).request<Answer>(QUERY, {
      definition: candidate,
      last: 3,
    });
    const rest = await replay(JSON.stringify(candidate), { query: "?last=3" });
    expect(replayFlow).toEqual({ ok: true, report: await rest.json(), errors: [] });
  });

  it("should return an invalid flow's problems, and refuse a bad `last` and callers without ADMIN_TOKEN", async () => {
    const admin = httpGraphql(setup.app.url, ADMIN_TOKEN);
    const { replayFlow } = await admin.request<Answer>(QUERY, { definition: { ...setup.flow, start: "nowhere" } });
    expect(replayFlow).toMatchObject({ ok: false, report: null, errors: [{ path: "/start" }] });
    expect(await errorCode(admin.request(QUERY, { definition: setup.flow, last: 0 }))).toBe("BAD_REQUEST");
    expect(await errorCode(httpGraphql(setup.app.url).request(QUERY, { definition: setup.flow }))).toBe("UNAUTHORIZED");
  });
});

describe("one replay at a time", () => {
  it("should refuse a second replay with RATE_LIMITED while one runs, and take the next one after it", async () => {
    // The real store, with its first read held until the test lets it go: the first replay is
    // certainly still running when the second comes.
    const { store } = setup.app;
    let letGo = () => {};
    const held = new Promise<void>((resolve) => (letGo = resolve));
    const holdingStore = {
      ...store,
      listNewestSessionIds: async (last: number) => {
        await held;
        return store.listNewestSessionIds(last);
      },
    };
    const replays = new ReplayService({
      store: holdingStore,
      flows: new FlowCatalog(store),
      offline: createFakePorts(),
    });
    const request = { text: JSON.stringify(setup.flow), format: "json" as const, last: 10 };
    const first = replays.replay(request);
    await expect(replays.replay(request)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    letGo();
    expect(await first).toMatchObject({ ok: true, report: { sessions: 4, diverged: 0 } });
    expect(await replays.replay(request)).toMatchObject({ ok: true, report: { sessions: 4 } });
  });
});
