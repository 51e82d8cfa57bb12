import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadFlow } from "../utils/start-test-app.ts";
import {
  ADMIN_TOKEN,
  DAY_TWO,
  EXPECTED_BLOCKS,
  EXPECTED_REPORT,
  startInsightApp,
} from "../utils/insight-conversations.ts";

let app: Awaited<ReturnType<typeof startInsightApp>>["app"];
let version: number;
let flow: unknown;

beforeAll(async () => {
  ({ app, version, flow } = await startInsightApp());
});
afterAll(() => app.stop());

const analytics = async (query = "", token: string | null = ADMIN_TOKEN) => {
  const response = await fetch(`${app.url}/analytics${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("GET /analytics", () => {
  it("should count the active version's real conversations, every block in flow order", async () => {
    const { status, body } = await analytics();
    expect(status).toBe(200);
    expect(body).toEqual({ ...EXPECTED_REPORT, version });
  });

  it("should add up per block: entered = left the conversation + went on, and the leavers are the sessions not ended", async () => {
    const { body } = await analytics();
    const blocks = body["blocks"] as typeof EXPECTED_BLOCKS;
    for (const block of blocks) expect(block.leftTheConversation).toBeLessThanOrEqual(block.entered);
    const left = blocks.reduce((sum, block) => sum + block.leftTheConversation, 0);
    expect(left).toBe(Number(body["conversations"]) - Number(body["ended"]));
  });

  it("should count only the sessions created in [from, to)", async () => {
    const dayOne = await analytics(`?version=${version}&to=${DAY_TWO.toISOString()}`);
    expect(dayOne.body).toMatchObject({ conversations: 3, ended: 1, handoffs: 0, noMatchRate: 0.5 });
    expect(dayOne.body["feedback"]).toEqual({ count: 1, averageRating: 5, positive: 1, neutral: 0, negative: 0 });
    const dayTwo = await analytics(`?version=${version}&from=${DAY_TWO.toISOString()}`);
    expect(dayTwo.body).toMatchObject({ conversations: 2, ended: 1, handoffs: 1 });
    expect(dayTwo.body["blocks"]).toContainEqual({ blockId: "toHuman", entered: 1, leftTheConversation: 1 });
    const after = await analytics(`?from=2026-01-03`);
    expect(after.body).toMatchObject({ conversations: 0 });
  });

  it("should answer a version nobody talked to with zeros for every block, and the named version when asked", async () => {
    const newer = await uploadFlow(app.url, flow, ADMIN_TOKEN);
    const empty = await analytics();
    expect(empty.body).toEqual({
      version: newer,
      conversations: 0,
      ended: 0,
      handoffs: 0,
      noMatchRate: 0,
      feedback: { count: 0, averageRating: null, positive: 0, neutral: 0, negative: 0 },
      blocks: EXPECTED_BLOCKS.map(({ blockId }) => ({ blockId, entered: 0, leftTheConversation: 0 })),
    });
    expect((await analytics(`?version=${version}`)).body).toEqual({ ...EXPECTED_REPORT, version });
  });

  it("should answer 404 for a version that does not exist", async () => {
    const { status, body } = await analytics("?version=999");
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: "NOT_FOUND" });
  });

  it("should answer 400 with the field at fault for bad parameters", async () => {
    for (const [query, field] of [
      ["?version=abc", "version"],
      ["?version=0", "version"],
      ["?from=yesterday", "from"],
      ["?to=2026-13-45", "to"],
      ["?to=2026-01-02T09:00", "to"],
      ["?from=2026-02-01&to=2026-01-01", "from"],
    ] as const) {
      const { status, body } = await analytics(query);
      expect(status, query).toBe(400);
      expect(body["error"], query).toBe("BAD_REQUEST");
      expect(String(body["message"]), query).toContain(field);
    }
  });

  it("should answer 401 without the admin token", async () => {
    const { status, body } = await analytics("", null);
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: "UNAUTHORIZED" });
  });
});

describe("GET /analytics/unmatched without the offline model", () => {
  it("should group the lines by normalised text and say so", async () => {
    const response = await fetch(`${app.url}/analytics/unmatched?version=${version}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("chatflow-grouped-by")).toBe("text");
    // Bo and Ed both said it; the fake ports match nothing else that went to noMatch.
    expect(await response.json()).toEqual([{ examples: ["banana bread"], count: 2 }]);
  });
});
