import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpGraphql } from "../utils/graphql-clients.ts";
import { uploadFlow } from "../utils/start-test-app.ts";
import { ADMIN_TOKEN, DELIVERY_LINES, HOURS_LINES, startUnmatchedApp } from "../utils/unmatched-conversations.ts";

let started: Awaited<ReturnType<typeof startUnmatchedApp>>;

beforeAll(async () => {
  started = await startUnmatchedApp();
});
afterAll(() => started.app.stop());

const unmatched = async (query = "", token: string | null = ADMIN_TOKEN) => {
  const response = await fetch(`${started.app.url}/analytics/unmatched${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    status: response.status,
    groupedBy: response.headers.get("chatflow-grouped-by"),
    body: await response.json(),
  };
};

type Group = { examples: string[]; count: number };

describe("GET /analytics/unmatched", () => {
  it("should have sent every line but the rating to noMatch (the flow has no intent for them)", () => {
    const sorry = started.said.filter((texts) => texts.includes("Sorry, I did not get that."));
    expect(sorry).toHaveLength(started.said.length - 1);
  });

  it("should group the questions about opening hours in one group and the delivery ones in another, biggest first", async () => {
    const { status, groupedBy, body } = await unmatched();
    expect(status).toBe(200);
    expect(groupedBy).toBe("similarity");
    const groups = body as Group[];
    expect(groups).toHaveLength(2);
    const [hours, delivery] = groups as [Group, Group];
    // "what time do you open?" was said twice: counted twice, shown once, first.
    expect(hours.count).toBe(6);
    expect(hours.examples[0]).toBe("what time do you open?");
    expect([...hours.examples].sort()).toEqual([...HOURS_LINES].sort());
    expect(delivery.count).toBe(3);
    expect([...delivery.examples].sort()).toEqual([...DELIVERY_LINES].sort());
  });

  it("should answer the same for the version named, and GraphQL unmatchedLines the same groups", async () => {
    const active = await unmatched();
    const named = await unmatched(`?version=${started.version}`);
    expect(named.body).toEqual(active.body);
    const { unmatchedLines } = await httpGraphql(started.app.url, ADMIN_TOKEN).request<{ unmatchedLines: unknown }>(
      `query($version: Int) { unmatchedLines(version: $version) { version groupedBy groups { examples count } } }`,
      { version: started.version },
    );
    expect(unmatchedLines).toEqual({ version: started.version, groupedBy: "similarity", groups: active.body });
  });

  it("should answer no groups for a version nobody talked to", async () => {
    const newer = await uploadFlow(started.app.url, started.flow, ADMIN_TOKEN);
    expect((await unmatched(`?version=${newer}`)).body).toEqual([]);
    expect((await unmatched()).body).toEqual([]);
  });

  it("should answer 404 for a version that does not exist and 400 for one that is not a whole number", async () => {
    const missing = await unmatched("?version=999");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: "NOT_FOUND", message: "flow version 999 does not exist" });
    for (const query of ["?version=abc", "?version=0", "?version=1.5"]) {
      const bad = await unmatched(query);
      expect(bad.status, query).toBe(400);
      expect(bad.body, query).toMatchObject({ error: "BAD_REQUEST" });
      expect(String((bad.body as { message: string }).message), query).toContain("version");
    }
  });

  it("should answer 401 without the admin token", async () => {
    const { status, body } = await unmatched("", null);
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: "UNAUTHORIZED" });
  });
});
