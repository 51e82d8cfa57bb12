import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory, SqlQueryable } from "@prisma/driver-adapter-utils";
import type { DatabaseTarget } from "../config/database-target.ts";
import type { PrismaClient } from "./generated/client.ts";
import { lockDataDir, SOCKET_FILE, type DataDirLock } from "./data-dir-lock.ts";
import { PgliteWorker } from "./pglite-worker/pglite-worker.ts";
import type { UpkeepReport } from "./pglite-worker/protocol.ts";
import type { WireAddress } from "./pglite-worker/wire-server.ts";

/** An open database: the Prisma client plus what migrations and Studio need. */
export interface Database {
  readonly prisma: PrismaClient;
  /** The driver adapter under Prisma, for the statement of the group commit (see turn-batch-writes.ts). */
  readonly driver: SqlQueryable;
  readonly target: DatabaseTarget;
  /** An adapter factory for the schema engine, and how to release its connections. */
  migrationAdapter(): { factory: SqlMigrationAwareDriverAdapterFactory; release(): Promise<void> };
  /** Serves the embedded engine over the PostgreSQL protocol (for Prisma Studio); `undefined` on PostgreSQL. */
  readonly serveSocket: ((at: WireAddress) => Promise<ServedSocket>) | undefined;
  /** Settles when the database is gone for good (the embedded engine's thread died); never on PostgreSQL. */
  readonly lost: Promise<Error>;
  close(): Promise<void>;
}

/**
 * The pool drops connections that fail and opens new ones on demand, so it recovers by itself
 * once PostgreSQL is back. A connection attempt that gets no answer (a partition, not a refusal)
 * gives up after 5 s, so a turn fails with an error instead of waiting for the network to heal;
 * keep-alive notices idle connections that died silently.
 */
const POOL_OPTIONS = { max: 10, connectionTimeoutMillis: 5000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 };

/**
 * Postgres's default is 128MB, which PGlite zeroes at every start (half a second here) and keeps
 * resident. 16MB holds ~22 MB less than 32MB at idle; against 128MB, 32MB cost the bench ~12 %
 * of its turns/s and 16MB ~20 % (its whole data set fits in 128MB). Pages beyond the pool come
 * from the operating system's file cache. See "Memory" in bench/README.md.
 */
export const DEFAULT_PGLITE_SHARED_BUFFERS = "16MB";

/**
 * The embedded database has one connection, so interactive transactions (a turn retried on its
 * own after its group failed) queue for it. Prisma's defaults, 2 s to start one and 5 s to
 * finish it, are guesses at speed that a busy machine breaks: the second of two retried turns
 * failed there with "Unable to start a transaction in the given time". A dead database thread
 * fails every pending request by itself (pglite-worker.ts), so these only bound a hang.
 */
const PGLITE_TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 60_000 };

/** The embedded database served over the PostgreSQL protocol. */
export interface ServedSocket {
  readonly address: WireAddress;
  stop(): Promise<void>;
}

export interface OpenOptions {
  /** Who opens an embedded data directory, as a second opener is told (`npm start`, …). @default the script's file name */
  opener?: string;
  /** `shared_buffers` of the embedded database (Postgres units: `32MB`, `1GB`). @default DEFAULT_PGLITE_SHARED_BUFFERS */
  pgliteSharedBuffers?: string;
  /** How often the embedded database checks which tables need ANALYZE or VACUUM (see pglite-worker/maintenance.ts). @default 30000 */
  maintenanceIntervalMs?: number;
  /** How long after opening the embedded database its first upkeep round waits (see pglite-worker/maintenance.ts). @default 5000 */
  maintenanceFirstRoundMs?: number;
  /** Told of every upkeep round of the embedded database that did something or failed (the server logs them). */
  onUpkeep?: (report: UpkeepReport) => void;
  /**
   * Told when PostgreSQL drops a pooled connection that was idle (a restart, an administrator,
   * a shutdown racing the database going away). The pool replaces it; nothing was in flight.
   * @default nothing
   */
  onPoolError?: (error: Error) => void;
}

/**
 * Opens the database. Its heavy modules load here, not at import: the embedded database's
 * thread starts first, and they load while it starts PGlite (see start-server.ts).
 */
export function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  return target.kind === "postgres" ? openPostgres(target, options) : openPglite(target, options);
}

async function openPostgres(
  target: Extract<DatabaseTarget, { kind: "postgres" }>,
  options: OpenOptions,
): Promise<Database> {
  const [{ default: pg }, { PrismaPg }, { PrismaClient }] = await Promise.all([
    import("pg"),
    import("@prisma/adapter-pg"),
    import("./generated/client.ts"),
  ]);
  // One pool for Prisma's queries and the group commit's statements.
  const pool = new pg.Pool({ connectionString: target.url, ...POOL_OPTIONS });
  // Prisma's adapter listens to the pool only while it is connected; a pool error with no
  // listener would crash the process, so the pool keeps its own until it has ended.
  const onPoolError = (error: Error) => options.onPoolError?.(error);
  pool.on("error", onPoolError);
  const adapterFactory = new PrismaPg(pool);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  const driver = await adapterFactory.connect();
  // The schema engine locks and unlocks on whatever pooled connection it is handed: one
  // connection, closed afterwards, guarantees its advisory lock dies with it.
  const migrationAdapter = () => {
    const pool = new pg.Pool({ connectionString: target.url, max: 1 });
    pool.on("error", onPoolError);
    return { factory: new PrismaPg(pool), release: () => pool.end() };
  };
  const close = async () => {
    await prisma.$disconnect();
    await driver.dispose();
    await pool.end();
  };
  const never = new Promise<Error>(() => {});
  return { prisma, driver, target, migrationAdapter, serveSocket: undefined, lost: never, close };
}

/**
 * PGlite runs Postgres in WebAssembly, synchronously: on its own thread it does not stall the
 * sockets, and the server gets a second core.
 */
async function openPglite(target: DatabaseTarget, options: OpenOptions): Promise<Database> {
  const dataDir = target.kind === "pglite" ? target.dataDir : undefined;
  // Before anything reads the directory: a second opener is refused having touched nothing.
  const lock = dataDir === undefined ? undefined : await lockDataDir(dataDir, options.opener ?? defaultOpener());
  const worker = new PgliteWorker(options.onUpkeep);
  const opened = worker.request({
    op: "open",
    dataDir,
    sharedBuffers: options.pgliteSharedBuffers ?? DEFAULT_PGLITE_SHARED_BUFFERS,
    maintenance: {
      intervalMs: options.maintenanceIntervalMs ?? 30_000,
      firstRoundAfterMs: options.maintenanceFirstRoundMs ?? 5_000,
    },
  });
  try {
    const [{ PrismaClient }, { WorkerAdapterFactory }] = await Promise.all([
      import("./generated/client.ts"),
      import("./pglite-worker/worker-adapter.ts"),
    ]);
    const adapterFactory = new WorkerAdapterFactory(worker);
    const prisma = new PrismaClient({ adapter: adapterFactory, transactionOptions: PGLITE_TRANSACTION_OPTIONS });
    const serveSocket = async (at: WireAddress): Promise<ServedSocket> => {
      const { id, address } = await worker.request({ op: "serveSocket", at });
      return { address, stop: () => worker.request({ op: "stopSocket", id }).then(() => {}) };
    };
    // Connecting loads Prisma's query compiler (WebAssembly, some 0.3 s of this thread) and
    // sends nothing to the database: it runs while the worker is still starting PGlite.
    await Promise.all([opened.then(() => lock && serveToOthers(dataDir!, lock, serveSocket)), prisma.$connect()]);
    const driver = await adapterFactory.connect();
    const close = async () => {
      await prisma.$disconnect();
      await worker.close();
      lock?.release();
    };
    const migrationAdapter = () => ({ factory: adapterFactory, release: async () => {} });
    return { prisma, driver, target, migrationAdapter, serveSocket, lost: worker.failed, close };
  } catch (error) {
    await worker.close().catch(() => {});
    lock?.release();
    throw error;
  }
}

/**
 * The holder of a data directory serves it on a Unix socket inside it, so that `npm run studio`
 * can go through the holder instead of opening the files. Only who can read the files can
 * connect. A path too long for a Unix socket (over ~100 bytes) is not served.
 */
async function serveToOthers(
  dataDir: string,
  lock: DataDirLock,
  serveSocket: (at: WireAddress) => Promise<ServedSocket>,
): Promise<void> {
  const socketPath = path.resolve(dataDir, SOCKET_FILE);
  if (Buffer.byteLength(socketPath) > 100) return;
  await serveSocket({ path: socketPath });
  lock.setSocket(socketPath);
}

function defaultOpener(): string {
  return process.argv[1] ? path.basename(process.argv[1]) : "node";
}
