import fs from "node:fs";
import path from "node:path";
import type { DatabaseSync } from "node:sqlite";

/** The files chatflow keeps in an embedded data directory beside PGlite's own. */
export const LOCK_FILE = "chatflow.lock";
export const HOLDER_FILE = "chatflow-holder.json";
/** The holder serves the database here (PostgreSQL protocol), so others go through it. */
export const SOCKET_FILE = "chatflow.sock";
export const CHATFLOW_FILES: ReadonlySet<string> = new Set([LOCK_FILE, HOLDER_FILE, `${HOLDER_FILE}.tmp`, SOCKET_FILE]);

/** Who holds a data directory, as it wrote in the holder file. */
export interface Holder {
  pid: number;
  /** What the holder is: `npm start`, `npm run studio`, a script's name. */
  opener: string;
  since: string;
  /** The socket (a path) on which the holder serves the database, if it does. */
  socket?: string;
}

/** A second opener of a held data directory: it has touched nothing. */
export class DataDirInUseError extends Error {
  readonly code = "DATA_DIR_IN_USE";
  readonly dataDir: string;
  readonly holder: Holder | undefined;
  constructor(dataDir: string, holder: Holder | undefined) {
    const by = holder ? `process ${holder.pid} (${holder.opener})` : "another process";
    super(`the data directory ${dataDir} is in use by ${by}; one process opens it at a time`);
    this.name = "DataDirInUseError";
    this.dataDir = dataDir;
    this.holder = holder;
  }
}

export interface DataDirLock {
  /** Records where the holder serves the database. */
  setSocket(socket: string | undefined): void;
  /** Gives the directory up (clean shutdown); the operating system does it if the process dies. */
  release(): void;
}

// Held for the life of the process: a lock that the garbage collector closed would be lost.
const held = new Set<DatabaseSync>();

/**
 * Takes the directory's lock or throws `DataDirInUseError`. The lock is the operating system's
 * (SQLite's POSIX advisory lock on `chatflow.lock`): the kernel drops it when its process ends
 * in any way, `kill -9` included, so a restart takes the directory over at once, and there is
 * no window in which two processes can both believe a stale lock is theirs, whatever their PID
 * namespaces (containers sharing a volume). The refused opener only reads.
 */
export async function lockDataDir(dataDir: string, opener: string): Promise<DataDirLock> {
  const { DatabaseSync } = await import("node:sqlite");
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = new DatabaseSync(path.join(dataDir, LOCK_FILE));
  try {
    // No journal: the lock file never holds data, and a journal would be one more file.
    lockFile.exec("PRAGMA journal_mode = OFF; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE");
  } catch (error) {
    lockFile.close();
    if ((error as { errcode?: number }).errcode === 5 /* SQLITE_BUSY */) {
      throw new DataDirInUseError(dataDir, readHolder(dataDir));
    }
    throw error;
  }
  held.add(lockFile);
  const holder: Holder = { pid: process.pid, opener, since: new Date().toISOString() };
  writeHolder(dataDir, holder);
  return {
    setSocket: (socket) => writeHolder(dataDir, { ...holder, ...(socket ? { socket } : {}) }),
    release: () => {
      if (!held.delete(lockFile)) return;
      fs.rmSync(path.join(dataDir, HOLDER_FILE), { force: true });
      // The lock file stays: removing it while another process has it open would give two locks.
      lockFile.close();
    },
  };
}

/** The holder the directory's holder file names, if it is readable. */
export function readHolder(dataDir: string): Holder | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(path.join(dataDir, HOLDER_FILE), "utf8")) as Partial<Holder>;
    if (typeof value.pid !== "number" || typeof value.opener !== "string") return undefined;
    return value as Holder;
  } catch {
    return undefined;
  }
}

function writeHolder(dataDir: string, holder: Holder): void {
  // Renamed into place: a reader never sees half a file.
  const file = path.join(dataDir, HOLDER_FILE);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(holder)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}
