import WebSocket from "ws";
import { BENCH_HOST } from "./ports.ts";

/** What the idle phase asks a server started with `--inspect`: collect garbage, report memory. */
export interface InspectorProbe {
  /** A full garbage collection, so RSS readings before and after compare live memory. */
  collectGarbage(): Promise<void>;
  /** `process.memoryUsage()` inside the server. */
  memoryUsage(): Promise<NodeJS.MemoryUsage>;
  close(): void;
}

/**
 * Connects to a Node inspector on 127.0.0.1. Without a forced GC, RSS before and after opening
 * thousands of connections differs by whatever garbage happens to be uncollected at each moment:
 * runs of the same code gave 6 to 95 KB per connection.
 */
export async function connectInspector(port: number): Promise<InspectorProbe> {
  const targets = (await (await fetch(`http://${BENCH_HOST}:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector target on port ${port}`);
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  ws.on("message", (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id!);
    if (message.error) waiter.reject(new Error(`inspector: ${message.error.message}`));
    else waiter.resolve(message.result);
  });
  ws.on("close", () => {
    for (const waiter of pending.values())
      waiter.reject(new Error("inspector: the connection closed (did the server exit?)"));
    pending.clear();
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`inspector: ${method} timed out`)), 30_000);
      pending.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    collectGarbage: async () => {
      await call("HeapProfiler.collectGarbage");
    },
    memoryUsage: async () => {
      const result = (await call("Runtime.evaluate", {
        expression: "JSON.stringify(process.memoryUsage())",
        returnByValue: true,
      })) as { result: { value: string } };
      return JSON.parse(result.result.value) as NodeJS.MemoryUsage;
    },
    close: () => ws.close(),
  };
}
