import fs from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { amplifyingFlowYaml } from "../utils/amplifying-yaml.ts";
import { botTexts, ChatClient } from "../utils/chat-client.ts";
import { FuzzTally } from "../utils/hardening-counts.ts";
import { spawnServer, type SpawnedServer } from "../utils/spawn-server.ts";
import { uploadFlow } from "../utils/start-test-app.ts";

// The server runs in its own process: on a backtracking engine the hostile message blocks that
// process for hours, and this test, left free, fails at its time-out instead of hanging with it.
let server: SpawnedServer;

/** `^(a+)+$`: exponential for a backtracking engine on a run of a's that does not match. */
const backtracking = {
  schemaVersion: 1,
  name: "Backtracking",
  start: "ask",
  blocks: [
    { id: "ask", type: "wait", saveAs: "reply", next: "check" },
    {
      id: "check",
      type: "condition",
      branches: [{ if: { var: "reply", op: "matches", value: "^(a+)+$" }, next: "yes" }],
      else: "no",
    },
    { id: "yes", type: "message", text: "only a's", next: "ask" },
    { id: "no", type: "message", text: "something else", next: "ask" },
  ],
};

const CATEGORIES: Record<string, string> = {
  "a flow's regular expressions against hostile customers": "security/regex",
  "YAML alias amplification": "security/yaml-amplification",
};
const tally = new FuzzTally();

beforeAll(async () => {
  server = await spawnServer({ DATABASE_URL: "memory:" });
  await uploadFlow(server.url, backtracking);
  tally.listen();
});
afterAll(async () => {
  tally.write();
  await server.ensureStopped();
});
afterEach(async (context) => {
  const category = CATEGORIES[context.task.suite?.name ?? ""];
  if (category === undefined) return;
  const alive = await health().then(
    (status) => status === 200 || status === 503,
    () => false,
  );
  tally.during(category);
  tally.tried(category, !alive);
});

const health = async () => (await fetch(`${server.url}/healthz`)).status;

async function customer(name: string): Promise<ChatClient> {
  const client = await ChatClient.open(server.wsUrl, { name });
  await client.turn(); // the session frame, then waiting at `ask`
  return client;
}

async function postConfig(body: string, type: string) {
  const response = await fetch(`${server.url}/config`, { method: "POST", headers: { "content-type": type }, body });
  return { status: response.status, json: (await response.json()) as { error?: string; errors?: unknown[] } };
}

/** The server's resident memory, from the kernel's own accounting. */
function residentBytes(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(line?.[1] ?? Number.NaN) * 1024;
}

describe("a flow's regular expressions against hostile customers", () => {
  it("should answer customer B and /healthz while customer A's message meets a backtracking pattern", async () => {
    const [alice, bob] = await Promise.all([customer("Alice"), customer("Bob")]);
    alice.socket.send(JSON.stringify({ type: "message", text: `${"a".repeat(40)}!` }));
    const bobTurn = bob.say("hello");
    const healthz = health();
    expect(botTexts(await bobTurn)).toEqual(["something else"]);
    expect([200, 503]).toContain(await healthz);
    expect(botTexts(await alice.turn())).toEqual(["something else"]);
    // The pattern still means what it says.
    expect(botTexts(await alice.say("aaaa"))).toEqual(["only a's"]);
    alice.close();
    bob.close();
  });

  it("should refuse at upload a pattern the linear-time engine cannot run, with the pattern's path", async () => {
    const flow = structuredClone(backtracking);
    flow.blocks[1]!.branches![0]!.if.value = String.raw`^(\w+)\s\1$`;
    const { status, json } = await postConfig(JSON.stringify(flow), "application/json");
    expect(status).toBe(400);
    expect(json.error).toBe("INVALID_FLOW");
    expect(json.errors).toEqual([
      { path: "/blocks/1/branches/0/if/value", code: "UNSUPPORTED_REGEX", message: expect.stringMatching(/RE2/) },
    ]);
  });
});

describe("YAML alias amplification", () => {
  it("should refuse a 1 MB YAML upload that aliases would make 100 MB, before expanding it", async () => {
    const before = residentBytes(server.pid);
    const { status, json } = await postConfig(amplifyingFlowYaml(1_000_000), "application/yaml");
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: "INVALID_FLOW", errors: [{ path: "", code: "FLOW_TOO_LARGE" }] });
    // Nothing was stored: the active flow is still the one before.
    const active = (await (await fetch(`${server.url}/config`)).json()) as { name?: string };
    expect(active.name).toBe("Backtracking");
    // Expanded, it held 100 MB of text several times over (the finding: 0.65 → 1.99 GB).
    expect(residentBytes(server.pid) - before).toBeLessThan(300 * 1024 * 1024);
  });
});
