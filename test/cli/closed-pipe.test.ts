import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient } from "../utils/chat-client.ts";
import { cliEnv, REPO_ROOT } from "../utils/run-cli.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

// Each command's output here is far larger than a pipe holds (64 KiB) plus what one read takes,
// so the CLI is certainly still writing when the reader goes away, as with `… | head -1`.
const LONG_TEXT = "x".repeat(10_000);

/** A flow whose greeting is 40 long messages: ~400 KB of config and of history. */
const longFlow = {
  schemaVersion: 1,
  name: "Long",
  start: "m0",
  blocks: [
    ...Array.from({ length: 40 }, (_, i) => ({
      id: `m${i}`,
      type: "message",
      text: `${i} ${LONG_TEXT}`,
      next: i < 39 ? `m${i + 1}` : "bye",
    })),
    { id: "bye", type: "end", text: "bye" },
  ],
};

/** Runs `npx chatflow …` (the launcher) with stdout a pipe that is closed after the first chunk. */
function runIntoClosedPipe(args: string[]): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, ["cli/chatflow.mjs", ...args], {
    cwd: REPO_ROOT,
    env: cliEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let firstChunk = "";
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  child.stdout.once("data", (chunk) => {
    firstChunk = String(chunk);
    child.stdout.destroy(); // the reader is gone, like `head -1` after its line
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (firstChunk === "") reject(new Error(`no output at all; stderr: ${stderr}`));
      else resolve({ code, signal, stderr });
    });
  });
}

// A busy machine starts a CLI process in seconds; each case starts one.
describe("the CLI with its output piped into a reader that stops early", { timeout: 60_000 }, () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;

  beforeAll(async () => {
    app = await startTestApp();
    await uploadFlow(app.url, longFlow);
    const client = await ChatClient.open(app.wsUrl, { customerId: "alice" });
    await client.turn();
    client.close();
  }, 120_000);
  afterAll(() => app.stop());

  it("should end quietly with exit 0 for history", async () => {
    const run = await runIntoClosedPipe(["history", "alice", "--url", app.url, "--page-size", "5"]);
    expect(run).toEqual({ code: 0, signal: null, stderr: "" });
  });

  it("should end quietly with exit 0 for history --json", async () => {
    const run = await runIntoClosedPipe(["history", "alice", "--json", "--url", app.url]);
    expect(run).toEqual({ code: 0, signal: null, stderr: "" });
  });

  it("should end quietly with exit 0 for config get", async () => {
    const run = await runIntoClosedPipe(["config", "get", "--yaml", "--url", app.url]);
    expect(run).toEqual({ code: 0, signal: null, stderr: expect.stringMatching(/^version \d+ of \S+\n$/) });
  });

  it("should end quietly with exit 0 for flow graph, which needs no server", async () => {
    const dir = await mkdtemp(join(tmpdir(), "chatflow-pipe-"));
    const file = join(dir, "wide.json");
    // The graph's labels are shortened, so its size comes from the number of blocks and their ids.
    const id = (i: number) => `block-${i}-${"b".repeat(100)}`;
    const blocks = Array.from({ length: 1000 }, (_, i) => ({
      id: id(i),
      type: "message",
      text: `step ${i}`,
      next: i < 999 ? id(i + 1) : "bye",
    }));
    await writeFile(
      file,
      JSON.stringify({ ...longFlow, start: id(0), blocks: [...blocks, { id: "bye", type: "end" }] }),
    );
    const run = await runIntoClosedPipe(["flow", "graph", file]);
    expect(run).toEqual({ code: 0, signal: null, stderr: "" });
  });
});
