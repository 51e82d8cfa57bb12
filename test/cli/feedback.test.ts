import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient } from "../utils/chat-client.ts";
import { readRepoFile } from "../utils/flows.ts";
import { lines, runCli } from "../utils/run-cli.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

describe("chatflow feedback", () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;

  const rate = async (customerId: string, rating: string, comment: string) => {
    const client = await ChatClient.open(app.wsUrl, { customerId });
    await client.turn();
    for (const text of ["I want to leave a review", rating, comment]) await client.say(text);
    client.close();
  };

  beforeAll(async () => {
    app = await startTestApp();
    await uploadFlow(app.url, JSON.parse(readRepoFile("test/fixtures/coffee.json")));
    await rate("fran", "5", "lovely");
    await rate("gus", "2", "too cold");
  });
  afterAll(() => app.stop());

  it("should print the stored feedback with its sentiment and the summary as JSON", async () => {
    const run = await runCli(["feedback", "--json", "--url", app.url]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      summary: { count: 2, averageRating: 3.5, positive: 1, neutral: 0, negative: 1 },
      feedback: [
        expect.objectContaining({ customerId: "gus", rating: 2, comment: "too cold", sentiment: "NEGATIVE" }),
        expect.objectContaining({ customerId: "fran", rating: 5, comment: "lovely", sentiment: "POSITIVE" }),
      ],
    });
  });

  it("should filter by sentiment and print one line per rating", async () => {
    const run = await runCli(["feedback", "--sentiment", "negative", "--url", app.wsUrl]);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      "2 ratings, average 3.50: 1 positive, 0 neutral, 1 negative",
      expect.stringMatching(/ ★★☆☆☆ 2 {2}negative {2}gus {2}“too cold”$/),
    ]);
  });
});
