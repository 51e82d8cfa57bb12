import { describe, expect, it } from "vitest";
import { flowToMermaid } from "../../cli/flow/flow-to-mermaid.ts";
import { buildFlow, loadFlow, readRepoFile } from "../utils/flows.ts";

describe("flowToMermaid", () => {
  it("should draw an edge for every intent, no match and error, merging parallel ones", () => {
    const flow = buildFlow([
      { id: "ask", type: "wait", next: "route" },
      {
        id: "route",
        type: "intent",
        intents: [{ id: "hi", description: "Say hello", next: "hello" }],
        noMatch: "sorry",
      },
      { id: "hello", type: "message", text: "Hello!", next: "ask" },
      { id: "sorry", type: "message", text: "Sorry?", next: "ask" },
    ]);
    const graph = flowToMermaid(flow);
    expect(graph).toContain('  route -->|"hi"| hello\n');
    // Without onError, a classifier failure takes the noMatch path: one arrow, both labels.
    expect(graph).toContain('  route -->|"no match / error"| sorry\n');
  });

  it("should draw an http block with its next and its error path", () => {
    const flow = buildFlow([
      { id: "ask", type: "wait", next: "order" },
      { id: "order", type: "http", url: "https://shop.example.com/o", next: "ask", onError: "sorry" },
      { id: "sorry", type: "message", text: "Sorry?", next: "ask" },
    ]);
    const graph = flowToMermaid(flow);
    expect(graph).toContain('order[/"order<br/>http"\\]');
    expect(graph).toContain("  order --> ask\n");
    expect(graph).toContain('  order -->|"error"| sorry\n');
  });

  it("should label condition branches and escape what would end a label", () => {
    const flow = buildFlow([
      { id: "ask", type: "wait", saveAs: "x", next: "check" },
      {
        id: "check",
        type: "condition",
        branches: [{ if: { var: "x", op: "matches", value: '/a|"b"/' }, next: "yes" }],
        else: "ask",
      },
      { id: "yes", type: "end" },
    ]);
    const graph = flowToMermaid(flow);
    expect(graph).toContain('  check -->|"x matches /a#124;#34;b#34;/"| yes\n');
    expect(graph).toContain('  check -->|"else"| ask\n');
  });

  it("should give blocks whose ids Mermaid cannot read a node id of their own", () => {
    const flow = buildFlow([
      { id: "say-hi", type: "message", text: "Hi", next: "end" },
      { id: "end", type: "end" },
    ]);
    const graph = flowToMermaid(flow);
    expect(graph).toContain('  block_0["say-hi<br/>message"]\n');
    expect(graph).toContain('  block_1(("end<br/>end"))\n');
    expect(graph).toContain("  block_0 --> block_1\n");
    expect(graph).toContain("  start((start)) --> block_0\n");
  });

  it("should draw every block of the default flow, with triggers dashed", () => {
    const flow = loadFlow("flows/default.yaml");
    const graph = flowToMermaid(flow);
    for (const block of flow.blocks) expect(graph).toContain(`${block.id}<br/>${block.type}`);
    expect(graph).toContain('  trigger_feedback -.->|"resume"| askRating\n');
  });

  it("should match the picture of the default flow in the README", () => {
    const readme = readRepoFile("README.md");
    const section = readme.slice(readme.indexOf("## The default flow"));
    const picture = /```mermaid\n([\s\S]*?)```/.exec(section)?.[1];
    expect(picture, "README: regenerate with npx chatflow flow graph flows/default.yaml").toBe(
      flowToMermaid(loadFlow("flows/default.yaml")),
    );
  });
});
