import type { IsolationLevel, SqlQuery, SqlResultSet } from "@prisma/driver-adapter-utils";
import type { MaintenanceSchedule, TableUpkeep } from "./maintenance.ts";
import type { WireAddress } from "./wire-server.ts";

/** What the main thread asks the embedded-database worker (see worker.ts). */
export type WorkerRequest =
  | { op: "open"; dataDir: string | undefined; sharedBuffers: string; maintenance: MaintenanceSchedule }
  | { op: "query"; tx: number | undefined; query: SqlQuery }
  | { op: "execute"; tx: number | undefined; query: SqlQuery }
  | { op: "script"; script: string }
  | { op: "begin"; isolationLevel: IsolationLevel | undefined }
  | { op: "commit"; tx: number }
  | { op: "rollback"; tx: number }
  | { op: "serveSocket"; at: WireAddress }
  | { op: "stopSocket"; id: number }
  | { op: "close" };

/** The value each request resolves with. */
export interface WorkerReplies {
  open: null;
  query: SqlResultSet;
  execute: number;
  script: null;
  begin: number;
  commit: null;
  rollback: null;
  serveSocket: { id: number; address: WireAddress };
  stopSocket: null;
  close: null;
}

/**
 * An error crossing the thread boundary. Prisma recognises database errors by the driver
 * adapter's `cause` payload (unique violation, …), so that payload travels as it is.
 */
export type SerializedError =
  { kind: "driver"; cause: unknown } | { kind: "error"; name: string; message: string; code: string | undefined };

export type WorkerMessage = { id: number; request: WorkerRequest };
export type WorkerAnswer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

/** What the thread reports unasked: an upkeep round that did something, or failed. */
export type UpkeepReport = { tables: TableUpkeep[] } | { error: string };
export type WorkerNotice = { notice: "upkeep"; report: UpkeepReport };
