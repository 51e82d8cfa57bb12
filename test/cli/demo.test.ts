import { describe, expect, it } from "vitest";
import { lines, runCommand } from "../utils/run-cli.ts";

describe("npm run demo", () => {
  it("should start a server, play the scripted conversation, show feedback and history, and stop", async () => {
    const run = await runCommand("npm", ["run", "demo", "--silent"]);
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out[0]).toMatch(/^chatflow demo against http:\/\/127\.0\.0\.1:\d+ \(started for this demo/);
    expect(out).toEqual(
      expect.arrayContaining([
        "you › what's the weather like tomorrow?",
        "you › I want to leave a review",
        "bot › Please rate your experience from 1-5",
        "you › 6",
        "bot › Please answer with a whole number from 1 to 5.",
        "you › 5",
        expect.stringMatching(/ ★★★★★ 5 {2}positive {2}demo-\w+ {2}“The weather tips were spot on, thanks!”$/),
        "✓ demo finished; stopping the server it started",
      ]),
    );
    const history = out.slice(out.findIndex((line) => line.startsWith("▸ The history")) + 2, -1);
    expect(history).toHaveLength(11);
  });
});
