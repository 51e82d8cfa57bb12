// The bench measures the server as `npm start` and the Docker image run it, and `npm run eval`
// times the classifiers as the server runs them: the V8 flags that hold its memory down
// (README, "Memory flags") must be the same in all four places.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "../../bench/servers/start-chatflow.ts";

const root = path.join(import.meta.dirname, "../..");
const v8Flags = (args: string[]) => args.filter((arg) => arg.startsWith("--") && !arg.startsWith("--disable-warning"));

describe("the server's start flags", () => {
  it("should be the same in npm start, npm run start:lean (plus its own), npm run eval, the Dockerfile and the bench", () => {
    const scripts = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts as Record<string, string>;
    const afterNode = (script: string) => script.slice(script.indexOf(" node ") + 6).split(/\s+/);
    expect(v8Flags(afterNode(scripts.start!))).toEqual(SERVER_NODE_FLAGS);
    expect(v8Flags(afterNode(scripts["start:lean"]!))).toEqual([...SERVER_NODE_FLAGS, "--memory-saver-mode"]);
    // `--liftoff-only` runs the encoder's WebAssembly ~1.5× slower: per-line times without it are not a server's.
    expect(scripts.eval?.startsWith("node ")).toBe(true);
    expect(v8Flags(scripts.eval!.split(/\s+/).slice(1))).toEqual(SERVER_NODE_FLAGS);
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(path.join(root, "Dockerfile"), "utf8"));
    expect(cmd).not.toBeNull();
    expect(v8Flags(JSON.parse(cmd![1]!) as string[])).toEqual(SERVER_NODE_FLAGS);
    expect(SERVER_NODE_FLAGS).toContain("--heap-growing-percent=50");
  });
});
