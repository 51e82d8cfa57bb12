// Worker-thread entry: owns the embedded PGlite database, so its WebAssembly Postgres and the
// driver adapter's encoding run beside the event loop instead of on it. The main thread talks
// to it through worker-adapter.ts, one request per adapter call.
import { parentPort } from "node:worker_threads";
import type { PGlite } from "@electric-sql/pglite";
import type { SqlDriverAdapter, Transaction } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { runForgettingArgs } from "../forget-query-args.ts";
import { createPglite } from "./create-pglite.ts";
import { scheduleMaintenance } from "./maintenance.ts";
import type { SerializedError, WorkerAnswer, WorkerMessage, WorkerNotice, WorkerRequest } from "./protocol.ts";
import { serveWire, type WireServer } from "./wire-server.ts";

if (parentPort === null) throw new Error("pglite-worker/worker.ts must run in a worker thread");
const port = parentPort;

let pglite: PGlite | undefined;
let adapter: SqlDriverAdapter | undefined;
const wireServers = new Map<number, WireServer>();
let nextWireServer = 1;
let maintenance: { stop(): Promise<void> } | undefined;
const transactions = new Map<number, Transaction>();
let nextTransaction = 1;

function opened(): SqlDriverAdapter {
  if (!adapter) throw new Error("the embedded database is not open");
  return adapter;
}

function queryable(tx: number | undefined) {
  if (tx === undefined) return opened();
  const transaction = transactions.get(tx);
  if (!transaction) throw new Error(`no open transaction ${tx}`);
  return transaction;
}

function finish(tx: number): Transaction {
  const transaction = queryable(tx) as Transaction;
  transactions.delete(tx);
  return transaction;
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case "open":
      pglite = await createPglite(request.dataDir, request.sharedBuffers);
      adapter = await new PrismaPGlite(pglite).connect();
      maintenance = scheduleMaintenance(pglite, request.maintenance, (outcome) => {
        const report = "error" in outcome ? { error: String(outcome.error) } : outcome;
        port.postMessage({ notice: "upkeep", report } satisfies WorkerNotice);
      });
      return null;
    // The adapter's log would keep each query's parameters (forget-query-args.ts).
    case "query":
      return runForgettingArgs(request.query, (query) => queryable(request.tx).queryRaw(query));
    case "execute":
      return runForgettingArgs(request.query, (query) => queryable(request.tx).executeRaw(query));
    case "script":
      await opened().executeScript(request.script);
      return null;
    case "begin": {
      const id = nextTransaction++;
      transactions.set(id, await opened().startTransaction(request.isolationLevel));
      return id;
    }
    case "commit":
      await finish(request.tx).commit();
      return null;
    case "rollback":
      await finish(request.tx).rollback();
      return null;
    case "serveSocket": {
      if (!pglite) throw new Error("the embedded database is not open");
      const server = await serveWire(pglite, request.at);
      const id = nextWireServer++;
      wireServers.set(id, server);
      return { id, address: server.address };
    }
    case "stopSocket":
      await wireServers.get(request.id)?.stop();
      wireServers.delete(request.id);
      return null;
    case "close":
      await maintenance?.stop();
      await Promise.all([...wireServers.values()].map((server) => server.stop()));
      wireServers.clear();
      if (pglite && !pglite.closed) await pglite.close();
      return null;
  }
}

function serialize(error: unknown): SerializedError {
  const { name, message, code, cause } = error as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    cause?: unknown;
  };
  // By name: the adapter may bring its own copy of the class.
  if (name === "DriverAdapterError") return { kind: "driver", cause };
  return {
    kind: "error",
    name: typeof name === "string" ? name : "Error",
    message: typeof message === "string" ? message : String(error),
    code: typeof code === "string" ? code : undefined,
  };
}

port.on("message", ({ id, request }: WorkerMessage) => {
  handle(request).then(
    (value) => port.postMessage({ id, ok: true, value } satisfies WorkerAnswer),
    (error: unknown) => port.postMessage({ id, ok: false, error: serialize(error) } satisfies WorkerAnswer),
  );
});
