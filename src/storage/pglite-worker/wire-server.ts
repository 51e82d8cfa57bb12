import fs from "node:fs";
import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { AnswerTracker, ClientFrames, simpleQuery, SYNC, TERMINATE } from "./wire-frames.ts";

/** Where the server listens: a loopback TCP port (0: any free one) or a Unix socket path. */
export type WireAddress = { port: number } | { path: string };

export interface WireServerOptions {
  /** How long a client may keep the session waiting mid-exchange or mid-transaction before it is disconnected. @default 5000 */
  idleHoldMs?: number;
}

/** A served database: the TCP port or socket path it listens on, and how to stop. */
export interface WireServer {
  readonly address: { port: number } | { path: string };
  stop(): Promise<void>;
}

/**
 * Serves a PGlite database over the PostgreSQL protocol (Prisma Studio, psql). PGlite is one
 * Postgres session, so clients take turns at it: one client's whole exchange (from its first
 * message to the ReadyForQuery that ends it, or to the end of its transaction block) runs
 * before anyone else's, with the database's own locks held, so the server's own queries wait
 * too. Sending message by message instead, as `@electric-sql/pglite-socket` does, lets a
 * simple query or another client's Parse replace the unnamed statement between a client's
 * Parse and its Bind: `26000 … exec_bind_message`, or another client's rows.
 */
export async function serveWire(db: PGlite, where: WireAddress, options: WireServerOptions = {}): Promise<WireServer> {
  const idleHoldMs = options.idleHoldMs ?? 5000;
  const clients = new Set<WireClient>();
  const waiting: WireClient[] = [];
  let turnTaken = false;

  const takeTurns = () => {
    if (turnTaken) return;
    const client = waiting.shift();
    if (!client) return;
    turnTaken = true;
    void runTurn(db, client, idleHoldMs).finally(() => {
      turnTaken = false;
      if (client.frames.length > 0 && !client.closed) waiting.push(client);
      takeTurns();
    });
  };

  const server = net.createServer((socket) => {
    const client = new WireClient(socket, () => {
      if (!client.inTurn && !waiting.includes(client)) waiting.push(client);
      takeTurns();
    });
    clients.add(client);
    socket.on("close", () => {
      clients.delete(client);
      const index = waiting.indexOf(client);
      if (index >= 0) waiting.splice(index, 1);
    });
  });
  if ("path" in where) fs.rmSync(where.path, { force: true }); // left by a process that was killed
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    if ("path" in where) server.listen(where.path, () => resolve());
    else server.listen(where.port, "127.0.0.1", () => resolve());
  });
  // The database's owner only: a connection can read and write everything.
  if ("path" in where) fs.chmodSync(where.path, 0o600);
  const bound = server.address();
  const address = "path" in where ? { path: where.path } : { port: (bound as net.AddressInfo).port };
  return {
    address,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const client of clients) client.socket.destroy();
      await closed;
      if ("path" in where) fs.rmSync(where.path, { force: true });
    },
  };
}

/** One client connection: the messages it sent that have not run yet. */
class WireClient {
  readonly frames: Uint8Array[] = [];
  readonly #parser = new ClientFrames();
  #wake: (() => void) | undefined;
  closed = false;
  inTurn = false;

  readonly socket: net.Socket;

  constructor(socket: net.Socket, onFrames: () => void) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      try {
        for (const frame of this.#parser.push(chunk)) {
          if (frame.kind === "encryption-request")
            socket.write("N"); // no TLS on loopback
          else if (frame.kind === "cancel")
            socket.destroy(); // a cancel request comes on a connection of its own
          else if (frame.kind === "message" && frame.type === TERMINATE) socket.end();
          else this.frames.push(frame.bytes);
        }
      } catch {
        socket.destroy();
      }
      if (this.frames.length > 0) {
        if (this.inTurn) this.#wake?.();
        else onFrames();
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      this.closed = true;
      this.#wake?.();
    });
  }

  /** Its next message, waiting for it at most `ms`; `undefined` if it left or took too long. */
  async next(ms: number): Promise<Uint8Array | undefined> {
    if (this.frames.length === 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        this.#wake = () => (clearTimeout(timer), resolve());
      });
      this.#wake = undefined;
    }
    return this.closed ? undefined : this.frames.shift();
  }
}

/** Runs a client's messages until its exchange ends with the session idle. */
async function runTurn(db: PGlite, client: WireClient, idleHoldMs: number): Promise<void> {
  client.inTurn = true;
  const answer = new AnswerTracker();
  try {
    await db._runExclusiveTransaction(() =>
      db.runExclusive(async () => {
        for (;;) {
          const frame = await client.next(idleHoldMs);
          if (!frame) return endAbandonedExchange(db, client);
          answer.reset();
          await db.execProtocolRawStream(frame, {
            onRawData: (bytes) => {
              answer.feed(bytes);
              if (client.socket.writable) client.socket.write(Buffer.from(bytes));
            },
          });
          if (answer.endedIdle) return;
        }
      }),
    );
  } catch {
    client.socket.destroy();
  } finally {
    client.inTurn = false;
  }
}

/**
 * The client left (or stalled) mid-exchange or inside a transaction block: finish its exchange
 * and roll its transaction back, so the next client finds the session as a new connection would.
 */
async function endAbandonedExchange(db: PGlite, client: WireClient): Promise<void> {
  client.socket.destroy();
  await db.execProtocolRaw(SYNC, { syncToFs: false });
  if (db.isInTransaction()) await db.execProtocolRaw(simpleQuery("ROLLBACK"));
}
