import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lines, runCli } from "../utils/run-cli.ts";

describe("chatflow flow (offline)", () => {
  it("should accept a valid flow with flow check", async () => {
    const run = await runCli(["flow", "check", "flows/default.yaml"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('flows/default.yaml: valid, "Assistant" with 29 blocks\n');
  });

  it("should print a bad flow's problems one per line with paths and codes, as an upload would, and exit 1", async () => {
    const run = await runCli(["flow", "check", "test/fixtures/broken-flow.yaml"]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr).filter((line) => !line.startsWith("warning:"))).toEqual([
      expect.stringMatching(/^\/blocks\/0\/next {2}UNKNOWN_TARGET {2}Block "hello": "next" names "nowhere"/),
      expect.stringMatching(/^\/blocks\/1\/id {2}DUPLICATE_ID {2}/),
      expect.stringMatching(/^\/blocks\/2\/type {2}UNKNOWN_BLOCK_TYPE {2}/),
      "chatflow: test/fixtures/broken-flow.yaml is invalid: 3 problems",
    ]);
  });

  it("should report a file that is not JSON at all", async () => {
    const dir = await mkdtemp(join(tmpdir(), "chatflow-flow-"));
    await writeFile(join(dir, "oops.json"), "{ not json");
    const run = await runCli(["flow", "check", join(dir, "oops.json")]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)[0]).toMatch(/^\/ {2}INVALID_JSON {2}The flow is not valid JSON/);
  });

  it("should pass flows/default.tests.yaml against flows/default.yaml with the offline ports", async () => {
    const run = await runCli(["flow", "test", "flows/default.yaml", "flows/default.tests.yaml"]);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      ...Array.from({ length: 11 }, (): unknown => expect.stringMatching(/^✓ /)),
      "all 11 conversation tests passed",
    ]);
  });

  it("should show which turn failed and why, and exit 1", async () => {
    const dir = await mkdtemp(join(tmpdir(), "chatflow-flow-"));
    const tests = join(dir, "coffee.tests.yaml");
    await writeFile(
      tests,
      [
        "tests:",
        "  - name: orders a latte",
        "    customer: { name: Ada }",
        "    turns:",
        '      - expect: { bot: ["Hi Ada! Espresso or latte?"], waiting: pick }',
        "      - say: latte",
        '        expect: { bot: ["One latte coming up.", "Enjoy!"], ended: true }',
        "  - name: expects the wrong greeting",
        "    turns:",
        '      - expect: { bot: ["Hello!"] }',
      ].join("\n"),
    );
    const run = await runCli(["flow", "test", "test/fixtures/coffee.json", tests]);
    expect(run.code).toBe(1);
    expect(lines(run.stdout)).toEqual([
      "✓ orders a latte",
      "✗ expects the wrong greeting",
      expect.stringMatching(
        /^ {4}turn 1 \(the greeting\): bot said \["Hi there! Espresso or latte\?"\], expected \["Hello!"\]/,
      ),
    ]);
    expect(lines(run.stderr)).toEqual(["chatflow: 1 of 2 conversation tests failed"]);
  });

  it("should print the flow as a Mermaid flowchart with flow graph", async () => {
    const run = await runCli(["flow", "graph", "test/fixtures/coffee.json"]);
    expect(run.code).toBe(0);
    const graph = lines(run.stdout);
    expect(graph[0]).toBe("flowchart TD");
    expect(graph).toEqual(
      expect.arrayContaining([
        "  start((start)) --> hello",
        '  hello["hello<br/>message"]',
        '  pick(["pick<br/>wait"])',
        "  hello --> pick",
        '  pick -->|"retries exhausted"| bye',
        '  trigger_fb>"trigger fb: feedback, review"]',
        '  trigger_fb -.->|"resume"| askRating',
      ]),
    );
  });
});
