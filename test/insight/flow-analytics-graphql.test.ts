import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpGraphql } from "../utils/graphql-clients.ts";
import { ADMIN_TOKEN, DAY_TWO, EXPECTED_REPORT, startInsightApp } from "../utils/insight-conversations.ts";

let app: Awaited<ReturnType<typeof startInsightApp>>["app"];
let version: number;

beforeAll(async () => {
  ({ app, version } = await startInsightApp());
});
afterAll(() => app.stop());

const QUERY = `query($version: Int, $from: String, $to: String) {
  flowAnalytics(version: $version, from: $from, to: $to) {
    version conversations ended handoffs noMatchRate
    feedback { count averageRating positive neutral negative }
    blocks { blockId entered leftTheConversation }
  }
}`;

const errorCode = (error: unknown) =>
  (error as { response: { errors: { extensions: { code: string } }[] } }).response.errors[0]?.extensions.code;

describe("flowAnalytics", () => {
  it("should answer what GET /analytics answers, for the active version by default", async () => {
    const { flowAnalytics } = await httpGraphql(app.url, ADMIN_TOKEN).request<{ flowAnalytics: unknown }>(QUERY);
    expect(flowAnalytics).toEqual({ ...EXPECTED_REPORT, version });
    const rest = await fetch(`${app.url}/analytics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await rest.json()).toEqual(flowAnalytics);
  });

  it("should take the version and the window as arguments", async () => {
    const { flowAnalytics } = await httpGraphql(app.url, ADMIN_TOKEN).request<{ flowAnalytics: unknown }>(QUERY, {
      version,
      from: DAY_TWO.toISOString(),
    });
    expect(flowAnalytics).toMatchObject({ version, conversations: 2, ended: 1, handoffs: 1 });
  });

  it("should refuse bad arguments, unknown versions and callers without ADMIN_TOKEN with stable codes", async () => {
    const admin = httpGraphql(app.url, ADMIN_TOKEN);
    await expect(admin.request(QUERY, { from: "last week" })).rejects.toSatisfy((e) => errorCode(e) === "BAD_REQUEST");
    await expect(admin.request(QUERY, { version: 999 })).rejects.toSatisfy((e) => errorCode(e) === "NOT_FOUND");
    await expect(httpGraphql(app.url).request(QUERY)).rejects.toSatisfy((e) => errorCode(e) === "UNAUTHORIZED");
  });
});
